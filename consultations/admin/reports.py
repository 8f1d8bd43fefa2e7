"""The inbox of residents' error reports: assign, answer with a note, close; and a window's reports."""

import logging
import smtplib

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from municipalities.admin import MunicipalityScopedAdmin
from municipalities.roles import keepers_of

from ..models import OPEN_STATUSES, ErrorReport, ReportStatus, staff_name
from .filters import InboxMunicipalityFilter

logger = logging.getLogger(__name__)

# How many closed reports a window's page lists under its open ones.
RECENT_CLOSED = 3


class ReplyForm(forms.Form):
    subject = forms.CharField(label="件名", max_length=200)
    body = forms.CharField(
        label="本文",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="報告者にこのまま届きます。個人の連絡先や内部の事情は書かないでください。",
    )

    def clean_subject(self):
        # A line break would make Django refuse the mail.
        return " ".join(self.cleaned_data["subject"].splitlines())


class OpenReportFilter(admin.SimpleListFilter):
    title = "対応"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", "未完了（未対応・対応中）"), ("closed", "完了")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.open()
        if self.value() == "closed":
            return queryset.exclude(status__in=OPEN_STATUSES)
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    title = "担当者"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", "自分"), ("nobody", "未定")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


@admin.register(ErrorReport)
class ErrorReportAdmin(MunicipalityScopedAdmin, SimpleHistoryAdmin):
    """The inbox of residents' reports: municipal staff see only their own municipality's."""

    change_form_template = "admin/consultations/errorreport/change_form.html"
    list_display = [
        "created_at",
        "window_name",
        "municipality",
        "status",
        "assignee",
        "closed",
        "has_contact",
    ]
    # Only the municipalities in the user's own inbox: a ward user sees just their own.
    list_filter = [
        OpenReportFilter,
        "status",
        AssigneeFilter,
        ("municipality", InboxMunicipalityFilter),
    ]
    list_select_related = ["municipality", "assigned_to", "closed_by"]
    search_fields = ["window_name", "what"]
    date_hierarchy = "created_at"
    fields = [
        "status",
        "assigned_to",
        "staff_notes",
        "closing",
        "window",
        "municipality",
        "window_name",
        "what",
        "contact",
        "created_at",
        "updated_at",
    ]
    readonly_fields = [
        "closing",
        "window",
        "municipality",
        "window_name",
        "what",
        "contact",
        "created_at",
        "updated_at",
    ]
    actions = ["mark_checked", "mark_fixed"]

    @admin.display(description="連絡先", boolean=True)
    def has_contact(self, obj):
        return bool(obj.contact)

    @admin.display(description="担当者", ordering="assigned_to")
    def assignee(self, obj):
        return staff_name(obj.assigned_to) if obj.assigned_to_id else "—"

    @admin.display(description="対応を終えた職員・日時", ordering="closed_at")
    def closed(self, obj):
        if obj.closed_at is None:
            return "—"
        return f"{staff_name(obj.closed_by)}（{timezone.localtime(obj.closed_at):%Y-%m-%d %H:%M}）"

    @admin.display(description="対応を終えた職員・日時")
    def closing(self, obj):
        return self.closed(obj)

    @admin.action(description="選んだ報告を「確認済み（修正不要）」にして閉じる")
    def mark_checked(self, request, queryset):
        self.close_all(request, queryset, ReportStatus.CHECKED)

    @admin.action(description="選んだ報告を「修正済み」にして閉じる")
    def mark_fixed(self, request, queryset):
        self.close_all(request, queryset, ReportStatus.FIXED)

    def close_all(self, request, queryset, status):
        # One save each, so history records who closed each report and when.
        reports = list(queryset)
        for report in reports:
            report.close(request.user, status)
        self.message_user(
            request, f"{len(reports)}件の報告を「{status.label}」にしました。", messages.SUCCESS
        )

    def has_add_permission(self, request):
        # Reports come from residents through the window pages.
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The assignee choices depend on the report's municipality (formfield_for_foreignkey).
        request.report_municipality = getattr(obj, "municipality_id", None)
        return super().get_form(request, obj, change, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            code = getattr(request, "report_municipality", None)
            kwargs["queryset"] = keepers_of(code)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "assigned_to":
            field.label_from_instance = staff_name
            field.empty_label = "（未定）"
        return field

    def save_model(self, request, obj, form, change):
        obj.handled(request.user, set(form.changed_data))
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/reply/",
                self.admin_site.admin_view(self.reply_view),
                name="consultations_errorreport_reply",
            ),
            *super().get_urls(),
        ]

    def reply_view(self, request, object_id):
        """Write to the resident who left an e-mail address; the reply is logged with the report."""
        report = self.get_object(request, unquote(object_id))
        if report is None or not report.contact_email:
            raise Http404("返信できる報告ではありません（報告者のメールアドレスがありません）。")
        if not self.has_change_permission(request, report):
            raise PermissionDenied
        initial = {"subject": f"【相談窓口ガイド】「{report.window_name}」についてのご報告"}
        form = ReplyForm(request.POST or None, initial=initial)
        status = 200
        if request.method == "POST" and form.is_valid():
            try:
                report.reply(request.user, **form.cleaned_data)
            except (OSError, smtplib.SMTPException):
                logger.exception("Reply to the reporter of report %s not sent", report.pk)
                self.message_user(
                    request,
                    "メールサーバーに送れませんでした。返信は送られていません。"
                    "本文はそのまま残っています。しばらくしてからもう一度送ってください。",
                    messages.ERROR,
                )
                status = 503
            else:
                self.message_user(
                    request, f"{report.contact_email} に返信を送りました。", messages.SUCCESS
                )
                return HttpResponseRedirect(report.admin_url)
        elif form.is_bound:
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "title": f"報告者への返信: {report.window_name}",
            "opts": self.opts,
            "original": report,
            "form": form,
        }
        return TemplateResponse(
            request, "admin/consultations/errorreport/reply.html", context, status=status
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        report = self.get_object(request, unquote(object_id)) if object_id else None
        if report is not None:
            extra_context = {
                **(extra_context or {}),
                "replies": list(report.replies.select_related("sent_by")),
            }
        if report is not None and report.window_id and self.has_change_permission(request, report):
            extra_context = {
                **(extra_context or {}),
                "fix_url": reverse(
                    "admin:consultations_consultationwindow_change", args=[report.window_id]
                ),
            }
        return super().changeform_view(request, object_id, form_url, extra_context)


def window_reports_context(request, pk):
    """What a window's change page shows of its error reports: the open ones, then a few closed."""
    reports = (
        ErrorReport.objects.visible_to(request.user)
        .filter(window_id=pk)
        .select_related("assigned_to", "closed_by")
    )
    open_reports = list(reports.open())
    closed = list(reports.exclude(status__in=OPEN_STATUSES).order_by("-closed_at")[:RECENT_CLOSED])
    if not open_reports and not closed:
        return {}
    return {
        "window_reports": [
            (report, staff_name(report.assigned_to) if report.assigned_to_id else "")
            for report in open_reports + closed
        ],
        "open_report_count": len(open_reports),
        "all_reports_url": reverse("admin:consultations_errorreport_changelist")
        + f"?window__id__exact={pk}",
    }
