import csv
import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from consultations.hours import hours_text, weekly_hours
from consultations.models import (
    Confidence,
    ConsultationWindow,
    Method,
    OpeningHours,
    Tier,
    Who,
    method_field,
    target_field,
)
from consultations.readings import draft_reading, place_readings
from municipalities.codes import is_valid
from municipalities.models import Municipality
from municipalities.phone import normalise_phone

SHARED_DATA = settings.BASE_DIR.parent / "shared" / "data"

# Staff workflow state, not researched data: a fresh load starts at version 1, verified by nobody.
NOT_IN_FIXTURES = {"version", "verified_by"}

# A record is a hikikomori window where a source names it (medium or high confidence). A
# low-confidence record is inferred (a general window whose page never mentions hikikomori): it
# is published as a general window when it has a number to call, since residents are asked to
# phone it to find out; without one it stays a draft for staff to check.
HIKIKOMORI_CONFIDENCE = {Confidence.HIGH, Confidence.MEDIUM}


def tier_and_published(record):
    if record["confidence"] in HIKIKOMORI_CONFIDENCE:
        return Tier.HIKIKOMORI, True
    return Tier.GENERAL, bool((record.get("phone") or "").strip())


MUNICIPALITY_FIELDS = {
    "name": "name",
    "kana": "name_kana",
    "name_en": "name_en",
    "kind": "kind",
    "region": "region",
    "district": "district",
    "website": "website",
    "main_phone": "main_phone",
}
WINDOW_TEXT_FIELDS = {
    "window_name": "name",
    "department": "department",
    "operator": "operator",
    "phone": "phone",
    "fax": "fax",
    "email": "email",
    "url": "url",
    "address": "address",
    "hours": "hours",
    "residency": "residency",
    "fee": "fee",
    "notes": "staff_notes",
}
WINDOW_FACT_FIELDS = {
    **{target_field(w): target_field(w) for w in Who.values},
    **{method_field(m): method_field(m) for m in Method.values},
    "support_net_visit_intake": "support_net_visit",
    "anonymous_ok": "anonymous_ok",
    "age_min": "age_min",
    "age_max": "age_max",
}


# What happens when you call and the conditions families ask about, where a record's notes
# state them in words rather than in a field of their own. Only what a note says: every text is
# a verbatim piece of that record's notes (tests/consultations/management/test_build_fixtures.py checks),
# and every condition not listed stays NULL (未確認).
FIRST_CONTACT_FROM_NOTES = {
    # 東京都ひきこもりサポートネット. 「電話では継続相談の参照用にニックネーム等を聞く場合あり」:
    # a caller may go by a nickname. 「診断・治療方法の提示など医療行為に当たる相談…には
    # 応じられない場合あり」: no diagnosis on the phone. 「メール相談は利用者登録で発行される
    # 利用者番号で専用ページにログインして行う方式」: how to consult without a voice.
    1: {
        "anonymous_ok": True,
        "flow_no_diagnosis": True,
        "written_howto": "メール相談は利用者登録で発行される利用者番号で専用ページにログインして行う方式",
    },
    # 「社会福祉士が電話・メール・面接・訪問で対応」
    25: {"flow_answered_by": "社会福祉士"},
    # 「まず電話で概要を聞き相談日時を調整、面談、支援プラン作成、継続支援の流れ。状況に応じて訪問相談」
    30: {
        "flow_questions": "まず電話で概要を聞き相談日時を調整",
        "flow_next": "面談、支援プラン作成、継続支援の流れ。状況に応じて訪問相談",
    },
    # 「精神保健福祉士等の資格を持つ相談支援員が対応」「区LINE公式アカウントで【ひきこもり支援】と入力」
    34: {
        "flow_answered_by": "精神保健福祉士等の資格を持つ相談支援員",
        "written_howto": "区LINE公式アカウントで【ひきこもり支援】と入力",
    },
    # 「相談支援員（精神保健福祉士・社会福祉士）が家族・本人の話を聞き、必要に応じ医療や福祉
    # サービスにつなぐ」
    95: {
        "flow_answered_by": "相談支援員（精神保健福祉士・社会福祉士）",
        "flow_next": "必要に応じ医療や福祉サービスにつなぐ",
    },
}


class Command(BaseCommand):
    help = "Rebuild fixtures/*.json from the researched municipality list and window records."

    def add_arguments(self, parser):
        parser.add_argument(
            "--municipalities", type=Path, default=SHARED_DATA / "municipalities.csv"
        )
        parser.add_argument("--windows", type=Path, default=SHARED_DATA / "windows.json")
        parser.add_argument("--output-dir", type=Path, default=settings.BASE_DIR / "fixtures")

    def handle(self, *args, **options):
        municipalities = self.read_municipalities(options["municipalities"])
        windows = self.read_windows(options["windows"], municipalities)
        out = options["output_dir"]
        out.mkdir(parents=True, exist_ok=True)
        self.write(out / "municipalities.json", municipalities.values())
        hours = self.read_hours(windows)
        self.write(out / "windows.json", [*windows, *hours])
        published = [w for w in windows if w.published]
        covered = {tier: {w.municipality_id for w in published if w.tier == tier} for tier in Tier}
        self.stdout.write(
            f"{len(municipalities)} municipalities, {len(windows)} windows "
            f"({len(published)} published; municipalities with a published "
            f"hikikomori window: {len(covered[Tier.HIKIKOMORI])}, with a published general "
            f"window: {len(covered[Tier.GENERAL])}; "
            f"{len({h.window_id for h in hours})} with structured hours) written to {out}"
        )

    def read_municipalities(self, path):
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        municipalities = {}
        for line, row in enumerate(rows, start=2):
            code = row["code"].strip()
            if not is_valid(code):
                raise CommandError(f"{path}:{line}: invalid local government code {code!r}")
            municipalities[code] = Municipality(
                code=code,
                contact_source="\n".join(row["contact_source"].split()),
                **{field: row[column].strip() for column, field in MUNICIPALITY_FIELDS.items()},
            )
            municipalities[code].main_phone = normalise_phone(municipalities[code].main_phone)
        return municipalities

    def read_windows(self, path, municipalities):
        records = json.loads(Path(path).read_text(encoding="utf-8"))
        places = place_readings(municipalities.values())
        order = {}
        windows = []
        for record in records:
            code = record["municipality_code"]
            if code not in municipalities:
                raise CommandError(f"record {record['record_id']}: unknown municipality {code}")
            order[code] = order.get(code, 0) + 1
            sources = list(record.get("source_urls") or [])
            # Some sources are a document title, not a link: the linked source must be a URL.
            source_url = next((s for s in sources if s.startswith(("https://", "http://"))), "")
            if source_url:
                sources.remove(source_url)
            tier, published = tier_and_published(record)
            window = ConsultationWindow(
                pk=record["record_id"],
                source_record_id=record["record_id"],
                municipality=municipalities[code],
                display_order=order[code],
                confidence=record["confidence"],
                tier=tier,
                published=published,
                source_url=source_url,
                more_sources="\n".join(sources),
                last_verified=date.fromisoformat(record["source_updated"])
                if record.get("source_updated")
                else None,
                **{
                    field: (record.get(key) or "").strip()
                    for key, field in WINDOW_TEXT_FIELDS.items()
                },
                **{field: record.get(key) for key, field in WINDOW_FACT_FIELDS.items()},
            )
            # Stored as admin and the survey file store them, so an unchanged round trip changes nothing.
            window.phone, window.fax = normalise_phone(window.phone), normalise_phone(window.fax)
            for field, value in FIRST_CONTACT_FROM_NOTES.get(record["record_id"], {}).items():
                setattr(window, field, value)
            # The researched data has no readings of window names: a draft only where every
            # part of the name has a certain reading (see draft_reading), else empty.
            window.name_kana = draft_reading(window.name, places)
            window.search_text = window.build_search_text()
            windows.append(window)
        return windows

    def read_hours(self, windows):
        """Weekly spans for windows whose hours text has one plain meaning (hours_text.parse)."""
        rows = []
        for window in windows:
            parsed = hours_text.parse(window.hours)
            if parsed is None:
                continue
            window.closed_on_public_holidays = parsed.closed_on_public_holidays
            window.closed_year_end = parsed.closed_year_end
            # The window carries its rows as text, as a save in admin would write it.
            window.weekly_hours = weekly_hours.as_text(
                (parsed.first_day, parsed.last_day, opens, closes) for opens, closes in parsed.spans
            )
            for opens, closes in parsed.spans:
                rows.append(
                    OpeningHours(
                        pk=len(rows) + 1,
                        window=window,
                        first_day=parsed.first_day,
                        last_day=parsed.last_day,
                        opens=opens,
                        closes=closes,
                    )
                )
        return rows

    def write(self, path, objects):
        """Write the fixture, keeping timestamps of records that did not change.

        A rebuild from unchanged data must give a byte-identical file, so a re-run
        of the annual import shows exactly what changed in review.
        """
        previous = self.read_previous(path)
        entries = json.loads(serializers.serialize("json", objects, ensure_ascii=False))
        now = timezone.now().isoformat(timespec="seconds")
        for entry in entries:
            fields = entry["fields"]
            for name in NOT_IN_FIXTURES:
                fields.pop(name, None)
            if "created_at" not in fields:
                continue
            before = previous.get((entry["model"], entry["pk"]))
            if before is None:
                fields["created_at"] = fields["updated_at"] = now
            else:
                fields["created_at"] = before["created_at"]
                unchanged = self.facts(fields) == self.facts(before)
                fields["updated_at"] = before["updated_at"] if unchanged else now
        path.write_text(json.dumps(entries, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    @staticmethod
    def facts(fields):
        """The fields that say whether a record changed.

        An empty field counts as absent, so adding, renaming or removing an empty column does
        not mark every record as updated today; a field counts once it holds a value.
        """
        return {
            k: v
            for k, v in fields.items()
            if k not in ("created_at", "updated_at") and v not in ("", None)
        }

    @staticmethod
    def read_previous(path):
        if not path.exists():
            return {}
        return {
            (entry["model"], entry["pk"]): entry["fields"]
            for entry in json.loads(path.read_text(encoding="utf-8"))
        }
