"""/data/: the published windows as CSV and JSON, their catalogue metadata, and the page that
documents them (also in English at /en/data/). The HSDS API is in hsds_views.

Every file is a @public_page with cors=True: ETag and Last-Modified from the data version,
304s, Cache-Control, the per-version page cache (one entry per query, its names and values
sorted: pagecache.query), and CORS headers on every answer, errors included (see
pagecache.middleware).
"""

import csv
import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from municipalities.models import Municipality
from pagecache.decorators import ALL_PARAMETERS, calendar_day, public_page

from ..filters import choice_parameters
from ..models import ConsultationWindow
from ..spreadsheet import neutralise
from . import catalogue, opendata
from .data_query import SEARCH_FILTERS, BadRequest, check_names, matching_windows
from .hsds import MAX_PER_PAGE

LICENSE_LINK = f'<{opendata.LICENSE_URL}>; rel="license"'
# What ends a <script> data block early, written as JSON escapes instead.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def data_changed_us(request):
    """When the data last changed: the data version's timestamp (set by the page middleware)."""
    return (getattr(request, "data_version", None) or (0, 0))[1]


def json_response(document, status=200, content_type="application/json", links=()):
    body = json.dumps(document, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type=content_type, status=status)
    response["Link"] = ", ".join([LICENSE_LINK, *links])
    return response


def problem(status, title, errors=None, detail=None):
    """An RFC 9457 problem document; `errors` names each parameter that could not be used."""
    document = {"type": "about:blank", "title": title, "status": status}
    if detail:
        document["detail"] = detail
    if errors:
        document["detail"] = " ".join(f"{name}: {message}" for name, message in errors.items())
        document["errors"] = [
            {"parameter": name, "detail": message} for name, message in errors.items()
        ]
    return json_response(document, status=status, content_type="application/problem+json")


def bad_request(error):
    return problem(400, "パラメータを読み取れませんでした。", errors=error.errors)


def not_found(detail):
    return problem(404, "見つかりません。", detail=detail)


def filtered_windows(request):
    """The published windows a search with these parameters lists, in the same order (all)."""
    check_names(request.GET, SEARCH_FILTERS)
    return matching_windows(request.GET, ConsultationWindow.objects.for_listing())


def json_ld(document):
    """JSON for a <script type="application/ld+json"> data block: <, > and & escaped."""
    return mark_safe(json.dumps(document, ensure_ascii=False).translate(SCRIPT_ESCAPES))


@public_page
def index(request):
    changed_us = data_changed_us(request)
    return render(
        request,
        "consultations/data.html",
        {
            "standard_columns": opendata.STANDARD_COLUMNS,
            "extension_columns": opendata.EXTENSION_COLUMNS,
            "max_per_page": MAX_PER_PAGE,
            "count": ConsultationWindow.objects.published().count(),
            "municipalities": Municipality.objects.values_list("code", "name", "name_en"),
            "filter_values": choice_parameters(),
            "license": opendata.LICENSE,
            # The deed in the reader's language; the files give the canonical URI.
            "license_link": opendata.LICENSE_DEED_JA
            if get_language() == "ja"
            else opendata.LICENSE_URL,
            "attribution": opendata.ATTRIBUTION,
            "data_modified_at": opendata.modified_at(changed_us),
            "dataset": json_ld(catalogue.schema_org_dataset(changed_us)),
        },
    )


# The files carry the counsellors' message cards, which expire with the date: cached per day too.
# The files refuse what they do not take (filtered_windows): they see every parameter.
@public_page(cors=True, key=calendar_day, query=ALL_PARAMETERS)
def windows_csv(request):
    try:
        windows = filtered_windows(request)
    except BadRequest as error:
        return bad_request(error)
    # UTF-8 with a BOM: Excel reads a BOM-less CSV as Shift_JIS and shows mojibake.
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{opendata.FILENAME}.csv"'
    response["Link"] = f'{LICENSE_LINK}, <datapackage.json>; rel="describedby"'
    response.write("\ufeff")
    writer = csv.writer(response, lineterminator="\r\n")
    writer.writerow(column.name for column in opendata.COLUMNS)
    for window in windows:
        writer.writerow(
            neutralise(opendata.csv_cell(value)) for value in opendata.row(window).values()
        )
    return response


@public_page(cors=True, key=calendar_day, query=ALL_PARAMETERS)
def windows_json(request):
    try:
        windows = filtered_windows(request)
    except BadRequest as error:
        return bad_request(error)
    rows = [opendata.row(window) for window in windows]
    document = {
        "license": opendata.LICENSE,
        "license_url": opendata.LICENSE_URL,
        "attribution": opendata.ATTRIBUTION,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "data_modified_at": opendata.modified_at(data_changed_us(request)),
        "columns": {column.name: str(column.description) for column in opendata.COLUMNS},
        "count": len(rows),
        "windows": rows,
    }
    return json_response(document, links=['<datapackage.json>; rel="describedby"'])


@public_page(cors=True, query=ALL_PARAMETERS)
def datapackage(request):
    try:
        check_names(request.GET, ())
    except BadRequest as error:
        return bad_request(error)
    return json_response(catalogue.data_package(data_changed_us(request)))


@public_page(cors=True, query=ALL_PARAMETERS)
def dcat(request):
    try:
        check_names(request.GET, ())
    except BadRequest as error:
        return bad_request(error)
    return json_response(
        catalogue.dcat_dataset(data_changed_us(request)), content_type="application/ld+json"
    )
