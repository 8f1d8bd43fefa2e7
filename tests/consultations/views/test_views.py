import pytest
from django.urls import reverse

from consultations.models import ConsultationWindow, Tier
from municipalities.models import Municipality
from tests.conftest import PUBLIC_PAGE_QUERIES
from tests.consultations.printing.test_leaflets import leaflet_urls
from tests.consultations.search_helpers import listed_windows
from tests.factories import MunicipalityFactory, WindowFactory


def public_urls():
    return [
        "/",
        "/municipalities/131164/",
        "/municipalities/131211/",
        "/municipalities/132055/",
        "/municipalities/130001/",
        "/windows/",
        "/windows/?q=ひきこもり",
        "/windows/?q=東",
        "/windows/?method=email&who=family",
        "/windows/1/",
        *leaflet_urls(),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("url", public_urls())
def test_public_pages_render_in_japanese_with_one_h1(client, real_data, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_home_lists_the_62_municipalities_by_region_without_tokyo(client, real_data):
    response = client.get("/")
    links = [
        m
        for m in Municipality.objects.all()
        if f'href="{m.get_absolute_url()}"' in response.content.decode()
    ]
    assert len(links) == 62
    assert [label for label, _ in response.context["regions"]] == ["区部", "多摩", "島しょ"]
    assert [len(ms) for _, ms in response.context["regions"]] == [23, 30, 9]


@pytest.mark.django_db
def test_home_shows_the_support_net(client, real_data):
    assert "0120-529-528" in client.get("/").content.decode()


@pytest.mark.django_db
def test_toshima_page_shows_its_window_and_phone(client, real_data):
    window = ConsultationWindow.objects.published().get(
        municipality_id="131164", tier=Tier.HIKIKOMORI
    )
    response = client.get("/municipalities/131164/")
    # The first-call box's link, not the bare words: every page's <title> says ひきこもり相談窓口.
    html = response.content.decode()
    assert f'<a href="{window.get_absolute_url()}" lang="ja">{window.name}</a>' in html
    assert 'href="tel:0345662427"' in html


@pytest.mark.django_db
def test_adachi_page_shows_its_window(client, real_data):
    assert "くらしとしごとの相談センター" in client.get("/municipalities/131211/").content.decode()


@pytest.mark.django_db
def test_a_municipality_without_a_window_says_it_is_being_confirmed(client, support_net):
    municipality = MunicipalityFactory(main_phone="0428-22-1111")
    html = client.get(municipality.get_absolute_url()).content.decode()
    assert "まだ確認できていません" in html
    assert "東京都ひきこもりサポートネット" in html
    assert 'href="tel:0428221111"' in html  # its switchboard


@pytest.mark.django_db
def test_unknown_facts_are_listed_once_near_the_end_not_as_no(client, support_net):
    window = WindowFactory(method_phone=True, method_email=None, fee="", anonymous_ok=None)
    html = client.get(window.get_absolute_url()).content.decode()
    unknown = html[html.index("まだ確認できていないこと</h3>") : html.index('class="provenance"')]
    assert "メール" in unknown and "匿名・ニックネームでの相談" in unknown and "費用" in unknown
    assert "未確認" not in html[: html.index("まだ確認できていないこと</h3>")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/municipalities/999999/", "/municipalities/abc/", "/windows/99999/"]
)
def test_unknown_codes_and_ids_404(client, real_data, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


@pytest.mark.django_db
def test_an_unpublished_window_404s(client):
    window = WindowFactory(published=False)
    assert client.get(window.get_absolute_url()).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, message",
    [
        ({"age": "abc"}, "ご本人の年齢"),
        ({"method": "xyz"}, "相談方法"),
        ({"municipality": "999999"}, "区市町村"),
        ({"who": "cat"}, "相談する人"),
        ({"q": "あ" * 5000}, "キーワード"),
    ],
)
def test_bad_search_input_gets_400_with_a_message(client, real_data, params, message):
    response = client.get(reverse("consultations:window-list"), params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'role="alert"' in response.content.decode()


@pytest.mark.django_db
def test_email_from_family_lists_only_such_windows(client, real_data):
    response = client.get("/windows/?method=email&who=family")
    windows = listed_windows(response)
    assert windows
    assert all(w.method_email is True and w.target_family is True for w in windows)
    expected = ConsultationWindow.objects.published().filter(method_email=True, target_family=True)
    assert len(windows) == expected.count()


@pytest.mark.django_db
def test_result_count_is_announced(client, real_data):
    html = client.get("/windows/?q=ひきこもり").content.decode()
    count = ConsultationWindow.objects.published().matching_keywords(["ひきこもり"]).count()
    assert f'role="status">{count}件の窓口が見つかりました' in html


@pytest.mark.django_db
def test_full_width_age_works(client, real_data):
    assert client.get("/windows/?age=４５").status_code == 200


@pytest.fixture
def thousand_windows(support_net):
    municipalities = [MunicipalityFactory() for _ in range(40)]
    ConsultationWindow.objects.bulk_create(
        ConsultationWindow(
            municipality=municipalities[i % 40],
            name=f"窓口{i}",
            display_order=i // 40 + 1,
            published=True,
            method_email=True,
            target_family=True,
            search_text=f"まどぐち{i}",
        )
        for i in range(1000)
    )
    return municipalities


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/windows/",
        "/windows/?method=email&who=family&age=40&region=多摩",
        "/windows/?q=まどぐち&page=3",
        "municipality",
        "window",
    ],
)
def test_public_pages_run_at_most_the_public_page_query_budget(
    client, thousand_windows, django_assert_max_num_queries, url
):
    if url == "municipality":
        url = thousand_windows[0].get_absolute_url()
    elif url == "window":
        url = ConsultationWindow.objects.last().get_absolute_url()
    with django_assert_max_num_queries(PUBLIC_PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_search_with_no_results_says_so_and_points_to_the_support_net(client, support_net):
    response = client.get("/windows/", {"q": "存在しない窓口"})
    html = response.content.decode()
    assert 'role="status">0件の窓口が見つかりました' in html
    assert "条件に合う窓口が見つかりませんでした" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "same"),
    [
        ("/windows/?method=email&who=family", "/windows/?who=family&method=email&fbclid=x"),
        ("/windows/?method=email&method=phone", "/windows/?method=phone&method=email"),
        ("/municipalities/131164/", "/municipalities/131164/?utm_source=line"),
        ("/windows/1/?w=3,1", "/windows/1/?w=3,1,3,abc&z=2"),
        (
            "/guide/?who=family&age=45&municipality=131164",
            "/guide/?municipality=131164&age=45&who=family&n=1",
        ),
        ("/en/windows/?who=family", "/en/windows/?who=family&x=1"),
    ],
)
def test_the_same_page_asked_another_way_comes_from_the_page_cache(
    client, real_data, django_assert_num_queries, url, same
):
    first = client.get(url)
    with django_assert_num_queries(1):  # the data version: the rendered page is reused
        again = client.get(same)
    assert again.status_code == 200
    assert again.content == first.content


@pytest.mark.django_db
def test_links_on_a_page_carry_the_canonical_query_only(client, real_data):
    html = client.get("/windows/?who=family&method=email&junk=%3Cx%3E").content.decode()
    assert 'href="/windows/print/?method=email&amp;who=family"' in html
    assert "junk" not in html
