from django.db import ProgrammingError
from django.urls import path

from windows_directory.urls import urlpatterns


def broken(request):
    raise ProgrammingError("relation does not exist")


handler500 = "windows_directory.errors.server_error"
urlpatterns = [path("broken/", broken), *urlpatterns]
