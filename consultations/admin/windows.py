"""The window list and change form: review, version checks, history and verification."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin

from municipalities.admin import MunicipalityScopedAdmin
from municipalities.normalize import search_terms
from municipalities.roles import is_metro, is_municipal, staff_municipality
from windows_directory.ids import parse_id

from .. import tristate
from ..dates import JAPANESE_DATES
from ..forms import WindowAdminForm
from ..hours import weekly_hours
from ..models import (
    ConcurrentEditError,
    ConsultationWindow,
    Method,
    OpeningHours,
    OwnRevision,
    WindowRevision,
    a_year_before,
    method_field,
    save_as_staff,
    verify,
)
from ..survey.formats import ExcelCSV, ExcelXLSX
from ..survey.resources import WindowResource
from .filters import (
    InboxMunicipalityFilter,
    MethodListFilter,
    SupportNetListFilter,
    VerificationListFilter,
)
from .first_contact import (
    CONDITION_FIELDS,
    FLOW_FIELDS,
    FLOW_HELP,
    MESSAGE_FIELDS,
    MESSAGE_HELP,
    WRITTEN_FIELDS,
    WRITTEN_HELP,
)
from .hours import HOURS_FIELDS, OpeningHoursInline
from .imports import WindowExportForm, WindowFileAdmin
from .reports import window_reports_context
from .revisions import review_link, window_review_context

METHOD_FIELDS = [method_field(m) for m in Method.values]
NO_METHOD_WARNING = (
    "公開中ですが、相談方法が1つも「はい」になっていません。確認できたら入力してください。"
)


def lacks_methods(window):
    """A published window residents cannot tell how to reach (PUBLISH_RULE lets one stay)."""
    return window is not None and window.published and not window.offered_methods


TRI_STATE_HELP = "「はい」「いいえ」のほか、分からないものは「未確認」のままにします（未確認は「いいえ」ではありません）。"


def refuse_lost_update(model_admin, request, error):
    """The rare race the form's version check could not see: the UPDATE itself refused it."""
    attempted = getattr(request, "attempted_changes", [])
    model_admin.message_user(
        request,
        "保存の直前に別の職員がこの窓口を保存したため、あなたの変更は保存されませんでした。"
        "相手の変更はそのまま残っています。最新の内容を確かめてから、もう一度入力してください。"
        + (" あなたが入力した変更: " + "、".join(attempted) if attempted else ""),
        messages.ERROR,
    )
    url = reverse("admin:consultations_consultationwindow_change", args=[error.window.pk])
    return HttpResponseRedirect(url)


def window_page_context(request, object_id):
    """What a window's change page shows besides its form: its proposals and its error reports
    (nothing on the add page, or for an id no window could have)."""
    pk = None if object_id is None else parse_id(unquote(object_id))
    if pk is None:
        return {}
    return {**window_review_context(request, pk), **window_reports_context(request, pk)}


class ReviewedChangeForm:
    """A change form that shows its pending proposal and past decisions (review_context) and
    turns the rare lost-update race into a message instead of an error page."""

    review_context = None  # (request, object_id) → context, from .revisions

    def log_change(self, request, obj, message):
        """A save held for review is logged as the proposal it made (自分の申請), not as a change:
        the window or contact details residents see did not change."""
        proposal = getattr(request, "window_proposal", None) or getattr(
            request, "contact_proposal", None
        )
        if proposal is None:
            return super().log_change(request, obj, message)
        own = OwnRevision.objects.select_related("window", "municipality").get(pk=proposal.pk)
        return self.log_addition(request, own, message)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        request.on_change_page = True
        extra_context = {
            **(extra_context or {}),
            **type(self).review_context(request, object_id),
            "holds_for_review": self.holds_for_review(request),
        }
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ConcurrentEditError as error:
            return refuse_lost_update(self, request, error)

    def holds_for_review(self, request):
        """Municipal staff: their changes to what residents see wait for approval."""
        return is_municipal(request.user)


@admin.register(ConsultationWindow)
class ConsultationWindowAdmin(
    ReviewedChangeForm,
    WindowFileAdmin,
    MunicipalityScopedAdmin,
    ImportExportModelAdmin,
    SimpleHistoryAdmin,
):
    review_context = staticmethod(window_page_context)
    form = WindowAdminForm
    inlines = [OpeningHoursInline]
    # What each role scans the list for, so the table fits 1366 px without sideways scrolling
    # (issue 22): 都職員 compare municipalities and open proposals; municipal staff see only their
    # own, in display order. Age, Support-Net and who verified are filters and form fields.
    list_display = [
        "name",
        "municipality",
        "tier",
        "published",
        "review",
        "phone",
        "verification",
    ]
    municipal_list_display = [
        "name",
        "display_order",
        "tier",
        "published",
        "review",
        "phone",
        "verification",
    ]
    list_filter = [
        "tier",
        "published",
        "municipality__region",
        ("municipality", InboxMunicipalityFilter),
        MethodListFilter,
        SupportNetListFilter,
        VerificationListFilter,
        "confidence",
    ]
    list_select_related = ["municipality", "verified_by"]
    # Searched through search_text (see get_search_results), like the public search.
    search_fields = ["search_text"]
    search_help_text = (
        "区市町村名（ひらがな・カタカナ・ローマ字も可）、窓口名、部署、運営団体で探せます。"
    )
    autocomplete_fields = ["municipality"]
    readonly_fields = ["verified_by", "created_at", "updated_at", "source_record_id"]
    actions = ["mark_verified"]
    # In the order a clerk works, what residents see first: who the window is, how to reach it,
    # when, how and for whom, then publishing (issue 22: the form was 6,244 px tall with the
    # rarely used sections open). Folded sections are <details>; one with an error opens.
    fieldsets = [
        (
            None,
            {
                "fields": ["municipality", "name", "name_kana", "department", "operator"]
                + ["version", "pending_proposal"]
            },
        ),
        ("連絡先", {"fields": ["phone", "fax", "email", "url", "address"]}),
        (
            "受付時間",
            {
                "description": "曜日ごとの受付時間は、すぐ下の表「受付時間（曜日ごと）」に入れます。ここには例外（第3土曜は休み、など）と休みの扱いを。",
                "fields": ["hours", "closed_on_public_holidays", "closed_year_end"],
            },
        ),
        (
            "相談方法",
            {
                "fields": [tuple(METHOD_FIELDS)] + ["support_net_visit", "fee"],
                "description": TRI_STATE_HELP,
            },
        ),
        (
            "相談できる人",
            {
                "fields": [
                    ("target_self", "target_family", "target_others"),
                    ("age_min", "age_max"),
                ]
                + ["residency"],
                "description": TRI_STATE_HELP,
            },
        ),
        ("公開", {"fields": ["tier", "published", "display_order"]}),
        # Folded: the yearly round confirms from the index; these are opened to fix a source.
        (
            "出典と確認",
            {
                "fields": ["source_url", "more_sources", "confidence", "last_verified"]
                + ["verified_by", "staff_notes"],
                "classes": ["collapse"],
            },
        ),
        (
            "相談の流れ（電話したらどうなるか）",
            {"fields": FLOW_FIELDS, "description": FLOW_HELP, "classes": ["collapse"]},
        ),
        (
            "ご家族が気にかける条件",
            {"fields": CONDITION_FIELDS, "description": TRI_STATE_HELP, "classes": ["collapse"]},
        ),
        (
            "声を出さずに相談（メール・LINE・チャット・相談フォーム）",
            {"fields": WRITTEN_FIELDS, "description": WRITTEN_HELP, "classes": ["collapse"]},
        ),
        (
            "相談員からのメッセージ",
            {"fields": MESSAGE_FIELDS, "description": MESSAGE_HELP, "classes": ["collapse"]},
        ),
        (
            "記録",
            {"fields": ["created_at", "updated_at", "source_record_id"], "classes": ["collapse"]},
        ),
    ]

    history_derived_fields = ["weekly_hours"]
    formfield_overrides = JAPANESE_DATES
    resource_classes = [WindowResource]
    formats = [base_formats.CSV, base_formats.XLSX]
    # In the same order as `formats`: the import form posts the format's index.
    import_formats = [ExcelCSV, ExcelXLSX]
    # Excel reads UTF-8 CSV as mojibake without a byte-order mark.
    to_encoding = "utf-8-sig"
    export_form_class = WindowExportForm
    import_template_name = "admin/consultations/consultationwindow/import.html"
    export_template_name = "admin/consultations/consultationwindow/export.html"
    import_export_change_list_template = "admin/consultations/consultationwindow/change_list.html"

    @admin.display(description="対象年齢")
    def age_range(self, obj):
        label = obj.age_range_label
        return f"⚠ {label}（年齢制限あり）" if obj.restricts_age else label

    @admin.display(description="サポートネット訪問相談", ordering="support_net_visit")
    def support_net(self, obj):
        return tristate.WORDS[obj.support_net_visit]

    @admin.display(description="最終確認日", ordering="last_verified")
    def verification(self, obj):
        if obj.last_verified is None:
            return "⚠ 未確認"
        stale = obj.last_verified < a_year_before(timezone.localdate())
        return f"⚠ {obj.last_verified:%Y-%m-%d}（12か月以上前）" if stale else obj.last_verified

    @admin.display(description="変更申請")
    def review(self, obj):
        return "承認待ち" if obj.pending_review else ""

    @admin.display(description="変更申請")
    def review_queue_link(self, obj):
        return review_link(obj.pending_review) if obj.pending_review else ""

    def get_list_display(self, request):
        if is_municipal(request.user):
            return self.municipal_list_display
        # Only metropolitan staff may open the review page.
        columns = super().get_list_display(request)
        if is_metro(request.user):
            return [("review_queue_link" if c == "review" else c) for c in columns]
        return columns

    def get_queryset(self, request):
        pending = WindowRevision.objects.pending().filter(window=OuterRef("pk"))
        return super().get_queryset(request).annotate(pending_review=Subquery(pending.values("pk")))

    def get_search_results(self, request, queryset, search_term):
        terms = search_terms(search_term)
        return (queryset.matching_keywords(terms) if terms else queryset), False

    def pending_proposal(self, request, obj):
        """The window's pending proposal, which a municipal editor's form continues."""
        if not self.holds_for_review(request) or obj is None or obj.pk is None:
            return None
        # Asked for by the form and by the hours grid: one query per request.
        found = request.__dict__.setdefault("pending_proposals", {})
        if obj.pk not in found:
            found[obj.pk] = WindowRevision.objects.pending().filter(window_id=obj.pk).first()
        return found[obj.pk]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not self.holds_for_review(request):
            return form
        attributes = {
            "held_for_review": True,
            "pending": self.pending_proposal(request, obj),
            # On the change page the editor continues their proposal; reverting keeps the old version.
            "starts_from_proposal": getattr(request, "on_change_page", False),
        }
        return type(form.__name__, (form,), attributes)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        pending = self.pending_proposal(request, obj)
        proposed = pending.data.get("weekly_hours") if pending else None
        if (
            isinstance(inline, OpeningHoursInline)
            and request.method != "POST"
            and getattr(request, "on_change_page", False)
            and proposed is not None
            and proposed != obj.weekly_hours
        ):
            # The grid, like the rest of the form, starts from the proposal.
            kwargs["queryset"] = OpeningHours.objects.none()
            kwargs["initial"] = [
                dict(zip(HOURS_FIELDS, span, strict=True)) for span in weekly_hours.spans(proposed)
            ]
        return kwargs

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if lacks_methods(obj):
            fieldsets = [
                (name, {**options, "description": NO_METHOD_WARNING} if name == "公開" else options)
                for name, options in fieldsets
            ]
        if not getattr(request, "on_history_page", False):
            return fieldsets
        # An old version's page has no grid: show the weekly hours it would restore.
        return [
            (name, {**options, "fields": [*options["fields"], "weekly_hours"]})
            if name == "受付時間"
            else (name, options)
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if getattr(request, "on_history_page", False):
            return [*fields, "weekly_hours"]
        return fields

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if is_municipal(request.user):
            initial.setdefault("municipality", staff_municipality(request.user))
        return initial

    def save_model(self, request, obj, form, change):
        if not self.in_scope(request, obj):
            raise Http404("担当外の区市町村のデータは保存できません。")
        request.attempted_changes = [
            f"{form.fields[name].label}「{form.cleaned_data.get(name)}」"
            for name in form.changed_data
            if name != "version"
        ]
        if change and "weekly_hours" in obj.unsaved_changes():
            request.attempted_changes.append(f"受付時間（曜日ごと）「{obj.weekly_hours}」")
        result = save_as_staff(obj, request.user)
        if result.proposed:
            request.window_proposal = result.proposal
        if result.withdrew_proposal:
            self.message_user(request, "承認待ちだった変更申請を取り下げました。", messages.INFO)
        if result.confirmation is not None:
            self.say_confirmed(request, result.confirmation)
        if not result.unchanged:
            self.warn_about(request, obj, form)

    def say_confirmed(self, request, confirmation):
        """An edit during a confirmation round confirmed the window in it (models.staff_saves)."""
        self.message_user(
            request,
            f"確認依頼「{confirmation.round}」: この窓口を{confirmation.get_outcome_display()}で確認済みにしました"
            + ("（差し戻されたら、もう一度確認が必要です）。" if confirmation.revision else "。"),
        )

    def warn_about(self, request, obj, form):
        for label, url in (("窓口のページ", obj.url), ("出典 URL", obj.source_url)):
            if url.startswith("http://"):
                self.message_user(
                    request,
                    f"{label}の URL が http:// です。https:// で開ける場合は https:// に直してください。",
                    messages.WARNING,
                )
        # Only a save about publishing or the methods hears it (issue 22: every save of such a
        # window did); the form's 公開 section says it meanwhile (get_fieldsets). Drafts may
        # lack methods: PUBLISH_RULE asks for one only when a window goes public.
        touched = {"published", *METHOD_FIELDS} & set(form.changed_data)
        if touched and lacks_methods(obj):
            self.message_user(request, NO_METHOD_WARNING, messages.WARNING)

    @admin.action(description="確認済みにする（今日）", permissions=["change"])
    def mark_verified(self, request, queryset):
        today = timezone.localdate()
        verified, refused = 0, []
        for window in queryset:
            try:
                verify(window, request.user, "確認済みにする（今日）")
                verified += 1
            except ConcurrentEditError:
                refused.append(window.name)
        self.message_user(request, f"{verified}件の窓口を {today:%Y-%m-%d} に確認済みにしました。")
        if refused:
            self.message_user(
                request,
                "同時に別の職員が保存したため確認済みにできなかった窓口: " + "、".join(refused),
                messages.ERROR,
            )

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "window_proposal", None):
            return self.proposed(
                request,
                "下書き（非公開）として保存し、公開を申請しました。都職員の承認後に公開されます。",
            )
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        proposal = getattr(request, "window_proposal", None)
        if proposal is None:
            return super().response_change(request, obj)
        if proposal.publishes:
            return self.proposed(request, "公開を申請しました。都職員の承認後に公開されます。")
        return self.proposed(request, "変更を申請しました。都職員の承認後に公開されます。")

    def proposed(self, request, message):
        """Back to the window's page, which shows the proposal: the public pages have not changed."""
        self.message_user(request, message, messages.SUCCESS)
        if request.window_proposal.replaced_notice:
            self.message_user(request, request.window_proposal.replaced_notice, messages.WARNING)
        url = reverse(
            "admin:consultations_consultationwindow_change",
            args=[request.window_proposal.window_id],
        )
        return HttpResponseRedirect(url)

    def construct_change_message(self, request, form, formsets, add=False):
        proposal = getattr(request, "window_proposal", None)
        if proposal is not None:
            return f"{proposal.kind}（承認待ち）"
        return super().construct_change_message(request, form, formsets, add)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # A window's proposals go with it (history keeps the window); nobody deletes one alone.
        perms_needed.discard(WindowRevision._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.check_history_scope(request, object_id, version_id)
        request.on_history_page = True
        deleted = not ConsultationWindow.objects.filter(pk=object_id).exists()
        extra_context = {**(extra_context or {}), "deleted": deleted}
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except ConcurrentEditError as error:
            return refuse_lost_update(self, request, error)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_recover": self.has_change_permission(request),
        }
        return super().changelist_view(request, extra_context)
