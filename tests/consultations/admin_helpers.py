"""What a browser would post back from the window change form, for admin tests."""

from django.urls import reverse

from consultations.forms import WindowAdminForm


def change_data(window, **changes):
    """The change form's fields as shown for `window`, with `changes` applied."""
    form = WindowAdminForm(instance=window)
    data = {name: form[name].value() for name in form.fields}
    data.update(changes)
    return {name: "" if value is None else value for name, value in data.items()}


def window_url(name, *args):
    return reverse(f"admin:consultations_consultationwindow_{name}", args=args)


def municipality_url(name, *args):
    return reverse(f"admin:municipalities_municipality_{name}", args=args)
