from collections import Counter

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import to_historic

from municipalities.admin import MunicipalityAdmin, MunicipalityScopedAdmin
from municipalities.forms import https_first
from municipalities.models import (
    ALL_MUNICIPALITIES,
    Municipality,
    scope_filter,
    staff_municipality,
)
from municipalities.normalize import search_terms

from . import import_uploads, weekly_hours
from .forms import MunicipalityAdminForm, WindowAdminForm
from .leaflets import print_leaflets
from .models import (
    CONTACT_FIELDS,
    TRI_STATE_LABELS,
    WITHDRAWN_BY_CONTACT_SAVE,
    WITHDRAWN_BY_DIRECT_SAVE,
    ConcurrentEditError,
    ConsultationWindow,
    ErrorReport,
    Method,
    OpeningHours,
    ReportStatus,
    WindowRevision,
    a_year_before,
    contact_values,
    method_field,
    staff_name,
)
from .resources import WindowResource
from .review_admin import contact_review_context, review_link, window_review_context


def keeps_all(user):
    return staff_municipality(user) == ALL_MUNICIPALITIES


TRI_STATE_HELP = "「はい」「いいえ」のほか、分からないものは「未確認」のままにします（未確認は「いいえ」ではありません）。"


class MethodListFilter(admin.SimpleListFilter):
    title = "相談方法"
    parameter_name = "method"

    def lookups(self, request, model_admin):
        return [*Method.choices, ("unknown", "すべて未確認")]

    def queryset(self, request, queryset):
        if self.value() in Method.values:
            return queryset.offering([self.value()])
        if self.value() == "unknown":
            return queryset.filter(**{f"{method_field(m)}__isnull": True for m in Method.values})
        return queryset


class SupportNetListFilter(admin.SimpleListFilter):
    title = "サポートネット訪問相談の受付"
    parameter_name = "support_net_visit"
    values = {"yes": True, "no": False, "unknown": None}

    def lookups(self, request, model_admin):
        return [(key, TRI_STATE_LABELS[value]) for key, value in self.values.items()]

    def queryset(self, request, queryset):
        if self.value() in self.values:
            return queryset.filter(support_net_visit=self.values[self.value()])
        return queryset


class VerificationListFilter(admin.SimpleListFilter):
    title = "最終確認"
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("stale", "12か月以上未確認（未確認を含む）"), ("never", "一度も確認していない")]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.needing_verification()
        if self.value() == "never":
            return queryset.filter(last_verified__isnull=True)
        return queryset


class WindowExportForm(SelectableFieldsExportForm):
    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return field.column_name if field else field_name


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


HOURS_FIELDS = ("first_day", "last_day", "opens", "closes")


class WeeklyHoursFormSet(BaseInlineFormSet):
    """The hours grid writes the window's weekly_hours; the window's own save writes the rows.

    So a change of hours is a change of the window: held for review, refused from a stale
    form, recorded in history and undone by a revert, like every other field.
    """

    def __init__(self, *args, initial=None, **kwargs):
        super().__init__(*args, initial=initial, **kwargs)
        if initial and not self.is_bound:
            # Rows shown from a proposal rather than from the database (see get_formset_kwargs).
            self.extra = len(initial)

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        self.instance.weekly_hours = weekly_hours.as_text(
            tuple(form.cleaned_data.get(name) for name in HOURS_FIELDS)
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        )

    def save(self, commit=True):
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        return []


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    formset = WeeklyHoursFormSet
    fields = HOURS_FIELDS
    extra = 0
    verbose_name_plural = "受付時間（曜日ごと）: 空なら住民には「未確認」と表示されます"


@admin.register(ConsultationWindow)
class ConsultationWindowAdmin(MunicipalityScopedAdmin, ImportExportModelAdmin, SimpleHistoryAdmin):
    form = WindowAdminForm
    inlines = [OpeningHoursInline]
    list_display = [
        "name",
        "municipality",
        "display_order",
        "tier",
        "published",
        "review",
        "phone",
        "age_range",
        "support_net",
        "verification",
        "verified_by",
    ]
    list_filter = [
        "tier",
        "published",
        "municipality__region",
        ("municipality", admin.RelatedOnlyFieldListFilter),
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
    fieldsets = [
        (
            None,
            {
                "fields": ["municipality", "name", "name_kana", "department", "operator"]
                + ["version", "pending_proposal"]
            },
        ),
        ("公開", {"fields": ["tier", "published", "display_order"]}),
        ("連絡先", {"fields": ["phone", "fax", "email", "url", "address"]}),
        (
            "受付時間",
            {
                "description": "曜日ごとの受付時間は下の表に入れます。ここには例外（第3土曜は休み、など）と休みの扱いを。",
                "fields": ["hours", "closed_on_public_holidays", "closed_year_end"],
            },
        ),
        (
            "相談できる人",
            {
                "fields": ["target_self", "target_family", "target_others", "age_min", "age_max"]
                + ["residency"],
                "description": TRI_STATE_HELP,
            },
        ),
        (
            "相談方法",
            {
                "fields": [method_field(m) for m in Method.values]
                + ["support_net_visit", "fee", "anonymous_ok"],
                "description": TRI_STATE_HELP,
            },
        ),
        ("ご本人・ご家族へ", {"fields": ["support_description", "message"]}),
        (
            "出典と確認",
            {
                "fields": ["source_url", "more_sources", "confidence", "last_verified"]
                + ["verified_by", "staff_notes"]
            },
        ),
        ("記録", {"fields": ["created_at", "updated_at", "source_record_id"]}),
    ]

    history_derived_fields = ["weekly_hours"]
    resource_classes = [WindowResource]
    formats = [base_formats.CSV, base_formats.XLSX]
    # Excel reads UTF-8 CSV as mojibake without a byte-order mark.
    to_encoding = "utf-8-sig"
    from_encoding = "utf-8-sig"
    export_form_class = WindowExportForm
    import_template_name = "admin/consultations/consultationwindow/import.html"
    import_export_change_list_template = "admin/consultations/consultationwindow/change_list.html"

    @admin.display(description="対象年齢")
    def age_range(self, obj):
        label = obj.age_range_label
        return f"⚠ {label}（年齢制限あり）" if obj.restricts_age else label

    @admin.display(description="サポートネット訪問相談", ordering="support_net_visit")
    def support_net(self, obj):
        return TRI_STATE_LABELS[obj.support_net_visit]

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
        # Only metropolitan staff may open the review page.
        columns = super().get_list_display(request)
        if self.keeps_all(request):
            return [("review_queue_link" if c == "review" else c) for c in columns]
        return columns

    def get_queryset(self, request):
        pending = WindowRevision.objects.pending().filter(window=OuterRef("pk"))
        return super().get_queryset(request).annotate(pending_review=Subquery(pending.values("pk")))

    def get_search_results(self, request, queryset, search_term):
        terms = search_terms(search_term)
        return (queryset.matching_keywords(terms) if terms else queryset), False

    def holds_for_review(self, request):
        """Municipal staff: their changes to what residents see wait for approval."""
        return staff_municipality(request.user) not in (None, ALL_MUNICIPALITIES)

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
        code = staff_municipality(request.user)
        if code not in (None, ALL_MUNICIPALITIES):
            initial.setdefault("municipality", code)
        return initial

    def save_model(self, request, obj, form, change):
        if not self.in_scope(request, obj):
            raise Http404("担当外の区市町村のデータは保存できません。")
        if obj.needs_review(request.user):
            self.warn_about(request, obj)
            request.window_proposal = WindowRevision.objects.propose(obj, request.user)
            return
        if change and self.holds_for_review(request):
            if WindowRevision.objects.withdraw(obj, request.user, WITHDRAWN_BY_DIRECT_SAVE):
                self.message_user(
                    request, "承認待ちだった変更申請を取り下げました。", messages.INFO
                )
        unsaved = obj.unsaved_changes() if change else []
        if change and to_historic(obj) is None and not unsaved:
            # Saving without a change moves nothing: no new version, no history record.
            return
        if "last_verified" in form.changed_data:
            obj.verified_by = request.user if obj.last_verified else None
        request.attempted_changes = [
            f"{form.fields[name].label}「{form.cleaned_data.get(name)}」"
            for name in form.changed_data
            if name != "version"
        ]
        if "weekly_hours" in unsaved:
            request.attempted_changes.append(f"受付時間（曜日ごと）「{obj.weekly_hours}」")
        super().save_model(request, obj, form, change)
        self.warn_about(request, obj)

    def warn_about(self, request, obj):
        for label, url in (("窓口のページ", obj.url), ("出典 URL", obj.source_url)):
            if url.startswith("http://"):
                self.message_user(
                    request,
                    f"{label}の URL が http:// です。https:// で開ける場合は https:// に直してください。",
                    messages.WARNING,
                )
        if obj.published and not obj.offered_methods:
            self.message_user(
                request,
                "公開中ですが、相談方法が1つも「はい」になっていません。確認できたら入力してください。",
                messages.WARNING,
            )

    @admin.action(description="確認済みにする（今日）", permissions=["change"])
    def mark_verified(self, request, queryset):
        today = timezone.localdate()
        verified, refused = 0, []
        for window in queryset:
            window.last_verified = today
            window.verified_by = request.user
            window._history_user = request.user
            window._change_reason = "確認済みにする（今日）"
            try:
                window.save(update_fields=["last_verified", "verified_by"])
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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        request.on_change_page = True
        extra_context = {
            **(extra_context or {}),
            **window_review_context(request, object_id),
            "holds_for_review": self.holds_for_review(request),
        }
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ConcurrentEditError as error:
            return refuse_lost_update(self, request, error)

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

    # Import and export: the user decides which rows a resource may touch.
    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            import_uploads.remember(request, initial["import_file_name"], initial["format"])
        return initial

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        upload = import_uploads.posted(request)
        stored = self.get_tmp_storage_class()(name=upload[0])
        if not import_uploads.owns(request, upload) or stored.read() is None:
            return TemplateResponse(
                request,
                "admin/consultations/consultationwindow/import_refused.html",
                {**self.admin_site.each_context(request), "opts": self.opts, "title": "取込"},
                status=400,
            )
        import_uploads.forget(request, upload)
        return super().process_import(request, **kwargs)

    def get_import_data_kwargs(self, **kwargs):
        # All or nothing, in the confirm step too: one invalid row rolls back every row.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            numbers = sorted(
                {row.number for row in result.invalid_rows}
                | {row.number for row in result.error_rows}
            )
            rows = [str(n) for n in numbers]
            self.message_user(
                request,
                f"取込を中止しました。データ {'、'.join(rows)} 行目に誤りがあるため、何も書き込んでいません。"
                "ファイルを直して、もう一度取り込んでください。",
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:consultations_consultationwindow_import"))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        counts = Counter(
            "held" if getattr(row, "held_for_review", False) else row.import_type
            for row in result.rows
        )
        held = (
            f"変更申請 {counts['held']} 件（都職員の承認まで公開ページは今の内容のまま）、"
            if counts["held"]
            else ""
        )
        self.message_user(
            request,
            f"取込が終わりました。追加 {counts['new']} 件、更新 {counts['update']} 件、{held}"
            f"変更なし {counts['skip']} 件。",
            messages.SUCCESS,
        )

    # Deleted windows stay in history; staff recover them from there.
    def get_urls(self):
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name="consultations_consultationwindow_deleted",
            ),
            *super().get_urls(),
        ]

    def deleted_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        records = (
            ConsultationWindow.history.filter(history_type="-")
            .filter(scope_filter(request.user, "municipality"))
            .exclude(id__in=ConsultationWindow.objects.values("pk"))
            .select_related("municipality", "history_user")
            .order_by("-history_date", "-history_id")
        )
        latest = {}
        for record in records:
            latest.setdefault(record.id, record)
        context = {
            **self.admin_site.each_context(request),
            "title": "削除した窓口（復元できます）",
            "opts": self.opts,
            "records": [(record, staff_name(record.history_user)) for record in latest.values()],
        }
        return TemplateResponse(
            request, "admin/consultations/consultationwindow/deleted.html", context
        )


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
        return super().has_add_permission(request, obj) and keeps_all(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and keeps_all(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and keeps_all(request.user)


class PublishedWindowFilter(admin.SimpleListFilter):
    title = "公開中の窓口"
    parameter_name = "has_window"

    def lookups(self, request, model_admin):
        return [("no", "なし（確認中と表示）"), ("yes", "あり")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return (
                queryset.filter(published_windows__gt=0)
                if self.value() == "yes"
                else queryset.filter(published_windows=0)
            )
        return queryset


admin.site.unregister(Municipality)


@admin.register(Municipality)
class MunicipalityWithWindowsAdmin(MunicipalityAdmin):
    """The municipality page, with its windows; municipal staff's contact changes are proposals.

    代表電話 and 公式サイト are what residents see (on a 確認中 page the only local number),
    so for 区市町村職員 they change through a WindowRevision like a published window; the
    rest of the page (the source of the contact details, the staff-only requirement facts)
    saves at once.
    """

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

    def holds_for_review(self, request):
        return staff_municipality(request.user) not in (None, ALL_MUNICIPALITIES)

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
        # Back to the page, which shows the proposal: the public pages have not changed.
        url = reverse("admin:municipalities_municipality_change", args=[obj.pk])
        return HttpResponseRedirect(url)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        request.on_change_page = True
        extra_context = {
            **(extra_context or {}),
            **contact_review_context(request, object_id),
            "holds_for_review": self.holds_for_review(request),
        }
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ConcurrentEditError as error:
            return refuse_lost_update(self, request, error)


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
