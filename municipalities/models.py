from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .codes import validate_code
from .phone import tel_href

TOKYO_CODE = "130001"


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
    website = models.URLField("公式サイト", blank=True)
    main_phone = models.CharField("代表電話", max_length=30, blank=True)
    contact_source = models.TextField("連絡先の出典", blank=True, help_text="1行に1つの URL。")

    objects = MunicipalityQuerySet.as_manager()

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

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("consultations:municipality", args=[self.code])

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
