"""The published windows as Open Referral HSDS 3.0 objects: a window is a service, the
municipality (or Tokyo) that lists it is the organization, and its address a location.

Ids are UUIDs derived from keys that never change with a window's values (its primary key and
the kind or position of the part, an opening-hours row's primary key, a municipality's code),
so a client that stored an id finds the same object after any edit. Links are given as URIs:
a published IRI (kanji in the path) is percent-encoded, as the schemas' "uri" format requires.

Three shapes per object, as the HSDS API reference has them: the list item (one-to-one fields
only), the full object (with its arrays), and for services the minimal one (see MINIMAL).
"""

import datetime
import uuid

from django.urls import reverse

from municipalities.models import TOKYO_CODE

from ..hours import weekly_hours
from ..models import Callback
from .opendata import (
    PREFECTURE,
    absolute,
    japanese,
    municipality_name,
    phone_number,
    schedule_text,
    uri,
)
from .opendata import description as window_description

VERSION = "3.0"
# Fixed namespace: the same key always gets the same identifier.
NAMESPACE = uuid.UUID("0d6f3c57-6c1e-4b43-9a55-3f4b2a7f5e10")
ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
TOKYO_OFFSET = "+09:00"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
# ?minimal=true: "aim to return all services within one page", as the spec asks.
MAX_MINIMAL_PER_PAGE = 1000
# ?minimal=true: the spec's "id and modified_date" (HSDS 3.0 calls the latter last_modified),
# plus name and status, without which a service does not validate against the schema.
MINIMAL = ("id", "name", "status", "last_modified")


def hsds_id(kind, key):
    return str(uuid.uuid5(NAMESPACE, f"{kind}/{key}"))


def service_id(pk):
    return hsds_id("service", pk)


def organization_id(code):
    return hsds_id("organization", code)


def service_at_location_id(pk):
    return hsds_id("service_at_location", pk)


def timestamp(moment):
    return moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds")


def compact(obj):
    """Leave out what the data does not have: an absent property, never an empty string."""
    return {key: value for key, value in obj.items() if value not in (None, "", [])}


# Organizations: the 62 municipalities and Tokyo.


def organization_name(municipality):
    return PREFECTURE if municipality.code == TOKYO_CODE else f"{PREFECTURE}{municipality.name}"


def organization_item(municipality):
    return compact(
        {
            "id": organization_id(municipality.code),
            "name": organization_name(municipality),
            "alternate_name": municipality.name_en,
            "description": f"{organization_name(municipality)}"
            f"（全国地方公共団体コード {municipality.code}）",
            "website": uri(municipality.website),
            "uri": absolute(municipality.get_absolute_url()),
        }
    )


def organization_full(municipality, services):
    """The organization with its switchboard and code, and `services` (already shaped)."""
    org_id = organization_id(municipality.code)
    phones = []
    if municipality.main_phone:
        number, extension = phone_number(municipality.main_phone)
        phones.append(
            compact(
                {
                    "id": hsds_id("organization-phone", municipality.code),
                    "organization_id": org_id,
                    "number": number,
                    "extension": int(extension) if extension else None,
                    "type": "voice",
                    "description": "代表電話。「ひきこもりの相談をしたい」とお伝えください。",
                }
            )
        )
    return {
        **organization_item(municipality),
        "phones": phones,
        "organization_identifiers": [
            {
                "id": hsds_id("organization-identifier", municipality.code),
                "organization_id": org_id,
                "identifier_type": "全国地方公共団体コード",
                "identifier": municipality.code,
            }
        ],
        "services": services,
    }


# Services: the windows.


def application_process(window):
    """How to consult: 相談の流れ as staff wrote it, the methods the window offers and those the
    sources do not state, the known conditions, and how to consult without a voice."""
    offered = [label for label, value in window.methods if value]
    unknown = [label for label, value in window.methods if value is None]
    parts = [f"{japanese(label)}：{text}" for label, text, _own in window.call_flow]
    if offered:
        parts.append("相談方法：" + "、".join(map(japanese, offered)))
    if unknown:
        parts.append("未確認の相談方法：" + "、".join(map(japanese, unknown)))
    parts += [
        f"{japanese(label)}：{japanese(answer)}"
        for label, value, answer in window.family_conditions
        if value is not None
    ]
    if window.callback:
        parts.append(f"折り返しの電話：{japanese(window.get_callback_display())}")
    if window.written_howto:
        parts.append(f"声を出さずに相談する手順：{window.written_howto}")
    if window.written_reply_time:
        parts.append(f"返信までの目安：{window.written_reply_time}")
    return "。".join(part.rstrip("。") for part in parts)


def alert(window):
    """The one notice a caller must act on before calling: a call back from a withheld number."""
    if window.callback == Callback.WITHHELD:
        return (
            "折り返しの電話は非通知でかかってきます。非通知を拒否する設定にしていると届きません。"
        )
    return None


def eligibility(window):
    who = [label for label, allowed in window.targets if allowed]
    parts = [
        "相談できる人：" + ("・".join(map(str, who)) if who else "未確認"),
        f"対象年齢：{window.age_range_label}",
    ]
    if window.residency:
        parts.append(f"居住要件：{window.residency}")
    return "。".join(parts)


def service_description(window):
    """HSDS has no field for our tiers: a general window says what it is in its description."""
    kind = str(window.get_tier_display())
    text = window_description(window) or f"{municipality_name(window)}の{kind}"
    if window.operator:
        text = f"{text}。運営：{window.operator}"
    if window.is_general:
        text = f"{kind}。ひきこもりの相談も受けているかは未確認です（電話でお尋ねください）。{text}"
    return text


def service_item(window):
    """The list shape: one-to-one fields and the organization."""
    return compact(
        {
            "id": service_id(window.pk),
            "organization_id": organization_id(window.municipality_id),
            "name": window.name,
            "description": service_description(window),
            "url": uri(window.url),
            "email": window.email,
            "status": "active",
            "application_process": application_process(window),
            "alert": alert(window),
            "fees_description": window.fee,
            "eligibility_description": eligibility(window),
            "minimum_age": window.age_min,
            "maximum_age": window.age_max,
            "assured_date": window.last_verified.isoformat() if window.last_verified else None,
            "last_modified": timestamp(window.updated_at),
            "organization": organization_item(window.municipality),
        }
    )


def service_minimal(window):
    item = service_item(window)
    return {key: item[key] for key in MINIMAL}


def service_full(window, places, with_locations=True):
    """The full shape: phones, schedules, languages and (unless nested in one) its locations.

    ``places``: the municipality names an address may start with (see city)."""
    sid = service_id(window.pk)
    service = {
        **service_item(window),
        "phones": phones(window, sid),
        "schedules": schedules(window, sid),
        "languages": [
            {
                "id": hsds_id("language", window.pk),
                "service_id": sid,
                "name": "Japanese",
                "code": "ja",
            }
        ],
    }
    if with_locations and window.address:
        service["service_at_locations"] = [
            service_at_location_full(window, places, with_service=False)
        ]
    return service


def phones(window, sid):
    """The window's number and fax; ids from the window and the kind, never from the number."""
    rows = []
    for kind, value in [("voice", window.phone), ("fax", window.fax)]:
        number, extension = phone_number(value)
        if number:
            rows.append(
                compact(
                    {
                        "id": hsds_id(f"phone/{window.pk}", kind),
                        "service_id": sid,
                        "number": number,
                        "extension": int(extension) if extension else None,
                        "type": kind,
                    }
                )
            )
    return rows


def schedules(window, sid):
    """Weekly rules from the structured hours, then the hours as text.

    Ids are the window and the span's place in its week, so a changed time keeps its id (the
    OpeningHours rows behind them are rewritten on every change of hours).
    """
    rows = [
        {
            "id": hsds_id(f"schedule/{window.pk}", position),
            "service_id": sid,
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
        rows.append(
            {"id": hsds_id("schedule-text", window.pk), "service_id": sid, "description": text}
        )
    return rows


# Locations: a window's address.


def city(window, places):
    """The municipality an address starts with (after 東京都), else the window's own.

    The address stays whole in address_1: many are a building's name (豊島区役所本庁舎4階),
    which no split would keep readable.
    """
    address = window.address.removeprefix(PREFECTURE)
    for name in places:
        if address.startswith(name):
            return name
    own = window.municipality
    return own.name if own.code != TOKYO_CODE else PREFECTURE


def location_item(window):
    return {
        "id": hsds_id("location", window.pk),
        "location_type": "physical",
        "name": window.name,
        "organization_id": organization_id(window.municipality_id),
    }


def location_full(window, places):
    location_id = hsds_id("location", window.pk)
    return {
        **location_item(window),
        "addresses": [
            {
                "id": hsds_id("address", window.pk),
                "location_id": location_id,
                "address_1": window.address,
                "city": city(window, places),
                "state_province": PREFECTURE,
                # The sources give no postal code: empty, not guessed.
                "postal_code": "",
                "country": "JP",
                "address_type": "physical",
            }
        ],
    }


def service_at_location_item(window):
    return {
        "id": service_at_location_id(window.pk),
        "service_id": service_id(window.pk),
        "location_id": hsds_id("location", window.pk),
        "location": location_item(window),
        "service": service_item(window),
    }


def service_at_location_full(window, places, with_service=True):
    sal = {
        "id": service_at_location_id(window.pk),
        "service_id": service_id(window.pk),
        "location_id": hsds_id("location", window.pk),
        "location": location_full(window, places),
    }
    if with_service:
        sal["service"] = service_full(window, places, with_locations=False)
    return sal


def page(contents, page_number, per_page, total):
    """The HSDS Page envelope around one page of `contents`."""
    pages = max(1, -(-total // per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page_number,
        "size": len(contents),
        "first_page": page_number == 1,
        "last_page": page_number >= pages,
        "empty": not contents,
        "contents": contents,
    }


def root():
    return {
        "version": VERSION,
        # Base HSDS 3.0, no profile: the page that says so and how windows map to it.
        "profile": absolute(reverse("data-page")) + "#hsds",
        "openapi_url": absolute(reverse("data:hsds-openapi")),
    }
