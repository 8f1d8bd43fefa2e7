from django.urls import path, register_converter

from municipalities.converters import MunicipalityCodeConverter

from . import views
from .printing import leaflet_views
from .staff import staff_views

register_converter(MunicipalityCodeConverter, "municipality_code")

app_name = "consultations"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "municipalities/<municipality_code:code>/", views.municipality_detail, name="municipality"
    ),
    path("windows/", views.window_list, name="window-list"),
    path("windows/print/", leaflet_views.results, name="window-print"),
    path("windows/print.pdf", leaflet_views.results_pdf, name="window-print-pdf"),
    path("windows/<id:pk>/", views.window_detail, name="window"),
    path("staff/overview/", staff_views.overview, name="staff-overview"),
    path("staff/overview.csv", staff_views.overview_csv, name="staff-overview-csv"),
    path("windows/<id:pk>/report/", views.report_error, name="report"),
    path("windows/<id:pk>/report/thanks/", views.report_thanks, name="report-thanks"),
    path("guide/", views.guide, name="guide"),
    path("list/", views.shortlist, name="shortlist"),
    path("list.pdf", views.shortlist_pdf, name="shortlist-pdf"),
    path("memo/", views.memo, name="memo"),
    path("memo.pdf", views.memo_pdf, name="memo-pdf"),
    path("leaflets/", leaflet_views.index, name="leaflets"),
    path("leaflets/all/", leaflet_views.all_tokyo, name="leaflet-all"),
    path("leaflets/all.pdf", leaflet_views.all_tokyo_pdf, name="leaflet-all-pdf"),
    path("leaflets/<municipality_code:code>/", leaflet_views.leaflet, name="leaflet"),
    path("leaflets/<municipality_code:code>.pdf", leaflet_views.leaflet_pdf, name="leaflet-pdf"),
]
