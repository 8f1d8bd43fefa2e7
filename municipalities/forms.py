from django.db import models


def https_first(db_field, kwargs):
    """Form field kwargs where a URL typed without a scheme gets https://, not http://."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return kwargs


def https_first_formfield(db_field, **kwargs):
    return db_field.formfield(**https_first(db_field, kwargs))
