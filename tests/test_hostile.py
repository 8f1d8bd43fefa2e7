import pytest

from tests.hostile import HOSTILE_STRINGS, active_content

LIVE = [s for s in HOSTILE_STRINGS if "<script" in s or "<img" in s or "<svg" in s or "<a " in s]


@pytest.mark.parametrize("value", LIVE + ["<style>body{display:none}</style>"])
def test_the_checker_finds_live_markup_when_data_is_not_escaped(value):
    assert active_content(f"<p>{value}</p>")


def test_the_checker_finds_a_javascript_link():
    assert active_content('<a href=" JavaScript:alert(1)">x</a>')


def test_the_checker_accepts_a_plain_page():
    html = '<html lang="ja"><meta charset="utf-8"><a href="https://example.jp/">x</a></html>'
    assert active_content(html) == []
