import django_filters
from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from municipalities.models import Municipality, Region
from municipalities.normalize import search_terms

from .models import ConsultationWindow, Method, Who
from .widgets import PlainCheckboxes, PlainNumberInput, PlainSelect, PlainTextInput

SUPPORT_NET_CHOICES = [
    ("yes", _("受け付けている")),
    ("no", _("受け付けていない")),
    ("unknown", _("未確認")),
]
SUPPORT_NET_VALUES = {"yes": True, "no": False, "unknown": None}


class AgeFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class NameChoiceIterator(ModelChoiceIterator):
    """(code, name) rows for the options, without a model instance each (1,741 at national scale)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        english = (get_language() or "").split("-")[0] == "en"
        rows = getattr(self.field, "known_rows", None)
        if rows is None:
            rows = self.queryset.values_list("pk", "name", "name_en")
        for code, name, name_en in rows:
            yield (code, name_en if english and name_en else name)


class NameChoiceField(ModelChoiceField):
    iterator = NameChoiceIterator


class MunicipalityFilter(django_filters.ModelChoiceFilter):
    field_class = NameChoiceField


class WindowFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("キーワード"),
        method="filter_keyword",
        max_length=100,
        help_text=_("区市町村名（ひらがな・カタカナも可）や窓口名"),
        widget=PlainTextInput,
    )
    municipality = MunicipalityFilter(
        label=_("区市町村"),
        queryset=Municipality.objects.all(),
        empty_label=_("すべて"),
        widget=PlainSelect,
    )
    region = django_filters.ChoiceFilter(
        label=_("地域"),
        field_name="municipality__region",
        choices=Region.choices,
        empty_label=_("すべて"),
        widget=PlainSelect,
    )
    method = django_filters.MultipleChoiceFilter(
        label=_("相談方法"),
        choices=Method.choices,
        method="filter_methods",
        widget=PlainCheckboxes,
    )
    who = django_filters.ChoiceFilter(
        label=_("相談する人"),
        choices=Who.choices,
        method="filter_who",
        empty_label=_("指定しない"),
        widget=PlainSelect,
    )
    age = AgeFilter(
        label=_("ご本人の年齢"),
        method="filter_age",
        min_value=0,
        max_value=130,
        widget=PlainNumberInput(attrs={"inputmode": "numeric"}),
    )
    support_net_visit = django_filters.ChoiceFilter(
        label=_("サポートネット訪問相談の受付"),
        choices=SUPPORT_NET_CHOICES,
        method="filter_support_net_visit",
        empty_label=_("指定しない"),
        widget=PlainSelect,
    )

    def __init__(self, *args, municipality_rows=None, **kwargs):
        """``municipality_rows``: (code, name, name_en) of every municipality, when the view
        already holds them; the select is then filled without a query, and its options are
        written once for as long as the view hands over the same rows object."""
        super().__init__(*args, **kwargs)
        if municipality_rows is not None:
            field = self.form.fields["municipality"]
            field.known_rows = municipality_rows
            field.widget.options_source = municipality_rows

    class Meta:
        model = ConsultationWindow
        fields = []

    @classmethod
    def form_class(cls, build):
        if "_form_class" not in cls.__dict__:
            cls._form_class = build()
        return cls._form_class

    def get_form_class(self):
        # django-filter builds a new form class, with new fields, for every request; the class
        # depends only on the declarations above, so one per process will do (each form
        # instance still gets its own copies of the fields).
        return self.form_class(super().get_form_class)

    def filter_keyword(self, queryset, name, value):
        return queryset.matching_keywords(search_terms(value))

    def filter_methods(self, queryset, name, value):
        return queryset.offering(value)

    def filter_who(self, queryset, name, value):
        return queryset.for_who(value)

    def filter_age(self, queryset, name, value):
        return queryset.admitting_age(value)

    def filter_support_net_visit(self, queryset, name, value):
        return queryset.filter(support_net_visit=SUPPORT_NET_VALUES[value])


class OverviewFilter(django_filters.FilterSet):
    """The staff overview's region filter (a municipality queryset, not windows)."""

    region = django_filters.ChoiceFilter(
        label="地域", choices=Region.choices, empty_label="すべての地域"
    )

    class Meta:
        model = Municipality
        fields = []
