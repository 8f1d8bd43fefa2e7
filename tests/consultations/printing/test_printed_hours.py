"""What is printed is what was approved: the weekly hours grid on every printed output, the
free text as its note (read back from the PDFs)."""

import pytest
from django.conf import settings
from django.core.cache import caches

from tests.consultations.printing.test_leaflets import get_pdf, pdf_text, squeeze
from tests.factories import WindowFactory

GRID = "月〜金 9:00〜17:00"


@pytest.fixture(autouse=True)
def empty_cache():
    caches[settings.PUBLIC_PAGE_CACHE].clear()


@pytest.fixture
def window(support_net):
    return WindowFactory(
        name="あだち相談",
        weekly_hours=GRID,
        hours="",
        closed_on_public_holidays=True,
        method_phone=True,
    )


def printed_urls(window):
    return [
        f"/leaflets/{window.municipality_id}.pdf",
        f"/windows/print.pdf?municipality={window.municipality_id}",
        f"/list.pdf?w={window.pk}",
    ]


@pytest.mark.pdf
@pytest.mark.django_db
def test_every_pdf_prints_the_approved_weekly_hours_without_free_text(client, window):
    for url in printed_urls(window):
        text = squeeze(pdf_text(get_pdf(client, url)))
        assert "月〜金9:00〜17:00" in text, url
        assert "（祝日は休み）" in text, url
        assert "受付時間未確認" not in text, url


@pytest.mark.pdf
@pytest.mark.django_db
def test_the_free_text_prints_as_a_note_after_the_grid(client, window):
    window.hours = "第3土曜も受付"
    window.save()
    text = squeeze(pdf_text(get_pdf(client, f"/leaflets/{window.municipality_id}.pdf")))
    assert text.index("月〜金9:00〜17:00") < text.index("第3土曜も受付")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/leaflets/{code}/", "/windows/print/?municipality={code}", "/list/?w={pk}"]
)
def test_every_print_view_shows_the_weekly_hours(client, window, url):
    page = client.get(url.format(code=window.municipality_id, pk=window.pk)).content.decode()
    assert "9:00〜17:00" in page


@pytest.mark.django_db
def test_the_support_net_prints_its_weekly_hours(client, support_net):
    support_net.weekly_hours = "月〜土 10:00〜17:00"
    support_net.hours = ""
    support_net.save()
    window = WindowFactory(method_phone=True)
    for url in [f"/leaflets/{window.municipality_id}/", "/leaflets/all/"]:
        assert "10:00〜17:00" in client.get(url).content.decode(), url


@pytest.mark.pdf
@pytest.mark.django_db
def test_a_note_that_only_restates_the_grid_is_printed_once(client, support_net):
    support_net.weekly_hours = "月〜金 10:00〜17:00"
    support_net.hours = "電話相談 月〜金 10:00〜17:00（祝日・年末年始を除く）"
    support_net.closed_on_public_holidays = support_net.closed_year_end = True
    support_net.save()
    window = WindowFactory(method_phone=True)
    text = squeeze(pdf_text(get_pdf(client, f"/leaflets/{window.municipality_id}.pdf")))
    assert text.count("10:00〜17:00") == 1
    assert "月〜金10:00〜17:00（祝日・年末年始は休み）" in text
