from django.contrib import admin
from django.db.models import Count, Q

from municipalities.admin import MunicipalityAdmin
from municipalities.models import Municipality

from .leaflets import print_leaflets
from .models import ConsultationWindow


@admin.register(ConsultationWindow)
class ConsultationWindowAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "municipality",
        "display_order",
        "published",
        "phone",
        "age_range",
        "support_net_visit",
        "confidence",
        "last_verified",
    ]
    list_filter = ["published", "municipality__region", "confidence", "support_net_visit"]
    list_select_related = ["municipality"]
    search_fields = [
        "name",
        "department",
        "operator",
        "municipality__name",
        "municipality__name_kana",
    ]
    autocomplete_fields = ["municipality"]
    readonly_fields = ["created_at", "updated_at", "source_record_id"]

    @admin.display(description="対象年齢")
    def age_range(self, obj):
        label = obj.age_range_label
        return f"⚠ {label}（年齢制限あり）" if obj.restricts_age else label


class WindowInline(admin.StackedInline):
    model = ConsultationWindow
    extra = 0
    fields = ["name", "display_order", "published", "phone", "email", "url", "last_verified"]
    show_change_link = True


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
