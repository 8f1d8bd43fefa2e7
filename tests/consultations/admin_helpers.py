"""What a browser would post back from the window change form, for admin tests."""

from django.forms import FileField, inlineformset_factory
from django.urls import reverse

from consultations.forms import WindowAdminForm
from consultations.models import ConsultationWindow, OpeningHours


def posted(form):
    """What a browser posts back of `form`'s fields: nothing for a file input left alone."""
    return {
        name: form[name].value()
        for name, field in form.fields.items()
        if not isinstance(field, FileField)
    }


def change_data(window, **changes):
    """The change form's fields as shown for `window`, with `changes` applied."""
    form = WindowAdminForm(instance=window)
    data = posted(form)
    data.update(opening_hours_data(window))
    data.update(changes)
    return {name: "" if value is None else value for name, value in data.items()}


def opening_hours_data(window):
    """The opening-hours inline as posted back unchanged, management form included."""
    formset = inlineformset_factory(ConsultationWindow, OpeningHours, fields="__all__", extra=0)(
        instance=window, prefix="opening_hours"
    )
    data = {
        f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()
    }
    for form in formset.forms:
        data.update({form.add_prefix(name): form[name].value() for name in form.fields})
    return data


def window_url(name, *args):
    return reverse(f"admin:consultations_consultationwindow_{name}", args=args)


def municipality_url(name, *args):
    return reverse(f"admin:municipalities_municipality_{name}", args=args)


def propose(window, user, **changes):
    """What saving `changes` in the window form does for municipal staff: a pending proposal."""
    from consultations.models import ConsultationWindow, WindowRevision

    copy = ConsultationWindow.objects.get(pk=window.pk)
    for name, value in changes.items():
        setattr(copy, name, value)
    return WindowRevision.objects.propose(copy, user)


def form_data(response):
    """What the browser posts back from the change form it was shown (proposal included)."""
    form = response.context["adminform"].form
    data = posted(form)
    for inline in response.context.get("inline_admin_formsets", []):
        data.update(shown_formset_data(inline.formset))
    return {name: "" if value is None else value for name, value in data.items()}


def shown_formset_data(formset):
    """An inline formset as drawn on the page: its management form and every row's values."""
    data = {
        formset.management_form.add_prefix(name): formset.management_form[name].value()
        for name in formset.management_form.fields
    }
    for form in formset.forms:
        data.update({form.add_prefix(name): form[name].value() for name in form.fields})
    return data


def hours_rows(*spans, prefix="opening_hours"):
    """The opening-hours inline posted with exactly `spans` as new rows: (first, last, opens, closes)."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(spans)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, (first, last, opens, closes) in enumerate(spans):
        data.update(
            {
                f"{prefix}-{i}-first_day": str(first),
                f"{prefix}-{i}-last_day": "" if last is None else str(last),
                f"{prefix}-{i}-opens": opens,
                f"{prefix}-{i}-closes": closes,
            }
        )
    return data
