import datetime
import json

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from municipalities.history import diff as history_diff
from municipalities.history import record_history_baseline
from municipalities.models import (
    ALL_MUNICIPALITIES,
    TOKYO_CODE,
    Municipality,
    scope_filter,
    staff_municipality,
    validate_web_url,
)
from municipalities.normalize import search_key
from municipalities.phone import is_toll_free, tel_href, validate_phone
from municipalities.postal import town_index

from . import weekly_hours
from .readings import validate_reading
from .weekly_hours import clock


class Method(models.TextChoices):
    """Consultation methods; each value names the `method_<value>` field that records it."""

    PHONE = "phone", _("電話")
    EMAIL = "email", _("メール")
    IN_PERSON = "in_person", _("来所")
    HOME_VISIT = "home_visit", _("訪問")
    ONLINE = "online", _("オンライン")
    LINE = "line", _("LINE")
    FAX = "fax", _("FAX")


class Who(models.TextChoices):
    """Who may consult; each value names the `target_<value>` field."""

    SELF = "self", _("ご本人")
    FAMILY = "family", _("ご家族")
    OTHERS = "others", _("関係者・支援者など")


class Tier(models.IntegerChoices):
    """What a window is for residents, in the order pages list them.

    A hikikomori window is one a source names as the place for hikikomori consultation. A general
    window (e.g. the 自立相談支援機関 under the Act on Self-Reliance Support for Needy Persons) is
    shown as what it is: residents are told to ask by phone whether it takes hikikomori
    consultations. The municipality's switchboard comes after both and is not a window.
    """

    HIKIKOMORI = 1, _("ひきこもり相談窓口")
    GENERAL = 2, _("生活の困りごと全般の相談窓口")


class Confidence(models.TextChoices):
    HIGH = "high", "高（自治体の窓口ページで確認）"
    MEDIUM = "medium", "中（運営者・二次資料）"
    LOW = "low", "低（推定・要確認）"


TRI_STATE_LABELS = {True: "はい", False: "いいえ", None: "未確認"}

# Oldest age a window may state; a larger number is a typing mistake.
MAX_AGE = 120

# Verification older than this is flagged to staff ("12か月以上未確認").
VERIFICATION_MONTHS = 12

PUBLISH_RULE = (
    "公開に切り替えるとき（新しく公開する・非公開から公開にする）は、"
    "相談方法と相談できる人をそれぞれ1つ以上「はい」にしてください。"
    "すでに公開中の窓口は、未確認の項目が残っていてもそのまま保存できます（未確認は「いいえ」ではありません）。"
    "ただし、相談方法や相談できる人をすべて「いいえ」にすることはできません。"
)

# Whole sentences per case, so each language can phrase them its own way.
NOT_TAKING = {
    Who.SELF: _("この窓口はご本人からの相談を受け付けていません。"),
    Who.FAMILY: _("この窓口はご家族からの相談を受け付けていません。"),
    Who.OTHERS: _("この窓口は関係者・支援者からの相談を受け付けていません。"),
}
NOT_STATED = {
    Who.SELF: _("ご本人からの相談を受け付けているかは未確認です。お問い合わせください。"),
    Who.FAMILY: _("ご家族からの相談を受け付けているかは未確認です。お問い合わせください。"),
    Who.OTHERS: _("関係者・支援者からの相談を受け付けているかは未確認です。お問い合わせください。"),
}


def tri_state(verbose_name, **kwargs):
    """Unknown is not No: a fact the source does not state stays NULL (shown as 未確認)."""
    return models.BooleanField(verbose_name, null=True, blank=True, **kwargs)


def method_field(method):
    return f"method_{method}"


def target_field(who):
    return f"target_{who}"


def a_year_before(day):
    try:
        return day.replace(year=day.year - VERIFICATION_MONTHS // 12)
    except ValueError:  # 29 February
        return day.replace(year=day.year - VERIFICATION_MONTHS // 12, day=28)


class WindowQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def editable_by(self, user):
        """The windows `user` may see and change in admin (see municipalities.models.scope_filter)."""
        return self.filter(scope_filter(user, "municipality"))

    def not_verified_since(self, day):
        """Windows last verified before `day`, or never."""
        return self.filter(Q(last_verified__isnull=True) | Q(last_verified__lt=day))

    def needing_verification(self, today=None):
        return self.not_verified_since(a_year_before(today or timezone.localdate()))

    def in_tier_order(self):
        """Each municipality's hikikomori windows before its general ones (see Tier)."""
        return self.order_by("municipality_id", "tier", "display_order")

    def for_listing(self):
        return (
            self.published()
            .select_related("municipality")
            .prefetch_related("opening_hours")
            .in_tier_order()
        )

    def local(self):
        return self.exclude(municipality_id=TOKYO_CODE)

    def tokyo_wide(self):
        return self.filter(municipality_id=TOKYO_CODE)

    def support_net(self):
        """The Tokyo Hikikomori Support-Net: Tokyo's primary window, the fallback on every page."""
        return (
            self.published()
            .filter(tier=Tier.HIKIKOMORI)
            .select_related("municipality")
            .prefetch_related("opening_hours")
            .tokyo_wide()
            .order_by("display_order")
            .first()
        )

    def offering(self, methods):
        return self.filter(**{method_field(m): True for m in methods})

    def for_who(self, who):
        return self.filter(**{target_field(who): True})

    def admitting_age(self, age):
        """Windows whose stated age range admits `age`; an unstated bound admits everyone."""
        return self.filter(
            Q(age_min__isnull=True) | Q(age_min__lte=age),
            Q(age_max__isnull=True) | Q(age_max__gte=age),
        )

    def matching_keywords(self, terms):
        """Every term in the window's folded names, or naming a town of its municipality."""
        towns = town_index()
        for term in terms:
            match = Q(search_text__contains=term)
            places = towns.municipalities_with_town(term)
            if places:
                match |= Q(municipality_id__in=sorted(places))
            self = self.filter(match)
        return self


class ConsultationWindow(models.Model):
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
    # The hours grid's content as text (consultations.weekly_hours), so weekly hours go through
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
    anonymous_ok = tri_state("匿名での相談")
    support_description = models.TextField(
        "受けられる支援",
        blank=True,
        help_text="相談するとどんな支援が受けられ、どう変わっていけるかを平易な言葉で。",
    )
    message = models.TextField(
        "窓口からのメッセージ",
        blank=True,
        help_text="ご本人・ご家族への短いメッセージ。チラシにも載ります。",
    )

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

    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = WindowQuerySet.as_manager()
    # search_text is derived and updated_at is the history date: neither is worth a diff.
    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])

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

    def write_opening_hours(self, using):
        """Replace the weekly rows with the spans of weekly_hours (the rows follow the text)."""
        hours = OpeningHours._base_manager.db_manager(using)
        hours.filter(window_id=self.pk).delete()
        hours.bulk_create(
            OpeningHours(window=self, first_day=first, last_day=last, opens=opens, closes=closes)
            for first, last, opens, closes in weekly_hours.spans(self.weekly_hours)
        )
        getattr(self, "_prefetched_objects_cache", {}).pop("opening_hours", None)

    def clean(self):
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
            raise ValidationError({NON_FIELD_ERRORS: errors})

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
        if staff_municipality(user) in (None, ALL_MUNICIPALITIES) or not self.published:
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
    def phone_href(self):
        return tel_href(self.phone)

    @property
    def phone_is_toll_free(self):
        return is_toll_free(self.phone)

    @property
    def is_general(self):
        """A general window: shown with the advice to ask by phone whether it takes hikikomori."""
        return self.tier == Tier.GENERAL

    @property
    def methods(self):
        """(label, True/False/None) for every method, in display order."""
        return [(m.label, getattr(self, method_field(m))) for m in Method]

    @property
    def resident_methods(self):
        """The five core methods always (unknown shows as 未確認); LINE and FAX only where offered."""
        optional = {Method.LINE, Method.FAX}
        return [
            (m.label, getattr(self, method_field(m)))
            for m in Method
            if getattr(self, method_field(m)) or m not in optional
        ]

    @property
    def offered_methods(self):
        return [label for label, offered in self.methods if offered]

    @property
    def targets(self):
        return [(w.label, getattr(self, target_field(w))) for w in Who]

    @property
    def age_range_label(self):
        if self.age_min is None and self.age_max is None:
            return gettext("年齢制限の記載なし")
        if self.age_max is None:
            return gettext("%(min)s歳以上") % {"min": self.age_min}
        if self.age_min is None:
            return gettext("%(max)s歳以下") % {"max": self.age_max}
        return gettext("%(min)s〜%(max)s歳") % {"min": self.age_min, "max": self.age_max}

    def admits_age(self, age):
        """Same rule as WindowQuerySet.admitting_age, for a window already loaded."""
        return (self.age_min is None or self.age_min <= age) and (
            self.age_max is None or self.age_max >= age
        )

    def guide_reasons(self, age=None, who=None):
        """Why this window does not take the person described; empty when it does."""
        reasons = []
        if age is not None and not self.admits_age(age):
            reasons.append(
                gettext("この窓口は%(ages)sが対象です。") % {"ages": self.age_range_label}
            )
        if who and getattr(self, target_field(who)) is False:
            reasons.append(str(NOT_TAKING[who]))
        return reasons

    def guide_unknowns(self, who=None):
        """What the data does not say about the person described (unknown is not no)."""
        if who and getattr(self, target_field(who)) is None:
            return [str(NOT_STATED[who])]
        return []

    @property
    def restricts_age(self):
        """Tokyo asks windows to accept all ages; a restriction is something staff must see."""
        return (self.age_min is not None and self.age_min > 15) or self.age_max is not None

    @property
    def has_schedule(self):
        return bool(self.opening_hours.all())

    def spans_by_day(self):
        """{weekday: [(opens, closes), ...]} from the prefetched weekly rows."""
        spans = {day: [] for day in Weekday.values}
        for row in self.opening_hours.all():
            for day in row.days:
                spans[day].append((row.opens, row.closes))
        return {day: sorted(times) for day, times in spans.items()}

    @property
    def schedule_lines(self):
        """[(days, hours)] for the whole week, runs of days with the same hours grouped.

        月〜金 8:30〜17:00 / 土・日 None (closed).
        """
        groups = []
        for day, times in self.spans_by_day().items():
            if groups and groups[-1][1] == times:
                groups[-1][0].append(day)
            else:
                groups.append(([day], times))
        return [
            (
                day_range_label(days),
                gettext("、").join(
                    gettext("%(opens)s〜%(closes)s") % {"opens": clock(o), "closes": clock(c)}
                    for o, c in times
                )
                or None,
            )
            for days, times in groups
        ]

    @property
    def schedule_json(self):
        """[[weekday, "HH:MM", "HH:MM"], ...] for static/js/open-now.js."""
        return json.dumps(
            [
                [day, o.strftime("%H:%M"), c.strftime("%H:%M")]
                for day, times in self.spans_by_day().items()
                for o, c in times
            ],
            separators=(",", ":"),
        )

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


def display_value(field, value):
    """A field value as staff read it in a change summary."""
    if value is None and not isinstance(field, models.BooleanField):
        return "（空欄）"
    if isinstance(field, models.BooleanField):
        return TRI_STATE_LABELS[value]
    if field.choices:
        return dict(field.flatchoices).get(value, value) or "（空欄）"
    if value == "":
        return "（空欄）"
    return str(value)


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


class Weekday(models.IntegerChoices):
    """Monday first, as Python's date.weekday() and Japanese schedules count."""

    MONDAY = 0, _("月")
    TUESDAY = 1, _("火")
    WEDNESDAY = 2, _("水")
    THURSDAY = 3, _("木")
    FRIDAY = 4, _("金")
    SATURDAY = 5, _("土")
    SUNDAY = 6, _("日")


def day_range_label(days):
    labels = [Weekday(day).label for day in days]
    if len(labels) == 1:
        return labels[0]
    if len(labels) == 2:
        return gettext("%(first)s・%(second)s") % {"first": labels[0], "second": labels[1]}
    return gettext("%(first)s〜%(last)s") % {"first": labels[0], "last": labels[-1]}


class OpeningHours(models.Model):
    """One weekly span: a weekday or a run of weekdays, open from `opens` to `closes`.

    A lunch break is two rows (月〜金 8:30〜12:00 and 月〜金 13:00〜17:00). The rows are
    written by ConsultationWindow.save from its weekly_hours: change that, not the rows.
    """

    window = models.ForeignKey(
        ConsultationWindow,
        on_delete=models.CASCADE,
        related_name="opening_hours",
        verbose_name="相談窓口",
    )
    first_day = models.PositiveSmallIntegerField("曜日", choices=Weekday.choices)
    last_day = models.PositiveSmallIntegerField(
        "〜曜日まで",
        choices=Weekday.choices,
        null=True,
        blank=True,
        help_text="月〜金のような範囲の終わり。1つの曜日だけなら空欄。",
    )
    opens = models.TimeField("受付開始")
    closes = models.TimeField("受付終了")

    class Meta:
        verbose_name = "受付時間（曜日ごと）"
        verbose_name_plural = "受付時間（曜日ごと）"
        ordering = ["window", "first_day", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="hours_close_after_open"
            ),
            models.CheckConstraint(
                condition=Q(last_day__isnull=True) | Q(last_day__gte=models.F("first_day")),
                name="hours_day_range_in_order",
            ),
        ]

    def __str__(self):
        days = Weekday(self.first_day).label
        if self.last_day is not None and self.last_day != self.first_day:
            days = f"{days}〜{Weekday(self.last_day).label}"
        return f"{days} {clock(self.opens)}〜{clock(self.closes)}"

    def get_absolute_url(self):
        return self.window.get_absolute_url()

    @property
    def days(self):
        last = self.first_day if self.last_day is None else self.last_day
        return range(self.first_day, last + 1)


class ReportStatus(models.TextChoices):
    NEW = "new", "未対応"
    CHECKED = "checked", "確認済み"
    FIXED = "fixed", "修正済み"


class ErrorReport(models.Model):
    """A resident's note that a window's published facts are wrong: the staff inbox."""

    window = models.ForeignKey(
        ConsultationWindow,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="error_reports",
        verbose_name="相談窓口",
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="error_reports",
        verbose_name="区市町村",
        help_text="報告された窓口の区市町村。担当の職員に届く受信箱を分けます。",
    )
    window_name = models.CharField(
        "報告時の窓口名", max_length=120, help_text="窓口が削除されても報告は残ります。"
    )
    what = models.TextField("誤りの内容")
    contact = models.CharField("報告者の連絡先（任意）", max_length=200, blank=True)
    status = models.CharField(
        "対応状況", max_length=7, choices=ReportStatus.choices, default=ReportStatus.NEW
    )
    staff_notes = models.TextField("職員用メモ", blank=True)
    created_at = models.DateTimeField("受付日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "誤りの報告"
        verbose_name_plural = "誤りの報告"
        ordering = ["-created_at"]
        indexes = [
            # The admin inbox: new reports of one municipality first.
            models.Index(fields=["municipality", "status", "-created_at"], name="report_inbox"),
        ]

    def __str__(self):
        return f"{self.window_name}（{self.get_status_display()}）"

    def get_absolute_url(self):
        return (
            self.window.get_absolute_url() if self.window else self.municipality.get_absolute_url()
        )


def staff_name(user):
    if user is None:
        return "（記録なし）"
    return user.get_full_name() or user.get_username()


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

WITHDRAWN_BY_DIRECT_SAVE = (
    "区市町村の職員が申請を通さずに保存したため取り下げました"
    "（非公開にした、下書きに戻した、または公開中の内容に戻した）。"
)

# A municipality's contact details residents see (the municipality page, leaflets; on a
# 確認中 page the only local number). Its other fields are reference data or staff-only.
CONTACT_FIELDS = [Municipality._meta.get_field(name) for name in ("website", "main_phone")]

WITHDRAWN_BY_CONTACT_SAVE = (
    "区市町村の職員が代表の連絡先を公開中の内容に戻して保存したため取り下げました。"
)


def field_values(obj, fields):
    """`obj`'s `fields` as plain JSON values (dates as ISO text), by name."""
    values = {}
    for field in fields:
        value = field.value_from_object(obj)
        values[field.name] = value.isoformat() if isinstance(value, datetime.date) else value
    return values


def window_values(window):
    return field_values(window, REVISION_FIELDS)


def contact_values(municipality):
    return field_values(municipality, CONTACT_FIELDS)


def changed_fields(old, new):
    """The names of the REVISION_FIELDS that differ between two windows, in form order."""
    before, after = window_values(old), window_values(new)
    return [name for name in before if before[name] != after[name]]


class RevisionStatus(models.TextChoices):
    PENDING = "pending", "承認待ち"
    APPROVED = "approved", "承認済み"
    REJECTED = "rejected", "差し戻し"
    SUPERSEDED = "superseded", "取り下げ"


class ReviewError(Exception):
    """An approval or rejection that cannot be done; the message is for staff."""


class RevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=RevisionStatus.PENDING)

    def decided(self):
        return self.exclude(status=RevisionStatus.PENDING)

    def visible_to(self, user):
        return self.filter(scope_filter(user, "municipality"))

    def about(self, subject):
        """The proposals for a window, or for a municipality's contact details."""
        if isinstance(subject, Municipality):
            return self.filter(municipality=subject, window__isnull=True)
        return self.filter(window=subject)

    def propose(self, window, user):
        """Hold `window`'s unsaved values as `user`'s proposal; residents keep seeing the window as stored.

        A window not yet stored (new, or restored after deletion) is first saved unpublished,
        as a draft, so that the proposal has a window to point at. A pending proposal for the
        same window is superseded: the newest proposal is what its author wants published.
        """
        data = window_values(window)
        with transaction.atomic():
            current = (
                ConsultationWindow._base_manager.select_for_update().filter(pk=window.pk).first()
                if window.pk
                else None
            )
            if current is None:
                window.published = False
                window.save()
                current = window
            self.withdraw(current, user, "新しい申請に置き換えられました。")
            return self.create(
                window=current,
                municipality_id=current.municipality_id,
                data=data,
                base_data=window_values(current),
                base_version=current.version,
                proposed_by=user,
            )

    def propose_contact(self, municipality, user):
        """Hold `municipality`'s unsaved contact details as `user`'s proposal (see propose)."""
        data = contact_values(municipality)
        with transaction.atomic():
            current = Municipality._base_manager.select_for_update().get(pk=municipality.pk)
            self.withdraw(current, user, "新しい申請に置き換えられました。")
            return self.create(
                municipality=current,
                data=data,
                base_data=contact_values(current),
                proposed_by=user,
            )

    def withdraw(self, subject, user, reason):
        """Close the pending proposal about `subject` (if any) without applying it."""
        return (
            self.pending()
            .about(subject)
            .update(
                status=RevisionStatus.SUPERSEDED,
                decided_by=user,
                decided_at=timezone.now(),
                reason=reason,
            )
        )


class WindowRevision(models.Model):
    """A municipal staff member's change to what residents see, held until metropolitan staff decide.

    It is about a window, or (with no window) about its municipality's contact details:
    one queue, one set of decisions for both. `data` is the subject as proposed (every
    REVISION_FIELD, or CONTACT_FIELD); `base_data` is the subject as stored when the
    proposal was made, so approval can tell what changed since.
    """

    window = models.ForeignKey(
        ConsultationWindow,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name="窓口",
        help_text="空欄なら区市町村の代表の連絡先の申請です。",
    )
    # The municipality whose staff proposed it: the scope of who sees it, and the queue's filter.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name="区市町村",
    )
    data = models.JSONField("申請の内容", encoder=DjangoJSONEncoder)
    base_data = models.JSONField("申請時の内容", encoder=DjangoJSONEncoder)
    base_version = models.PositiveIntegerField("申請時の版", null=True, blank=True)
    status = models.CharField(
        "状態", max_length=10, choices=RevisionStatus.choices, default=RevisionStatus.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="申請者",
    )
    created_at = models.DateTimeField("申請日時", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="判断した職員",
    )
    decided_at = models.DateTimeField("判断日時", null=True, blank=True)
    reason = models.TextField(
        "理由・コメント", blank=True, help_text="申請した区市町村の職員に表示されます。"
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = "変更申請"
        verbose_name_plural = "変更申請"
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A newer proposal supersedes the pending one (RevisionQuerySet.propose).
            models.UniqueConstraint(
                fields=["window"],
                condition=Q(status=RevisionStatus.PENDING),
                name="revision_one_pending_per_window",
            ),
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(status=RevisionStatus.PENDING, window__isnull=True),
                name="revision_one_pending_contact",
            ),
        ]
        indexes = [
            # The review queue (pending, oldest first) and the overview's pending counts.
            models.Index(
                fields=["created_at"],
                condition=Q(status=RevisionStatus.PENDING),
                name="revision_pending",
            ),
        ]

    def __str__(self):
        return f"{self.subject_name}（{timezone.localtime(self.created_at):%Y-%m-%d %H:%M} の申請）"

    def get_absolute_url(self):
        return reverse("admin:consultations_windowrevision_change", args=[self.pk])

    @property
    def is_pending(self):
        return self.status == RevisionStatus.PENDING

    @property
    def is_contact(self):
        """Whether this is about the municipality's contact details rather than a window."""
        return self.window_id is None

    @property
    def subject(self):
        return self.municipality if self.is_contact else self.window

    @property
    def subject_name(self):
        return f"{self.municipality.name}の代表の連絡先" if self.is_contact else self.window.name

    @property
    def subject_admin_url(self):
        if self.is_contact:
            return reverse("admin:municipalities_municipality_change", args=[self.municipality_id])
        return reverse("admin:consultations_consultationwindow_change", args=[self.window_id])

    @property
    def fields(self):
        return CONTACT_FIELDS if self.is_contact else REVISION_FIELDS

    def values_of(self, subject):
        return field_values(subject, self.fields)

    @property
    def publishes(self):
        """Whether approving puts on the public pages a window residents do not see now."""
        return bool(self.data.get("published")) and not self.base_data.get("published")

    @property
    def kind(self):
        if self.is_contact:
            return "連絡先の変更の申請"
        return "公開の申請" if self.publishes else "変更の申請"

    def proposed_values(self):
        """The proposed values as Python values, by field name."""
        fields = {field.name: field for field in self.fields}
        return {
            name: fields[name].to_python(value)
            for name, value in self.data.items()
            if name in fields
        }

    def changes(self):
        """[(label, before, as proposed)] for each field the proposal changes: what approval applies.

        Before is the window when the proposal was made, which is the public version unless
        someone saved the window since (then conflicts() says what changed).
        """
        return self.compare(self.base_data, self.data)

    def changes_since(self, subject=None):
        """[(label, when proposed, now)] for each field saved by someone after the proposal."""
        return self.compare(self.base_data, self.values_of(subject or self.subject))

    def compare(self, old, new):
        return [
            (
                str(field.verbose_name),
                display_value(field, field.to_python(old[field.name])),
                display_value(field, field.to_python(new[field.name])),
            )
            for field in self.fields
            if field.name in old and field.name in new and old[field.name] != new[field.name]
        ]

    def conflicts(self, subject):
        """The labels of fields whose later change approval would overwrite.

        A later change to anything residents see blocks approval, even in a field the
        proposal leaves alone: the reviewer would be approving against content that is
        gone. Later changes to the SAVED_AT_ONCE fields block only where the proposal
        changes the same field differently.
        """
        now = self.values_of(subject)
        labels = []
        for field in self.fields:
            name = field.name
            if name not in self.base_data or self.base_data[name] == now[name]:
                continue
            proposed = self.data.get(name, self.base_data[name])
            if name not in SAVED_AT_ONCE or proposed not in (self.base_data[name], now[name]):
                labels.append(str(field.verbose_name))
        return labels

    def check_decision_by(self, user):
        if staff_municipality(user) != ALL_MUNICIPALITIES:
            raise ReviewError("変更申請を承認・差し戻しできるのは都職員だけです。")
        if not self.is_pending:
            raise ReviewError(
                f"この申請はすでに「{self.get_status_display()}」になっています。一覧から開き直してください。"
            )
        if self.proposed_by_id == user.pk:
            raise ReviewError(
                "自分の申請は承認・差し戻しできません。別の都職員に依頼してください。"
            )

    def approve(self, user, comment=""):
        """Apply the proposal through the subject's own save: recorded in history (a window
        also gets a new version)."""
        with transaction.atomic():
            revision = type(self)._base_manager.select_for_update().get(pk=self.pk)
            revision.check_decision_by(user)
            if revision.is_contact:
                subject = Municipality._base_manager.select_for_update().get(
                    pk=revision.municipality_id
                )
                saved_since = f"{subject.name}の代表の連絡先が保存され"
            else:
                subject = ConsultationWindow._base_manager.select_for_update().get(
                    pk=revision.window_id
                )
                saved_since = (
                    f"（申請時の版 {revision.base_version}、現在の版 {subject.version}）に"
                    "この窓口が保存され"
                )
            conflicts = revision.conflicts(subject)
            if conflicts:
                raise ReviewError(
                    f"承認できません。申請の後{saved_since}、{'、'.join(conflicts)}が変わっています。"
                    "承認すると、その変更を上書きしてしまいます。"
                    "差し戻して、最新の内容から申請し直してもらってください。"
                )
            fields = {field.name: field for field in revision.fields}
            changed = [
                name
                for name, value in revision.data.items()
                if name in fields and value != revision.base_data.get(name)
            ]
            for name in changed:
                field = fields[name]
                setattr(subject, field.attname, field.to_python(revision.data[name]))
            if "last_verified" in changed:
                subject.verified_by_id = revision.proposed_by_id if subject.last_verified else None
            try:
                subject.full_clean()
            except ValidationError as error:
                raise ReviewError(
                    "承認できません。申請の内容が今のデータと合いません: "
                    + " ".join(error.messages)
                    + " 差し戻して、申請し直してもらってください。"
                ) from None
            proposer = staff_name(revision.proposed_by)
            subject._history_user = user
            subject._change_reason = f"承認: {proposer} の申請（{timezone.localtime(revision.created_at):%Y-%m-%d %H:%M}）"
            subject.save()
            revision.decide(RevisionStatus.APPROVED, user, comment)
        self.refresh_from_db()
        return subject

    def reject(self, user, reason):
        reason = reason.strip()
        if not reason:
            raise ReviewError("差し戻すときは理由を書いてください。申請した職員に表示されます。")
        with transaction.atomic():
            revision = type(self)._base_manager.select_for_update().get(pk=self.pk)
            revision.check_decision_by(user)
            revision.decide(RevisionStatus.REJECTED, user, reason)
        self.refresh_from_db()

    def decide(self, status, user, reason):
        self.status = status
        self.decided_by = user
        self.decided_at = timezone.now()
        self.reason = reason.strip()
        self.save(update_fields=["status", "decided_by", "decided_at", "reason"])
