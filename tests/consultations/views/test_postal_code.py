import pytest

from consultations.models import ConsultationWindow
from tests.conftest import PUBLIC_PAGE_QUERIES
from tests.consultations.search_helpers import listed_windows
from tests.factories import MunicipalityFactory, WindowFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/?postal_code=192-0083",
        "/?postal_code=〒１９２－００８３",
        "/windows/?postal_code=1920083",
        "/windows/?q=192-0083",
    ],
)
def test_a_tokyo_postal_code_goes_straight_to_its_municipality(client, real_data, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == "/municipalities/132012/"
    assert "八王子市" in client.get(response.url).content.decode()


@pytest.mark.django_db
def test_an_izu_code_goes_to_oshima(client, real_data):
    assert client.get("/?postal_code=100-0101").url == "/municipalities/133612/"


@pytest.mark.django_db
def test_a_code_spanning_two_municipalities_lets_the_resident_choose(client, real_data):
    response = client.get("/?postal_code=198-0000")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/municipalities/132055/">青梅市</a>' in html
    assert '<a href="/municipalities/133086/">奥多摩町</a>' in html


@pytest.mark.django_db
def test_a_code_outside_tokyo_says_so_and_points_to_the_support_net_and_the_national_portal(
    client, real_data
):
    response = client.get("/?postal_code=060-8621")
    html = response.content.decode()
    assert response.status_code == 200
    assert "東京都外の郵便番号です" in html
    assert "0120-529-528" in html
    assert 'href="https://hikikomori-voice-station.mhlw.go.jp/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["12345", "abcdefg", "", "192-00833"])
def test_a_malformed_code_gets_400_with_a_message(client, real_data, code):
    response = client.get("/", {"postal_code": code})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert "7桁" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_code_gets_404_with_a_message(client, real_data):
    response = client.get("/", {"postal_code": "999-9999"})
    assert response.status_code == 404
    # The postal page's own answer, naming the code: the generic 404 page also says 見つかりません.
    assert "郵便番号「999-9999」は見つかりませんでした" in response.content.decode()


@pytest.mark.django_db
def test_the_home_page_has_a_labelled_postal_code_box(client, real_data):
    html = client.get("/").content.decode()
    assert '<label for="id_postal_code">' in html
    assert 'autocomplete="postal-code"' in html


@pytest.mark.django_db
def test_searching_a_town_name_finds_its_municipality(client, real_data):
    response = client.get("/windows/", {"q": "吉祥寺"})
    municipalities = {w.municipality.name for w in listed_windows(response)}
    assert municipalities == {"武蔵野市"}
    assert '「<span lang="ja">吉祥寺</span>」を地名に含む区市町村：' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["立川 若者", "たちかわ 若者"])
def test_searching_tachikawa_lists_tachikawa_city_not_sumida(client, support_net, q):
    # 立川 alone lands on 立川市's page (test_name_search); with another word it is a search.
    tachikawa = MunicipalityFactory(code="132021", name="立川市", name_kana="たちかわし")
    WindowFactory(municipality=tachikawa, name="若者相談")
    WindowFactory(municipality=MunicipalityFactory(code="131075", name="墨田区"), name="若者相談")
    response = client.get("/windows/", {"q": q})
    assert [w.municipality for w in listed_windows(response)] == [tachikawa]


@pytest.mark.django_db
def test_searching_tachikawa_mentions_the_town_in_sumida(client, support_net):
    MunicipalityFactory(code="131075", name="墨田区")
    html = client.get("/windows/", {"q": "立川"}).content.decode()
    assert (
        '「<span lang="ja">立川</span>」という地名がほかにもある区市町村：'
        '<a href="/municipalities/131075/">墨田区</a>' in html
    )


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/?postal_code=198-0000", "/windows/?q=本町"])
def test_postal_and_place_pages_run_at_most_the_public_page_query_budget(
    client, real_data, django_assert_max_num_queries, url
):
    with django_assert_max_num_queries(PUBLIC_PAGE_QUERIES):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_windows_of_a_place_are_the_windows_of_its_municipality(real_data):
    found = ConsultationWindow.objects.published().matching_keywords(["きちじょうじ"])
    assert {w.municipality_id for w in found} == {"132039"}
