"""The query parameters of /data/: the search page's filters, postal_code, and the HSDS API's own.

Every endpoint states the parameters it takes; anything else, a repeated single value or a value
that does not parse is a BadRequest naming the parameter, never a filter silently ignored. An
empty value counts as not given, as on the search page whose query string the CSV link carries.
"""

import datetime
import uuid

import django_filters
from django.utils import timezone

from municipalities import postal
from municipalities.normalize import search_terms

from ..filters import MAX_SEARCH_LENGTH, WindowFilter

# The search page's filters (filters.WindowFilter), and a postal code for its municipalities.
SEARCH_FILTERS = (*WindowFilter.base_filters, "postal_code")
REPEATABLE = {
    name
    for name, search_filter in WindowFilter.base_filters.items()
    if isinstance(search_filter, django_filters.MultipleChoiceFilter)
}
BOOLEAN_VALUES = {"true": True, "false": False, "1": True, "0": False}


class BadRequest(Exception):
    """Parameters that cannot be answered: {parameter: message}."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def given(query, name):
    """The parameter's value, or None when absent or empty."""
    return query.get(name) or None


def check_names(query, allowed):
    errors = {}
    for name in query:
        if name not in allowed:
            errors[name] = (
                "このパラメータには対応していません。使えるのは "
                + ", ".join(sorted(allowed))
                + " です。"
                if allowed
                else "このアドレスはパラメータを受け付けません。"
            )
        elif name not in REPEATABLE and len(query.getlist(name)) > 1:
            errors[name] = "1回だけ指定してください。"
    if errors:
        raise BadRequest(errors)


def postal_municipalities(text):
    """The codes of the Tokyo municipalities a postal code belongs to (none outside Tokyo)."""
    try:
        return postal.lookup(text).municipality_codes
    except postal.MalformedPostalCode:
        raise BadRequest(
            {"postal_code": "7桁の郵便番号（例：192-0083）で指定してください。"}
        ) from None
    except postal.UnknownPostalCode:
        raise BadRequest({"postal_code": "この郵便番号は日本郵便のデータにありません。"}) from None


def matching_windows(query, queryset, postal_parameter="postal_code"):
    """The windows of `queryset` the search page's filters and the postal code select.

    A postal code selects the windows of its municipalities (several where it spans them, none
    outside Tokyo), combined with the other filters.
    """
    window_filter = WindowFilter(query, queryset=queryset)
    errors = {}
    if not window_filter.is_valid():
        errors |= {name: " ".join(messages) for name, messages in window_filter.errors.items()}
    codes = None
    if code := given(query, postal_parameter):
        try:
            codes = postal_municipalities(code)
        except BadRequest as bad:
            errors[postal_parameter] = bad.errors["postal_code"]
    if errors:
        raise BadRequest(errors)
    windows = window_filter.qs
    if codes is not None:
        windows = windows.filter(municipality_id__in=codes)
    return windows


def keyword(query, name="search"):
    """HSDS's full-text `search`: the search page's keyword search."""
    text = given(query, name)
    if text is None:
        return None
    if len(text) > MAX_SEARCH_LENGTH or "\x00" in text:
        raise BadRequest({name: f"{MAX_SEARCH_LENGTH}文字以内の文字列で指定してください。"})
    return search_terms(text)


def integer(query, name, default, minimum, maximum):
    text = given(query, name)
    if text is None:
        return default
    if not text.isdecimal() or not minimum <= int(text) <= maximum:
        raise BadRequest({name: f"{minimum} から {maximum} までの整数で指定してください。"})
    return int(text)


def boolean(query, name):
    text = given(query, name)
    if text is None:
        return False
    if text.lower() not in BOOLEAN_VALUES:
        raise BadRequest({name: "true か false で指定してください。"})
    return BOOLEAN_VALUES[text.lower()]


def moment(query, name):
    """An ISO 8601 date or date-time; without a zone it is Tokyo time."""
    text = given(query, name)
    if text is None:
        return None
    try:
        value = datetime.datetime.fromisoformat(text)
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        # Stored times are UTC: year 1 in Tokyo, or 9999 west of it, has no UTC equivalent.
        return value.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        raise BadRequest(
            {
                name: "ISO 8601 の日付か日時（例：2026-04-01、2026-04-01T09:00:00+09:00）で指定してください。"
            }
        ) from None


def identifier(query, name):
    """A UUID parameter (e.g. organization_id), normalised to its canonical text."""
    text = given(query, name)
    if text is None:
        return None
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise BadRequest(
            {name: "UUID（例：0d6f3c57-6c1e-4b43-9a55-3f4b2a7f5e10）で指定してください。"}
        ) from None
