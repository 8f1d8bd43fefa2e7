"""What a browser would post back from the window change form, for admin tests."""

from django.forms import inlineformset_factory
from django.urls import reverse

from consultations.forms import WindowAdminForm
from consultations.models import ConsultationWindow, OpeningHours


def change_data(window, **changes):
    """The change form's fields as shown for `window`, with `changes` applied."""
    form = WindowAdminForm(instance=window)
    data = {name: form[name].value() for name in form.fields}
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
    data = {name: form[name].value() for name in form.fields}
    data.update(opening_hours_data(form.instance))
    return {name: "" if value is None else value for name, value in data.items()}
