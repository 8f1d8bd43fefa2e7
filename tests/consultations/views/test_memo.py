"""相談メモ: one A4 sheet a family fills in before calling, linked from windows and leaflets."""

import io

import pytest
from django.conf import settings
from pypdf import PdfReader

from tests.consultations.printing.test_leaflets import get_pdf, pdf_text, squeeze
from tests.factories import WindowFactory


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/memo.pdf", "/en/memo.pdf"])
def test_the_memo_prints_on_one_a4_page(client, url):
    pdf = get_pdf(client, url)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


@pytest.mark.django_db
def test_the_memo_asks_what_a_family_needs_before_calling(client):
    text = squeeze(pdf_text(get_pdf(client, "/memo.pdf")))
    for question in ["いつ頃から", "これまでにあったこと・いまの様子", "窓口に聞きたいこと"]:
        assert question in text


@pytest.mark.django_db
def test_the_memo_page_is_a_public_page_in_both_languages(client):
    ja, en = client.get("/memo/"), client.get("/en/memo/")
    assert ja.status_code == en.status_code == 200
    assert '<html lang="ja">' in ja.content.decode() and '<html lang="en">' in en.content.decode()
    assert ja["Cache-Control"] == "public, max-age=60" and not ja.cookies
    assert 'href="/memo.pdf"' in ja.content.decode()


@pytest.mark.django_db
def test_every_window_page_links_to_the_memo(client, support_net):
    window = WindowFactory()
    assert 'href="/memo/"' in client.get(window.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_every_leaflet_prints_where_the_memo_is(client, support_net):
    window = WindowFactory()
    text = squeeze(pdf_text(get_pdf(client, f"/leaflets/{window.municipality_id}.pdf")))
    assert f"「相談メモ」：{settings.SITE_URL}/memo/" in text
