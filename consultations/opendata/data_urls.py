"""/data/: the files and the HSDS API, one URL each in every language (the page that documents
them is in windows_directory.urls, under /data/ and /en/data/)."""

from django.urls import path

from . import data_views, hsds_views

app_name = "data"

urlpatterns = [
    path("windows.csv", data_views.windows_csv, name="windows-csv"),
    path("windows.json", data_views.windows_json, name="windows-json"),
    path("datapackage.json", data_views.datapackage, name="datapackage"),
    path("dcat.jsonld", data_views.dcat, name="dcat"),
    # HSDS 3.0: the spec's paths under this base, without trailing slashes.
    path("hsds/", hsds_views.root, name="hsds-root"),
    path("hsds/openapi.json", hsds_views.openapi, name="hsds-openapi"),
    path("hsds/services", hsds_views.services, name="hsds-services"),
    path("hsds/services/<str:id>", hsds_views.service, name="hsds-service"),
    path("hsds/organizations", hsds_views.organizations, name="hsds-organizations"),
    path("hsds/organizations/<str:id>", hsds_views.organization, name="hsds-organization"),
    path(
        "hsds/service_at_locations",
        hsds_views.service_at_locations,
        name="hsds-service-at-locations",
    ),
    path(
        "hsds/service_at_locations/<str:id>",
        hsds_views.service_at_location,
        name="hsds-service-at-location",
    ),
]
