"""Ids in URLs: a number no row could have is a 404 or admin's redirect, never a 500."""

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.urls.resolvers import RegexPattern

from tests.factories import StaffFactory
from windows_directory.ids import IdConverter, parse_id

# Beyond PostgreSQL's integer (the auth user's id), beyond bigint, beyond any 64-bit number.
OUT_OF_RANGE = ["2147483648", "9223372036854775808", "99999999999999999999"]


def id_urls():
    """(name, pattern) of every URL with an id in it, found by walking the resolver: a new one
    is tested without being listed here."""

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, inner)
            elif entry.name and id_slots(entry.pattern):
                yield f"{namespace}{entry.name}", entry.pattern

    return sorted(set(walk(get_resolver().url_patterns, "")), key=lambda found: found[0])


def id_slots(pattern):
    if isinstance(pattern, RegexPattern):
        # simple-history's version page: ^(object id)/history/(version id)/$
        return list(range(pattern.regex.groups)) if not pattern.regex.groupindex else []
    return [
        name
        for name, converter in pattern.converters.items()
        if isinstance(converter, (IntConverter, IdConverter)) or name.endswith("id")
    ]


def url_with(name, pattern, value):
    slots = id_slots(pattern)
    if isinstance(pattern, RegexPattern):
        return reverse(name, args=[value] * len(slots))
    kwargs = {slot: value for slot in slots}
    if "code" in pattern.converters:
        kwargs["code"] = "131211"
    return reverse(name, kwargs=kwargs)


ID_URLS = id_urls()


def test_it_finds_the_public_admin_and_custom_id_urls():
    names = {name for name, _ in ID_URLS}
    assert {
        "consultations:window",
        "consultations:report",
        "admin:consultations_consultationwindow_change",
        "admin:consultations_consultationwindow_simple_history",
        "admin:consultations_confirmationround_checklist",
        "admin:consultations_windowrevision_history",
    } <= names


def test_it_leaves_no_plain_int_converter_behind():
    # <int:…> lets any number through to the view; <id:…> stops it at the URL.
    assert not [
        name
        for name, pattern in ID_URLS
        if any(isinstance(c, IntConverter) for c in getattr(pattern, "converters", {}).values())
    ]


@pytest.mark.parametrize(
    "text, number",
    [("1", 1), ("0042", 42), ("9223372036854775807", 9223372036854775807)],
)
def test_it_reads_a_row_id(text, number):
    assert parse_id(text) == number


@pytest.mark.parametrize(
    "text", ["", "0", "-1", "+5", " 5", "1_000", "٥", "1e3", "9223372036854775808"]
)
def test_it_refuses_what_no_row_could_have(text):
    assert parse_id(text) is None


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["metro", "municipal"])
@pytest.mark.parametrize("name, pattern", ID_URLS, ids=[name for name, _ in ID_URLS])
def test_it_404s_or_redirects_for_ids_the_database_cannot_hold(client, adachi, role, name, pattern):
    client.force_login(StaffFactory(municipality=adachi if role == "municipal" else None))
    answers = {
        (method, value): getattr(client, method)(url_with(name, pattern, value)).status_code
        for method in ("get", "post")
        for value in OUT_OF_RANGE
    }
    # 302: admin's own "does not exist" redirect; 403: a page this role never opens; 405: a
    # POST-only page asked with GET, or the reverse.
    assert set(answers.values()) <= {302, 403, 404, 405}, answers
