import pytest

from consultations.models import Tier
from tests.conftest import PUBLIC_PAGE_QUERIES
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
    assert [i["window"].name for i in response.context["fits"]] == ["ひきこもり相談"]


@pytest.mark.django_db
def test_a_window_not_taking_family_says_so(client, hachioji):
    WindowFactory(municipality=hachioji, target_family=False)
    html = client.get("/guide/", {"municipality": "132012", "who": "family"}).content.decode()
    assert "この窓口はご家族からの相談を受け付けていません。" in html


@pytest.mark.django_db
def test_unknown_family_consultation_may_fit_and_says_what_is_unconfirmed(client, hachioji):
    WindowFactory(municipality=hachioji, target_family=None)
    response = client.get("/guide/", {"municipality": "132012", "who": "family"})
    html = response.content.decode()
    assert response.context["fits"] == [] and len(response.context["may_fit"]) == 1
    assert "ご家族からの相談を受け付けているかは未確認です" in html
    assert "電話で聞けば、すぐにわかります" in html


@pytest.mark.django_db
def test_only_confirmed_answers_fit_and_the_rest_may_fit(client, hachioji):
    WindowFactory(municipality=hachioji, name="確かな窓口", target_family=True)
    WindowFactory(municipality=hachioji, name="未確認の窓口", target_family=None)
    WindowFactory(municipality=hachioji, name="くらし相談", tier=Tier.GENERAL, target_family=True)
    response = client.get("/guide/", {"municipality": "132012", "age": "45", "who": "family"})
    names = {key: [i["window"].name for i in response.context[key]] for key in ("fits", "may_fit")}
    assert names == {"fits": ["確かな窓口"], "may_fit": ["未確認の窓口", "くらし相談"]}
    html = response.content.decode()
    assert html.index("ご家族が相談できる窓口（1件）") < html.index(
        "条件に合うかもしれない窓口（2件）"
    )


@pytest.mark.django_db
def test_without_a_hikikomori_window_the_guide_answers_like_the_municipality_page(client, hachioji):
    hachioji.main_phone = "042-626-3111"
    hachioji.save()
    WindowFactory(municipality=hachioji, name="くらし相談", tier=Tier.GENERAL, phone="042-620-7462")
    html = client.get("/guide/", {"municipality": "132012", "who": "family"}).content.decode()
    assert "まだ確認できていません" in html
    first_call = html[: html.index("条件に合うかもしれない窓口")]
    assert 'href="tel:0426207462"' in first_call
    assert "見つかりませんでした" not in html


@pytest.mark.django_db
def test_when_nothing_fits_the_support_net_comes_first(client, hachioji):
    WindowFactory(municipality=hachioji, age_min=15, age_max=39)
    html = client.get("/guide/", {"municipality": "132012", "age": "50"}).content.decode()
    assert html.index("0120-529-528") < html.index("条件に合わない窓口")
    assert "見つかりませんでした" not in html


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
def test_the_guide_stays_within_the_public_page_query_budget(
    client, hachioji, django_assert_max_num_queries
):
    for n in range(5):
        WindowFactory(municipality=hachioji, age_max=39 if n % 2 else None)
    with django_assert_max_num_queries(PUBLIC_PAGE_QUERIES):
        response = client.get("/guide/", {"municipality": "132012", "age": "45", "who": "family"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_guide_asks_first_who_is_looking(client, support_net):
    html = client.get("/").content.decode()
    assert html.index("どなたが探していますか") < html.index('<label for="guide-age">')
    for choice in [
        "ご本人（ひきこもりの状態にある方）",
        "ご家族",
        "支援者（関係機関の職員・知人など）",
    ]:
        assert choice in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, heading, age_label",
    [
        ("self", "あなたの年齢とお住まいを教えてください", "あなたの年齢"),
        ("family", "ご本人の年齢とお住まいを教えてください", "ご本人の年齢"),
        ("others", "ご本人の年齢とお住まいを教えてください", "ご本人の年齢"),
    ],
)
def test_the_answer_to_who_sets_the_words_of_the_next_questions(
    client, hachioji, who, heading, age_label
):
    response = client.get("/guide/", {"who": who})
    html = response.content.decode()
    assert response.status_code == 200  # a step, not an incomplete answer
    assert heading in html and f'<label for="guide-age">{age_label}</label>' in html
    assert f'value="{who}" id="guide-who_' in html and "checked" in html
    assert "form-errors" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, heading",
    [
        ("self", "あなたが相談できる窓口（1件）"),
        ("family", "ご家族が相談できる窓口（1件）"),
        ("others", "支援者が相談できる窓口（1件）"),
    ],
)
def test_the_results_speak_to_who_is_looking(client, hachioji, who, heading):
    WindowFactory(municipality=hachioji, target_self=True, target_family=True, target_others=True)
    html = client.get("/guide/", {"municipality": "132012", "who": who}).content.decode()
    assert heading in html


@pytest.mark.django_db
def test_a_supporter_is_told_which_windows_do_not_take_supporters(client, hachioji):
    WindowFactory(municipality=hachioji, name="家族専用", target_others=False)
    response = client.get("/guide/", {"municipality": "132012", "who": "others"})
    assert [i["window"].name for i in response.context["not_fitting"]] == ["家族専用"]
    assert "この窓口は関係者・支援者からの相談を受け付けていません。" in response.content.decode()


@pytest.mark.django_db
def test_an_answer_to_who_that_is_not_a_choice_gets_400(client, hachioji):
    assert client.get("/guide/", {"who": "neighbour"}).status_code == 400
