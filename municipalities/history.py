"""Change history (django-simple-history) helpers shared by the directory's models."""

BASELINE_REASON = "履歴の記録を始める前の内容"


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
