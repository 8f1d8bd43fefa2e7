from django.http import HttpResponse
from django.urls import path

from pagecache.decorators import public_page

calls = []
# Stands for something outside the URL and the data, e.g. the current quarter hour.
slot = ["0900"]


@public_page(key=lambda request: slot[0], max_age=5)
def slotted(request):
    calls.append(request.get_full_path())
    return HttpResponse(f"rendered {len(calls)}")


@public_page(cors=True)
def open_data(request):
    if "bad" in request.GET:
        return HttpResponse("bad parameter", status=400)
    return HttpResponse("data", content_type="text/csv")


urlpatterns = [path("slotted/", slotted), path("open/", open_data)]
