from django.urls import path

from . import leaflets, views

app_name = "consultations"

urlpatterns = [
    path("", views.home, name="home"),
    path("municipalities/<str:code>/", views.municipality_detail, name="municipality"),
    path("windows/", views.window_list, name="window-list"),
    path("windows/print/", leaflets.results, name="window-print"),
    path("windows/print.pdf", leaflets.results_pdf, name="window-print-pdf"),
    path("windows/<int:pk>/", views.window_detail, name="window"),
    path("leaflets/", leaflets.index, name="leaflets"),
    path("leaflets/all/", leaflets.all_tokyo, name="leaflet-all"),
    path("leaflets/all.pdf", leaflets.all_tokyo_pdf, name="leaflet-all-pdf"),
    path("leaflets/<str:code>/", leaflets.leaflet, name="leaflet"),
    path("leaflets/<str:code>.pdf", leaflets.leaflet_pdf, name="leaflet-pdf"),
]
