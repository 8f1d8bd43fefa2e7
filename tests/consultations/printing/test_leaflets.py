import io
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from consultations.filters import WindowFilter
from consultations.models import ConsultationWindow
from consultations.printing import leaflets, pdf
from consultations.printing.pdf import _fetcher_class, leaflets_pdf
from municipalities.models import Municipality
from pagecache.versions import bump
from tests.factories import MunicipalityFactory, WindowFactory

TOYOSHIMA = "131164"
ADACHI = "131211"


@pytest.fixture(autouse=True)
def empty_cache(settings):
    caches[settings.PUBLIC_PAGE_CACHE].clear()
    yield
    caches[settings.PUBLIC_PAGE_CACHE].clear()


def pdf_text(pdf, page=None):
    """The PDF's text as poppler extracts it: real characters, not outlines or tofu."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = subprocess.run(
        ["pdftotext", "-layout", *pages, "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


def page_count(pdf):
    return len(PdfReader(io.BytesIO(pdf)).pages)


def squeeze(text):
    return re.sub(r"\s+", "", text)


def get_pdf(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def leaflet_urls():
    return [
        "/leaflets/",
        f"/leaflets/{TOYOSHIMA}/",
        f"/leaflets/{ADACHI}/",
        "/leaflets/132055/",
        "/leaflets/131032/",
        "/leaflets/130001/",
        "/leaflets/all/",
        "/windows/print/",
        "/windows/print/?region=多摩&method=phone",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("url", leaflet_urls())
def test_leaflet_pages_have_no_inline_script_or_style(client, real_data, url):
    html = client.get(url).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "<style" not in html
    assert " style=" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", leaflet_urls())
def test_leaflet_pages_run_at_most_six_queries(
    client, real_data, django_assert_max_num_queries, url
):
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/leaflets/999999/", "/leaflets/abc/", "/leaflets/999999.pdf", "/leaflets/abc.pdf"]
)
def test_it_404s_for_unknown_codes(client, real_data, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


@pytest.mark.pdf
@pytest.mark.django_db
def test_the_leaflet_has_the_word_hikikomori_in_its_title_and_a_print_button(client, real_data):
    html = client.get(f"/leaflets/{TOYOSHIMA}/").content.decode()
    assert "<h1" in html and "豊島区のひきこもり相談窓口</h1>" in html
    assert "data-print hidden" in html
    assert f'href="/leaflets/{TOYOSHIMA}.pdf"' in html


@pytest.mark.pdf
@pytest.mark.django_db
def test_the_leaflet_pdf_is_inline_with_an_ascii_filename(client, real_data):
    response = client.get(f"/leaflets/{TOYOSHIMA}.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="leaflet-{TOYOSHIMA}.pdf"'


@pytest.mark.pdf
@pytest.mark.django_db
def test_adachis_leaflet_names_its_window_as_text(client, real_data):
    text = squeeze(pdf_text(get_pdf(client, f"/leaflets/{ADACHI}.pdf")))
    assert "足立区のひきこもり相談窓口" in text
    assert "くらしとしごとの相談センター" in text
    # The data has no phone number for 足立区's window: the leaflet says so and gives the
    # Support-Net's number instead of inventing one.
    assert "電話番号は未確認です" in text
    assert "0120-529-528" in text


@pytest.mark.pdf
@pytest.mark.django_db
def test_toshimas_leaflet_prints_its_phone_number(client, real_data):
    text = pdf_text(get_pdf(client, f"/leaflets/{TOYOSHIMA}.pdf"))
    assert "03-4566-2427" in text


@pytest.mark.pdf
@pytest.mark.django_db
def test_the_pdf_embeds_a_japanese_font_with_unicode_maps(client, real_data):
    pdf = get_pdf(client, f"/leaflets/{TOYOSHIMA}.pdf")
    listing = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True)
    fonts = [line.split() for line in listing.stdout.decode().splitlines()[2:]]
    assert any("Noto-Sans-CJK-JP" in font[0] for font in fonts)
    # Columns from the right: object ID (2), uni, sub, emb.
    assert all(font[-5] == "yes" and font[-3] == "yes" for font in fonts)


@pytest.mark.pdf
@pytest.mark.django_db
def test_a_hikikomori_window_without_a_number_sends_callers_to_the_local_number(client, real_data):
    # 台東区: a named window for young people with no number yet, and a general window.
    text = squeeze(pdf_text(get_pdf(client, "/leaflets/131067.pdf")))
    assert "電話番号は未確認です" in text
    assert "（03-5246-1158）にお電話ください" in text


@pytest.mark.pdf
@pytest.mark.django_db
def test_a_general_window_prints_with_its_caveat_and_the_switchboard(client, real_data):
    # 青梅市: only its general window (自立相談支援) is known, and it has a switchboard.
    text = squeeze(pdf_text(get_pdf(client, "/leaflets/132055.pdf")))
    assert "ひきこもりの相談先として案内されている窓口は、まだ確認できていません" in text
    assert (
        "生活の困りごと全般の相談窓口です。ひきこもりの相談も受けているかは、電話でお尋ねください"
        in text
    )
    assert "0428-23-5888" in text  # the general window's number from the data
    assert "0428-22-1111" in text  # 青梅市's switchboard from the data
    assert "東京都ひきこもりサポートネット" in text


@pytest.mark.pdf
@pytest.mark.django_db
def test_a_municipality_without_a_window_says_it_is_being_confirmed(client, support_net):
    municipality = MunicipalityFactory(main_phone="")
    text = squeeze(pdf_text(get_pdf(client, f"/leaflets/{municipality.code}.pdf")))
    assert "確認中" in text
    assert "代表電話" not in text  # never the advice without a number to call
    assert "東京都ひきこもりサポートネット" in text


@pytest.mark.pdf
@pytest.mark.django_db
def test_a_hikikomori_window_with_a_number_prints_no_switchboard(client, real_data):
    text = squeeze(pdf_text(get_pdf(client, "/leaflets/131032.pdf")))  # 港区
    assert "代表電話" not in text


@pytest.mark.pdf
@pytest.mark.django_db
def test_unknown_facts_print_once_in_one_sentence(client, support_net):
    window = WindowFactory(hours="", fee="", method_email=None)
    text = squeeze(pdf_text(get_pdf(client, f"/leaflets/{window.municipality_id}.pdf")))
    assert "まだ確認できていないこと：受付時間、" in text
    assert "費用" in text.split("まだ確認できていないこと：")[1].split("。")[0]
    assert "未確認（お問い合わせください）" not in text


@pytest.mark.pdf
@pytest.mark.django_db
def test_the_qr_code_decodes_to_the_municipality_page(client, real_data, tmp_path):
    pdf = tmp_path / "leaflet.pdf"
    pdf.write_bytes(get_pdf(client, f"/leaflets/{TOYOSHIMA}.pdf"))
    subprocess.run(["pdftoppm", "-png", "-r", "150", pdf, tmp_path / "page"], check=True)
    (png,) = tmp_path.glob("page*.png")
    decoded = subprocess.run(["zbarimg", "--raw", "-q", png], capture_output=True, check=True)
    assert decoded.stdout.decode().strip() == f"{settings.SITE_URL}/municipalities/{TOYOSHIMA}/"


@pytest.mark.pdf
@pytest.mark.django_db
def test_every_leaflet_in_the_fixtures_prints_on_exactly_one_page(real_data):
    municipalities = list(Municipality.objects.all())
    pdf = leaflets_pdf(leaflets.leaflet_contexts(municipalities))
    assert page_count(pdf) == 63
    for number, municipality in enumerate(municipalities, start=1):
        assert f"{municipality.name}のひきこもり相談窓口" in squeeze(pdf_text(pdf, number))


@pytest.mark.pdf
@pytest.mark.django_db
def test_a_leaflet_with_a_switchboard_is_laid_out_once(real_data, monkeypatch):
    lay_out, layouts = pdf._lay_out_leaflets, []

    def counted(contexts):
        layouts.append(len(contexts))
        return lay_out(contexts)

    monkeypatch.setattr(pdf, "_lay_out_leaflets", counted)
    shinagawa = Municipality.objects.get(code="131091")  # a general window and the switchboard
    leaflets_pdf(leaflets.leaflet_contexts([shinagawa]))
    assert layouts == [1]


@pytest.mark.pdf
@pytest.mark.django_db
def test_a_municipality_with_four_windows_still_fits_one_page(client, support_net):
    municipality = MunicipalityFactory()
    WindowFactory.create_batch(
        4,
        municipality=municipality,
        hours="月〜金 9:00〜17:00（祝日・年末年始を除く）。土曜日は第2・第4のみ 10:00〜15:00",
        address="東京都テスト市中央一丁目1番1号 テスト市役所 本庁舎3階",
        residency="市内在住・在勤・在学の方とそのご家族",
        email="soudan@example.jp",
    )
    pdf = get_pdf(client, f"/leaflets/{municipality.code}.pdf")
    assert page_count(pdf) == 1
    assert squeeze(pdf_text(pdf)).count("soudan@example.jp") == 4


@pytest.mark.pdf
@pytest.mark.django_db
def test_the_cached_pdf_is_served_until_the_window_changes(client, real_data):
    first = get_pdf(client, f"/leaflets/{TOYOSHIMA}.pdf")
    assert get_pdf(client, f"/leaflets/{TOYOSHIMA}.pdf") == first
    window = ConsultationWindow.objects.get(municipality=TOYOSHIMA)
    window.phone = "03-9999-0000"
    window.save()
    assert "03-9999-0000" in pdf_text(get_pdf(client, f"/leaflets/{TOYOSHIMA}.pdf"))


@pytest.mark.pdf
@pytest.mark.django_db
def test_a_cached_pdf_costs_one_query_and_answers_revalidation(client, real_data):
    first = client.get(f"/leaflets/{TOYOSHIMA}.pdf")
    with CaptureQueriesContext(connection) as queries:
        again = client.get(f"/leaflets/{TOYOSHIMA}.pdf")
    assert len(queries) == 1  # the data version
    assert again.content == first.content
    revalidated = client.get(f"/leaflets/{TOYOSHIMA}.pdf", HTTP_IF_NONE_MATCH=first["ETag"])
    assert revalidated.status_code == 304


@pytest.mark.pdf
@pytest.mark.django_db
def test_a_support_net_change_reaches_every_cached_leaflet(client, real_data):
    get_pdf(client, f"/leaflets/{TOYOSHIMA}.pdf")
    support_net = ConsultationWindow.objects.support_net()
    support_net.hours = "電話相談 毎日 9:00〜21:00"
    support_net.save()
    assert "毎日 9:00〜21:00" in pdf_text(get_pdf(client, f"/leaflets/{TOYOSHIMA}.pdf"))


@pytest.mark.pdf
@pytest.mark.django_db
def test_a_bulk_update_reaches_the_pdf_once_it_bumps_the_data_version(client, real_data):
    get_pdf(client, f"/leaflets/{TOYOSHIMA}.pdf")
    ConsultationWindow.objects.filter(municipality=TOYOSHIMA).update(phone="03-0000-1111")
    bump()  # QuerySet.update() sends no signal: code that uses it says so (pagecache.versions)
    assert "03-0000-1111" in pdf_text(get_pdf(client, f"/leaflets/{TOYOSHIMA}.pdf"))


@pytest.mark.pdf
@pytest.mark.django_db
def test_the_all_tokyo_pdf_lists_all_62_municipalities_with_the_header_on_every_page(
    client, real_data
):
    pdf = get_pdf(client, "/leaflets/all.pdf")
    text = squeeze(pdf_text(pdf))
    missing = [m.name for m in Municipality.objects.local() if m.name not in text]
    assert missing == []
    pages = page_count(pdf)
    assert pages > 1
    for number in range(1, pages + 1):
        header = squeeze(pdf_text(pdf, number))
        assert "区市町村" in header and "窓口名・電話" in header and "相談方法" in header


@pytest.mark.pdf
@pytest.mark.django_db
def test_the_all_tokyo_pdf_is_a4_landscape(client, real_data):
    page = PdfReader(io.BytesIO(get_pdf(client, "/leaflets/all.pdf"))).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)


@pytest.mark.django_db
def test_the_all_tokyo_list_has_a_row_for_every_municipality_and_published_window(
    client, real_data
):
    html = client.get("/leaflets/all/").content.decode()
    rows = re.findall(r'<th scope="row">([^<]+)</th>', html)
    assert set(rows) == {m.name for m in Municipality.objects.local()}
    without_window = Municipality.objects.local().exclude(windows__published=True).count()
    published = ConsultationWindow.objects.published().local().count()
    assert len(rows) == published + without_window
    assert html.count("確認中（窓口の情報を確認しています）") == without_window


@pytest.mark.django_db
def test_the_all_tokyo_list_groups_regions_in_code_order(client, real_data):
    html = client.get("/leaflets/all/").content.decode()
    regions = re.findall(
        r'<tr class="region-row"><th scope="colgroup" colspan="10">(\S+)</th>', html
    )
    assert regions == ["区部", "多摩", "島しょ"]
    rows = re.findall(r'<th scope="row">([^<]+)</th>', html)
    order = {m.name: m.code for m in Municipality.objects.local()}
    codes = [order[name] for name in rows]
    assert codes == sorted(codes)


@pytest.mark.django_db
def test_the_search_results_page_links_to_its_printable_version(client, real_data):
    html = client.get("/windows/?region=多摩&method=phone").content.decode()
    # The page's own query in canonical order (pagecache.query): names sorted.
    assert 'href="/windows/print/?method=phone&amp;region=%E5%A4%9A%E6%91%A9"' in html
    assert 'href="/windows/print.pdf?method=phone&amp;region=%E5%A4%9A%E6%91%A9"' in html


@pytest.mark.django_db
def test_printed_results_are_exactly_the_windows_found_in_the_same_order(client, real_data):
    params = {"region": "区部", "who": "family"}
    response = client.get("/windows/print/", params)
    expected = list(WindowFilter(params, queryset=ConsultationWindow.objects.for_listing()).qs)
    assert len(expected) > 5
    assert response.context["windows"] == expected
    assert response.context["conditions"] == [("地域", "区部"), ("相談する人", "ご家族")]


@pytest.mark.pdf
@pytest.mark.django_db
def test_the_printed_results_pdf_lists_the_windows_in_order(client, real_data):
    params = QueryDict("region=多摩&method=phone")
    text = squeeze(pdf_text(get_pdf(client, f"/windows/print.pdf?{params.urlencode()}")))
    expected = WindowFilter(params, queryset=ConsultationWindow.objects.for_listing()).qs
    position = 0
    for window in expected:
        position = text.index(squeeze(window.name), position) + 1
    assert f"{len(expected)}件の窓口" in text


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/windows/print/", "/windows/print.pdf"])
def test_bad_filters_on_the_printed_results_get_400_with_a_message(client, real_data, url):
    response = client.get(url, {"age": "abc"})
    assert response.status_code == 400
    assert "ご本人の年齢" in response.content.decode()


@pytest.mark.pdf
@pytest.mark.django_db
def test_the_admin_action_prints_one_page_per_selected_municipality(admin_client, real_data):
    codes = [ADACHI, TOYOSHIMA, "132055"]
    response = admin_client.post(
        reverse("admin:municipalities_municipality_changelist"),
        {"action": "print_leaflets", "_selected_action": codes},
    )
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert page_count(pdf) == 3
    assert "足立区のひきこもり相談窓口" in squeeze(pdf_text(pdf, 2))


@pytest.mark.pdf
@pytest.mark.django_db
def test_the_index_links_every_leaflet_and_the_all_tokyo_list(client, real_data):
    html = client.get("/leaflets/").content.decode()
    for municipality in Municipality.objects.all():
        assert f'href="/leaflets/{municipality.code}.pdf"' in html
    assert 'href="/leaflets/all.pdf"' in html


def test_the_pdf_fetcher_reads_static_files_and_nothing_else():
    fetcher = _fetcher_class()()
    css = fetcher.fetch(f"{settings.SITE_URL}/static/css/leaflet.css")
    assert b"@page" in css.read()
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.com/images/logo.png")
    with pytest.raises(ValueError):
        fetcher.fetch(f"{settings.SITE_URL}/static/../settings.py")


def test_starting_the_site_does_not_import_weasyprint():
    # WeasyPrint costs about half a second to import: only a PDF request should pay for it.
    code = (
        "import django, sys; django.setup(); "
        "from django.urls import resolve; resolve('/leaflets/'); "
        "import consultations.admin; print('weasyprint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        check=True,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "windows_directory.test_settings"},
    )
    assert result.stdout.decode().strip() == "False"


@pytest.mark.pdf
@pytest.mark.django_db
def test_the_leaflet_prints_the_configured_site_address(client, real_data, settings):
    settings.SITE_URL = "https://soudan.example.lg.jp"
    text = squeeze(pdf_text(get_pdf(client, f"/leaflets/{TOYOSHIMA}.pdf")))
    assert f"https://soudan.example.lg.jp/municipalities/{TOYOSHIMA}/" in text
    assert "127.0.0.1" not in text


@pytest.mark.pdf
@pytest.mark.django_db
def test_the_printed_results_pdf_is_rendered_once_for_the_same_search_asked_another_way(
    client, real_data
):
    first = get_pdf(client, "/windows/print.pdf?region=多摩&method=phone&method=email")
    with CaptureQueriesContext(connection) as again:
        padded = get_pdf(client, "/windows/print.pdf?method=email&z=7&method=phone&region=多摩")
    assert len(again) == 1  # the data version: the PDF comes from the page cache
    assert padded == first


@pytest.mark.pdf
@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/leaflets/all.pdf", "/en/leaflets/131164.pdf"])
def test_a_junk_parameter_on_a_pdf_gets_the_cached_copy(client, real_data, url):
    first = get_pdf(client, url)
    with CaptureQueriesContext(connection) as again:
        padded = get_pdf(client, f"{url}?r=12345")
    assert len(again) == 1
    assert padded == first
