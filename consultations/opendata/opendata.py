"""The published windows as open data: one row per window in the column names of the Digital
Agency's 自治体標準オープンデータセット (公共施設一覧), then our own columns; and the catalogue
metadata that describes them (Data Package, schema.org Dataset, DCAT).

COLUMNS is the single source of the CSV, the JSON and the column documentation on /data/: the
files and the page cannot drift apart. Unknown facts stay empty (CSV) or null (JSON), never "no".
The column names are the standard's (Japanese) in every language; their descriptions are
translated for /en/data/.
"""

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.encoding import iri_to_uri
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from municipalities.models import TOKYO_CODE

from ..models import (
    CONDITION_NAMES,
    CONDITIONS,
    Callback,
    Method,
    Tier,
    Weekday,
    Who,
    method_field,
    target_field,
)

LICENSE = "CC BY 4.0"
LICENSE_ID = "CC-BY-4.0"  # SPDX
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_DEED_JA = "https://creativecommons.org/licenses/by/4.0/deed.ja"
ATTRIBUTION = "出典：東京都 ひきこもり相談窓口ガイド（各区市町村・東京都の公開情報をもとに作成）"
TITLE = "東京都 ひきこもり相談窓口の一覧"
DESCRIPTION = (
    "東京都の62区市町村と東京都が設けているひきこもりの相談窓口（ひきこもり相談窓口と、"
    "生活の困りごと全般の相談窓口）の連絡先・受付時間・相談できる人・相談方法。"
    "各区市町村・東京都の公開情報をもとに作成し、出典と確認日を窓口ごとに記録しています。"
)
KEYWORDS = ["ひきこもり", "相談窓口", "東京都", "福祉", "hikikomori", "Tokyo"]
FILENAME = "tokyo-hikikomori-windows"
PREFECTURE = "東京都"
# Who may consult, in the column names' short form.
WHO_COLUMNS = {Who.SELF: "本人", Who.FAMILY: "家族", Who.OTHERS: "その他"}
TRUE, FALSE = "1", "0"


def japanese(text):
    """A (lazy) label as the Japanese the column names are made of, whatever language is active."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


@dataclass(frozen=True)
class Column:
    name: str
    description: Any  # lazily translated: Japanese in the files, English on /en/data/
    value: Any  # window → str, int, bool, or None for unknown
    type: str = "string"  # Table Schema type, for datapackage.json
    constraints: dict = field(default_factory=dict)
    format: str = "default"

    @property
    def type_label(self):
        return TYPE_LABELS[self.type]

    @property
    def table_schema_field(self):
        spec = {"name": self.name, "type": self.type, "description": str(self.description)}
        if self.format != "default":
            spec["format"] = self.format
        if self.type == "boolean":
            spec |= {"trueValues": [TRUE], "falseValues": [FALSE]}
        if self.constraints:
            spec["constraints"] = self.constraints
        return spec


def municipality_name(window):
    m = window.municipality
    return PREFECTURE if m.code == TOKYO_CODE else f"{PREFECTURE}{m.name}"


def full_address(window):
    """The address as published, with 東京都 in front where it starts with its municipality's name
    (the standard's 所在地_連結表記 starts with the prefecture). Other shapes stay as written."""
    address = window.address
    if address and not address.startswith(PREFECTURE):
        if address.startswith(window.municipality.name):
            return PREFECTURE + address
    return address or None


# An extension as staff write it after the number: 042-378-2111(内線209), also in full width.
_EXTENSION = re.compile(r"\s*[（(]\s*内線\s*([0-9]+)\s*[)）]\s*$")


def phone_number(number):
    """'042-378-2111(内線209)' → ('042-378-2111', '209'): the standard has 内線番号 apart."""
    match = _EXTENSION.search(number or "")
    if match is None:
        return number or None, None
    return number[: match.start()] or None, match.group(1)


def weekdays(window):
    days = [day for day, times in window.spans_by_day().items() if times]
    return "".join(str(Weekday(day).label) for day in days) or None


def opening_time(window, pick, position):
    times = [span[position] for span in window.weekly_spans]
    return pick(times).strftime("%H:%M") if times else None


def schedule_text(window):
    """The week, the holiday closures and the free-text note, as one line."""
    parts = []
    if window.has_schedule:
        parts.append(
            "、".join(f"{days} {times or '休み'}" for days, times in window.schedule_lines)
        )
        for label, closed in [
            ("祝日", window.closed_on_public_holidays),
            ("年末年始（12/29〜1/3）", window.closed_year_end),
        ]:
            parts.append(f"{label}：{'未確認' if closed is None else '休み' if closed else '受付'}")
    if note := window.hours_note:
        parts.append(note)
    return "。".join(parts) or None


def description(window):
    parts = [f"担当：{window.department}" if window.department else "", window.flow_next]
    return "。".join(p for p in parts if p) or None


def card(attribute):
    """A field of the counsellor's message card while it is shown; nothing once it expired."""
    return lambda window: getattr(window.message_card, attribute, None) or None


def remarks(window):
    parts = [
        f"費用：{window.fee}" if window.fee else "",
        f"居住要件：{window.residency}" if window.residency else "",
    ]
    return "。".join(p for p in parts if p) or None


def uri(value):
    """A link as a URI: a published IRI (e.g. kanji in the path) is percent-encoded."""
    return iri_to_uri(value) if value else None


def text(attribute):
    return lambda window: getattr(window, attribute) or None


def day(value):
    return value.isoformat() if value else None


COLUMNS = [
    # 自治体標準オープンデータセット「公共施設一覧」の列（この窓口に当てはまるもの）を標準の順に。
    Column(
        "全国地方公共団体コード",
        _("窓口を設けている区市町村の6桁のコード（検査数字付き）。都全域の窓口は東京都の130001。"),
        lambda w: w.municipality_id,
        constraints={"required": True, "pattern": "[0-9]{6}"},
    ),
    Column(
        "ID",
        _("窓口の番号。このサイトの /windows/ID/ のページと同じ番号です。"),
        lambda w: w.pk,
        type="integer",
        constraints={"required": True, "unique": True},
    ),
    Column(
        "地方公共団体名",
        _("都道府県名から始まる名称（例：東京都八王子市）。都全域の窓口は「東京都」。"),
        municipality_name,
        constraints={"required": True},
    ),
    Column("名称", _("窓口の名称。"), text("name"), constraints={"required": True}),
    Column(
        "名称_カナ",
        _("窓口名の読み（全角カタカナ）。確かな読みが分かる窓口だけ。空欄は未収録です。"),
        text("name_kana"),
    ),
    Column(
        "所在地_連結表記",
        _(
            "所在地。公開されている表記のまま（区市町村名から始まるものは「東京都」を付けて）。"
            "建物名だけのものもあります。"
        ),
        full_address,
    ),
    Column("緯度", _("未収録（常に空欄）。"), lambda w: None, type="number"),
    Column("経度", _("未収録（常に空欄）。"), lambda w: None, type="number"),
    Column(
        "電話番号",
        _("相談の電話番号（例：03-1234-5678）。内線は「内線番号」に。"),
        lambda w: phone_number(w.phone)[0],
    ),
    Column(
        "内線番号",
        _("内線番号。公開されている窓口だけ。"),
        lambda w: phone_number(w.phone)[1],
        constraints={"pattern": "[0-9]+"},
    ),
    Column("FAX番号", _("FAX番号。"), text("fax")),
    Column(
        "連絡先メールアドレス",
        _("相談を受け付けるメールアドレス。"),
        text("email"),
        format="email",
    ),
    Column(
        "法人番号",
        _("運営団体の法人番号（13桁）。未収録（常に空欄）。"),
        lambda w: None,
        constraints={"pattern": "[0-9]{13}"},
    ),
    Column(
        "団体名",
        _("窓口を運営する委託先の団体名。空欄は区市町村・東京都が直接運営しているか未確認。"),
        text("operator"),
    ),
    Column(
        "利用可能曜日",
        _(
            "曜日ごとの受付時間が登録されている曜日を続けて書いたもの（例：月火水木金）。"
            "登録がなければ空欄（未確認）。祝日・年末年始の扱いは「利用可能日時特記事項」に。"
        ),
        weekdays,
    ),
    Column(
        "開始時間",
        _("受付開始の時刻（HH:MM）。曜日によって違うときはいちばん早い時刻。"),
        lambda w: opening_time(w, min, 2),
        type="time",
        format="%H:%M",
    ),
    Column(
        "終了時間",
        _("受付終了の時刻（HH:MM）。曜日によって違うときはいちばん遅い時刻。"),
        lambda w: opening_time(w, max, 3),
        type="time",
        format="%H:%M",
    ),
    Column(
        "利用可能日時特記事項",
        _("曜日ごとの受付時間、祝日・年末年始（12/29〜1/3）の扱い、受付時間についての補足。"),
        schedule_text,
    ),
    Column("説明", _("担当部署と、電話のあとに受けられる支援（相談の流れ）。"), description),
    Column("URL", _("窓口のページの URL。"), lambda w: uri(w.url), format="uri"),
    Column("備考", _("費用と居住要件。"), remarks),
    # ここから、相談窓口ならではの列（標準にはない拡張）。
    Column(
        "窓口の種類",
        _(
            "「ひきこもり相談窓口」＝出典がひきこもりの相談先と明記している窓口。"
            "「生活の困りごと全般の相談窓口」＝困りごと全般の窓口（自立相談支援機関など）で、"
            "ひきこもりの相談も受けているかは未確認（電話で確かめてください）。"
        ),
        lambda w: japanese(Tier(w.tier).label),
        constraints={"required": True, "enum": [japanese(label) for label in Tier.labels]},
    ),
    *(
        Column(
            f"対象_{short}",
            format_lazy(
                _("{who}が相談できるか。1＝はい、0＝いいえ、空欄＝未確認。"), who=who.label
            ),
            lambda w, who=who: getattr(w, target_field(who)),
            type="boolean",
        )
        for who, short in WHO_COLUMNS.items()
    ),
    Column(
        "対象年齢_下限",
        _("対象年齢の下限（歳）。空欄は下限の記載なし。"),
        lambda w: w.age_min,
        type="integer",
        constraints={"minimum": 0, "maximum": 120},
    ),
    Column(
        "対象年齢_上限",
        _("対象年齢の上限（歳）。空欄は上限の記載なし。"),
        lambda w: w.age_max,
        type="integer",
        constraints={"minimum": 0, "maximum": 120},
    ),
    # Every consultation method the model knows, in its order: one definition (Method).
    *(
        Column(
            f"相談方法_{japanese(method.label)}",
            format_lazy(
                _("{method}で相談できるか。1＝はい、0＝いいえ、空欄＝未確認。"), method=method.label
            ),
            lambda w, method=method: getattr(w, method_field(method)),
            type="boolean",
        )
        for method in Method
    ),
    Column(
        "サポートネット訪問相談受付",
        _(
            "東京都ひきこもりサポートネットの訪問相談の申込をこの窓口で受け付けているか。"
            "1＝受け付けている、0＝受け付けていない、空欄＝未確認。"
        ),
        lambda w: w.support_net_visit,
        type="boolean",
    ),
    # 相談の流れ: only what staff wrote for this window; empty when they wrote nothing.
    Column(
        "相談の流れ_電話に出る人", _("電話に出る人の職種（例：保健師）。"), text("flow_answered_by")
    ),
    Column(
        "相談の流れ_聞かれること",
        _("はじめての電話で聞かれること。"),
        text("flow_questions"),
    ),
    Column("相談の流れ_時間", _("はじめての電話にかかる時間の目安。"), text("flow_duration")),
    Column(
        "相談の流れ_電話で診断しない",
        _("電話で診断をしないか。1＝しない、空欄＝未確認。"),
        lambda w: w.flow_no_diagnosis,
        type="boolean",
    ),
    *(
        Column(
            f"条件_{CONDITION_NAMES[name]}",
            format_lazy(_("{condition}。1＝はい、0＝いいえ、空欄＝未確認。"), condition=label),
            lambda w, name=name: getattr(w, name),
            type="boolean",
        )
        for name, label, _yes, _no in CONDITIONS
    ),
    Column(
        "折り返しの電話",
        _("窓口から折り返すときの番号の表示（非通知／番号通知）。空欄は未確認。"),
        lambda w: japanese(w.get_callback_display()) or None,
        constraints={"enum": [japanese(label) for label in Callback.labels]},
    ),
    Column(
        "声を出さずに相談する手順",
        _("メール・LINE・チャット・相談フォームで相談するときの手順。"),
        text("written_howto"),
    ),
    Column(
        "相談フォーム・チャットのURL",
        _("相談フォームやチャットのページ。"),
        lambda w: uri(w.written_url),
        format="uri",
    ),
    Column("返信までの目安", _("文字で相談したときの返信までの目安。"), text("written_reply_time")),
    Column(
        "相談員からのメッセージ",
        _(
            "相談員のメッセージ（200字以内）。掲載の期限を過ぎたものは含みません。写真は含みません。"
        ),
        card("message"),
    ),
    Column(
        "メッセージを書いた人", _("メッセージを書いた相談員（職種・名前）。"), card("message_by")
    ),
    Column(
        "メッセージの掲載期限",
        _("メッセージの掲載の期限（YYYY-MM-DD）。"),
        lambda w: day(w.message_card and w.message_card.message_expires_on),
        type="date",
    ),
    Column(
        "情報更新日",
        _("このサイトでこの窓口の情報を最後に更新した日（YYYY-MM-DD）。"),
        lambda w: timezone.localdate(w.updated_at).isoformat(),
        type="date",
        constraints={"required": True},
    ),
    Column(
        "最終確認日",
        _("内容を出典で確かめた日（YYYY-MM-DD）。空欄は未確認。"),
        lambda w: day(w.last_verified),
        type="date",
    ),
    Column("出典URL", _("情報の出典のページ。"), lambda w: uri(w.source_url), format="uri"),
    Column(
        "その他の出典",
        _("ほかの出典（URL、または資料名と年月）。1行に1つ。"),
        lambda w: w.more_sources.strip() or None,
    ),
]


# The standard's columns come first; from 窓口の種類 on, the columns are our own.
STANDARD_COLUMNS = COLUMNS[: [c.name for c in COLUMNS].index("窓口の種類")]
EXTENSION_COLUMNS = COLUMNS[len(STANDARD_COLUMNS) :]
TYPE_LABELS = {
    "string": _("文字列"),
    "integer": _("整数"),
    "number": _("数値"),
    "boolean": _("1／0／空欄"),
    "date": _("日付（YYYY-MM-DD）"),
    "time": _("時刻（HH:MM）"),
}


def row(window):
    """One window as {column name: value} with JSON types (None = unknown or empty)."""
    return {column.name: column.value(window) for column in COLUMNS}


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return TRUE if value else FALSE
    return str(value)


def absolute(path):
    return settings.SITE_URL + path


def modified_at(changed_us):
    """When the data last changed (the data version's timestamp), in Tokyo time."""
    moment = datetime.datetime.fromtimestamp(changed_us / 1_000_000, tz=datetime.UTC)
    return timezone.localtime(moment).isoformat(timespec="seconds")
