from django import forms
from django.db import models

from .models import Municipality


class UnknownYesNoSelect(forms.NullBooleanSelect):
    """Yes/no with 未確認 for NULL, the word staff see everywhere else for an unknown fact."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", "未確認"), ("true", "はい"), ("false", "いいえ")]


class MunicipalityForm(forms.ModelForm):
    """The admin's base form; the admin supplies the full field list from its fieldsets."""

    class Meta:
        model = Municipality
        fields = ["needs_survey_done", "platform_established"]
        widgets = {
            "needs_survey_done": UnknownYesNoSelect,
            "platform_established": UnknownYesNoSelect,
        }


MUNICIPALITY_FIELDSETS = [
    (None, {"fields": ["code", "name", "name_kana", "name_en", "kind", "region", "district"]}),
    ("代表の連絡先", {"fields": ["website", "main_phone", "contact_source"]}),
    (
        "国の要件・地域の状況",
        {
            "description": (
                "職員向けの「国の要件・地域の状況」一覧の ✓・✗・? になります。"
                "分からない項目は「未確認」のまま（?）にし、「いいえ」は確かめたときだけ選びます。"
            ),
            "fields": [
                "lead_department",
                ("needs_survey_done", "needs_survey_year"),
                ("platform_established", "platform_name"),
                "family_group_name",
                "family_group_contact",
                "requirements_updated",
            ],
        },
    ),
]


def https_first(db_field, kwargs):
    """Form field kwargs where a URL typed without a scheme gets https://, not http://."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return kwargs


def https_first_formfield(db_field, **kwargs):
    return db_field.formfield(**https_first(db_field, kwargs))
