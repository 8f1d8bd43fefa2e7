from django.http import HttpResponse
from django.urls import path

from pagecache.decorators import ALL_PARAMETERS, public_page

calls = []
# Stands for something outside the URL and the data, e.g. the current quarter hour.
slot = ["0900"]


@public_page(key=lambda request: slot[0], max_age=5)
def slotted(request):
    calls.append(request.get_full_path())
    return HttpResponse(f"rendered {len(calls)}")


# Like the open data: it refuses what it does not take.
@public_page(cors=True, query=ALL_PARAMETERS)
def open_data(request):
    if "bad" in request.GET:
        return HttpResponse("bad parameter", status=400)
    return HttpResponse("data", content_type="text/csv")


def first_letters(values):
    return sorted({value[:1] for value in values})


# Like a search: two filters, one repeatable, and one parameter with a canonical form of its own.
@public_page(query=("region", "method", ("initial", first_letters)))
def search(request):
    calls.append(request.get_full_path())
    return HttpResponse(f"rendered {len(calls)}: {request.GET.urlencode()}")


urlpatterns = [path("slotted/", slotted), path("open/", open_data), path("search/", search)]
