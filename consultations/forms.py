from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from municipalities import postal

from .models import ErrorReport, Who

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


class ErrorReportForm(forms.ModelForm):
    """この情報の誤りを報告: what is wrong, an optional contact, and a field only robots fill."""

    # Hidden from people by CSS and from screen readers by aria-hidden; bots fill every box.
    website = forms.CharField(label=_("この欄は空のままにしてください"), required=False)

    class Meta:
        model = ErrorReport
        fields = ["what", "contact"]
        labels = {"what": _("どこが違っていますか"), "contact": _("連絡先（任意）")}
        help_texts = {
            "what": _("例：電話番号が変わっている、受付時間が違う、窓口がなくなった。"),
            "contact": _(
                "確認のためにご連絡することがあります。メールアドレスか電話番号。空欄でもかまいません。"
            ),
        }
        widgets = {
            "what": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
            "contact": forms.TextInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "report-%s")
        super().__init__(*args, **kwargs)
        self.fields["what"].max_length = 2000
        self.fields["what"].validators.append(MaxLengthValidator(2000))

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("website"))
