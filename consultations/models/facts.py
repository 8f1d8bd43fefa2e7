"""The facts a window records and their vocabularies: methods, who may consult, the tier.

Unknown is not No: a fact the sources do not state is a NULL boolean (tri_state), shown as 未確認.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    """Consultation methods; each value names the `method_<value>` field that records it.

    This is the one definition pages, leaflets, the admin and the open data read. Adding a
    method takes a member here, its field and migration, an icon (templatetags/leaflet_tags.py;
    without one the leaflet prints the label alone) and the translations.
    """

    PHONE = "phone", _("電話")
    EMAIL = "email", _("メール")
    IN_PERSON = "in_person", _("来所")
    HOME_VISIT = "home_visit", _("訪問")
    ONLINE = "online", _("オンライン")
    LINE = "line", _("LINE")
    FAX = "fax", _("FAX")
    CHAT = "chat", _("チャット")
    FORM = "form", _("相談フォーム")


# Shown only where a window offers them; every other method is shown always, 未確認 if unknown.
OPTIONAL_METHODS = frozenset({Method.LINE, Method.FAX, Method.CHAT, Method.FORM})

# Methods that need no voice: for people who cannot (or cannot yet) bring themselves to phone.
# In-person, home visits and online consultations (a video call) all mean talking.
WITHOUT_VOICE = (Method.EMAIL, Method.LINE, Method.CHAT, Method.FORM, Method.FAX)


def is_core(method):
    return method not in OPTIONAL_METHODS


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


def verified_within_a_year(day, today):
    """Whether a verification date (None: never) is within VERIFICATION_MONTHS of `today`."""
    return day is not None and day >= a_year_before(today)
