"""/data/: the published windows as CSV, JSON and HSDS 3.0, and the page that documents them."""

import csv
import json

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from pagecache.decorators import public_page

from . import opendata
from .filters import WindowFilter
from .models import ConsultationWindow
from .spreadsheet import neutralise

FILENAME = "tokyo-hikikomori-windows"


def with_licence(response):
    response["Link"] = f'<{opendata.LICENSE_URL}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


def filtered_windows(request):
    """The windows a search with these parameters lists, in the same order (all pages)."""
    window_filter = WindowFilter(request.GET, queryset=ConsultationWindow.objects.for_listing())
    if not window_filter.is_valid():
        return None, window_filter.errors
    return window_filter.qs, None


def bad_filter(errors):
    lines = [f"{name}: {' '.join(messages)}" for name, messages in errors.items()]
    return HttpResponse(
        "検索条件を読み取れませんでした。\n" + "\n".join(lines) + "\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


@public_page
def index(request):
    return render(
        request,
        "consultations/data.html",
        {
            "columns": opendata.COLUMNS,
            "count": ConsultationWindow.objects.published().count(),
            "license": opendata.LICENSE,
            "license_url": opendata.LICENSE_URL,
            "attribution": opendata.ATTRIBUTION,
        },
    )


def windows_csv(request):
    windows, errors = filtered_windows(request)
    if errors:
        return bad_filter(errors)
    # UTF-8 with a BOM: Excel reads a BOM-less CSV as Shift_JIS and shows mojibake.
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, lineterminator="\r\n")
    writer.writerow(column.name for column in opendata.COLUMNS)
    for window in windows:
        writer.writerow(
            neutralise(opendata.csv_cell(value)) for value in opendata.row(window).values()
        )
    return with_licence(response)


def windows_json(request):
    windows, errors = filtered_windows(request)
    if errors:
        return bad_filter(errors)
    rows = [opendata.row(window) for window in windows]
    document = {
        "license": opendata.LICENSE,
        "license_url": opendata.LICENSE_URL,
        "attribution": opendata.ATTRIBUTION,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "columns": {column.name: column.description for column in opendata.COLUMNS},
        "count": len(rows),
        "windows": rows,
    }
    return with_licence(
        JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 1})
    )


def hsds(request):
    windows, errors = filtered_windows(request)
    if errors:
        return bad_filter(errors)
    body = json.dumps(opendata.hsds_page(windows), ensure_ascii=False, indent=1)
    return with_licence(HttpResponse(body, content_type="application/json"))
