"""The first call made easier: what happens when a family phones, the conditions they ask about
before they dare to, and how to consult without a voice.

Staff write these per window. Every part is optional and an empty part is not shown: a window's
page never fills a gap with general text that would read as the window's own. Conditions are
tri-state like the methods (unknown is not no).
"""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from municipalities.models import validate_web_url

from .facts import WITHOUT_VOICE, method_field, tri_state


class Callback(models.TextChoices):
    """How a window's return call shows on the family's phone; blank is 未確認.

    Not a yes/no: many families reject calls from withheld numbers, and miss the call back.
    """

    WITHHELD = "withheld", _("非通知")
    SHOWN = "shown", _("番号通知")


# What residents read for each condition: (field, label, answer if yes, answer if no).
CONDITIONS = [
    (
        "family_without_consent",
        _("ご家族だけの相談（ご本人の同意がなくても）"),
        _("できます"),
        _("できません"),
    ),
    ("anonymous_ok", _("匿名・ニックネームでの相談"), _("できます"), _("できません")),
    (
        "out_of_area_family",
        _("区市町村の外に住むご家族の相談"),
        _("できます"),
        _("できません"),
    ),
    (
        "same_counsellor",
        _("次回も同じ相談員が対応"),
        _("原則として同じ相談員です"),
        _("同じ相談員とは限りません"),
    ),
]
# The same, as short as a leaflet's row and an open-data column name allow (Japanese only).
CONDITION_NAMES = {
    "family_without_consent": "家族だけの相談",
    "anonymous_ok": "匿名・ニックネーム",
    "out_of_area_family": "区市町村外の家族",
    "same_counsellor": "次回も同じ相談員",
}
CALLBACK_ANSWERS = {
    Callback.WITHHELD: _("非通知でかかってきます（非通知を拒否する設定だと届きません）"),
    Callback.SHOWN: _("番号を通知してかかってきます"),
}


class FirstContact(models.Model):
    """The fields and their reading for pages, leaflets and the open data (abstract: the window's)."""

    flow_answered_by = models.CharField(
        "電話に出る人（職種）",
        max_length=100,
        blank=True,
        help_text="例: 保健師、社会福祉士、精神保健福祉士。",
    )
    flow_questions = models.TextField(
        "はじめての電話で聞かれること",
        blank=True,
        help_text="例: ご本人の年齢、いつ頃からか、いま困っていること。"
        "答えたくないことは答えなくてよい、なども。",
    )
    flow_duration = models.CharField(
        "はじめての電話にかかる時間",
        max_length=60,
        blank=True,
        help_text="ふだんの目安。例: 20〜30分ほど。",
    )
    flow_no_diagnosis = tri_state(
        "電話で診断はしない",
        help_text="「はい」なら「電話で診断をすることはありません」と表示します。",
    )
    flow_next = models.TextField(
        "電話のあと（面談・訪問・つなぎ先）",
        blank=True,
        help_text="電話のあとに受けられる支援と、どう変わっていけるかを平易な言葉で。"
        "例: 面談の予約、ご自宅への訪問、医療・就労などの支援機関への紹介。",
    )

    family_without_consent = tri_state("家族だけの相談（本人の同意がなくても）")
    anonymous_ok = tri_state("匿名・ニックネームでの相談")
    out_of_area_family = tri_state("区市町村の外に住む家族の相談")
    same_counsellor = tri_state("次回も同じ相談員が対応")
    callback = models.CharField(
        "折り返しの電話",
        max_length=10,
        choices=Callback.choices,
        blank=True,
        help_text="窓口から折り返すとき、番号が相手に表示されるか。わからなければ空欄（未確認）。",
    )

    written_howto = models.TextField(
        "声を出さずに相談する手順",
        blank=True,
        help_text="メール・LINE・チャット・相談フォームで相談するときの手順"
        "（利用者登録、LINEで送る言葉など）。使える方法は「相談方法」で「はい」に。",
    )
    written_url = models.URLField(
        "相談フォーム・チャットのページ",
        max_length=500,
        blank=True,
        validators=[validate_web_url],
    )
    written_reply_time = models.CharField(
        "返信までの目安",
        max_length=100,
        blank=True,
        help_text="出典に書かれているときだけ。例: 3営業日以内に返信。",
    )

    class Meta:
        abstract = True

    @property
    def call_flow(self):
        """(label, text, written by staff) for each part of 相談の流れ the window has, in the
        order of a call. Staff text is Japanese whatever the page's language."""
        parts = [
            (_("電話に出るのは"), self.flow_answered_by, True),
            (_("はじめての電話で聞かれること"), self.flow_questions, True),
            (_("はじめての電話にかかる時間"), self.flow_duration, True),
            (
                _("診断"),
                _("電話で診断をすることはありません。") if self.flow_no_diagnosis else "",
                False,
            ),
            (_("電話のあと"), self.flow_next, True),
        ]
        return [part for part in parts if part[1]]

    @property
    def family_conditions(self):
        """(label, True/False/None, answer) for each condition, unknown ones included."""
        rows = []
        for name, label, yes, no in CONDITIONS:
            value = getattr(self, name)
            rows.append((label, value, None if value is None else yes if value else no))
        return rows

    @property
    def unknown_conditions(self):
        """The labels of the conditions (and the call back) the data does not answer yet."""
        unknown = [label for label, value, _answer in self.family_conditions if value is None]
        if not self.callback_answer:
            unknown.append(gettext("折り返しの電話"))
        return unknown

    @property
    def callback_answer(self):
        return CALLBACK_ANSWERS.get(self.callback)

    @property
    def without_voice(self):
        """(method, how to reach it) for each method offered that needs no voice.

        How to reach it is the address or page where the window has one, else empty (the
        written_howto applies to all of them).
        """
        reach = {"email": self.email, "fax": self.fax, "chat": self.written_url}
        reach["form"] = self.written_url
        return [
            (method, reach.get(method.value, ""))
            for method in WITHOUT_VOICE
            if getattr(self, method_field(method))
        ]
