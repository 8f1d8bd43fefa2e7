"""Review before publishing: metropolitan staff approve or reject municipal staff's proposals.

The proposals themselves are made by the window form (ConsultationWindowAdmin.save_model),
the import (resources.WindowResource) and the municipality form, for contact details
(MunicipalityWithWindowsAdmin.save_model); the rules are on the models
(ConsultationWindow.needs_review, WindowRevision). One queue holds them all.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from municipalities.admin import MunicipalityScopedAdmin
from municipalities.roles import is_metro

from ..models import ReviewError, RevisionStatus, WindowRevision, staff_name
from .filters import InboxMunicipalityFilter

ALL_STATUSES = "all"

# How many past decisions a window's page lists.
RECENT_DECISIONS = 5


class StatusListFilter(admin.SimpleListFilter):
    """The queue opens on the pending proposals; the others are one click away."""

    title = "状態"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*RevisionStatus.choices, (ALL_STATUSES, "すべて")]

    def value(self):
        return super().value() or RevisionStatus.PENDING

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == ALL_STATUSES:
            return queryset
        return queryset.filter(status=self.value())


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        # Sent by the button pressed: <button name="decision" value="approve">.
        choices=[("approve", "承認して公開する"), ("reject", "差し戻す")],
    )
    reason = forms.CharField(
        label="理由・コメント（差し戻すときは必ず）",
        help_text="申請した区市町村の職員に、窓口の編集画面で表示されます。",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("decision") == "reject" and not cleaned_data.get("reason", "").strip():
            self.add_error(
                "reason", "差し戻すときは理由を書いてください。申請した職員に表示されます。"
            )
        return cleaned_data


class RejectSelectedForm(forms.Form):
    reason = forms.CharField(
        label="差し戻す理由（選んだすべての申請に同じ理由を記録します）",
        help_text="申請した区市町村の職員に、窓口の編集画面で表示されます。",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": "差し戻すときは理由を書いてください。"},
    )


@admin.register(WindowRevision)
class WindowRevisionAdmin(MunicipalityScopedAdmin, admin.ModelAdmin):
    """The review queue. Only metropolitan staff reach it, whatever their group grants."""

    list_display = [
        "subject",
        "municipality_name",
        "kind",
        "changed_labels",
        "proposer",
        "created_at",
        "decision",
    ]
    list_filter = [
        StatusListFilter,
        "municipality__region",
        ("municipality", InboxMunicipalityFilter),
    ]
    list_select_related = ["window", "municipality", "proposed_by", "decided_by"]
    ordering = ["created_at", "pk"]
    actions = ["approve_selected", "reject_selected"]
    view_on_site = False

    @admin.display(description="窓口・連絡先", ordering="window__name")
    def subject(self, obj):
        return obj.subject_name

    @admin.display(description="区市町村", ordering="municipality")
    def municipality_name(self, obj):
        return obj.municipality.name

    @admin.display(description="種類")
    def kind(self, obj):
        return obj.kind

    @admin.display(description="申請で変えた項目")
    def changed_labels(self, obj):
        if obj.first_publication:
            return "初めての公開（全項目）"
        return "、".join(label for label, _, _ in obj.changes()) or "—"

    @admin.display(description="申請者", ordering="proposed_by")
    def proposer(self, obj):
        return staff_name(obj.proposed_by)

    @admin.display(description="状態", ordering="status")
    def decision(self, obj):
        if obj.is_pending:
            return obj.get_status_display()
        when = timezone.localtime(obj.decided_at)
        return format_html(
            "{}<br>{}（{}）",
            obj.get_status_display(),
            staff_name(obj.decided_by),
            when.strftime("%Y-%m-%d"),
        )

    def has_view_permission(self, request, obj=None):
        return is_metro(request.user) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return is_metro(request.user) and super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        # Proposals come from the window form and the import, never from here.
        return False

    def has_delete_permission(self, request, obj=None):
        # They are the record of who proposed and who decided.
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": "変更申請の審査", **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The review page: what would change, and the approve / reject buttons."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        revision = self.get_object(request, unquote(object_id))
        if revision is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        form = ReviewForm(request.POST if request.method == "POST" else None)
        status = 200
        if request.method == "POST":
            if not self.has_change_permission(request, revision):
                raise PermissionDenied
            status = 400
            if form.is_valid():
                try:
                    return self.decide(request, revision, form.cleaned_data)
                except ReviewError as error:
                    form.add_error(None, str(error))
                    status = 409
        context = {
            **self.admin_site.each_context(request),
            **(extra_context or {}),
            **self.review_page_context(request, revision),
            "form": form,
        }
        return TemplateResponse(
            request, "admin/consultations/windowrevision/review.html", context, status=status
        )

    def review_page_context(self, request, revision):
        """What the review page shows: the proposal, what changed since, and past decisions."""
        subject = revision.subject
        published = revision.is_contact or subject.published
        return {
            "title": f"変更申請の審査: {revision.subject_name}",
            "opts": self.opts,
            "revision": revision,
            "subject": subject,
            "subject_name": revision.subject_name,
            "subject_url": revision.subject_admin_url,
            "public_url": subject.get_absolute_url() if published else None,
            "proposer": staff_name(revision.proposed_by),
            "decider": staff_name(revision.decided_by),
            "changes": revision.changes(),
            "conflicts": revision.conflicts(subject) if revision.is_pending else [],
            "changes_since": revision.changes_since(subject) if revision.is_pending else [],
            "own": revision.proposed_by_id == request.user.pk,
            "can_decide": revision.is_pending and self.has_change_permission(request, revision),
            "history_url": reverse(
                f"admin:{subject._meta.app_label}_{subject._meta.model_name}_history",
                args=[subject.pk],
            ),
            "queue_url": reverse("admin:consultations_windowrevision_changelist"),
            **past_decisions(
                WindowRevision.objects.about(subject)
                .decided()
                .exclude(pk=revision.pk)
                .select_related("window", "municipality", "proposed_by", "decided_by")[
                    :RECENT_DECISIONS
                ]
            ),
        }

    def decide(self, request, revision, data):
        reason = data.get("reason", "")
        if data["decision"] == "approve":
            revision.approve(request.user, reason)
            self.message_user(
                request,
                f"「{revision.subject_name}」の申請を承認しました。公開ページに反映されています。",
                messages.SUCCESS,
            )
        else:
            revision.reject(request.user, reason)
            self.message_user(
                request,
                f"「{revision.subject_name}」の申請を差し戻しました。公開ページは今の内容のままです。",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:consultations_windowrevision_changelist"))

    @admin.action(description="選んだ申請を承認して公開する", permissions=["change"])
    def approve_selected(self, request, queryset):
        approved, refused = 0, []
        for revision in queryset.select_related("window", "municipality"):
            try:
                revision.approve(request.user)
                approved += 1
            except ReviewError as error:
                refused.append(f"「{revision.subject_name}」: {error}")
        if approved:
            self.message_user(request, f"{approved}件の申請を承認しました。", messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description="選んだ申請を差し戻す（理由を書きます）", permissions=["change"])
    def reject_selected(self, request, queryset):
        form = RejectSelectedForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            rejected, refused = 0, []
            for revision in queryset.select_related("window", "municipality"):
                try:
                    revision.reject(request.user, form.cleaned_data["reason"])
                    rejected += 1
                except ReviewError as error:
                    refused.append(f"「{revision.subject_name}」: {error}")
            if rejected:
                self.message_user(
                    request, f"{rejected}件の申請を差し戻しました。", messages.SUCCESS
                )
            for message in refused:
                self.message_user(request, message, messages.ERROR)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "選んだ申請を差し戻す",
            "opts": self.opts,
            "revisions": queryset.select_related("window", "municipality", "proposed_by"),
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request,
            "admin/consultations/windowrevision/reject_selected.html",
            context,
            status=400 if form.is_bound else 200,
        )


def window_review_context(request, pk):
    """What a window's change page shows about its proposals (review_context)."""
    return review_context(request, WindowRevision.objects.filter(window_id=pk))


def contact_review_context(request, object_id):
    """What a municipality's change page shows about proposals of its contact details."""
    if object_id is None:
        return {}
    code = unquote(object_id)
    return review_context(
        request, WindowRevision.objects.filter(municipality_id=code, window__isnull=True)
    )


def review_context(request, revisions):
    """The pending proposal among `revisions` and the recent decisions, for a change page.

    Filtered by the user's scope like everything else; the page itself 404s out of scope.
    """
    revisions = list(
        revisions.visible_to(request.user).select_related(
            "window", "municipality", "proposed_by", "decided_by"
        )[: RECENT_DECISIONS + 1]
    )
    # A new proposal supersedes the pending one, so the pending one is always the newest.
    pending = revisions[0] if revisions and revisions[0].is_pending else None
    context = {"pending_revision": pending, **past_decisions(revisions)}
    if pending is not None:
        context.update(
            pending_changes=pending.changes(),
            pending_conflicts=pending.conflicts(pending.subject),
            pending_proposer=staff_name(pending.proposed_by),
            pending_review_url=reverse(
                "admin:consultations_windowrevision_change", args=[pending.pk]
            ),
        )
    return context


def past_decisions(revisions):
    """The most recent decided proposals, with the names to show (decisions.html)."""
    decided = [r for r in revisions if not r.is_pending][:RECENT_DECISIONS]
    return {
        "recent_decisions": RECENT_DECISIONS,
        "decided_revisions": [
            (r, staff_name(r.proposed_by), staff_name(r.decided_by)) for r in decided
        ],
    }


def review_link(revision_id):
    url = reverse("admin:consultations_windowrevision_change", args=[revision_id])
    return format_html('<a href="{}">承認待ち</a>', url)
