import csv
import io
import json
import re

import pytest
from frictionless import validate

from consultations.models import ConsultationWindow, Method
from consultations.opendata.opendata import ATTRIBUTION, COLUMNS, LICENSE_URL, modified_at
from pagecache.versions import bump, current
from tests.factories import WindowFactory

# 公共施設一覧's columns in its order, then ours.
STANDARD_COLUMNS = [
    "全国地方公共団体コード",
    "ID",
    "地方公共団体名",
    "名称",
    "名称_カナ",
    "所在地_連結表記",
    "緯度",
    "経度",
    "電話番号",
    "内線番号",
    "FAX番号",
    "連絡先メールアドレス",
    "法人番号",
    "団体名",
    "利用可能曜日",
    "開始時間",
    "終了時間",
    "利用可能日時特記事項",
    "説明",
    "URL",
    "備考",
]
EXPECTED_COLUMNS = [
    *STANDARD_COLUMNS,
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
    "相談方法_LINE",
    "相談方法_FAX",
    "相談方法_チャット",
    "相談方法_相談フォーム",
    "サポートネット訪問相談受付",
    "相談の流れ_電話に出る人",
    "相談の流れ_聞かれること",
    "相談の流れ_時間",
    "相談の流れ_電話で診断しない",
    "条件_家族だけの相談",
    "条件_匿名・ニックネーム",
    "条件_区市町村外の家族",
    "条件_次回も同じ相談員",
    "折り返しの電話",
    "声を出さずに相談する手順",
    "相談フォーム・チャットのURL",
    "返信までの目安",
    "相談員からのメッセージ",
    "メッセージを書いた人",
    "メッセージの掲載期限",
    "情報更新日",
    "最終確認日",
    "出典URL",
    "その他の出典",
]
FILES = ["/data/windows.csv", "/data/windows.json", "/data/datapackage.json", "/data/dcat.jsonld"]


def read_csv(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:])))


def rows_by_id(client, query=""):
    return {r["ID"]: r for r in read_csv(client.get("/data/windows.csv" + query))}


@pytest.mark.django_db
def test_the_csv_opens_in_excel_with_the_columns_of_the_standard(client, real_data):
    response = client.get("/data/windows.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == EXPECTED_COLUMNS


def test_the_method_columns_are_every_method_of_the_model_in_its_order():
    methods = [c.name for c in COLUMNS if c.name.startswith("相談方法_")]
    assert methods == [f"相談方法_{label}" for label in Method.labels]


@pytest.mark.django_db
def test_the_csv_has_one_row_per_published_window(client, real_data):
    rows = read_csv(client.get("/data/windows.csv"))
    # In the search's order (WindowFilter): local windows first, then Tokyo-wide ones.
    assert [int(r["ID"]) for r in rows] == list(
        ConsultationWindow.objects.published().local_first().values_list("pk", flat=True)
    )


@pytest.mark.django_db
def test_a_row_carries_the_window_facts_with_unknown_left_empty(client, real_data):
    row = rows_by_id(client)["28"]
    assert row["全国地方公共団体コード"] == "131164"
    assert row["地方公共団体名"] == "東京都豊島区"
    assert row["電話番号"] == "03-4566-2427"
    assert row["所在地_連結表記"] == "東京都豊島区役所本庁舎4階西1"
    assert (row["利用可能曜日"], row["開始時間"], row["終了時間"]) == (
        "月火水木金",
        "08:30",
        "16:30",
    )
    assert "祝日：休み" in row["利用可能日時特記事項"]
    assert (row["対象_家族"], row["対象_その他"]) == ("1", "")


@pytest.mark.django_db
def test_the_standard_columns_without_data_are_present_and_empty(client, real_data):
    rows = read_csv(client.get("/data/windows.csv"))
    assert {(r["緯度"], r["経度"], r["法人番号"]) for r in rows} == {("", "", "")}


@pytest.mark.django_db
def test_an_extension_goes_to_its_own_column(client, real_data):
    rows = rows_by_id(client)
    assert (rows["51"]["電話番号"], rows["51"]["内線番号"]) == ("042-378-2111", "209")
    assert (rows["52"]["電話番号"], rows["52"]["内線番号"]) == ("042-555-1111", "107")


@pytest.mark.django_db
def test_the_operator_is_the_standards_organisation_name(client, real_data):
    rows = rows_by_id(client)
    assert rows["25"]["団体名"] == "社会福祉法人 中野区社会福祉協議会"
    assert rows["28"]["団体名"] == ""


@pytest.mark.django_db
def test_the_reading_is_filled_only_where_it_is_certain(client, real_data):
    rows = rows_by_id(client)
    assert rows["72"]["名称_カナ"] == "チョウフライフサポート"
    assert rows["28"]["名称_カナ"] == ""


@pytest.mark.django_db
def test_links_are_uris_with_the_kanji_of_a_published_iri_percent_encoded(client, real_data):
    row = rows_by_id(client)["30"]
    assert row["URL"].startswith("https://mykoho.jp/article/%E6%9D%B1%E4%BA%AC%E9%83%BD")
    assert not re.search(r"[^\x21-\x7e]", row["URL"] + row["出典URL"])


@pytest.mark.django_db
def test_the_verification_date_and_every_source_are_columns(client, real_data):
    window = ConsultationWindow.objects.exclude(more_sources="").filter(published=True).first()
    row = rows_by_id(client)[str(window.pk)]
    assert row["最終確認日"] == (window.last_verified.isoformat() if window.last_verified else "")
    assert row["その他の出典"] == window.more_sources.strip()


@pytest.mark.django_db
def test_formula_cells_are_written_as_text(client, support_net):
    window = WindowFactory(name='=HYPERLINK("http://example.com")', phone="+81-3-1234-5678")
    row = rows_by_id(client)[str(window.pk)]
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
@pytest.mark.parametrize(
    "postal_code, municipalities",
    [
        ("192-0083", {"132012"}),  # 八王子市
        ("198-0000", {"132055", "133086"}),  # 青梅市 and 奥多摩町
        ("060-8621", set()),  # Sapporo: outside Tokyo
    ],
)
def test_the_files_take_a_postal_code(client, real_data, postal_code, municipalities):
    rows = read_csv(client.get("/data/windows.csv", {"postal_code": postal_code}))
    document = client.get("/data/windows.json", {"postal_code": postal_code}).json()
    assert {r["全国地方公共団体コード"] for r in rows} == municipalities
    assert {w["全国地方公共団体コード"] for w in document["windows"]} == municipalities
    assert document["count"] == len(rows)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/data/windows.csv", "/data/windows.json"])
@pytest.mark.parametrize(
    "query, parameter",
    [
        ({"age": "abc"}, "age"),
        ({"postal_code": "12"}, "postal_code"),
        ({"postal_code": "999-9999"}, "postal_code"),  # well-formed, but no such code
        ({"municipalty": "131164"}, "municipalty"),  # a typo is not ignored
        ({"who": "family", "page": "2"}, "page"),
    ],
)
def test_bad_parameters_get_a_400_in_json_that_names_them(client, real_data, url, query, parameter):
    response = client.get(url, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [e["parameter"] for e in response.json()["errors"]] == [parameter]
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
def test_the_files_are_in_japanese_whatever_the_client_asks(client, real_data):
    rows = read_csv(client.get("/data/windows.csv", HTTP_ACCEPT_LANGUAGE="en"))
    document = client.get("/data/windows.json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert {r["窓口の種類"] for r in rows} == {"ひきこもり相談窓口", "生活の困りごと全般の相談窓口"}
    assert document["columns"]["名称"] == "窓口の名称。"


@pytest.mark.django_db
def test_the_json_keeps_types_and_unknowns_as_null(client, real_data):
    document = client.get("/data/windows.json").json()
    assert document["license"] == "CC BY 4.0"
    assert document["license_url"] == LICENSE_URL
    assert document["attribution"] == ATTRIBUTION
    assert list(document["columns"]) == EXPECTED_COLUMNS
    row = next(w for w in document["windows"] if w["ID"] == 28)
    assert row["対象_家族"] is True and row["対象_その他"] is None
    assert row["対象年齢_下限"] is None
    assert document["count"] == len(document["windows"])


@pytest.mark.django_db
def test_the_json_says_when_the_data_last_changed(client, real_data):
    bump()
    document = client.get("/data/windows.json").json()
    assert document["data_modified_at"] == modified_at(current()[1])
    assert document["generated_at"] >= document["data_modified_at"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", FILES)
def test_the_files_revalidate_with_etag_and_last_modified(client, real_data, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["ETag"].startswith('W/"')
    by_etag = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert by_etag.content == b""


@pytest.mark.django_db
@pytest.mark.parametrize("url", FILES)
def test_the_files_and_their_304s_may_be_read_by_any_site(client, real_data, url):
    response = client.get(url)
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    for answer in (response, not_modified):
        assert answer["Access-Control-Allow-Origin"] == "*"
        assert answer["Access-Control-Expose-Headers"] == "ETag, Link, Last-Modified"


@pytest.mark.django_db
def test_a_change_to_the_data_changes_the_etag(client, real_data):
    etag = client.get("/data/windows.csv")["ETag"]
    window = ConsultationWindow.objects.get(pk=28)
    window.phone = "03-3981-1111"
    window.save()
    response = client.get("/data/windows.csv", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "03-3981-1111" in response.content.decode("utf-8-sig")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/data/windows.csv", "/data/windows.json"])
def test_the_files_link_the_canonical_licence(client, real_data, url):
    assert f'<{LICENSE_URL}>; rel="license"' in client.get(url)["Link"]


@pytest.mark.django_db
def test_frictionless_finds_no_error_in_the_data_package(client, real_data, tmp_path):
    (tmp_path / "datapackage.json").write_bytes(client.get("/data/datapackage.json").content)
    (tmp_path / "windows.csv").write_bytes(client.get("/data/windows.csv").content)
    report = validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] == ConsultationWindow.objects.published().count()


@pytest.mark.django_db
def test_the_data_package_types_its_columns_so_a_wrong_value_is_an_error(
    client, real_data, tmp_path
):
    (tmp_path / "datapackage.json").write_bytes(client.get("/data/datapackage.json").content)
    body = client.get("/data/windows.csv").content.decode("utf-8")
    (tmp_path / "windows.csv").write_text(body.replace(",08:30,", ",8時半,", 1), "utf-8")
    report = validate(tmp_path / "datapackage.json")
    assert report.flatten(["fieldName", "type"]) == [["開始時間", "type-error"]]


@pytest.mark.django_db
def test_the_data_package_names_the_licence_and_when_the_data_changed(client, real_data):
    package = client.get("/data/datapackage.json").json()
    assert package["licenses"] == [
        {"name": "CC-BY-4.0", "path": LICENSE_URL, "title": "Creative Commons Attribution 4.0"}
    ]
    assert package["created"] == modified_at(current()[1])
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert [f for f in fields] == EXPECTED_COLUMNS
    assert (fields["ID"]["type"], fields["対象_本人"]["type"], fields["最終確認日"]["type"]) == (
        "integer",
        "boolean",
        "date",
    )


def dataset(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


@pytest.mark.django_db
def test_the_data_page_documents_every_column_and_the_licence(client, real_data):
    response = client.get("/data/")
    html = response.content.decode()
    assert html.count("<h1") == 1 and '<html lang="ja">' in html
    assert all(f'<code lang="ja">{column.name}</code>' in html for column in COLUMNS)
    assert "https://creativecommons.org/licenses/by/4.0/deed.ja" in html
    assert ATTRIBUTION in html


@pytest.mark.django_db
def test_the_data_page_embeds_a_schema_org_dataset(client, real_data):
    found = dataset(client.get("/data/").content.decode())
    assert (found["@type"], found["license"]) == ("Dataset", LICENSE_URL)
    assert found["dateModified"] == modified_at(current()[1])
    downloads = {d["contentUrl"] for d in found["distribution"]}
    assert "http://127.0.0.1:8000/data/windows.csv" in downloads


@pytest.mark.django_db
def test_the_embedded_dataset_cannot_end_its_script_block(client, real_data, monkeypatch):
    monkeypatch.setattr(
        "consultations.opendata.opendata.TITLE", "</script><script>alert(1)</script>"
    )
    html = client.get("/data/?fresh").content.decode()
    assert "</script><script>" not in html
    assert dataset(html)["name"] == "</script><script>alert(1)</script>"


@pytest.mark.django_db
def test_the_dcat_record_lists_the_files_with_the_licence(client, real_data):
    record = client.get("/data/dcat.jsonld").json()
    assert record["@type"] == "dcat:Dataset"
    assert record["dct:license"] == LICENSE_URL
    assert record["dct:modified"] == modified_at(current()[1])
    urls = [d["dcat:downloadURL"] for d in record["dcat:distribution"]]
    assert "http://127.0.0.1:8000/data/windows.csv" in urls


@pytest.mark.django_db
def test_the_english_data_page_documents_the_columns_and_the_accepted_values(client, real_data):
    response = client.get("/en/data/")
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="en">' in html
    assert "Consultation by LINE" in html
    assert '<code lang="ja">相談方法_LINE</code>' in html
    assert all(f"<code>{value}</code>" in html for value in Method.values)
    assert "<code>132012</code>" in html
    assert "https://creativecommons.org/licenses/by/4.0/" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/data/",
        "/en/data/",
        *FILES,
        "/data/hsds/",
        "/data/hsds/services",
        "/data/hsds/services?full=true",
        "/data/hsds/organizations?full=true",
        "/data/hsds/service_at_locations?full=true",
    ],
)
def test_data_endpoints_run_at_most_six_queries_and_set_no_cookie(
    client, real_data, django_assert_max_num_queries, url
):
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies


@pytest.mark.django_db
def test_the_tier_of_each_window_is_a_column(client, real_data):
    rows = rows_by_id(client)
    assert rows["28"]["窓口の種類"] == "ひきこもり相談窓口"  # 豊島区, named by its source
    assert rows["69"]["窓口の種類"] == "生活の困りごと全般の相談窓口"  # 練馬区, inferred
