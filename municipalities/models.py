from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .codes import validate_code
from .history import record_history_baseline
from .normalize import search_key
from .phone import tel_href, validate_phone
from .roles import scope_filter

TOKYO_CODE = "130001"

# Links are opened by residents; other schemes (ftp:, javascript:) never belong here.
validate_web_url = URLValidator(schemes=["http", "https"])


class Kind(models.TextChoices):
    METROPOLIS = "都", "都"
    SPECIAL_WARD = "特別区", "特別区"
    CITY = "市", "市"
    TOWN = "町", "町"
    VILLAGE = "村", "村"


class Region(models.TextChoices):
    WARDS = "区部", _("区部")
    TAMA = "多摩", _("多摩")
    ISLANDS = "島しょ", _("島しょ")


class MunicipalityQuerySet(models.QuerySet):
    def local(self):
        """The 62 municipalities: every public list leaves the metropolitan government out."""
        return self.exclude(kind=Kind.METROPOLIS)

    def tokyo(self):
        return self.get(code=TOKYO_CODE)

    def in_prefecture(self):
        """The configured prefecture's government and municipalities (the directory's own)."""
        return self.filter(code__startswith=settings.PREFECTURE_CODE)

    def editable_by(self, user):
        return self.filter(scope_filter(user, "code"))

    def matching(self, terms):
        """Municipalities whose code, name, reading or English name contains every folded term.

        Folded like the public search (municipalities.normalize); 63 rows, so in Python.
        """
        codes = [
            m.code
            for m in self.only("code", "name", "name_kana", "name_en")
            if all(t in search_key(f"{m.code} {m.name} {m.name_kana} {m.name_en}") for t in terms)
        ]
        return self.filter(code__in=codes)


class Municipality(models.Model):
    code = models.CharField(
        "地方公共団体コード",
        max_length=6,
        primary_key=True,
        validators=[validate_code],
        help_text="総務省の全国地方公共団体コード（検査数字を含む6桁）。URL と取込のキーになります。",
    )
    name = models.CharField("名称", max_length=20, unique=True)
    name_kana = models.CharField("よみがな", max_length=40, help_text="ひらがなで入力します。")
    name_en = models.CharField("英語表記", max_length=60)
    kind = models.CharField("種別", max_length=3, choices=Kind.choices)
    region = models.CharField(
        "地域", max_length=3, choices=Region.choices, blank=True, help_text="東京都自体は空欄です。"
    )
    district = models.CharField("郡・支庁", max_length=10, blank=True)
    lead_department = models.CharField(
        "ひきこもり支援の主管部署",
        max_length=100,
        blank=True,
        help_text="空欄は「未指定（未確認）」として職員向けに表示されます。",
    )
    needs_survey_done = models.BooleanField(
        "実態把握（ニーズ調査）の実施",
        null=True,
        blank=True,
        help_text="地域のひきこもりの実態やニーズを調査・把握したか。分からなければ「未確認」のままにします。",
    )
    needs_survey_year = models.PositiveSmallIntegerField(
        "実態把握の実施年度",
        null=True,
        blank=True,
        validators=[MinValueValidator(1990)],
        help_text="西暦で（例：2023）。複数回なら直近の年度。",
    )
    platform_established = models.BooleanField(
        "支援プラットフォームの設置",
        null=True,
        blank=True,
        help_text="ひきこもり支援に関わる関係機関が連携する場（プラットフォーム）を設置しているか。",
    )
    platform_name = models.CharField("プラットフォームの名称", max_length=120, blank=True)
    family_group_name = models.CharField(
        "地域の家族会・ピアグループ",
        max_length=120,
        blank=True,
        help_text="地域で活動している家族会・ピアグループの名称（任意）。",
    )
    family_group_contact = models.CharField(
        "家族会・ピアグループの連絡先",
        max_length=200,
        blank=True,
        help_text="公開されている連絡先だけを書きます（任意）。",
    )
    requirements_updated = models.DateField(
        "国の要件・地域の状況の更新日",
        null=True,
        blank=True,
        editable=False,
        help_text="上の項目の内容が変わった日。内容を変えずに保存しても変わりません。",
    )
    website = models.URLField("公式サイト", blank=True, validators=[validate_web_url])
    main_phone = models.CharField(
        "代表電話", max_length=30, blank=True, validators=[validate_phone]
    )
    contact_source = models.TextField("連絡先の出典", blank=True, help_text="1行に1つの URL。")

    objects = MunicipalityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "区市町村"
        verbose_name_plural = "区市町村"
        ordering = ["code"]
        constraints = [
            # The check digit is validated in Python; the database guards the shape.
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{6}$"), name="municipality_code_six_digits"
            ),
            models.CheckConstraint(
                condition=Q(kind=Kind.METROPOLIS, region="")
                | (~Q(kind=Kind.METROPOLIS) & ~Q(region="")),
                name="municipality_region_matches_kind",
            ),
        ]

    # The staff-kept facts behind the national requirements; `requirements_updated` dates them.
    REQUIREMENT_FIELDS = (
        "lead_department",
        "needs_survey_done",
        "needs_survey_year",
        "platform_established",
        "platform_name",
        "family_group_name",
        "family_group_contact",
    )

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        record_history_baseline(self)
        changed = self.changed_requirements()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            changed &= set(update_fields)
        if changed:
            self.requirements_updated = timezone.localdate()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "requirements_updated"}
        super().save(*args, **kwargs)
        saved = self.requirement_values()
        if update_fields is not None:
            saved = {name: value for name, value in saved.items() if name in update_fields}
        self._loaded_requirements = {**getattr(self, "_loaded_requirements", {}), **saved}

    def get_absolute_url(self):
        return reverse("consultations:municipality", args=[self.code])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_requirements = instance.requirement_values()
        return instance

    def requirement_values(self):
        # Deferred fields are left out rather than loaded one query at a time.
        return {
            name: getattr(self, name) for name in self.REQUIREMENT_FIELDS if name in self.__dict__
        }

    def changed_requirements(self):
        """The requirement fields whose value differs from what was loaded (all set ones if new)."""
        loaded = getattr(self, "_loaded_requirements", None)
        current = self.requirement_values()
        if loaded is None:
            return {name for name, value in current.items() if value not in (None, "")}
        return {name for name, value in current.items() if loaded.get(name, object()) != value}

    def clean(self):
        super().clean()
        year = self.needs_survey_year
        if year is None:
            return
        if self.needs_survey_done is False:
            raise ValidationError(
                {"needs_survey_year": "「実施していない」ときは年度を空欄にしてください。"}
            )
        if year > timezone.localdate().year:
            raise ValidationError({"needs_survey_year": "未来の年度は入力できません。"})

    @property
    def localized_name(self):
        """The romanised name on English pages ("Hachioji City"), the Japanese one otherwise."""
        if self.name_en and (get_language() or "").split("-")[0] == "en":
            return self.name_en
        return self.name

    @property
    def is_metropolis(self):
        return self.kind == Kind.METROPOLIS

    @property
    def main_phone_href(self):
        return tel_href(self.main_phone)


class StaffAssignment(models.Model):
    """Links a municipal staff member to the one municipality whose data they keep.

    Metropolitan staff have none: they keep every municipality.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_assignment",
        verbose_name="職員",
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="staff_assignments",
        verbose_name="担当区市町村",
        help_text="この職員が編集できるのは、この区市町村の窓口だけです。都職員は空欄にします。",
    )

    class Meta:
        verbose_name = "担当区市町村"
        verbose_name_plural = "担当区市町村"
        ordering = ["municipality_id", "user_id"]

    def __str__(self):
        return f"{self.user} ({self.municipality})"

    def get_absolute_url(self):
        return reverse("admin:auth_user_change", args=[self.user_id])
