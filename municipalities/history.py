"""Change history (django-simple-history) helpers shared by the directory's models."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import BooleanField
from simple_history.models import DeletedObject, ModelChange, ModelDelta
from simple_history.template_utils import HistoricalRecordContextHelper

BASELINE_REASON = "履歴の記録を始める前の内容"

# A link to no one or nothing (a report not yet assigned).
NOBODY = "（なし）"


def record_history_baseline(instance):
    """Before the first recorded change of a row, record what it held until then.

    Rows loaded from fixtures have no history, so without this the first change
    would show no "before" and a conflicting edit could not say what changed.
    """
    model = type(instance)
    if instance._state.adding or instance.pk is None or instance.history.exists():
        return
    current = model._base_manager.filter(pk=instance.pk).first()
    if current is None:
        return
    current._history_user = None
    current._change_reason = BASELINE_REASON
    model.history.bulk_history_create(
        [current], update=True, default_date=getattr(current, "updated_at", None)
    )


def diff(newer, older, derived=(), excluded=("version",), foreign_keys_are_objs=True):
    """What changed from `older` to `newer` (historical records), in model field order.

    simple-history's diff_against compares editable fields only; `derived` names fields
    staff change through something else (a window's weekly hours, edited in a grid) that
    must show all the same. The version counter changes on every save and says nothing.
    """
    delta = newer.diff_against(
        older, excluded_fields=excluded, foreign_keys_are_objs=foreign_keys_are_objs
    )
    changes = list(delta.changes)
    for name in derived:
        old, new = getattr(older, name), getattr(newer, name)
        if old != new:
            changes.append(ModelChange(name, old, new))
    order = [field.name for field in newer.instance_type._meta.fields]
    changes.sort(key=lambda change: order.index(change.field))
    return ModelDelta(changes, [change.field for change in changes], older, newer)


class WordsContextHelper(HistoricalRecordContextHelper):
    """History in words staff use: choice labels, people by name, an empty link as （なし）.

    simple-history shows the stored value (`new → in_progress`) and a link to nobody as
    `Deleted ユーザー (pk=None)`.
    """

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(value, DeletedObject):
            if value.pk is None:
                return NOBODY
            return f"削除された{value.model._meta.verbose_name}（ID {value.pk}）"
        if field.is_relation and isinstance(value, AbstractBaseUser):
            return value.get_full_name() or value.get_username()
        if field.choices and value not in (None, ""):
            return dict(field.flatchoices).get(value, value)
        if isinstance(field, BooleanField):
            # Unknown is not No (the templates' 未確認), and the list would show both as empty.
            return {True: "はい", False: "いいえ"}.get(value, "未確認")
        return super().prepare_delta_change_value(change, value)
