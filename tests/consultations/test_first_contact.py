"""What happens when you call, the conditions families ask about, and consulting without a
voice: on the window page, on list cards, on leaflets, in search, open data, HSDS and imports."""

import csv
import io

import pytest
from django.core.cache import caches

from consultations.models import REVISION_FIELDS, ConsultationWindow
from consultations.opendata import hsds
from tests.consultations.opendata.test_hsds import problems, validators  # noqa: F401
from tests.consultations.printing.test_leaflets import get_pdf, pdf_text, squeeze
from tests.consultations.views.test_english import JAPANESE, interface_text
from tests.factories import WindowFactory

FLOW = {
    "flow_answered_by": "保健師・社会福祉士",
    "flow_questions": "ご本人の年齢と、いつ頃からか。答えたくないことは答えなくて大丈夫です。",
    "flow_duration": "20〜30分ほど",
    "flow_no_diagnosis": True,
    "flow_next": "面談の予約、ご自宅への訪問、医療・就労などの支援機関への紹介。",
}
CONDITIONS = {
    "family_without_consent": True,
    "anonymous_ok": False,
    "out_of_area_family": None,
    "same_counsellor": True,
    "callback": "withheld",
}
WRITTEN = {
    "method_email": True,
    "method_line": True,
    "method_form": True,
    "email": "soudan@example.jp",
    "written_howto": "LINE公式アカウントで「ひきこもり相談」と送ってください。",
    "written_url": "https://example.jp/soudan/form",
    "written_reply_time": "3営業日以内に返信",
}


@pytest.fixture(autouse=True)
def empty_cache(settings):
    caches[settings.PUBLIC_PAGE_CACHE].clear()


@pytest.fixture
def full(support_net):
    return WindowFactory(name="ぜんぶ相談", **FLOW, **CONDITIONS, **WRITTEN)


@pytest.fixture
def bare(support_net):
    return WindowFactory(name="でんわ相談", method_phone=True, method_email=None)


def page(client, window, path=""):
    return client.get(path + window.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_window_page_says_what_happens_when_you_call(client, full):
    html = page(client, full)
    assert "電話したらどうなるか（相談の流れ）" in html
    for label, text in [
        ("電話に出るのは", "保健師・社会福祉士"),
        ("はじめての電話にかかる時間", "20〜30分ほど"),
        ("診断", "電話で診断をすることはありません。"),
        ("電話のあと", "面談の予約、ご自宅への訪問"),
    ]:
        assert f"<dt>{label}</dt>" in html and text in html


@pytest.mark.django_db
def test_a_window_without_a_flow_shows_none_and_no_general_text_in_its_place(client, bare):
    html = page(client, bare)
    assert "相談の流れ" not in html and "電話に出るのは" not in html
    assert "診断" not in html


@pytest.mark.django_db
def test_the_flow_is_linked_from_list_cards_not_printed_on_them(client, full):
    html = client.get(full.municipality.get_absolute_url()).content.decode()
    assert f'href="{full.get_absolute_url()}#call-flow-{full.pk}"' in html
    assert "保健師・社会福祉士" not in html


@pytest.mark.django_db
def test_the_window_page_lists_every_condition_unknown_ones_as_not_yet_confirmed(client, full):
    html = page(client, full)
    assert "<dt>ご家族だけの相談（ご本人の同意がなくても）</dt><dd>できます</dd>" in html
    assert "<dt>匿名・ニックネームでの相談</dt><dd>できません</dd>" in html
    unknown = html[html.index("まだ確認できていないこと</h3>") :]
    assert "<li>区市町村の外に住むご家族の相談</li>" in unknown
    assert "<dt>次回も同じ相談員が対応</dt><dd>原則として同じ相談員です</dd>" in html
    assert "非通知でかかってきます（非通知を拒否する設定だと届きません）" in html


@pytest.mark.django_db
def test_search_results_leave_the_conditions_to_the_window_page(client, full, bare):
    html = client.get("/windows/", {"q": "相談"}).content.decode()
    results = html[html.index('<ol class="window-list results">') : html.index("</ol>")]
    assert "result-card" in results
    assert "ご家族だけの相談（ご本人の同意がなくても）" not in results


@pytest.mark.django_db
def test_the_without_a_voice_block_lists_each_way_with_its_address_and_reply_time(client, full):
    html = page(client, full)
    block = html[
        html.index('class="without-voice"') : html.index(
            "</section>", html.index('class="without-voice"')
        )
    ]
    assert '<a href="mailto:soudan@example.jp">soudan@example.jp</a>' in block
    assert '<span class="method-name">LINE</span>' in block
    assert 'href="https://example.jp/soudan/form"' in block
    assert "LINE公式アカウントで「ひきこもり相談」と送ってください。" in block
    assert "返信までの目安：" in block and "3営業日以内に返信" in block
    assert "来所" not in block and "オンライン" not in block


@pytest.mark.django_db
def test_a_window_reached_only_by_phone_has_no_without_a_voice_block(client, bare):
    assert "声を出さずに相談するなら" not in page(client, bare)


@pytest.mark.django_db
def test_the_leaflet_prints_the_shortened_flow_and_the_known_conditions(client, full):
    text = squeeze(pdf_text(get_pdf(client, f"/leaflets/{full.municipality_id}.pdf")))
    assert (
        "電話に出るのは保健師・社会福祉士。はじめての電話は20〜30分ほど。電話で診断はしません。"
        in text
    )
    assert "家族だけの相談○" in text and "匿名・ニックネーム×" in text
    assert "折り返しの電話非通知" in text
    assert "区市町村外の家族" not in text  # unknown: left to the window's page
    assert "返信の目安：3営業日以内に返信" in text


@pytest.mark.django_db
def test_a_leaflet_without_these_blocks_prints_none_of_them(client, bare):
    text = squeeze(pdf_text(get_pdf(client, f"/leaflets/{bare.municipality_id}.pdf")))
    assert "電話すると" not in text and "相談の条件" not in text and "文字で相談" not in text


@pytest.mark.django_db
def test_search_filters_on_confirmed_conditions(client, full, bare):
    names = lambda params: [w.name for w in client.get("/windows/", params).context["page"]]  # noqa: E731
    assert names({"condition": "family_without_consent"}) == ["ぜんぶ相談"]
    assert names({"condition": ["family_without_consent", "anonymous_ok"]}) == []
    assert names({"callback": "withheld"}) == ["ぜんぶ相談"]
    assert "でんわ相談" in names({"callback": "unknown"})


@pytest.mark.django_db
def test_a_condition_the_search_does_not_know_gets_400(client, full):
    response = client.get("/windows/", {"condition": "cheap"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_the_open_data_carries_each_block(client, full):
    body = client.get("/data/windows.csv").content.decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(body)) if r["ID"] == str(full.pk))
    assert row["相談の流れ_電話に出る人"] == "保健師・社会福祉士"
    assert row["相談の流れ_電話で診断しない"] == "1"
    assert (row["条件_家族だけの相談"], row["条件_匿名・ニックネーム"]) == ("1", "0")
    assert row["条件_区市町村外の家族"] == ""
    assert row["折り返しの電話"] == "非通知"
    assert row["返信までの目安"] == "3営業日以内に返信"
    assert "面談の予約" in row["説明"]
    assert client.get("/data/windows.csv", {"condition": "same_counsellor"}).status_code == 200
    rows = client.get("/data/windows.json").json()["windows"]
    found = next(r for r in rows if r["ID"] == full.pk)
    assert (found["条件_家族だけの相談"], found["条件_区市町村外の家族"]) == (True, None)
    assert found["折り返しの電話"] == "非通知" and found["相談の流れ_電話で診断しない"] is True


@pytest.mark.django_db
def test_hsds_gives_the_flow_as_the_application_process_and_a_withheld_callback_as_an_alert(
    client,
    full,
    validators,  # noqa: F811
):
    service = client.get(f"/data/hsds/services/{hsds.service_id(full.pk)}").json()
    assert service["application_process"].startswith("電話に出るのは：保健師・社会福祉士")
    assert "ご家族だけの相談（ご本人の同意がなくても）：できます" in service["application_process"]
    assert "非通知" in service["alert"]
    assert problems(validators["service"], service) == []


@pytest.mark.django_db
def test_hsds_has_no_alert_where_there_is_nothing_to_warn_of(client, bare):
    service = client.get(f"/data/hsds/services/{hsds.service_id(bare.pk)}").json()
    assert "alert" not in service


@pytest.mark.django_db
def test_the_english_page_translates_the_labels_and_keeps_staff_text_japanese(client, full):
    html = page(client, full, "/en")
    assert "What happens when you call" in html and "No diagnosis is made on the phone." in html
    assert '<dd lang="ja">保健師・社会福祉士</dd>' in html
    assert JAPANESE.findall(interface_text(html)) == []


def test_every_new_field_is_reviewed_like_the_others():
    reviewed = {field.name for field in REVISION_FIELDS}
    assert {*FLOW, *CONDITIONS, *WRITTEN, "message", "message_photo", "message_expires_on"} <= (
        reviewed
    )


@pytest.mark.django_db
def test_a_municipal_change_to_the_flow_waits_for_approval(adachi, adachi_staff, support_net):
    window = WindowFactory(municipality=adachi)
    window.flow_answered_by = "保健師"
    assert window.needs_review(adachi_staff)
    stored = ConsultationWindow.objects.get(pk=window.pk)
    assert stored.flow_answered_by == ""


@pytest.mark.django_db
def test_the_blocks_round_trip_through_the_annual_survey_file(client, metro_staff, full):
    from tests.consultations.survey.test_admin_import_export import (
        column,
        export,
        import_file,
        read_csv,
        row_of,
        write_csv,
    )

    client.force_login(metro_staff)
    rows = read_csv(export(client))
    assert row_of(rows, full)[column(rows, "折り返しの電話")] == "非通知"
    assert row_of(rows, full)[column(rows, "電話に出る人（職種）")] == "保健師・社会福祉士"
    row_of(rows, full)[column(rows, "折り返しの電話")] = "番号通知"
    row_of(rows, full)[column(rows, "次回も同じ相談員が対応")] = ""
    import_file(client, write_csv(rows))
    stored = ConsultationWindow.objects.get(pk=full.pk)
    assert (stored.callback, stored.same_counsellor) == ("shown", None)
    assert stored.flow_answered_by == "保健師・社会福祉士"


@pytest.mark.django_db
def test_a_callback_the_file_cannot_mean_is_refused_with_the_choices(client, metro_staff, full):
    from tests.consultations.survey.test_admin_import_export import (
        column,
        export,
        read_csv,
        row_of,
        upload,
        write_csv,
    )

    client.force_login(metro_staff)
    rows = read_csv(export(client))
    row_of(rows, full)[column(rows, "折り返しの電話")] = "ときどき"
    page = upload(client, write_csv(rows)).content.decode()
    assert (
        "折り返しの電話「ときどき」は使えません。「非通知」「番号通知」または空欄（未確認）" in page
    )
