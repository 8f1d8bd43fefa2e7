from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("", views.home, name="home"),
    path("municipalities/<str:code>/", views.municipality_detail, name="municipality"),
    path("windows/", views.window_list, name="window-list"),
    path("windows/<int:pk>/", views.window_detail, name="window"),
    path("guide/", views.guide, name="guide"),
]
