"""The published windows as open data: CSV/JSON rows in the column style of the Digital Agency's
自治体標準オープンデータセット「公共施設一覧」, and Open Referral HSDS 3.0 services.

Columns are documented on /data/ from the same COLUMNS list, so the page cannot drift from the
files. Unknown facts stay empty (CSV) or null (JSON), never "no".
"""

import uuid
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.utils import timezone

from municipalities.models import TOKYO_CODE

from . import weekly_hours
from .models import Method, Tier, Weekday, Who, method_field, target_field

LICENSE = "CC BY 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/deed.ja"
ATTRIBUTION = "出典：東京都 ひきこもり相談窓口ガイド（各区市町村・東京都の公開情報をもとに作成）"
PREFECTURE = "東京都"
# Fixed namespace: the same window always gets the same HSDS identifiers.
HSDS_NAMESPACE = uuid.UUID("0d6f3c57-6c1e-4b43-9a55-3f4b2a7f5e10")
ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
TOKYO_OFFSET = "+09:00"


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: Any  # window → str, int, bool, or None for unknown


def municipality_name(window):
    m = window.municipality
    return PREFECTURE if m.code == TOKYO_CODE else f"{PREFECTURE}{m.name}"


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
    if window.hours:
        parts.append(window.hours)
    return "。".join(parts) or None


def description(window):
    parts = [
        f"担当：{window.department}" if window.department else "",
        f"運営：{window.operator}" if window.operator else "",
        window.support_description,
    ]
    return "。".join(p for p in parts if p) or None


def service_description(window):
    """HSDS has no field for our tiers: a general window says what it is in its description."""
    kind = str(Tier(window.tier).label)
    text = description(window) or f"{municipality_name(window)}の{kind}"
    if window.is_general:
        text = f"{kind}。ひきこもりの相談も受けているかは未確認です（電話でお尋ねください）。{text}"
    return text


def remarks(window):
    parts = [
        f"費用：{window.fee}" if window.fee else "",
        f"居住要件：{window.residency}" if window.residency else "",
        f"メール：{window.email}" if window.email else "",
    ]
    return "。".join(p for p in parts if p) or None


def text(attribute):
    return lambda window: getattr(window, attribute) or None


COLUMNS = [
    Column(
        "全国地方公共団体コード",
        "窓口を設けている区市町村の6桁のコード（検査数字付き）。都全域の窓口は東京都の130001。",
        lambda w: w.municipality_id,
    ),
    Column("ID", "窓口の番号。このサイトの /windows/ID/ のページと同じ番号です。", lambda w: w.pk),
    Column(
        "地方公共団体名",
        "都道府県名から始まる名称（例：東京都八王子市）。都全域の窓口は「東京都」。",
        municipality_name,
    ),
    Column("名称", "窓口の名称。", text("name")),
    Column("名称_カナ", "窓口名の読み。まだ収録していないため空欄です。", lambda w: None),
    Column("住所", "所在地（公開されている表記のまま）。", text("address")),
    Column("電話番号", "相談の電話番号（公開されている表記のまま）。", text("phone")),
    Column("FAX番号", "FAX番号。", text("fax")),
    Column(
        "利用可能曜日",
        "曜日ごとの受付時間が登録されている曜日を続けて書いたもの（例：月火水木金）。"
        "登録がなければ空欄（未確認）。祝日・年末年始の扱いは「利用可能日時特記事項」に。",
        weekdays,
    ),
    Column(
        "開始時間",
        "受付開始の時刻（HH:MM）。曜日によって違うときはいちばん早い時刻。",
        lambda w: opening_time(w, min, 2),
    ),
    Column(
        "終了時間",
        "受付終了の時刻（HH:MM）。曜日によって違うときはいちばん遅い時刻。",
        lambda w: opening_time(w, max, 3),
    ),
    Column(
        "利用可能日時特記事項",
        "曜日ごとの受付時間、祝日・年末年始（12/29〜1/3）の扱い、受付時間についての補足。",
        schedule_text,
    ),
    Column("説明", "担当部署、運営団体、受けられる支援。", description),
    Column("URL", "窓口のページの URL。", text("url")),
    Column("備考", "費用、居住要件、メールアドレス。", remarks),
    Column(
        "情報更新日",
        "このサイトでこの窓口の情報を最後に更新した日（YYYY-MM-DD）。",
        lambda w: timezone.localdate(w.updated_at).isoformat(),
    ),
    Column(
        "窓口の種類",
        "「ひきこもり相談窓口」＝出典がひきこもりの相談先と明記している窓口。"
        "「生活の困りごと全般の相談窓口」＝困りごと全般の窓口（自立相談支援機関など）で、"
        "ひきこもりの相談も受けているかは未確認（電話で確かめてください）。",
        lambda w: str(Tier(w.tier).label),
    ),
    *(
        Column(
            f"対象_{label}",
            f"{description}が相談できるか。1＝できる、0＝できない、空欄＝未確認。",
            lambda w, who=who: getattr(w, target_field(who)),
        )
        for who, label, description in [
            (Who.SELF, "本人", "ひきこもりの状態にあるご本人"),
            (Who.FAMILY, "家族", "ご家族"),
            (Who.OTHERS, "その他", "関係者・支援者など"),
        ]
    ),
    Column(
        "対象年齢_下限",
        "対象年齢の下限（歳）。空欄は下限の記載なし。",
        lambda w: w.age_min,
    ),
    Column(
        "対象年齢_上限",
        "対象年齢の上限（歳）。空欄は上限の記載なし。",
        lambda w: w.age_max,
    ),
    *(
        Column(
            f"相談方法_{label}",
            f"{label}で相談できるか。1＝できる、0＝できない、空欄＝未確認。",
            lambda w, method=method: getattr(w, method_field(method)),
        )
        for method, label in [
            (Method.PHONE, "電話"),
            (Method.EMAIL, "メール"),
            (Method.IN_PERSON, "来所"),
            (Method.HOME_VISIT, "訪問"),
            (Method.ONLINE, "オンライン"),
        ]
    ),
    Column(
        "サポートネット訪問相談受付",
        "東京都ひきこもりサポートネットの訪問相談の申込をこの窓口で受け付けているか。"
        "1＝受け付けている、0＝受け付けていない、空欄＝未確認。",
        lambda w: w.support_net_visit,
    ),
    Column(
        "最終確認日",
        "内容を出典で確かめた日（YYYY-MM-DD）。空欄は未確認。",
        lambda w: w.last_verified.isoformat() if w.last_verified else None,
    ),
    Column("出典URL", "情報の出典のページ。", text("source_url")),
]


def row(window):
    """One window as {column name: value} with JSON types (None = unknown or empty)."""
    return {column.name: column.value(window) for column in COLUMNS}


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def hsds_id(kind, key):
    return str(uuid.uuid5(HSDS_NAMESPACE, f"{kind}/{key}"))


def hsds_service(window):
    """One window as an HSDS 3.0 service with its organization, phones, schedules and location."""
    service_id = hsds_id("service", window.pk)
    municipality = window.municipality
    service = {
        "id": service_id,
        "organization_id": hsds_id("organization", municipality.code),
        "name": window.name,
        "description": service_description(window),
        "status": "active",
        "eligibility_description": eligibility(window),
        "last_modified": window.updated_at.astimezone(UTC).isoformat(timespec="milliseconds"),
        "organization": {
            "id": hsds_id("organization", municipality.code),
            "name": municipality_name(window),
            "description": f"{municipality_name(window)}（全国地方公共団体コード {municipality.code}）",
        },
        "phones": [
            {
                "id": hsds_id(f"{kind}/{window.pk}", number),
                "service_id": service_id,
                "number": number,
                "type": kind,
            }
            for kind, number in [("voice", window.phone), ("fax", window.fax)]
            if number
        ],
        "schedules": hsds_schedules(window, service_id),
        "languages": [
            {
                "id": hsds_id("language", window.pk),
                "service_id": service_id,
                "name": "Japanese",
                "code": "ja",
            }
        ],
    }
    optional = {
        "url": window.url,
        "email": window.email,
        "fees_description": window.fee,
        "minimum_age": window.age_min,
        "maximum_age": window.age_max,
        "assured_date": window.last_verified.isoformat() if window.last_verified else None,
    }
    service.update({key: value for key, value in optional.items() if value not in (None, "")})
    if window.address:
        location_id = hsds_id("location", window.pk)
        service["service_at_locations"] = [
            {
                "id": hsds_id("service_at_location", window.pk),
                "service_id": service_id,
                "location_id": location_id,
                "location": {
                    "id": location_id,
                    "location_type": "physical",
                    "name": window.name,
                    "addresses": [
                        {
                            "id": hsds_id("address", window.pk),
                            "location_id": location_id,
                            "address_1": window.address,
                            "city": municipality.name,
                            "state_province": PREFECTURE,
                            # The sources give no postal code: empty, not guessed.
                            "postal_code": "",
                            "country": "JP",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ]
    return service


def eligibility(window):
    who = [
        label
        for label, allowed in [
            ("ご本人", window.target_self),
            ("ご家族", window.target_family),
            ("関係者・支援者", window.target_others),
        ]
        if allowed
    ]
    parts = [
        f"相談できる人：{'・'.join(who)}" if who else "相談できる人：未確認",
        f"対象年齢：{window.age_range_label}",
    ]
    if window.residency:
        parts.append(f"居住要件：{window.residency}")
    return "。".join(parts)


def hsds_schedules(window, service_id):
    # Ids by the window and the span's place in its week: stable while its hours stay the same
    # shape, whatever their times (the rows behind them are rewritten on every change).
    schedules = [
        {
            "id": hsds_id(f"schedule/{window.pk}", position),
            "service_id": service_id,
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": ",".join(ICAL_DAYS[day] for day in range(first, (last or first) + 1)),
            "opens_at": opens.strftime("%H:%M") + TOKYO_OFFSET,
            "closes_at": closes.strftime("%H:%M") + TOKYO_OFFSET,
            "timezone": 9,
            "description": weekly_hours.as_text([(first, last, opens, closes)]),
        }
        for position, (first, last, opens, closes) in enumerate(window.weekly_spans)
    ]
    text = schedule_text(window)
    if text:
        schedules.append(
            {
                "id": hsds_id("schedule-text", window.pk),
                "service_id": service_id,
                "description": text,
            }
        )
    return schedules


def hsds_page(windows):
    """The HSDS 3.0 API's paginated list shape, all services on one page."""
    contents = [hsds_service(window) for window in windows]
    return {
        "total_items": len(contents),
        "total_pages": 1,
        "page_number": 1,
        "size": len(contents),
        "first_page": True,
        "last_page": True,
        "empty": not contents,
        "contents": contents,
    }
