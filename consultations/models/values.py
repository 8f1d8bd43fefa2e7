"""A model field's value as a proposal stores it and as staff read it in a change summary."""

import datetime

from django.db import models
from django.db.models.fields.files import FieldFile

from .. import tristate


def display_value(field, value):
    """A field value as staff read it in a change summary."""
    if value is None and not isinstance(field, models.BooleanField):
        return "（空欄）"
    if isinstance(field, models.BooleanField):
        return tristate.word(value)
    if field.choices:
        return dict(field.flatchoices).get(value, value) or "（空欄）"
    if value == "":
        return "（空欄）"
    return str(value)


def field_values(obj, fields):
    """`obj`'s `fields` as plain JSON values (dates as ISO text), by name."""
    values = {}
    for field in fields:
        value = field.value_from_object(obj)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif isinstance(value, FieldFile):  # a photo: its name in storage
            value = value.name or ""
        values[field.name] = value
    return values
