from django import forms
from django.utils.translation import gettext_lazy as _

from municipalities import postal

from .models import Who

GUIDE_WHO = [(Who.SELF, _("ご本人（ひきこもりの状態にある方）")), (Who.FAMILY, _("ご家族"))]


class GuideForm(forms.Form):
    """The home page's "who is this for" questions; every answer but the place is optional."""

    age = forms.IntegerField(
        label=_("ご本人の年齢"),
        min_value=0,
        max_value=130,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    who = forms.ChoiceField(
        label=_("相談するのは"), choices=GUIDE_WHO, required=False, widget=forms.RadioSelect
    )
    municipality = forms.ChoiceField(label=_("お住まいの区市町村"), required=False)
    postal_code = forms.CharField(
        label=_("または郵便番号"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )

    def __init__(self, *args, municipalities, **kwargs):
        kwargs.setdefault("auto_id", "guide-%s")
        super().__init__(*args, **kwargs)
        # The page already holds the municipality list; a ModelChoiceField would query it again.
        self.municipalities = {m.code: m for m in municipalities}
        self.fields["municipality"].choices = [("", _("選んでください"))] + [
            (m.code, m.localized_name) for m in municipalities
        ]

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        if value and not postal.looks_like_postal_code(value):
            raise forms.ValidationError(
                _("郵便番号は7桁の数字で入力してください（例：192-0083）。"), code="postal_code"
            )
        return value

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("municipality")
        cleaned["municipality"] = self.municipalities.get(code) if code else None
        if not code and not cleaned.get("postal_code") and not self.has_error("postal_code"):
            raise forms.ValidationError(
                _("お住まいの区市町村を選ぶか、郵便番号を入力してください。"), code="place"
            )
        return cleaned
