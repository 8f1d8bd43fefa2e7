import csv
import io
import re

import pytest
from django.utils import timezone

from municipalities.models import Region
from tests.consultations.admin_helpers import propose
from tests.factories import MunicipalityFactory, StaffFactory, WindowFactory

OVERVIEW = "/staff/overview/"
CSV = "/staff/overview.csv"


@pytest.fixture
def staff_client(client, metro_staff):
    """Metropolitan staff without superuser rights."""
    client.force_login(metro_staff)
    return client


def csv_rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.django_db
@pytest.mark.parametrize("url", [OVERVIEW, CSV])
def test_it_sends_anonymous_visitors_to_the_admin_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url}"


@pytest.mark.django_db
@pytest.mark.parametrize("url", [OVERVIEW, CSV])
def test_it_refuses_a_logged_in_user_who_is_not_staff(client, django_user_model, url):
    client.force_login(django_user_model.objects.create_user("resident"))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("url", [OVERVIEW, CSV])
def test_it_is_never_cached(staff_client, url):
    cache_control = staff_client.get(url)["Cache-Control"]
    assert "no-store" in cache_control
    assert "private" in cache_control


@pytest.mark.django_db
def test_it_renders_in_japanese_with_one_h1_and_no_inline_styles(staff_client, real_data):
    html = staff_client.get(OVERVIEW).content.decode()
    assert '<html lang="ja"' in html
    assert html.count("<h1") == 1
    assert "style=" not in html
    assert "<script>" not in html


@pytest.mark.django_db
def test_the_real_data_shows_62_rows_and_a_general_window_only_as_a_gap(staff_client, real_data):
    response = staff_client.get(OVERVIEW)
    html = response.content.decode()
    assert len(response.context["overview"].rows) == 62

    def first_cell(name):
        row = re.search(rf"<tr[^>]*>\s*<th scope=\"row\"><a[^>]*>{name}</a>.*?</tr>", html, re.S)
        return re.search(r'<td class="check (is-\w+)">', row.group(0)).group(1)

    assert first_cell("青梅市") == "is-unknown"  # only its general window is published
    assert first_cell("豊島区") == "is-yes"


@pytest.mark.django_db
def test_it_takes_a_fixed_number_of_queries(staff_client, real_data, django_assert_max_num_queries):
    # Session, user, two admin permission checks, the staff member's scope (assignment,
    # group), the open confirmation round, then the municipalities (with their progress in
    # the round) and their windows: never one per municipality.
    with django_assert_max_num_queries(9):
        staff_client.get(OVERVIEW)


@pytest.mark.django_db
def test_each_mark_has_a_text_alternative(staff_client):
    WindowFactory(target_family=False, support_net_visit=None)
    html = staff_client.get(OVERVIEW).content.decode()
    assert '<span aria-hidden="true">✓</span><span class="visually-hidden">はい</span>' in html
    assert '<span aria-hidden="true">✗</span><span class="visually-hidden">いいえ</span>' in html
    assert '<span aria-hidden="true">?</span><span class="visually-hidden">未確認</span>' in html


@pytest.mark.django_db
def test_each_name_links_to_the_municipality_admin_page(staff_client):
    municipality = MunicipalityFactory(name="武蔵野市")
    html = staff_client.get(OVERVIEW).content.decode()
    link = f'<a href="/admin/municipalities/municipality/{municipality.pk}/change/">武蔵野市</a>'
    assert link in html


@pytest.mark.django_db
def test_rows_with_a_gap_are_highlighted_and_complete_rows_are_not(staff_client):
    complete = MunicipalityFactory(
        name="完全市", lead_department="福祉課", needs_survey_done=True, platform_established=True
    )
    WindowFactory(municipality=complete, support_net_visit=True, last_verified=timezone.localdate())
    MunicipalityFactory(name="未確認市")
    html = staff_client.get(OVERVIEW).content.decode()
    assert re.search(r'<tr class="has-gap">\s*<th scope="row"><a[^>]*>未確認市', html)
    assert re.search(r"<tr>\s*<th scope=\"row\"><a[^>]*>完全市", html)


@pytest.mark.django_db
def test_the_region_filter_keeps_only_that_region(staff_client):
    MunicipalityFactory(region=Region.TAMA, name="多摩の市")
    MunicipalityFactory(code="131016", region=Region.WARDS, kind="特別区", name="千代田区")
    response = staff_client.get(OVERVIEW, {"region": "多摩"})
    assert [r.municipality.name for r in response.context["overview"].rows] == ["多摩の市"]


@pytest.mark.django_db
def test_the_filter_form_submits_with_get_and_keeps_the_choice(staff_client):
    html = staff_client.get(OVERVIEW, {"region": "島しょ"}).content.decode()
    assert '<form class="overview-filter" method="get"' in html
    assert '<option value="島しょ" selected>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", [OVERVIEW, CSV])
def test_an_unknown_region_gets_400_with_a_message(staff_client, url):
    response = staff_client.get(url, {"region": "大阪"})
    assert response.status_code == 400
    assert "地域" in response.content.decode()


@pytest.mark.django_db
def test_the_footer_counts_yes_of_all_rows_per_column(staff_client):
    WindowFactory()
    MunicipalityFactory()
    MunicipalityFactory()
    html = staff_client.get(OVERVIEW).content.decode()
    footer = html[html.index("<tfoot>") : html.index("</tfoot>")]
    yes_row = footer[: footer.index("</tr>")]
    assert re.findall(r"<td>(\d+/\d+)</td>", yes_row)[0] == "1/3"


@pytest.mark.django_db
def test_the_coverage_chart_is_an_accessible_svg_with_the_numbers(staff_client):
    WindowFactory(municipality=MunicipalityFactory(region=Region.TAMA))
    MunicipalityFactory(region=Region.TAMA)
    html = staff_client.get(OVERVIEW).content.decode()
    svg = html[html.index('<svg class="chart"') :]
    svg = svg[: svg.index("</svg>")]
    assert 'role="img"' in svg
    assert 'aria-labelledby="coverage-chart-title coverage-chart-desc"' in svg
    assert '<title id="coverage-chart-title">' in svg
    assert "50% (1/2)" in svg
    assert 'width="113.0"' in svg  # half of the 226-unit bar area
    table = html[html.index('id="coverage-caption"') :]
    assert "<td>50% (1/2)</td>" in table


@pytest.mark.django_db
def test_the_methods_chart_counts_municipalities_offering_each_method(staff_client):
    WindowFactory(method_online=True)
    WindowFactory(method_online=False)
    html = staff_client.get(OVERVIEW).content.decode()
    svg = html[html.index('aria-labelledby="methods-chart-title') :]
    svg = svg[: svg.index("</svg>")]
    assert re.search(r">オンライン</text>.*?>50% \(1/2\)</text>", svg, re.S)


@pytest.mark.django_db
def test_the_csv_starts_with_a_bom_and_has_the_table_columns(staff_client):
    response = staff_client.get(CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    assert "attachment" in response["Content-Disposition"]
    header = csv_rows(response)[0]
    assert header[:4] == ["地方公共団体コード", "区市町村", "地域", "窓口の公表"]
    assert "12か月以内の確認" in header


@pytest.mark.django_db
def test_the_csv_writes_words_for_the_marks(staff_client):
    WindowFactory(municipality=MunicipalityFactory(code="132012"), target_family=False)
    MunicipalityFactory(code="132021")
    rows = {row[0]: row for row in csv_rows(staff_client.get(CSV))[1:]}
    assert rows["132012"][3:6] == ["はい", "はい", "いいえ"]
    assert rows["132021"][3:6] == ["いいえ", "未確認", "未確認"]


@pytest.mark.django_db
def test_the_csv_follows_the_region_filter(staff_client, real_data):
    rows = csv_rows(staff_client.get(CSV, {"region": "島しょ"}))[1:]
    assert len(rows) == 9
    assert {row[2] for row in rows} == {"島しょ"}


@pytest.mark.django_db
def test_the_csv_neutralises_formula_cells(staff_client):
    MunicipalityFactory(lead_department='=HYPERLINK("http://example.invalid")')
    [_, row] = csv_rows(staff_client.get(CSV))
    assert '\'=HYPERLINK("http://example.invalid")' in row


@pytest.mark.django_db
def test_the_admin_index_links_to_the_overview(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert f'href="{OVERVIEW}"' in html
    assert "app-municipalities" in html  # the app list is still there


@pytest.mark.django_db
def test_municipal_staff_see_only_their_own_row_on_the_page_and_in_the_csv(
    client, real_data, django_user_model
):
    from municipalities.models import Municipality
    from tests.factories import StaffFactory

    client.force_login(StaffFactory(municipality=Municipality.objects.get(code="131211")))
    page = client.get("/staff/overview/")
    assert [row.municipality.code for row in page.context["overview"].rows] == ["131211"]
    assert [r[0] for r in csv_rows(client.get("/staff/overview.csv"))[1:]] == ["131211"]


@pytest.mark.django_db
def test_the_pending_reviews_column_links_metropolitan_staff_to_the_queue(
    staff_client, adachi, adachi_staff
):
    propose(WindowFactory(municipality=adachi), adachi_staff, phone="03-3880-5111")
    html = staff_client.get(OVERVIEW).content.decode()
    queue = "/admin/consultations/windowrevision/"
    assert '">承認待ち</a></th>' in html
    assert f'<a href="{queue}?municipality__code__exact=131211">1件</a>' in html
    assert re.search(
        rf'合計</th>\s*<td colspan="9"></td>\s*<td class="pending"><a href="{queue}">1件</a>',
        html,
    )


@pytest.mark.django_db
def test_the_csv_has_the_pending_reviews_column(staff_client, adachi, adachi_staff):
    propose(WindowFactory(municipality=adachi), adachi_staff, phone="03-3880-5111")
    header, row = csv_rows(staff_client.get(CSV))
    assert row[header.index("承認待ち")] == "1"


@pytest.mark.django_db
def test_municipal_staff_see_their_own_pending_count_without_a_queue_link(
    client, adachi, toshima, adachi_staff
):
    propose(WindowFactory(municipality=adachi), adachi_staff, phone="03-3880-5111")
    propose(
        WindowFactory(municipality=toshima),
        StaffFactory(municipality=toshima),
        phone="03-3333-3333",
    )
    client.force_login(adachi_staff)
    response = client.get(OVERVIEW)
    assert response.context["overview"].pending_reviews == 1
    assert "windowrevision" not in response.content.decode()
