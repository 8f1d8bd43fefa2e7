"""The annual survey's export and import of windows, and recovering deleted windows."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST
from import_export.forms import SelectableFieldsExportForm

from municipalities.roles import scope_filter

from ..models import (
    ConsultationWindow,
    staff_name,
)
from ..survey import import_uploads
from ..survey.formats import read_failure
from ..survey.resources import EXPORT_NAME, row_kinds

FORMAT_LABELS = {
    "---": "選んでください",
    "csv": "CSV（UTF-8、Excel で開けます）",
    "xlsx": "Excel（XLSX）",
}

# Without these a file cannot come back: which window a row is, and the version it was
# exported at (refused if stale or missing), and where a new window belongs.
KEPT_COLUMNS = ("id", "municipality", "version")


class WindowExportForm(SelectableFieldsExportForm):
    """The export's columns, in Japanese; ID, 区市町村コード and 版 are always written."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].label = "ファイルの形式"
        self.fields["format"].choices = [
            (value, FORMAT_LABELS.get(label, label))
            for value, label in self.fields["format"].choices
        ]
        for resource in self.resources:
            for name in KEPT_COLUMNS:
                field = self.fields.get(self.create_boolean_field_name(resource, name))
                if field is not None:
                    # A disabled field keeps its initial value (True) whatever is posted.
                    field.disabled = True
                    field.help_text = "取込に必要なため、いつも書き出します。"

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return field.column_name if field else field_name


class WindowFileAdmin:
    """Export, import with a preview the uploader alone may confirm, and deleted windows."""

    # Import and export: the user decides which rows a resource may touch.
    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}

    def get_export_filename(self, request, queryset, file_format):
        return f"{EXPORT_NAME}_{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    def _do_file_export(self, file_format, request, queryset, **kwargs):
        response = super()._do_file_export(file_format, request, queryset, **kwargs)
        # import-export writes filename="…" raw, which browsers garble for a Japanese name;
        # RFC 6266's filename* carries it as UTF-8.
        response["Content-Disposition"] = content_disposition_header(
            True, self.get_export_filename(request, queryset, file_format)
        )
        return response

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            import_uploads.remember(
                request, initial["import_file_name"], initial["format"], initial["resource"]
            )
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

    def add_data_read_fail_error_to_form(self, form, e):
        form.add_error("import_file", read_failure(e))

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
        counts = row_kinds(result)
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
