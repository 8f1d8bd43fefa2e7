"""Staff-only pages outside the admin's own URLs: the overview of the national requirements."""

import csv

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from municipalities.roles import is_metro

from ..filters import OverviewFilter
from ..models import ConfirmationRound
from ..spreadsheet import neutralise
from ..tristate import WORDS
from . import overview_table
from .charts import coverage_chart, methods_chart
from .overview import RULES, Check, Overview, visible_municipalities

TITLE = "国の要件・地域の状況"


def filtered_overview(request):
    """The overview for the municipalities this user may see, narrowed and sorted by GET."""
    municipality_filter = OverviewFilter(request.GET, queryset=visible_municipalities(request.user))
    if not municipality_filter.is_valid():
        return municipality_filter, None
    options = municipality_filter.form.cleaned_data
    data = Overview(municipality_filter.qs, confirmation_round=ConfirmationRound.objects.current())
    return municipality_filter, data.narrow(
        overview_table.keeper(**options), *overview_table.ordering(options["sort"])
    )


def filter_errors(municipality_filter):
    form = municipality_filter.form
    return "　".join(
        f"{form[name].label}：{' '.join(errors)}" for name, errors in form.errors.items()
    )


@never_cache
@staff_member_required
def overview(request):
    municipality_filter, data = filtered_overview(request)
    context = {
        **admin.site.each_context(request),
        "title": TITLE,
        "filter": municipality_filter,
        "overview": data,
        "checks": list(Check),
        "rules": [(check.label, RULES[check]) for check in Check],
        "query": request.GET.urlencode(),
        "filter_errors": filter_errors(municipality_filter),
        "reviews_url": reverse("admin:consultations_windowrevision_changelist"),
        # Only metropolitan staff reach the review queue.
        "can_review": is_metro(request.user),
    }
    if data is not None:
        sort = municipality_filter.form.cleaned_data["sort"]
        with_round = data.confirmation_round is not None
        context["headings"] = overview_table.headings(request.GET.urlencode(), sort, with_round)
        context["coverage_chart"] = coverage_chart(data.coverage_by_region)
        context["methods_chart"] = methods_chart(data.methods_offered, len(data.rows))
    return render(
        request, "consultations/staff/overview.html", context, status=400 if data is None else 200
    )


CSV_DETAILS = [
    ("公開中のひきこもり相談窓口数", lambda row: len(row.windows)),
    ("公開中の生活の困りごと全般の相談窓口数", lambda row: len(row.published) - len(row.windows)),
    ("主管部署名", lambda row: row.municipality.lead_department),
    ("実態把握の実施年度", lambda row: row.municipality.needs_survey_year or ""),
    ("プラットフォームの名称", lambda row: row.municipality.platform_name),
    ("家族会・ピアグループ", lambda row: row.municipality.family_group_name),
    ("家族会・ピアグループの連絡先", lambda row: row.municipality.family_group_contact),
    ("窓口の最も古い最終確認日", lambda row: row.oldest_verification or ""),
    ("要件・地域の状況の更新日", lambda row: row.municipality.requirements_updated or ""),
    ("12か月以上未確認の公開中の窓口数", lambda row: row.stale_windows),
    ("確認依頼の状況", lambda row: row.progress.label if row.progress else ""),
]


@never_cache
@staff_member_required
def overview_csv(request):
    municipality_filter, data = filtered_overview(request)
    if data is None:
        return HttpResponse(
            f"絞り込みの指定が正しくありません。{filter_errors(municipality_filter)}",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="overview-{data.today:%Y%m%d}.csv"'
    # Excel reads UTF-8 only after a byte-order mark.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            "地方公共団体コード",
            "区市町村",
            "地域",
            *(check.label for check in Check),
            "未充足・未確認の数",
            "承認待ち",
            *(label for label, _ in CSV_DETAILS),
        ]
    )
    for row in data.rows:
        municipality = row.municipality
        writer.writerow(
            neutralise(cell)
            for cell in [
                municipality.code,
                municipality.name,
                municipality.region,
                *(WORDS[value] for _, value in row.checks),
                row.gaps,
                row.pending_reviews,
                *(value(row) for _, value in CSV_DETAILS),
            ]
        )
    return response
