"""Widgets of the public search form, written out in Python instead of through templates.

Django renders every widget, and every option and checkbox, through its template engine: on an
uncached search that was most of the page's cost (a whole second for the municipality select at
national scale). These produce the markup Django's own templates produce; the tests compare.
"""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language


def html_attrs(attrs):
    """Attributes as django/forms/widgets/attrs.html writes them (in order; True bare, False out)."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_tag(widget):
    """An <input> as django/forms/widgets/input.html writes it, from a widget's context."""
    value = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
    return mark_safe(
        f'<input type="{widget["type"]}" name="{conditional_escape(widget["name"])}"'
        f"{value}{html_attrs(widget['attrs'])}>"
    )


class PlainInputMixin:
    def render(self, name, value, attrs=None, renderer=None):
        return input_tag(self.get_context(name, value, attrs)["widget"])


class PlainTextInput(PlainInputMixin, forms.TextInput):
    pass


class PlainNumberInput(PlainInputMixin, forms.NumberInput):
    pass


class PlainCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose ``{{ choice.tag }}`` (an <input> without a wrapping label) is plain."""

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        if template_name == self.option_template_name and not widget.get("wrap_label"):
            return input_tag(widget)
        return super()._render(template_name, context, renderer)


class PlainSelect(forms.Select):
    """A <select> for long option lists (the municipality filter has 63, or 1,741 nationally).

    Same markup as Django's, without option groups. Set ``options_source`` to an object that
    stands for the choices (the same object for as long as they stay the same, e.g. rows kept
    per data version): the options are then written once per source and language, and each
    request only marks its selection.
    """

    options_source = None
    # Per field name and language: (source, options HTML) for the latest source.
    _written = {}

    def render(self, name, value, attrs=None, renderer=None):
        options = self.options_html(name)
        for selected in dict.fromkeys(str(v) for v in self.format_value(value)):
            tag = f'<option value="{escape(selected)}">'
            options = options.replace(tag, tag[:-1] + " selected>", 1)
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        return mark_safe(f"<select{flatatt(final_attrs)}>\n{options}\n</select>")

    def options_html(self, name):
        source = self.options_source
        if source is None:
            return self.write_options()
        key = (name, get_language())
        held = self._written.get(key)
        if held is None or held[0] is not source:
            held = (source, self.write_options())
            self._written[key] = held
        return held[1]

    def write_options(self):
        return "\n".join(
            f'<option value="{escape("" if value is None else str(value))}">{escape(label)}</option>'
            for value, label in self.choices
        )
