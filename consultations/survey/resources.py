"""Bulk export and import of windows (the annual survey) with django-import-export.

The file has the columns residents see, headed in Japanese, plus ID (which row to
update; blank for a new window) and 版 (the version the row was exported at, so an
import cannot silently undo a change saved in admin after the export).
"""

import logging
from collections import Counter

from django.core.exceptions import ValidationError
from import_export import fields, resources
from import_export.resources import Diff
from import_export.results import RowResult

from municipalities.roles import may_keep

from .. import tristate
from ..models import (
    ConsultationWindow,
    Method,
    Who,
    WindowRevision,
    method_field,
    save_as_staff,
    staff_name,
    target_field,
)
from .cells import (
    CodeWidget,
    NumberWidget,
    TriStateWidget,
    cell_text,
    from_cell,
    to_cell,
    widget_for,
)

logger = logging.getLogger(__name__)

# The file's name (with the date) and its XLSX sheet, in the words staff use.
EXPORT_NAME = "相談窓口"
ID_COLUMN = "ID"
VERSION_COLUMN = "版"
MUNICIPALITY_COLUMN = "区市町村コード"

# Public columns, in the order of the change form.
EXPORTED_FIELDS = [
    "name",
    "name_kana",
    "department",
    "operator",
    "display_order",
    "tier",
    "published",
    "phone",
    "fax",
    "email",
    "url",
    "address",
    "hours",
    # The weekly hours as the grid's text (one span a line) and the two closures, so an
    # exported file carries the whole schedule and comes back unchanged.
    "weekly_hours",
    "closed_on_public_holidays",
    "closed_year_end",
    *(target_field(w) for w in Who.values),
    "age_min",
    "age_max",
    "residency",
    *(method_field(m) for m in Method.values),
    "support_net_visit",
    "fee",
    # 相談の流れ, the conditions families ask about, consulting without a voice, and the
    # counsellor's card; its photo is uploaded in admin only.
    "flow_answered_by",
    "flow_questions",
    "flow_duration",
    "flow_no_diagnosis",
    "flow_next",
    "family_without_consent",
    "anonymous_ok",
    "out_of_area_family",
    "same_counsellor",
    "callback",
    "written_howto",
    "written_url",
    "written_reply_time",
    "message",
    "message_by",
    "message_photo_alt",
    "message_consent_on",
    "message_expires_on",
    "source_url",
    "last_verified",
]


def shown(field, value):
    """A cell as the preview shows it, in the review page's words (未確認, （空欄）)."""
    if value in ("", None):
        return tristate.WORDS[None] if isinstance(field.widget, TriStateWidget) else "（空欄）"
    return str(value)


class ChangesDiff(Diff):
    """The import preview's diff: [(column, now, imported)] for the cells a row changes.

    Drawn like the review page (old → new per field) instead of import-export's table of
    every column. The ID a new row and the 版 a saved row get from the dry run are not changes
    anyone made.
    """

    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        self.fields = resource.get_import_fields()

    def as_html(self):
        changes = []
        for field, old, new in zip(self.fields, self.left, self.right, strict=True):
            if field.attribute == "id" or field.readonly or (self.new and new in ("", None)):
                continue
            before = shown(field, "" if self.new else old)
            if self.new or before != shown(field, new):
                changes.append((field.column_name, before, shown(field, new)))
        return changes


def row_kinds(result):
    """How many rows are new, updated, held as proposals (held), unchanged (skip) and blank."""
    return Counter(
        "blank"
        if getattr(row, "blank", False)
        else "held"
        if getattr(row, "held_for_review", False)
        else row.import_type
        for row in result.rows
    )


class WindowResource(resources.ModelResource):
    id = fields.Field(attribute="id", column_name=ID_COLUMN, widget=NumberWidget())
    municipality = fields.Field(
        attribute="municipality_id", column_name=MUNICIPALITY_COLUMN, widget=CodeWidget()
    )
    municipality_name = fields.Field(
        attribute="municipality__name", column_name="区市町村名", readonly=True
    )
    version = fields.Field(
        attribute="version", column_name=VERSION_COLUMN, widget=NumberWidget(), readonly=True
    )

    class Meta:
        model = ConsultationWindow
        fields = ["id", "municipality", "municipality_name", *EXPORTED_FIELDS, "version"]
        import_id_fields = ["id"]
        # An unchanged row is not saved: no new version, no history record.
        # skip_diff must stay False: with it, skip_unchanged is ignored.
        skip_unchanged = True
        skip_diff = False
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        field.column_name = str(django_field.verbose_name)
        field.widget = widget_for(django_field)
        return field

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        # Row numbers held as proposals for metropolitan approval (ConsultationWindow.needs_review).
        self.held_rows = set()

    def get_diff_class(self):
        return ChangesDiff

    def import_data(self, *args, **kwargs):
        result = super().import_data(*args, **kwargs)
        # Staff see where it stopped (the import page); the cause is for whoever keeps the server.
        for error in result.base_errors:
            logger.error("Import stopped: %r\n%s", error.error, error.traceback)
        for number, errors in result.row_errors():
            for error in errors:
                logger.error("Import row %s failed: %r\n%s", number, error.error, error.traceback)
        result.kinds = row_kinds(result)
        return result

    def export(self, *args, **kwargs):
        dataset = super().export(*args, **kwargs)
        dataset.title = EXPORT_NAME
        return dataset

    def get_queryset(self):
        return ConsultationWindow.objects.editable_by(self.user).select_related("municipality")

    def export_field(self, field, instance, **kwargs):
        return to_cell(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        for column, value in row.items():
            row[column] = from_cell(value)
        for column in (ID_COLUMN, VERSION_COLUMN):
            text = cell_text(row.get(column))
            if text and not text.isdigit():
                raise ValidationError(
                    f"{column}「{text}」は数字ではありません。書き出したままにしてください。"
                )
        # Without its version a row could undo a change saved after the export.
        if cell_text(row.get(ID_COLUMN)) and not cell_text(row.get(VERSION_COLUMN)):
            raise ValidationError(
                {
                    "version": f"「{VERSION_COLUMN}」が空欄です。ID のある行には書き出したときの"
                    f"{VERSION_COLUMN}が要ります（書き出しの後に管理画面で保存された変更を"
                    "上書きしないため）。新しく書き出したファイルに変更を写してから取り込んでください。"
                }
            )

    def get_or_init_instance(self, instance_loader, row):
        instance, new = super().get_or_init_instance(instance_loader, row)
        if new and cell_text(row.get(ID_COLUMN)):
            raise ValidationError(
                f"ID {cell_text(row.get(ID_COLUMN))} の窓口はないか、あなたの担当ではありません。"
                "新しい窓口を追加するときは ID を空欄にしてください。"
            )
        return instance, new

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        # Keyed by the model's field, so the model's own check (full_clean) leaves the field to
        # the cell's message instead of adding Django's 「NULL を指定できません」 for a blank one.
        if "municipality_id" in errors:
            errors["municipality"] = errors.pop("municipality_id")
        code = instance.municipality_id
        if code and "municipality" not in errors and not may_keep(self.user, code):
            errors["municipality"] = [
                ValidationError(
                    f"区市町村コード {code} の窓口はあなたの担当ではないので取り込めません。"
                )
            ]
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        exported = cell_text(row.get(VERSION_COLUMN))
        if not instance._state.adding and int(exported) != instance.version:
            raise ValidationError(
                f"この窓口は書き出しの後に管理画面で保存されています（書き出し時の版 {exported}、"
                f"現在の版 {instance.version}）。新しく書き出したファイルに変更を写してから取り込んでください。"
            )
        instance._change_reason = f"一括取込（{kwargs.get('file_name') or 'ファイル'}）"
        if instance.pk and instance.needs_review(self.user):
            self.refuse_anothers_proposal(instance)

    def refuse_anothers_proposal(self, instance):
        """A row must not silently replace a colleague's pending proposal; one's own it may."""
        pending = (
            WindowRevision.objects.pending()
            .filter(window_id=instance.pk)
            .exclude(proposed_by=self.user)
            .select_related("proposed_by")
            .first()
        )
        if pending is not None:
            raise ValidationError(
                f"この窓口には {staff_name(pending.proposed_by)} さんの承認待ちの変更申請"
                f"（{pending.created_at:%Y-%m-%d}）があります。管理画面で申請を確かめてから取り込んでください。"
            )

    def do_instance_save(self, instance, is_create):
        # The same workflow as the change form (models.staff_saves): a row changes what a
        # save there would, confirmation round included.
        instance._staff_save = save_as_staff(instance, self.user, instance._change_reason)

    def after_save_instance(self, instance, row, **kwargs):
        if instance._staff_save.proposed:
            self.held_rows.add(kwargs.get("row_number"))

    def import_row(self, row, instance_loader, **kwargs):
        if not any(cell_text(value) for value in row.values()):
            # A blank row (Excel keeps them between rows and after the last) is no window.
            result = self.get_row_result_class()()
            result.import_type = RowResult.IMPORT_TYPE_SKIP
            result.blank = True
            result.number = kwargs.get("row_number")
            return result
        result = super().import_row(row, instance_loader, **kwargs)
        result.held_for_review = kwargs.get("row_number") in self.held_rows
        result.number = kwargs.get("row_number")
        if result.validation_error is not None:
            result.validation_error = self.labelled(result.validation_error)
        return result

    def labelled(self, error):
        """Key a row's errors by the Japanese column names staff see in the file."""
        if not hasattr(error, "error_dict"):
            return error
        columns = {field.attribute: field.column_name for field in self.fields.values()}
        for name in EXPORTED_FIELDS:
            columns.setdefault(name, str(ConsultationWindow._meta.get_field(name).verbose_name))
        columns["municipality"] = MUNICIPALITY_COLUMN
        return ValidationError(
            {columns.get(key, key): value for key, value in error.error_dict.items()}
        )


# The headings a file may carry (all the export writes); without the first three a row cannot
# say which window it is, at which version, or where a new one belongs.
COLUMNS = [field.column_name for field in WindowResource.fields.values()]
REQUIRED_COLUMNS = [ID_COLUMN, MUNICIPALITY_COLUMN, VERSION_COLUMN]
