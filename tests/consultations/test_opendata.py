import csv
import io
import json
from datetime import datetime

import pytest
from django.conf import settings
from jsonschema import Draft202012Validator

from consultations.models import ConsultationWindow
from consultations.opendata import ATTRIBUTION, COLUMNS
from tests.factories import WindowFactory

HSDS = settings.BASE_DIR.parent / "shared" / "data" / "hsds-3.0"

# 公共施設一覧 in its order, then the window columns the issue asks for.
EXPECTED_COLUMNS = [
    "全国地方公共団体コード",
    "ID",
    "地方公共団体名",
    "名称",
    "名称_カナ",
    "住所",
    "電話番号",
    "FAX番号",
    "利用可能曜日",
    "開始時間",
    "終了時間",
    "利用可能日時特記事項",
    "説明",
    "URL",
    "備考",
    "情報更新日",
    "窓口の種類",
    "対象_本人",
    "対象_家族",
    "対象_その他",
    "対象年齢_下限",
    "対象年齢_上限",
    "相談方法_電話",
    "相談方法_メール",
    "相談方法_来所",
    "相談方法_訪問",
    "相談方法_オンライン",
    "サポートネット訪問相談受付",
    "最終確認日",
    "出典URL",
]


def read_csv(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:])))


@pytest.mark.django_db
def test_the_csv_opens_in_excel_with_the_columns_of_the_standard(client, real_data):
    response = client.get("/data/windows.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == EXPECTED_COLUMNS


@pytest.mark.django_db
def test_the_csv_has_one_row_per_published_window(client, real_data):
    rows = read_csv(client.get("/data/windows.csv"))
    assert [int(r["ID"]) for r in rows] == list(
        ConsultationWindow.objects.published().values_list("pk", flat=True)
    )


@pytest.mark.django_db
def test_a_row_carries_the_window_facts_with_unknown_left_empty(client, real_data):
    row = next(r for r in read_csv(client.get("/data/windows.csv")) if r["ID"] == "28")
    assert row["全国地方公共団体コード"] == "131164"
    assert row["地方公共団体名"] == "東京都豊島区"
    assert row["電話番号"] == "03-4566-2427"
    assert (row["利用可能曜日"], row["開始時間"], row["終了時間"]) == (
        "月火水木金",
        "08:30",
        "16:30",
    )
    assert "祝日：休み" in row["利用可能日時特記事項"]
    assert (row["対象_家族"], row["対象_その他"]) == ("1", "")


@pytest.mark.django_db
def test_formula_cells_are_written_as_text(client, support_net):
    WindowFactory(name='=HYPERLINK("http://example.com")', phone="+81-3-1234-5678")
    row = read_csv(client.get("/data/windows.csv"))[-1]
    assert row["名称"] == '\'=HYPERLINK("http://example.com")'
    assert row["電話番号"] == "'+81-3-1234-5678"


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["q=ひきこもり", "method=email&who=family", "region=多摩&age=45"])
def test_a_search_offers_the_csv_of_exactly_its_results(client, real_data, query):
    page = client.get(f"/windows/?{query}")
    listed = [w.pk for w in page.context["page"].paginator.object_list]
    link = f'href="/data/windows.csv?{page.context["query"]}"'
    assert link.replace("&", "&amp;") in page.content.decode()
    rows = read_csv(client.get(f"/data/windows.csv?{query}"))
    assert [int(r["ID"]) for r in rows] == listed


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/data/windows.csv", "/data/windows.json", "/data/hsds/"])
def test_bad_filters_get_400_with_a_message(client, real_data, url):
    response = client.get(url, {"age": "abc"})
    assert response.status_code == 400
    assert "age" in response.content.decode()


@pytest.mark.django_db
def test_the_json_keeps_types_and_unknowns_as_null(client, real_data):
    document = client.get("/data/windows.json").json()
    assert document["license"] == "CC BY 4.0"
    assert document["attribution"] == ATTRIBUTION
    assert list(document["columns"]) == EXPECTED_COLUMNS
    row = next(w for w in document["windows"] if w["ID"] == 28)
    assert row["対象_家族"] is True and row["対象_その他"] is None
    assert row["対象年齢_下限"] is None
    assert document["count"] == len(document["windows"])


@pytest.mark.django_db
def test_the_data_page_documents_every_column_and_the_licence(client, real_data):
    response = client.get("/data/")
    html = response.content.decode()
    assert html.count("<h1") == 1 and '<html lang="ja">' in html
    assert all(f"<code>{column.name}</code>" in html for column in COLUMNS)
    assert "https://creativecommons.org/licenses/by/4.0/deed.ja" in html
    assert ATTRIBUTION in html


@pytest.fixture(scope="module")
def service_schema():
    return json.loads((HSDS / "compiled" / "service_with_definitions.json").read_text())


@pytest.mark.django_db
def test_every_hsds_service_validates_against_the_hsds_3_schema(client, real_data, service_schema):
    page = client.get("/data/hsds/").json()
    validator = Draft202012Validator(
        service_schema, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    assert page["total_items"] == ConsultationWindow.objects.published().count()
    problems = [
        f"{service['name']}: {error.json_path} {error.message}"
        for service in page["contents"]
        for error in validator.iter_errors(service)
    ]
    assert problems == []
    # jsonschema checks date-time only with an extra package; check it here instead.
    assert all(datetime.fromisoformat(s["last_modified"]).tzinfo for s in page["contents"])


@pytest.mark.django_db
def test_the_hsds_schema_check_would_catch_a_broken_service(service_schema):
    validator = Draft202012Validator(
        service_schema, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    assert not validator.is_valid({"id": "not-a-uuid", "name": "x", "status": "active"})


@pytest.mark.django_db
def test_hsds_gives_structured_hours_as_weekly_rules(client, support_net):
    window = WindowFactory(hours="月〜金 9:00〜17:00", weekly_hours="月〜金 9:00〜17:00")
    service = next(
        s for s in client.get("/data/hsds/").json()["contents"] if s["name"] == window.name
    )
    weekly = service["schedules"][0]
    assert (weekly["freq"], weekly["byday"]) == ("WEEKLY", "MO,TU,WE,TH,FR")
    assert (weekly["opens_at"], weekly["closes_at"]) == ("09:00+09:00", "17:00+09:00")
    assert service["schedules"][-1]["description"].endswith("月〜金 9:00〜17:00")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/data/", "/data/windows.csv", "/data/windows.json", "/data/hsds/"]
)
def test_data_endpoints_run_at_most_six_queries_and_set_no_cookie(
    client, real_data, django_assert_max_num_queries, url
):
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies


@pytest.mark.django_db
def test_the_tier_of_each_window_is_a_column_and_a_general_service_says_so(client, real_data):
    rows = {r["ID"]: r for r in read_csv(client.get("/data/windows.csv"))}
    assert rows["28"]["窓口の種類"] == "ひきこもり相談窓口"  # 豊島区, named by its source
    assert rows["69"]["窓口の種類"] == "生活の困りごと全般の相談窓口"  # 練馬区, inferred
    services = {s["name"]: s for s in client.get("/data/hsds/").json()["contents"]}
    assert services["生活サポートセンター"]["description"].startswith(
        "生活の困りごと全般の相談窓口。ひきこもりの相談も受けているかは未確認です"
    )
