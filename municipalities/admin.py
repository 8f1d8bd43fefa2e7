from itertools import pairwise

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from .forms import MUNICIPALITY_FIELDSETS, MunicipalityForm, https_first
from .history import WordsContextHelper, diff
from .models import Municipality, StaffAssignment
from .normalize import search_terms
from .roles import (
    METRO_GROUP,
    MUNICIPAL_GROUP,
    is_metro,
    may_keep,
    scope_filter,
)

admin.site.site_header = "東京都 ひきこもり相談窓口ガイド 管理"
admin.site.site_title = "相談窓口ガイド 管理"
admin.site.index_title = "データの管理"


class MunicipalityScopedAdmin:
    """Row-level rights: staff see and change only rows of the municipality they keep.

    Mix in first, before ModelAdmin / SimpleHistoryAdmin. `scope_lookup` is the path
    from the model to its municipality ("municipality" for a window, "code" for a
    municipality, "window__municipality" for something about a window). Every admin
    path goes through here: the changelist and bulk actions (get_queryset), a change
    URL with another id (get_queryset, then object permissions), the add/change form's
    municipality choices (formfield_for_foreignkey, also behind autocomplete), saving
    (save_model), and history, revert and recovery of deleted rows (history views).
    """

    scope_lookup = "municipality"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(scope_filter(request.user, self.scope_lookup))

    def municipality_code_of(self, obj):
        *path, last = self.scope_lookup.split("__")
        for part in path:
            obj = getattr(obj, part)
        return getattr(obj, obj._meta.get_field(last).attname)

    def in_scope(self, request, obj):
        return obj is None or may_keep(request.user, self.municipality_code_of(obj))

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_scope(request, obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return super().formfield_for_dbfield(db_field, request, **https_first(db_field, kwargs))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = db_field.related_model._default_manager.all()
        if hasattr(queryset, "editable_by"):
            kwargs["queryset"] = queryset.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not self.in_scope(request, obj):
            raise Http404("担当外の区市町村のデータは保存できません。")
        super().save_model(request, obj, form, change)

    def history_view(self, request, object_id, extra_context=None):
        # Proposals keep no simple-history of their own: Django's plain history page finds the
        # row through get_queryset, as the change page does.
        if hasattr(self.model, "history"):
            self.check_history_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.check_history_scope(request, object_id, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def check_history_scope(self, request, object_id, version_id=None):
        """404 unless the row as it is now (or, if deleted, as last recorded) and the
        version asked for both belong to a municipality the user keeps."""
        try:
            pk = self.model._meta.pk.to_python(unquote(object_id))
            history = self.model.history.filter(**{self.model._meta.pk.attname: pk})
            rows = [
                self.model._base_manager.filter(pk=pk).first()
                or history.order_by("-history_date", "-history_id").first()
            ]
            if version_id is not None:
                rows.append(history.filter(history_id=int(version_id)).first())
        except (ValidationError, ValueError) as error:
            raise Http404 from error
        if any(row is None or not self.in_scope(request, row) for row in rows):
            raise Http404

    def history_view_title(self, request, obj):
        return f"変更履歴: {obj}"

    def history_form_view_title(self, request, obj):
        return f"この版の内容: {obj}"

    # Fields staff change without a form field of their own (a window's weekly hours, written
    # by its inline grid) that history diffs list all the same.
    history_derived_fields = ()

    def get_historical_record_context_helper(self, request, historical_record):
        return WordsContextHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """simple-history's diffs, with the derived fields above and without the version."""
        records = list(historical_records)
        for newer, older in pairwise(records):
            delta = diff(
                newer, older, self.history_derived_fields, ("version",), foreign_keys_are_objs
            )
            helper = self.get_historical_record_context_helper(request, newer)
            newer.history_delta_changes = helper.context_for_delta_changes(delta)


@admin.register(Municipality)
class MunicipalityAdmin(MunicipalityScopedAdmin, SimpleHistoryAdmin):
    scope_lookup = "code"
    ordering = ["code"]
    list_display = ["code", "name", "kind", "region", "lead_department_label"]
    list_filter = ["region", "kind"]
    search_fields = ["code", "name", "name_kana", "name_en"]
    form = MunicipalityForm
    fieldsets = MUNICIPALITY_FIELDSETS
    readonly_fields = ["requirements_updated"]
    # The 62 and Tokyo are reference data: municipal staff keep only their contact details.
    reference_fields = ["code", "name", "name_kana", "name_en", "kind", "region", "district"]

    @admin.display(description="主管部署")
    def lead_department_label(self, obj):
        return obj.lead_department or "未指定（未確認）"

    def get_search_results(self, request, queryset, search_term):
        """Kana- and width-insensitive, like the public search (also behind autocomplete)."""
        terms = search_terms(search_term)
        if not terms:
            return queryset, False
        return queryset.matching(terms), False

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        # Changing the primary key in a form would copy the municipality, not rename it.
        kept = ["code"] if is_metro(request.user) else self.reference_fields
        return [*self.readonly_fields, *kept]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and is_metro(request.user)

    def has_delete_permission(self, request, obj=None):
        # Reference data: the 62 municipalities and Tokyo never disappear.
        return False


class StaffAssignmentInline(admin.StackedInline):
    model = StaffAssignment
    can_delete = True
    max_num = 1
    extra = 1


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Metropolitan staff manage staff accounts, but can neither create nor touch superusers."""

    inlines = [StaffAssignmentInline]
    list_display = ["username", "last_name", "first_name", "is_active", "role", "municipality"]
    list_filter = ["is_active", "groups", "staff_assignment__municipality__region"]
    list_select_related = ["staff_assignment__municipality"]
    staff_groups = [METRO_GROUP, MUNICIPAL_GROUP]

    @admin.display(description="役割")
    def role(self, obj):
        return ", ".join(group.name for group in obj.groups.all()) or "（なし）"

    @admin.display(description="担当区市町村")
    def municipality(self, obj):
        assignment = getattr(obj, "staff_assignment", None)
        return assignment.municipality if assignment else "—"

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("groups")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["is_superuser", "user_permissions", "last_login", "date_joined"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=self.staff_groups)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
