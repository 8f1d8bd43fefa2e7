from django.urls import path

from . import data_views

app_name = "data"

urlpatterns = [
    path("", data_views.index, name="index"),
    path("windows.csv", data_views.windows_csv, name="windows-csv"),
    path("windows.json", data_views.windows_json, name="windows-json"),
    path("hsds/", data_views.hsds, name="hsds"),
]
