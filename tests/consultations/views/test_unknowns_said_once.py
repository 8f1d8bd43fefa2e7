"""Issue 21: what is known is said once, and what is not yet confirmed once, in one sentence.

練馬区 has no ひきこもり相談窓口 yet: its first call is a general window whose hours, methods and
targets are all unknown, which is where a page could say an unknown twice.
"""

import re

import pytest

NERIMA_GUIDE = "/guide/?municipality=131202&age=45&who=family"
HACHIOJI_GUIDE = "/guide/?municipality=132012&age=45&who=family"


def main_text(response):
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


@pytest.mark.django_db
def test_the_guide_says_once_that_the_first_calls_hours_are_unknown(client, real_data):
    text = main_text(client.get(NERIMA_GUIDE))
    assert text.count("受付時間は、まだ確認できていません") == 1
    assert "まだ確認できていないこと：受付時間" not in text


@pytest.mark.django_db
def test_the_guide_says_once_that_a_general_window_may_not_take_hikikomori(client, real_data):
    text = main_text(client.get(NERIMA_GUIDE))
    assert text.count("ひきこもりの相談も受けているかは") == 1


@pytest.mark.django_db
def test_the_guide_says_once_whether_the_family_may_consult(client, real_data):
    text = main_text(client.get(HACHIOJI_GUIDE))
    sentences = re.findall(r"まだ確認できていないこと：[^。]*。", text)
    assert sentences and not [s for s in sentences if "相談できる人" in s or "ご家族" in s]
    assert text.count("ご家族からの相談を受け付けているかは未確認です") == 2  # two cards


@pytest.mark.django_db
def test_the_english_guide_says_each_unknown_once(client, real_data):
    text = main_text(client.get("/en" + NERIMA_GUIDE))
    assert text.count("The hours are not confirmed yet") == 1
    assert text.count("whether it also takes hikikomori consultations") == 1
    assert "Not yet confirmed: Hours" not in text


@pytest.mark.django_db
def test_an_english_sentence_of_unknowns_capitalises_only_its_first_item(client, real_data):
    text = main_text(client.get("/en/municipalities/131202/"))
    sentence = re.search(r"Not yet confirmed: [^.]*\.", text).group()
    first, *rest = sentence.removeprefix("Not yet confirmed: ").split(", ")
    assert first[0].isupper() and rest
    assert all(item[0].islower() for item in rest), sentence


@pytest.mark.django_db
def test_the_municipality_page_says_once_that_the_first_calls_hours_are_unknown(client, real_data):
    text = main_text(client.get("/municipalities/131202/"))
    assert text.count("受付時間") == 1


@pytest.mark.django_db
def test_a_window_page_gathers_its_unknowns_in_one_list(client, real_data):
    html = client.get("/windows/28/").content.decode()
    assert html.count('class="unknown-facts"') == 1
    assert "未確認" not in main_text(client.get("/windows/28/"))


@pytest.mark.django_db
def test_a_leaflet_says_what_is_not_confirmed_once_in_one_sentence(client, real_data):
    text = main_text(client.get("/leaflets/131202/"))
    assert text.count("未確認") == 1  # the sheet's date, in its footer
    assert "まだ確認できていないこと：受付時間、相談方法、相談できる人、費用" in text


@pytest.mark.django_db
def test_an_unknown_never_names_a_row_the_leaflet_prints(client, real_data):
    # 練馬区's window has no target known, only its age range: that row is 対象年齢, so the
    # sentence that names 相談できる人 as unknown contradicts nothing printed above it.
    text = main_text(client.get("/leaflets/131202/"))
    assert "対象年齢 年齢制限の記載なし" in text
    sentence = re.search(r"まだ確認できていないこと：[^。]*。", text).group()
    assert "相談できる人" in sentence
    assert "相談できる人 " not in text.replace(sentence, "")  # no row of that name


@pytest.mark.django_db
def test_an_english_leaflet_still_prints_its_unknowns_in_japanese(client, real_data):
    text = main_text(client.get("/en/leaflets/131202/"))
    assert "まだ確認できていないこと：受付時間、" in text
