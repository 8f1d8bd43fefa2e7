"""The import preview shows only what changes, field by field; the export page is Japanese."""

import pytest

from tests.consultations.admin_helpers import window_url
from tests.consultations.survey.test_admin_import_export import (
    FORMATS,
    column,
    export,
    read_csv,
    row_of,
    upload,
    write_csv,
)
from tests.factories import WindowFactory


@pytest.fixture
def windows(adachi):
    return [
        WindowFactory(municipality=adachi, name=f"あだち窓口{n}", phone="03-1111-1111")
        for n in range(5)
    ]


def preview_of(client, windows, **changes_by_index):
    rows = read_csv(export(client))
    for index, (name, value) in changes_by_index.items():
        row_of(rows, windows[int(index[1:])])[column(rows, name)] = value
    return upload(client, write_csv(rows)).content.decode()


@pytest.mark.django_db
def test_only_changed_rows_are_drawn_each_field_old_to_new(client, metro_staff, windows):
    client.force_login(metro_staff)
    html = preview_of(client, windows, w2=("電話番号", "03-2222-2222"))
    assert html.count('<section class="import-row"') == 1
    assert "あだち窓口2 —" in html and "あだち窓口1 —" not in html
    assert (
        '<tr><th scope="row">電話番号</th><td class="review-old">03-1111-1111</td>'
        '<td class="review-new">03-2222-2222</td></tr>'
    ) in html


@pytest.mark.django_db
def test_unchanged_rows_are_counted_not_drawn(client, metro_staff, windows):
    client.force_login(metro_staff)
    html = preview_of(client, windows, w0=("受付時間", "月〜金 9:00〜17:00"))
    assert (
        "変わる行は 1 件です（追加 0 件、更新 1 件、変更申請 0 件）。変わらない行 4 件は表示していません"
        in html
    )
    assert "import-preview" not in html  # import-export's table of every row and column is gone


@pytest.mark.django_db
def test_an_unknown_fact_is_shown_as_unknown_not_blank(client, metro_staff, windows):
    client.force_login(metro_staff)
    html = preview_of(client, windows, w1=("ご家族の相談", ""))
    assert '<td class="review-old">はい</td><td class="review-new">未確認</td>' in html


@pytest.mark.django_db
def test_a_new_row_lists_the_fields_it_fills(client, metro_staff, windows, adachi):
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    new = [""] * len(rows[0])
    for name, value in {
        "区市町村コード": adachi.code,
        "窓口名": "あだち新窓口",
        "表示順": "9",
        "窓口の種類": "ひきこもり相談窓口",
        "公開": "いいえ",
    }.items():
        new[column(rows, name)] = value
    html = upload(client, write_csv([*rows, new])).content.decode()
    assert "あだち新窓口 — 追加</h3>" in html
    assert '<td class="review-old">（空欄）</td><td class="review-new">あだち新窓口</td>' in html


@pytest.mark.django_db
def test_the_export_page_speaks_japanese_and_keeps_the_id_and_version_columns(
    client, metro_staff, windows
):
    client.force_login(metro_staff)
    html = client.get(window_url("export")).content.decode()
    for english in ("This exporter", "Select all", "Submit", "Format"):
        assert english not in html
    assert "書き出す列" in html and 'value="書き出す"' in html
    assert html.count("取込に必要なため、いつも書き出します。") == 3
    assert "style=" not in html and "onchange=" not in html


@pytest.mark.django_db
def test_the_id_and_version_columns_cannot_be_dropped(client, metro_staff, windows):
    client.force_login(metro_staff)
    response = client.post(
        window_url("export"),
        {"format": FORMATS["csv"], "resource": "0", "windowresource_name": "on"},
    )
    assert read_csv(response.content)[0] == ["ID", "区市町村コード", "窓口名", "版"]
