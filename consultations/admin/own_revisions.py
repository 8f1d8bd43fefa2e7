"""自分の申請: a municipal staff member's own proposals, pending and decided, with the reasons."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from ..models import OwnRevision, RevisionStatus
from .revisions import WindowRevisionAdmin

# The status filter's extra choice: rejected proposals not yet proposed again.
REJECTED_OPEN = "rejected_open"


class OwnStatusFilter(admin.SimpleListFilter):
    title = "状態"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            *RevisionStatus.choices,
            (REJECTED_OPEN, "差し戻し（まだ出し直していない）"),
        ]

    def queryset(self, request, queryset):
        if self.value() == REJECTED_OPEN:
            return queryset.filter(status=RevisionStatus.REJECTED).not_followed_up()
        if self.value() in RevisionStatus.values:
            return queryset.filter(status=self.value())
        return queryset


@admin.register(OwnRevision)
class OwnRevisionAdmin(WindowRevisionAdmin):
    """Read only: what the signed-in municipal user proposed, and what became of it."""

    list_display = ["subject_link", "kind", "changed_labels", "created_at", "decision", "reason"]
    list_filter = [OwnStatusFilter]
    list_display_links = None
    ordering = ["-created_at", "-pk"]
    actions = None

    @admin.display(description="窓口・連絡先")
    def subject_link(self, obj):
        url = reverse("admin:consultations_ownrevision_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.subject_name)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(proposed_by=request.user)

    def has_view_permission(self, request, obj=None):
        # The permission is the municipal group's (roles.py); the rows are one's own.
        return admin.ModelAdmin.has_view_permission(self, request, obj) and (
            obj is None or obj.proposed_by_id == request.user.pk
        )

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": "自分の申請", **(extra_context or {})}
        return admin.ModelAdmin.changelist_view(self, request, extra_context)

    def review_page_context(self, request, revision):
        return {
            **super().review_page_context(request, revision),
            "title": f"自分の申請: {revision.subject_name}",
            "queue_url": reverse("admin:consultations_ownrevision_changelist"),
        }
