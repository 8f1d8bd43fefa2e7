"""The consultation window: the facts residents rely on, saved with a version check.

What happens when you call and the counsellor's card (FirstContact, MessageCard) are its fields
too: reviewed, versioned, in history and exported like the rest.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from simple_history.models import HistoricalRecords

from municipalities.history import diff as history_diff
from municipalities.history import record_history_baseline
from municipalities.models import TOKYO_CODE, Municipality, validate_web_url
from municipalities.normalize import search_key
from municipalities.phone import Phone, validate_phone
from municipalities.roles import is_municipal

from ..hours import weekly_hours
from ..readings import validate_reading
from .eligibility import Eligibility
from .facts import MAX_AGE, PUBLISH_RULE, Confidence, Method, Tier, method_field, tri_state
from .first_contact import FirstContact
from .hours import WeeklySchedule
from .messages import MessageCard
from .queries import WindowQuerySet
from .values import display_value, field_values


class ConsultationWindow(Phone, WeeklySchedule, Eligibility, FirstContact, MessageCard):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="windows",
        verbose_name="区市町村",
        help_text="都全域の窓口は「東京都」に登録します。",
    )
    name = models.CharField("窓口名", max_length=120)
    name_kana = models.CharField(
        "窓口名のよみ",
        max_length=200,
        blank=True,
        validators=[validate_reading],
        help_text="カタカナで（ひらがなで入力してもカタカナで保存されます）。"
        "オープンデータの「名称_カナ」になります。確かな読みが分からなければ空欄のままに。",
    )
    department = models.CharField("担当部署", max_length=120, blank=True)
    operator = models.CharField("委託先（運営団体）", max_length=120, blank=True)

    phone = models.CharField(
        "電話番号",
        max_length=40,
        blank=True,
        validators=[validate_phone],
        help_text="例: 03-1234-5678、0120-529-528、042-378-2111(内線209)。",
    )
    fax = models.CharField("FAX番号", max_length=40, blank=True, validators=[validate_phone])
    email = models.EmailField("メールアドレス", blank=True)
    url = models.URLField(
        "窓口のページ",
        max_length=500,
        blank=True,
        validators=[validate_web_url],
        help_text="https:// で開けるページは https:// で。http:// しかないページも登録できます。",
    )
    address = models.CharField("所在地", max_length=200, blank=True)
    hours = models.TextField(
        "受付時間",
        blank=True,
        help_text="チラシにもそのまま印刷されます。曜日ごとの受付時間を下の表に入れたら、"
        "ここには例外（第3土曜は休み、など）だけを書きます。",
    )
    # The hours grid's content as text (consultations.hours.weekly_hours), so weekly hours go through
    # proposals, the version check, history and reverts like any other field. The
    # OpeningHours rows are written from it by save(); the admin grid edits it.
    weekly_hours = models.TextField(
        "受付時間（曜日ごと）",
        blank=True,
        editable=False,
        validators=[weekly_hours.validate],
    )

    target_self = tri_state("ご本人の相談")
    target_family = tri_state("ご家族の相談")
    target_others = tri_state("関係者・支援者の相談")
    age_min = models.PositiveSmallIntegerField(
        "対象年齢（下限）",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGE)],
        help_text="制限がなければ空欄。",
    )
    age_max = models.PositiveSmallIntegerField(
        "対象年齢（上限）",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGE)],
        help_text="制限がなければ空欄。東京都は年齢で対象を限らないよう求めています。",
    )
    residency = models.CharField("居住要件", max_length=200, blank=True)

    method_phone = tri_state("電話相談")
    method_email = tri_state("メール相談")
    method_in_person = tri_state("来所相談")
    method_home_visit = tri_state("訪問相談")
    method_online = tri_state("オンライン相談")
    method_line = tri_state("LINE相談")
    method_fax = tri_state("FAX相談")
    method_chat = tri_state("チャット相談")
    method_form = tri_state("相談フォーム")

    support_net_visit = tri_state(
        "サポートネット訪問相談の受付",
        help_text="東京都ひきこもりサポートネットの訪問相談の申込を受け付けているか。",
    )
    closed_on_public_holidays = tri_state(
        "祝日は休み",
        help_text="曜日ごとの受付時間に加えて、祝日に休むかどうか。わからなければ空欄（未確認）。",
    )
    closed_year_end = tri_state(
        "年末年始（12/29〜1/3）は休み",
        help_text="わからなければ空欄（未確認）。",
    )
    fee = models.CharField("費用", max_length=120, blank=True)

    tier = models.PositiveSmallIntegerField(
        "窓口の種類",
        choices=Tier.choices,
        default=Tier.HIKIKOMORI,
        help_text="「ひきこもり相談窓口」は、出典がひきこもりの相談先と明記している窓口だけ。"
        "それ以外（自立相談支援機関など）は「生活の困りごと全般の相談窓口」にします。"
        "住民には「ひきこもりの相談を受けているかは電話でお尋ねください」と添えて表示されます。",
    )
    published = models.BooleanField("公開", default=False, help_text=PUBLISH_RULE)
    display_order = models.PositiveSmallIntegerField(
        "表示順", default=1, help_text="1 が主な窓口。区市町村ごとに重複できません。"
    )
    source_url = models.URLField(
        "出典 URL", max_length=500, blank=True, validators=[validate_web_url]
    )
    more_sources = models.TextField(
        "その他の出典", blank=True, help_text="1行に1つ（URL、または資料名と年月）。"
    )
    source_record_id = models.PositiveIntegerField(
        "調査データのレコード番号", null=True, blank=True, unique=True, editable=False
    )
    confidence = models.CharField(
        "調査の確度", max_length=6, choices=Confidence.choices, blank=True
    )
    staff_notes = models.TextField(
        "職員用メモ", blank=True, help_text="公開ページには表示されません。"
    )
    last_verified = models.DateField(
        "最終確認日",
        null=True,
        blank=True,
        help_text="内容を出典で確かめた日。保存しただけでは変わりません。"
        "一覧の「確認済みにする（今日）」で今日の日付と確認者を記録できます。",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="最終確認者",
    )
    # Optimistic concurrency: a save must start from the version stored now (see save()).
    version = models.PositiveIntegerField(
        "版", default=1, help_text="保存のたびに 1 増えます。同時編集の検出に使います。"
    )
    # Folded text that keyword search scans (see municipalities.normalize).
    search_text = models.TextField(editable=False, blank=True)
    # Whether the window serves all of Tokyo, kept by the database: with it first in an index,
    # a page of local-first results is read in index order instead of sorting every match
    # (WindowQuerySet.local_first). Not serialized: it follows from municipality.
    tokyo_wide = models.GeneratedField(
        expression=Case(
            When(municipality_id=TOKYO_CODE, then=Value(True)),
            default=Value(False),
            output_field=models.BooleanField(),
        ),
        output_field=models.BooleanField(),
        db_persist=True,
        serialize=False,
    )

    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = WindowQuerySet.as_manager()
    # search_text is derived and updated_at is the history date: neither is worth a diff.
    history = HistoricalRecords(excluded_fields=["search_text", "updated_at", "tokyo_wide"])

    class Meta:
        verbose_name = "相談窓口"
        verbose_name_plural = "相談窓口"
        ordering = ["municipality_id", "display_order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=models.F("age_max")),
                name="window_age_min_not_above_max",
            ),
            models.UniqueConstraint(
                fields=["municipality", "display_order"], name="window_unique_display_order"
            ),
        ]
        indexes = [
            # The method filter on /windows/ is one query on the matching partial index.
            *(
                models.Index(
                    fields=["municipality", "display_order"],
                    condition=Q(published=True, **{method_field(m): True}),
                    name=f"window_pub_{m.replace('_', '')[:10]}",
                )
                for m in Method.values
            ),
            # Lists of published windows (home, municipality and search pages).
            models.Index(
                fields=["municipality", "display_order"],
                condition=Q(published=True),
                name="window_published",
            ),
            # A search's results, local first: a page is read in this order, not sorted.
            models.Index(
                fields=["tokyo_wide", "municipality", "tier", "display_order"],
                condition=Q(published=True),
                name="window_local_first",
            ),
        ]

    def __str__(self):
        return f"{self.municipality_id} {self.name}"

    def save(self, *args, **kwargs):
        """Save, refusing if someone else saved since this copy's version was read.

        The version is claimed with a conditional UPDATE inside the same transaction
        as the write, so two racing saves of one version cannot both succeed.
        """
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        writes_hours = update_fields is None or "weekly_hours" in update_fields
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "version"}
        rows = type(self)._base_manager.db_manager(kwargs.get("using"))
        if self._state.adding or self.pk is None:
            with transaction.atomic(using=rows.db):
                super().save(*args, **kwargs)
                if writes_hours and self.weekly_hours:
                    self.write_opening_hours(rows.db)
            return
        expected = self.version
        with transaction.atomic(using=rows.db):
            record_history_baseline(self)
            stored_hours = rows.filter(pk=self.pk).values_list("weekly_hours", flat=True).first()
            claimed = rows.filter(pk=self.pk, version=expected).update(version=expected + 1)
            if not claimed and stored_hours is not None:
                raise ConcurrentEditError(self, expected)
            self.version = expected + 1
            try:
                super().save(*args, **kwargs)
            except BaseException:
                self.version = expected
                raise
            if writes_hours and self.weekly_hours != stored_hours:
                self.write_opening_hours(rows.db)

    def get_absolute_url(self):
        return reverse("consultations:window", args=[self.pk])

    def clean(self):
        field_errors = self.message_card_errors()
        errors = []
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors.append(
                f"対象年齢の下限（{self.age_min}歳）が上限（{self.age_max}歳）を超えています。"
                "下限は上限以下にしてください。"
            )
        for label, values in (
            ("相談方法", [offered for _label, offered in self.methods]),
            ("相談できる人", [allowed for _label, allowed in self.targets]),
        ):
            if all(value is False for value in values):
                errors.append(
                    f"{label}がすべて「いいえ」です。受け付けているものを1つ以上「はい」にしてください"
                    "（分からないものは「未確認」のままにします）。"
                )
            elif self.published and not any(values) and not self.was_published():
                errors.append(
                    f"公開するには、{label}を1つ以上「はい」にしてください"
                    "（すべて未確認のままでは公開に切り替えられません）。"
                )
        if errors:
            field_errors[NON_FIELD_ERRORS] = errors
        if field_errors:
            raise ValidationError(field_errors)

    def changes_since(self, version):
        """Who saved this window after `version`, and what changed: (records, [(label, old, new)]).

        The changes are None when history does not hold `version` (nothing to compare with).
        """
        later = self.history.filter(version__gt=version).select_related("history_user")
        records = list(later.order_by("history_date", "history_id"))
        base = self.history.filter(version=version).order_by("-history_date", "-history_id").first()
        if base is None or not records:
            return records, None
        return records, changes_between(base, records[-1])

    def was_published(self):
        """Whether residents saw this window before this save (False for a new one).

        A deleted window counts as it was when deleted, so undoing a deletion needs no new facts.
        """
        if self.pk is None:
            return False
        published = (
            type(self)._base_manager.filter(pk=self.pk).values_list("published", flat=True).first()
        )
        if published is None:
            published = (
                self.history.order_by("-history_date", "-history_id")
                .values_list("published", flat=True)
                .first()
            )
        return bool(published)

    def needs_review(self, user):
        """Whether saving this copy as `user` must wait for metropolitan approval.

        Municipal staff change what residents see only through a WindowRevision: a change to
        a published window, publishing one, or adding one already published. Drafts and
        taking a window off the public pages save at once, as do the fields no resident
        reads (SAVED_AT_ONCE). Metropolitan staff always save at once.
        """
        if not is_municipal(user) or not self.published:
            return False
        current = type(self)._base_manager.filter(pk=self.pk).first() if self.pk else None
        if current is None or not current.published:
            return True
        return not set(changed_fields(current, self)) <= SAVED_AT_ONCE

    def unsaved_changes(self):
        """The names of the fields this copy changes from the stored window (all of them if new)."""
        current = type(self)._base_manager.filter(pk=self.pk).first() if self.pk else None
        if current is None:
            return [field.name for field in REVISION_FIELDS]
        return changed_fields(current, self)

    def build_search_text(self):
        municipality = self.municipality
        parts = [
            municipality.name,
            municipality.name_kana,
            municipality.name_en,
            self.name,
            self.department,
            self.operator,
        ]
        return " ".join(search_key(part) for part in parts if part)

    @property
    def is_tokyo_wide(self):
        return self.municipality_id == TOKYO_CODE

    @property
    def is_general(self):
        """A general window: shown with the advice to ask by phone whether it takes hikikomori."""
        return self.tier == Tier.GENERAL

    @property
    def sources(self):
        return [u for u in [self.source_url, *self.more_sources.split()] if u]


class ConcurrentEditError(Exception):
    """Someone saved the window after the copy being saved was read."""

    def __init__(self, window, expected_version):
        self.window = window
        self.expected_version = expected_version
        super().__init__(
            f"窓口 {window.pk} は、版 {expected_version} を読み込んだ後に別の職員が保存しました。"
        )


def changes_between(old, new):
    """[(label, old value, new value)] for the editable fields that differ between two history records."""
    delta = history_diff(new, old, derived=["weekly_hours"])
    fields = {f.name: f for f in ConsultationWindow._meta.fields}
    return [
        (
            str(fields[c.field].verbose_name),
            display_value(fields[c.field], c.old),
            display_value(fields[c.field], c.new),
        )
        for c in delta.changes
    ]


def refresh_search_text(municipality):
    """Re-fold a municipality's windows after its names change."""
    for window in municipality.windows.all():
        window.municipality = municipality
        text = window.build_search_text()
        if text != window.search_text:
            ConsultationWindow.objects.filter(pk=window.pk).update(search_text=text)


# What a proposed revision holds: every field staff edit in the window form, and the
# weekly hours its grid writes into weekly_hours.
REVISION_FIELDS = [
    f
    for f in ConsultationWindow._meta.fields
    if (f.editable or f.name == "weekly_hours") and f.name not in ("id", "verified_by", "version")
]

# Saved at once by municipal staff even on a published window: notes and the survey's
# confidence are staff-only, and the verification date attests the approved content
# rather than changing it (like the list's 確認済みにする action).
SAVED_AT_ONCE = frozenset({"staff_notes", "confidence", "last_verified"})


def window_values(window):
    return field_values(window, REVISION_FIELDS)


def changed_fields(old, new):
    """The names of the REVISION_FIELDS that differ between two windows, in form order."""
    before, after = window_values(old), window_values(new)
    return [name for name in before if before[name] != after[name]]
