"""The catalogue metadata that describes the open data: a Frictionless Data Package, a schema.org
Dataset for the /data/ page and a DCAT-AP style record, all from opendata's columns and titles.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from . import opendata


def table_schema():
    return {
        "fields": [column.table_schema_field for column in opendata.COLUMNS],
        "primaryKey": ["ID"],
        "missingValues": [""],
    }


def data_package(changed_us):
    """/data/datapackage.json: the CSV as a Frictionless Tabular Data Package."""
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "profile": "tabular-data-package",
            "name": opendata.FILENAME,
            "title": opendata.TITLE,
            "description": opendata.DESCRIPTION,
            "homepage": opendata.absolute(reverse("data-page")),
            "keywords": opendata.KEYWORDS,
            "created": opendata.modified_at(changed_us),
            "licenses": [
                {
                    "name": opendata.LICENSE_ID,
                    "path": opendata.LICENSE_URL,
                    "title": "Creative Commons Attribution 4.0",
                }
            ],
            "sources": [{"title": opendata.ATTRIBUTION}],
            "resources": [
                {
                    "name": "windows",
                    "path": "windows.csv",
                    "profile": "tabular-data-resource",
                    "title": opendata.TITLE,
                    "format": "csv",
                    "mediatype": "text/csv",
                    # A BOM, so that Excel reads it as UTF-8.
                    "encoding": "utf-8-sig",
                    "schema": table_schema(),
                }
            ],
        }


def distributions():
    """(name, path, media type, description) of each file a catalogue should list."""
    return [
        ("CSV", reverse("data:windows-csv"), "text/csv", "1行に1つの窓口（UTF-8、BOM付き）。"),
        (
            "JSON",
            reverse("data:windows-json"),
            "application/json",
            "CSV と同じ列を、値の型を保って。",
        ),
        (
            "Data Package",
            reverse("data:datapackage"),
            "application/json",
            "CSV の列の型と説明（Frictionless Data Package）。",
        ),
        (
            "HSDS 3.0 API",
            reverse("data:hsds-root"),
            "application/json",
            "Open Referral HSDS 3.0 の API。",
        ),
    ]


def schema_org_dataset(changed_us):
    """The schema.org Dataset the /data/ page embeds, for dataset search engines."""
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": opendata.TITLE,
            "description": opendata.DESCRIPTION,
            "url": opendata.absolute(reverse("data-page")),
            "inLanguage": "ja",
            "keywords": opendata.KEYWORDS,
            "license": opendata.LICENSE_URL,
            "isAccessibleForFree": True,
            "dateModified": opendata.modified_at(changed_us),
            "spatialCoverage": {"@type": "Place", "name": opendata.PREFECTURE},
            "creator": {"@type": "Organization", "name": "東京都 ひきこもり相談窓口ガイド"},
            "citation": opendata.ATTRIBUTION,
            "distribution": [
                {
                    "@type": "DataDownload",
                    "name": name,
                    "encodingFormat": media_type,
                    "contentUrl": opendata.absolute(path),
                }
                for name, path, media_type, _description in distributions()
            ],
        }


def dcat_dataset(changed_us):
    """/data/dcat.jsonld: the same facts as a DCAT-AP style catalogue record (JSON-LD)."""
    page = opendata.absolute(reverse("data-page"))
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "@context": {
                "dcat": "http://www.w3.org/ns/dcat#",
                "dct": "http://purl.org/dc/terms/",
                "foaf": "http://xmlns.com/foaf/0.1/",
                "xsd": "http://www.w3.org/2001/XMLSchema#",
                "dct:modified": {"@type": "xsd:dateTime"},
                "dct:license": {"@type": "@id"},
                "dcat:accessURL": {"@type": "@id"},
                "dcat:downloadURL": {"@type": "@id"},
                "dcat:landingPage": {"@type": "@id"},
                "dct:conformsTo": {"@type": "@id"},
            },
            "@id": page + "#dataset",
            "@type": "dcat:Dataset",
            "dct:title": {"@value": opendata.TITLE, "@language": "ja"},
            "dct:description": {"@value": opendata.DESCRIPTION, "@language": "ja"},
            "dcat:keyword": [{"@value": k, "@language": "ja"} for k in opendata.KEYWORDS],
            "dct:language": {
                "@id": "http://publications.europa.eu/resource/authority/language/JPN"
            },
            "dct:license": opendata.LICENSE_URL,
            "dct:modified": opendata.modified_at(changed_us),
            "dcat:landingPage": page,
            "dct:publisher": {
                "@type": "foaf:Agent",
                "foaf:name": "東京都 ひきこもり相談窓口ガイド",
            },
            "dcat:distribution": [
                {
                    "@type": "dcat:Distribution",
                    "dct:title": name,
                    "dct:description": description,
                    "dcat:accessURL": opendata.absolute(path),
                    "dcat:downloadURL": opendata.absolute(path),
                    "dcat:mediaType": media_type,
                    "dct:license": opendata.LICENSE_URL,
                    "dct:modified": opendata.modified_at(changed_us),
                }
                for name, path, media_type, description in distributions()
            ],
        }
