from django.contrib import admin

from .forms import MUNICIPALITY_FIELDSETS, MunicipalityForm
from .models import Municipality


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "region", "lead_department_label"]
    list_filter = ["region", "kind"]
    search_fields = ["code", "name", "name_kana", "name_en"]
    form = MunicipalityForm
    fieldsets = MUNICIPALITY_FIELDSETS
    readonly_fields = ["requirements_updated"]

    @admin.display(description="主管部署")
    def lead_department_label(self, obj):
        return obj.lead_department or "未指定（未確認）"

    def has_delete_permission(self, request, obj=None):
        # Reference data: the 62 municipalities and Tokyo never disappear.
        return False
