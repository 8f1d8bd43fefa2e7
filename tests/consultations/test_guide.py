import pytest

from tests.factories import MunicipalityFactory, WindowFactory


@pytest.fixture
def hachioji(support_net):
    return MunicipalityFactory(code="132012", name="八王子市", name_en="Hachioji City")


@pytest.mark.django_db
def test_a_window_whose_ages_exclude_the_person_is_shown_with_the_reason(client, hachioji):
    WindowFactory(municipality=hachioji, name="若者相談", age_min=15, age_max=39)
    response = client.get("/guide/", {"municipality": "132012", "age": "45", "who": "family"})
    html = response.content.decode()
    assert response.context["not_fitting"][0]["window"].name == "若者相談"
    assert "この窓口は15〜39歳が対象です。" in html
    assert "若者相談" in html


@pytest.mark.django_db
def test_a_window_that_fits_is_listed_first(client, hachioji):
    WindowFactory(municipality=hachioji, name="若者相談", age_min=15, age_max=39)
    WindowFactory(municipality=hachioji, name="ひきこもり相談", age_min=None, age_max=None)
    response = client.get("/guide/", {"municipality": "132012", "age": "45"})
    assert [i["window"].name for i in response.context["fitting"]] == ["ひきこもり相談"]


@pytest.mark.django_db
def test_a_window_not_taking_family_says_so(client, hachioji):
    WindowFactory(municipality=hachioji, target_family=False)
    html = client.get("/guide/", {"municipality": "132012", "who": "family"}).content.decode()
    assert "この窓口はご家族からの相談を受け付けていません。" in html


@pytest.mark.django_db
def test_unknown_family_consultation_fits_but_says_it_is_unconfirmed(client, hachioji):
    WindowFactory(municipality=hachioji, target_family=None)
    response = client.get("/guide/", {"municipality": "132012", "who": "family"})
    assert len(response.context["fitting"]) == 1
    assert "ご家族からの相談を受け付けているかは未確認です" in response.content.decode()


@pytest.mark.django_db
def test_when_nothing_fits_the_support_net_comes_first(client, hachioji):
    WindowFactory(municipality=hachioji, age_min=15, age_max=39)
    html = client.get("/guide/", {"municipality": "132012", "age": "50"}).content.decode()
    assert "条件に合う窓口が見つかりませんでした" in html
    assert html.index("0120-529-528") < html.index("条件に合わない窓口")


@pytest.mark.django_db
def test_a_postal_code_leads_to_the_guide_for_its_municipality(client, hachioji):
    response = client.get("/guide/", {"postal_code": "192-0083", "age": "45", "who": "self"})
    assert response.status_code == 302
    assert response.url == "/guide/?municipality=132012&age=45&who=self"


@pytest.mark.django_db
def test_a_postal_code_spanning_two_municipalities_offers_the_guide_for_each(client, support_net):
    MunicipalityFactory(code="132055", name="青梅市")
    MunicipalityFactory(code="133086", name="奥多摩町")
    html = client.get("/guide/", {"postal_code": "198-0000", "age": "30"}).content.decode()
    assert 'href="/guide/?municipality=133086&amp;age=30"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, message",
    [
        ({"age": "45"}, "お住まいの区市町村を選ぶか、郵便番号を入力してください。"),
        ({"postal_code": "12-34"}, "郵便番号は7桁の数字で入力してください"),
        ({"municipality": "132012", "age": "-3"}, "0"),
        ({"municipality": "999999"}, "正しく選択してください"),
    ],
)
def test_incomplete_or_bad_answers_get_400_with_a_message(client, hachioji, params, message):
    response = client.get("/guide/", params)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.django_db
def test_the_home_page_asks_age_who_and_place(client, support_net):
    html = client.get("/").content.decode()
    assert 'action="/guide/"' in html
    assert '<label for="guide-age">' in html
    assert 'name="who"' in html


@pytest.mark.django_db
def test_the_guide_runs_at_most_six_queries(client, hachioji, django_assert_max_num_queries):
    for n in range(5):
        WindowFactory(municipality=hachioji, age_max=39 if n % 2 else None)
    with django_assert_max_num_queries(6):
        response = client.get("/guide/", {"municipality": "132012", "age": "45", "who": "family"})
    assert response.status_code == 200
