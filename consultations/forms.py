from django import forms
from django.core.files.storage import default_storage
from django.core.validators import MaxLengthValidator
from django.db import models
from django.forms.renderers import Jinja2
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.models import to_historic

from municipalities import postal
from municipalities.forms import MunicipalityForm, https_first_formfield
from municipalities.models import Municipality
from municipalities.phone import normalise_phone

from . import tristate
from .models import (
    MAX_AGE,
    MESSAGE_LENGTH,
    ConsultationWindow,
    ErrorReport,
    Who,
    WindowRevision,
    staff_name,
)
from .photos import PhotoField, PhotoInput
from .readings import to_katakana

# Residents' forms draw their widgets from Django's Jinja2 copies of its widget templates: the same
# markup at a third of the cost, and the search form's widgets were the largest part of an
# uncached search (README, Performance). Admin forms keep the default: admin widgets only exist
# as Django templates. One instance, so its template environment is built once per process.
RESIDENT_RENDERER = Jinja2()


class ResidentForm(forms.Form):
    default_renderer = RESIDENT_RENDERER


class TriStateSelect(forms.NullBooleanSelect):
    """はい / いいえ / 未確認: unknown is not No, and Django's own label says 不明."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [
            ("unknown", tristate.WORDS[None]),
            ("true", tristate.WORDS[True]),
            ("false", tristate.WORDS[False]),
        ]


def reenter_on_latest(subject):
    """How to recover from a refused save: the latest version in a new tab, this input kept."""
    if isinstance(subject, Municipality):
        url = reverse("admin:municipalities_municipality_change", args=[subject.pk])
    else:
        url = reverse("admin:consultations_consultationwindow_change", args=[subject.pk])
    return format_html(
        '<a href="{}" target="_blank" rel="noopener">最新の内容を新しいタブで開き</a>、'
        "必要な変更をそちらでもう一度入力して保存してください。"
        "この画面の入力欄には、あなたの入力がそのまま残っています。",
        url,
    )


def conflict_messages(current, version):
    """Tell the second of two editors who saved in between and what they changed, old → new."""
    records, changes = current.changes_since(version)
    messages = [
        "この窓口は、あなたが編集画面を開いた後に別の職員が保存しました。"
        "あなたの変更はまだ保存されていません（相手の変更を上書きしないため）。"
    ]
    for record in records:
        when = timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M")
        messages.append(f"保存した人: {staff_name(record.history_user)}（{when}）")
    if changes:
        messages += [
            f"変更された項目 — {label}: 「{old}」→「{new}」" for label, old, new in changes
        ]
    elif changes is None:
        messages.append("変更の内容は履歴に残っていません。最新の内容と見比べてください。")
    messages.append(reenter_on_latest(current))
    return messages


def proposal_conflict_messages(subject, pending, seen_id):
    """Tell a municipal editor that the pending proposal about `subject` changed while they edited."""
    messages = []
    # The id comes from the posted form: look it up among this subject's proposals only, so
    # a tampered id reveals nothing of other windows' or municipalities' decisions.
    seen = (
        WindowRevision.objects.about(subject)
        .filter(pk=seen_id)
        .select_related("decided_by")
        .first()
    )
    if seen is not None and seen.pk != getattr(pending, "pk", None):
        when = timezone.localtime(seen.decided_at).strftime("%Y-%m-%d %H:%M")
        messages.append(
            f"あなたが編集画面を開いたときの申請は、その後「{seen.get_status_display()}」になりました"
            f"（{staff_name(seen.decided_by)}、{when}）。"
            + (f"理由: {seen.reason}" if seen.reason else "")
        )
    if pending is not None:
        when = timezone.localtime(pending.created_at).strftime("%Y-%m-%d %H:%M")
        what = "この区市町村の代表の連絡先" if isinstance(subject, Municipality) else "この窓口"
        messages.append(
            f"あなたが編集画面を開いた後に、{staff_name(pending.proposed_by)} さんが"
            f"{what}の変更を申請しました（{when}）。"
        )
    messages.append("あなたの変更はまだ申請していません（ほかの申請や判断を上書きしないため）。")
    messages.append(reenter_on_latest(subject))
    return messages


class ProposalForm(forms.Form):
    """For municipal staff, whose changes to what residents see become proposals.

    The admin sets `held_for_review` and `pending` (the pending WindowRevision about the
    form's object): the form remembers which proposal it was opened on, so a colleague's
    proposal made meanwhile is never silently replaced, and on the change page
    (`starts_from_proposal`) it starts from that proposal.
    """

    held_for_review = False
    pending = None
    starts_from_proposal = False

    pending_proposal = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        if self.pending is not None:
            initial = {"pending_proposal": self.pending.pk}
            if self.starts_from_proposal:
                initial.update(self.pending.proposed_values())
            kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)

    def check_pending_proposal(self, cleaned_data):
        if not (self.held_for_review and self.instance.pk):
            return
        pending = (
            WindowRevision.objects.pending()
            .about(self.instance)
            .select_related("proposed_by")
            .first()
        )
        seen = cleaned_data.get("pending_proposal")
        if getattr(pending, "pk", None) != seen:
            raise forms.ValidationError(proposal_conflict_messages(self.instance, pending, seen))


PHOTO_CHOOSE_AGAIN = (
    "選んだ写真はまだ保存されていません（ほかの項目に誤りがあったため）。"
    "誤りを直したら、写真をもう一度選んでから保存してください。"
)


class WindowAdminForm(ProposalForm, forms.ModelForm):
    """The staff form: Japanese phone formats, a hidden version against lost updates, and
    (for municipal staff) the pending proposal it continues (ProposalForm)."""

    class Meta:
        model = ConsultationWindow
        fields = [
            f.name
            for f in ConsultationWindow._meta.fields
            if f.editable and f.name not in ("id", "verified_by")
        ]
        widgets = {
            "version": forms.HiddenInput,
            "message": forms.Textarea(attrs={"rows": 3, "maxlength": MESSAGE_LENGTH}),
            "message_photo": PhotoInput,
            **{
                f.name: TriStateSelect
                for f in ConsultationWindow._meta.fields
                if isinstance(f, models.BooleanField) and f.null
            },
        }
        field_classes = {"message_photo": PhotoField}
        formfield_callback = https_first_formfield

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None and instance.pk and to_historic(instance) is not None:
            # Reverting to an old version starts from the version stored now.
            current = (
                ConsultationWindow.objects.filter(pk=instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current is not None:
                instance.version = current
        if instance is not None and instance.message_photo:
            if not default_storage.exists(instance.message_photo.name):
                # An old version's photo, deleted once nothing held it (photo_files): the card
                # comes back without it rather than with a broken image.
                instance.message_photo = ""
        super().__init__(*args, instance=instance, **kwargs)

    def full_clean(self):
        super().full_clean()
        # A browser never fills a file input in again, so a photo chosen on a form that comes
        # back with errors would silently be lost; say so on the photo and in the count.
        if self._errors and "message_photo" not in self._errors:
            if self.files.get(self.add_prefix("message_photo")):
                self.add_error("message_photo", PHOTO_CHOOSE_AGAIN)

    def clean_name_kana(self):
        return to_katakana(self.cleaned_data["name_kana"])

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])

    def clean_fax(self):
        return normalise_phone(self.cleaned_data["fax"])

    def clean(self):
        cleaned_data = super().clean()
        version = cleaned_data.get("version")
        if self.instance.pk and version is not None:
            current = ConsultationWindow.objects.filter(pk=self.instance.pk).first()
            if current is not None and current.version != version:
                raise forms.ValidationError(conflict_messages(current, version))
        self.check_pending_proposal(cleaned_data)
        return cleaned_data


class MunicipalityAdminForm(ProposalForm, MunicipalityForm):
    """The municipality form; for municipal staff, contact details become proposals."""

    def clean(self):
        cleaned_data = super().clean()
        self.check_pending_proposal(cleaned_data)
        return cleaned_data


GUIDE_WHO = [
    (Who.SELF, _("ご本人（ひきこもりの状態にある方）")),
    (Who.FAMILY, _("ご家族")),
    (Who.OTHERS, _("支援者（関係機関の職員・知人など）")),
]
# The questions in the words of the person looking: asked of a family or a supporter, the age
# and the place are the person's they worry about.
GUIDE_LABELS = {
    Who.SELF: {"age": _("あなたの年齢"), "municipality": _("お住まいの区市町村")},
    Who.FAMILY: {"age": _("ご本人の年齢"), "municipality": _("ご本人のお住まいの区市町村")},
    Who.OTHERS: {"age": _("ご本人の年齢"), "municipality": _("ご本人のお住まいの区市町村")},
}


class GuideForm(ResidentForm):
    """The home page's "who is this for" questions, who is looking first; every answer but the
    place is optional."""

    who = forms.ChoiceField(
        label=_("どなたが探していますか"),
        choices=GUIDE_WHO,
        required=False,
        widget=forms.RadioSelect,
    )
    age = forms.IntegerField(
        label=_("ご本人の年齢"),
        min_value=0,
        max_value=MAX_AGE,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
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
        for name, label in GUIDE_LABELS.get(self.looking, {}).items():
            self.fields[name].label = label

    @property
    def looking(self):
        """Who is looking, as answered (or as the step before asked), if it is one of the choices."""
        who = self.data.get("who") if self.is_bound else self.initial.get("who")
        return who if who in Who.values else None

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

    default_renderer = RESIDENT_RENDERER

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
