"""The municipality list and page in admin, with its windows and printable leaflets."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse

from municipalities.admin import MunicipalityAdmin
from municipalities.forms import https_first
from municipalities.models import Municipality
from municipalities.roles import is_metro

from ..forms import MunicipalityAdminForm, WindowAdminForm
from ..models import (
    CONTACT_FIELDS,
    WITHDRAWN_BY_CONTACT_SAVE,
    Confirmation,
    ConfirmationRound,
    ConsultationWindow,
    Item,
    Outcome,
    WindowRevision,
    contact_values,
)
from ..printing.leaflets import leaflet_contexts
from ..printing.pdf import leaflets_pdf, pdf_response
from .filters import PublishedWindowFilter
from .revisions import contact_review_context
from .windows import ReviewedChangeForm


@admin.action(description="選択した区市町村のチラシを印刷", permissions=["view"])
def print_leaflets(modeladmin, request, queryset):
    codes = list(queryset.values_list("pk", flat=True))
    municipalities = Municipality.objects.filter(pk__in=codes).order_by("code")
    contexts = leaflet_contexts(municipalities)
    return pdf_response(leaflets_pdf(contexts), f"leaflets-{len(contexts)}.pdf")


class WindowInline(admin.StackedInline):
    model = ConsultationWindow
    form = WindowAdminForm
    extra = 0
    fields = [
        "name",
        "display_order",
        "published",
        "phone",
        "email",
        "url",
        "last_verified",
        "version",
    ]
    show_change_link = True

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return super().formfield_for_dbfield(db_field, request, **https_first(db_field, kwargs))

    # Municipal staff edit windows on the window's own page, where their changes to
    # published windows become proposals and the pending proposal is shown.
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and is_metro(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and is_metro(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and is_metro(request.user)


admin.site.unregister(Municipality)


@admin.register(Municipality)
class MunicipalityWithWindowsAdmin(ReviewedChangeForm, MunicipalityAdmin):
    """The municipality page, with its windows; municipal staff's contact changes are proposals.

    代表電話 and 公式サイト are what residents see (on a 確認中 page the only local number),
    so for 区市町村職員 they change through a WindowRevision like a published window; the
    rest of the page (the source of the contact details, the staff-only requirement facts)
    saves at once.
    """

    review_context = staticmethod(contact_review_context)

    form = MunicipalityAdminForm
    change_form_template = "admin/consultations/municipality/change_form.html"
    list_display = [*MunicipalityAdmin.list_display, "window_status"]
    list_filter = [*MunicipalityAdmin.list_filter, PublishedWindowFilter]
    inlines = [WindowInline]
    actions = [print_leaflets]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(published_windows=Count("windows", filter=Q(windows__published=True)))
        )

    @admin.display(description="公開中の窓口", ordering="published_windows")
    def window_status(self, obj):
        return (
            f"{obj.published_windows}件"
            if obj.published_windows
            else "⚠ なし（住民には確認中と表示）"
        )

    def get_fieldsets(self, request, obj=None):
        # The pending proposal the form was opened on travels with the contact details.
        return [
            (name, {**options, "fields": [*options["fields"], "pending_proposal"]})
            if "main_phone" in options["fields"]
            else (name, options)
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not self.holds_for_review(request) or obj is None:
            return form
        attributes = {
            "held_for_review": True,
            "pending": WindowRevision.objects.pending().about(obj).first(),
            "starts_from_proposal": getattr(request, "on_change_page", False),
        }
        return type(form.__name__, (form,), attributes)

    def save_model(self, request, obj, form, change):
        if not (change and self.holds_for_review(request)):
            return super().save_model(request, obj, form, change)
        if not self.in_scope(request, obj):
            raise Http404("担当外の区市町村のデータは保存できません。")
        stored = Municipality.objects.get(pk=obj.pk)
        proposed = contact_values(obj)
        pending = WindowRevision.objects.pending().about(obj).first()
        if proposed == contact_values(stored):
            if WindowRevision.objects.withdraw(obj, request.user, WITHDRAWN_BY_CONTACT_SAVE):
                self.message_user(
                    request, "承認待ちだった変更申請を取り下げました。", messages.INFO
                )
        elif pending is None or pending.data != proposed:
            request.contact_proposal = WindowRevision.objects.propose_contact(obj, request.user)
            confirm_contact_change(request, obj)
        # Residents keep the approved contact details; the rest saves at once.
        for field in CONTACT_FIELDS:
            setattr(obj, field.attname, field.value_from_object(stored))
        contact = {field.name for field in CONTACT_FIELDS} | {"pending_proposal"}
        if set(form.changed_data) - contact:
            super().save_model(request, obj, form, change)

    def construct_change_message(self, request, form, formsets, add=False):
        proposal = getattr(request, "contact_proposal", None)
        if proposal is not None:
            return f"{proposal.kind}（承認待ち）"
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request, obj):
        if getattr(request, "contact_proposal", None) is None:
            return super().response_change(request, obj)
        self.message_user(
            request,
            "代表の連絡先の変更を申請しました。都職員の承認後に公開されます。",
            messages.SUCCESS,
        )
        if request.contact_proposal.replaced_notice:
            self.message_user(request, request.contact_proposal.replaced_notice, messages.WARNING)
        # Back to the page, which shows the proposal: the public pages have not changed.
        url = reverse("admin:municipalities_municipality_change", args=[obj.pk])
        return HttpResponseRedirect(url)


def confirm_contact_change(request, municipality):
    """During a confirmation round, proposing new contact details confirms them in it."""
    round_ = ConfirmationRound.objects.current()
    if round_ is None:
        return
    Confirmation.objects.record(
        round_,
        request.user,
        Outcome.PROPOSED,
        municipality,
        Item.CONTACT,
        revision=request.contact_proposal,
    )
