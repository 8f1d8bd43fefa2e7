from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class PlainSelect(forms.Select):
    """A <select> written out in Python, for long option lists (the municipality filter).

    Django renders every option through its own template: for the 63 municipalities that was half
    of an uncached search page, and for 1,741 most of a second. Same markup, no option groups.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        options = []
        for option_value, label in self.choices:
            option = "" if option_value is None else str(option_value)
            mark = " selected" if option in selected else ""
            options.append(f'<option value="{escape(option)}"{mark}>{escape(label)}</option>')
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        return mark_safe(f"<select{flatatt(final_attrs)}>\n{chr(10).join(options)}\n</select>")
