"""Residents' error reports on the model: where a reply can go."""

import pytest

from consultations.models import ErrorReport


@pytest.mark.parametrize(
    "contact, expected",
    [
        ("yamada@example.jp", "yamada@example.jp"),
        ("山田 メール：yamada@example.jp", "yamada@example.jp"),
        ("03-1111-1111、yamada@example.jp（平日のみ）", "yamada@example.jp"),
        ("03-1111-1111", ""),
        ("yamada@", ""),
        ("", ""),
    ],
)
def test_the_reply_address_is_the_e_mail_address_among_the_contact_details(contact, expected):
    assert ErrorReport(contact=contact).contact_email == expected
