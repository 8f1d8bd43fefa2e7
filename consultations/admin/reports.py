"""The inbox of residents' error reports."""

from django.contrib import admin

from municipalities.admin import MunicipalityScopedAdmin

from ..models import (
    ErrorReport,
    ReportStatus,
)


@admin.register(ErrorReport)
class ErrorReportAdmin(MunicipalityScopedAdmin, admin.ModelAdmin):
    """The inbox of residents' reports: municipal staff see only their own municipality's."""

    list_display = ["created_at", "window_name", "municipality", "status", "has_contact"]
    list_filter = ["status", "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["window_name", "what"]
    date_hierarchy = "created_at"
    fields = [
        "status",
        "staff_notes",
        "window",
        "municipality",
        "window_name",
        "what",
        "contact",
        "created_at",
        "updated_at",
    ]
    readonly_fields = [
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

    @admin.action(description="選んだ報告を「確認済み」にする")
    def mark_checked(self, request, queryset):
        queryset.update(status=ReportStatus.CHECKED)

    @admin.action(description="選んだ報告を「修正済み」にする")
    def mark_fixed(self, request, queryset):
        queryset.update(status=ReportStatus.FIXED)

    def has_add_permission(self, request):
        # Reports come from residents through the window pages.
        return False
