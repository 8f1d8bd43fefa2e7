import django_filters
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from municipalities.models import Municipality, Region
from municipalities.normalize import search_terms

from . import tristate
from .forms import ResidentForm
from .models import CONDITIONS, MAX_AGE, Callback, ConsultationWindow, Method, Who
from .staff import overview_table
from .staff.overview import Check

# The Support-Net intake filter's values (the open data's documentation lists them too).
SUPPORT_NET_CHOICES = tristate.choices(_("受け付けている"), _("受け付けていない"))
# The conditions families ask about, by field name: all ticked must be confirmed (はい).
CONDITION_CHOICES = [(name, label) for name, label, _yes, _no in CONDITIONS]
# How a call back shows on the phone; unknown is a value too (the data often does not say).
CALLBACK_CHOICES = [*Callback.choices, ("unknown", _("未確認"))]
MAX_SEARCH_LENGTH = 100


def choice_parameters():
    """(parameter, accepted values) for the search's filters with fixed choices: the open-data
    page and the HSDS API description list them from here."""
    return [
        ("region", Region.choices),
        ("method", Method.choices),
        ("who", Who.choices),
        ("support_net_visit", SUPPORT_NET_CHOICES),
        ("condition", CONDITION_CHOICES),
        ("callback", CALLBACK_CHOICES),
    ]


class AgeFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class MunicipalityChoiceField(ModelChoiceField):
    def label_from_instance(self, municipality):
        return municipality.localized_name


class MunicipalityFilter(django_filters.ModelChoiceFilter):
    field_class = MunicipalityChoiceField


class WindowFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("キーワード"),
        method="filter_keyword",
        max_length=MAX_SEARCH_LENGTH,
        help_text=_("区市町村名（ひらがな・カタカナも可）や窓口名"),
    )
    # Kept by links (a municipality page's "other ways to search"), not offered as a select: a
    # name typed into the keyword box lands on the municipality's own page, which is the answer;
    # a list of 63 (or Japan's 1,741) options was the slowest part of the page and the wrong control.
    municipality = MunicipalityFilter(
        label=_("区市町村"),
        queryset=Municipality.objects.in_prefecture(),
        widget=forms.HiddenInput,
    )
    region = django_filters.ChoiceFilter(
        label=_("地域"),
        field_name="municipality__region",
        choices=Region.choices,
        empty_label=_("すべて"),
    )
    method = django_filters.MultipleChoiceFilter(
        label=_("相談方法"),
        choices=Method.choices,
        method="filter_methods",
        widget=forms.CheckboxSelectMultiple,
    )
    who = django_filters.ChoiceFilter(
        label=_("相談する人"),
        choices=Who.choices,
        method="filter_who",
        empty_label=_("指定しない"),
    )
    age = AgeFilter(
        label=_("ご本人の年齢"),
        method="filter_age",
        min_value=0,
        max_value=MAX_AGE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    support_net_visit = django_filters.ChoiceFilter(
        label=_("サポートネット訪問相談の受付"),
        choices=SUPPORT_NET_CHOICES,
        method="filter_support_net_visit",
        empty_label=_("指定しない"),
    )
    condition = django_filters.MultipleChoiceFilter(
        label=_("ご家族が気にかける条件"),
        choices=CONDITION_CHOICES,
        method="filter_conditions",
        widget=forms.CheckboxSelectMultiple,
    )
    callback = django_filters.ChoiceFilter(
        label=_("折り返しの電話"),
        choices=CALLBACK_CHOICES,
        method="filter_callback",
        empty_label=_("指定しない"),
    )

    class Meta:
        model = ConsultationWindow
        fields = []
        form = ResidentForm

    def filter_queryset(self, queryset):
        # One order wherever the results go (the page, its print view and PDF, the CSV and
        # HSDS lists): local windows before Tokyo-wide ones.
        return super().filter_queryset(queryset).local_first()

    def active_conditions(self):
        """「label：value」 for each condition set besides the keyword, for the one-line summary
        a phone shows above the results (the full form is further down)."""
        conditions = []
        for name, value in self.form.cleaned_data.items():
            if name == "q" or value in (None, "", []):
                continue
            field = self.form.fields[name]
            if name == "municipality":
                shown = value.localized_name
            elif hasattr(field, "choices"):
                labels = dict(field.choices)
                values = value if isinstance(value, list) else [value]
                shown = gettext("・").join(str(labels[v]) for v in values)
            else:
                shown = str(value)
            conditions.append(
                gettext("%(label)s：%(value)s") % {"label": field.label, "value": shown}
            )
        return conditions

    def filter_keyword(self, queryset, name, value):
        return queryset.matching_keywords(search_terms(value))

    def filter_methods(self, queryset, name, value):
        return queryset.offering(value)

    def filter_who(self, queryset, name, value):
        return queryset.for_who(value)

    def filter_age(self, queryset, name, value):
        return queryset.admitting_age(value)

    def filter_support_net_visit(self, queryset, name, value):
        return queryset.filter(support_net_visit=tristate.from_key(value))

    def filter_conditions(self, queryset, name, value):
        return queryset.filter(**{condition: True for condition in value})

    def filter_callback(self, queryset, name, value):
        return queryset.filter(callback="" if value == "unknown" else value)


class OverviewForm(forms.Form):
    """The overview's filters on computed columns and its order (overview_table): the region
    narrows the municipalities' query, these narrow and order the rows made from it."""

    requirement = forms.ChoiceField(
        label="要件", required=False, choices=[("", "すべて"), *Check.choices]
    )
    answer = forms.ChoiceField(label="状態", required=False, choices=overview_table.ANSWER_CHOICES)
    round_state = forms.ChoiceField(
        label="確認依頼",
        required=False,
        choices=[("", "すべて"), *overview_table.ROUND_CHOICES],
    )
    sort = forms.ChoiceField(
        label="並べ替え",
        required=False,
        choices=overview_table.SORT_CHOICES,
        widget=forms.HiddenInput,
    )


class OverviewFilter(django_filters.FilterSet):
    """The staff overview's region filter (a municipality queryset, not windows)."""

    region = django_filters.ChoiceFilter(
        label="地域", choices=Region.choices, empty_label="すべての地域"
    )

    class Meta:
        model = Municipality
        fields = []
        form = OverviewForm

    def filter_queryset(self, queryset):
        # The form's other fields narrow and order the overview's rows (overview_table).
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset
