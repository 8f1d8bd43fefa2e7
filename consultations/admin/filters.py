"""List filters of the window and municipality lists in admin."""

from django.contrib import admin

from .. import tristate
from ..models import (
    Method,
    method_field,
)


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
        return [(key, tristate.WORDS[value]) for key, value in self.values.items()]

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


class InboxMunicipalityFilter(admin.RelatedOnlyFieldListFilter):
    """区市町村, offering only the municipalities in the user's own list (a ward user: theirs).

    With one choice Django does not draw the filter, and then drops its parameter too, so a
    link with another municipality's code listed the ward's own rows as if they were that
    municipality's. A chosen value keeps the filter drawn and applied: the list is empty.
    """

    def has_output(self):
        return super().has_output() or bool(self.lookup_val)
