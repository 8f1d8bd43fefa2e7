import csv
import datetime
import html
import io
import re
from urllib.parse import quote

import openpyxl
import pytest
import tablib
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.utils import timezone

from consultations.models import ConsultationWindow, OpeningHours, WindowRevision
from consultations.survey.formats import with_rows
from tests.consultations.admin_helpers import propose, window_url
from tests.factories import StaffFactory, WindowFactory

FORMATS = {"csv": "0", "xlsx": "1"}


@pytest.fixture
def windows(adachi, toshima):
    return [
        WindowFactory(
            municipality=adachi,
            name="あだち ひきこもり相談",
            phone="042-378-2111(内線209)",
            hours="=月〜金 9:00〜17:00",  # a formula-looking cell
            operator="'NPO あだち",
            method_phone=True,
            age_min=15,
            last_verified=datetime.date(2024, 4, 1),
            weekly_hours="月〜金 9:00〜17:00\n土 10:00〜12:00",
            closed_on_public_holidays=True,
            closed_year_end=False,
        ),
        WindowFactory(municipality=adachi, name="あだち 第二窓口", published=False),
        WindowFactory(municipality=toshima, name="としま ひきこもり相談"),
    ]


def export(client, kind="csv"):
    return export_response(client, kind).content


def export_response(client, kind="csv"):
    form = client.get(window_url("export")).context["form"]
    data = {
        name: "on"
        for name, field in form.fields.items()
        if isinstance(field, forms.BooleanField) and field.initial
    }
    response = client.post(window_url("export"), {**data, "format": FORMATS[kind], "resource": "0"})
    assert response.status_code == 200
    return response


def read_csv(content):
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def write_csv(rows):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def upload(client, content, kind="csv"):
    """The preview step (a dry run); returns its response."""
    name = f"windows.{kind}"
    return client.post(
        window_url("import"),
        {
            "resource": "0",
            "format": FORMATS[kind],
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def import_file(client, content, kind="csv"):
    """Preview, then confirm: the two steps a staff member takes."""
    preview = upload(client, content, kind)
    confirm = preview.context.get("confirm_form")
    assert confirm is not None, preview.content.decode()
    return client.post(window_url("process_import"), confirm.initial, follow=True)


def column(rows, name):
    return rows[0].index(name)


def row_of(rows, window):
    return next(row for row in rows[1:] if row[0] == str(window.pk))


def snapshot():
    return list(
        ConsultationWindow.objects.order_by("pk").values_list(
            "pk", "phone", "hours", "version", "updated_at", "municipality_id"
        )
    ) + [OpeningHours.objects.count()]


def history_count():
    return ConsultationWindow.history.count()


@pytest.mark.django_db
def test_the_export_is_excel_readable_csv_with_japanese_headers(client, metro_staff, windows):
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    assert rows[0][:4] == ["ID", "区市町村コード", "区市町村名", "窓口名"]
    assert "電話番号" in rows[0] and "版" in rows[0]
    assert len(rows) == 4


@pytest.mark.django_db
def test_the_export_writes_formula_looking_cells_as_text(client, metro_staff, windows):
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    first = row_of(rows, windows[0])
    assert first[column(rows, "受付時間")] == "'=月〜金 9:00〜17:00"
    assert first[column(rows, "委託先（運営団体）")] == "''NPO あだち"


@pytest.mark.django_db
def test_the_export_says_unknown_as_blank_and_facts_as_hai_iie(client, metro_staff, windows):
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    assert row_of(rows, windows[0])[column(rows, "電話相談")] == "はい"
    assert row_of(rows, windows[0])[column(rows, "メール相談")] == ""
    assert row_of(rows, windows[1])[column(rows, "公開")] == "いいえ"


@pytest.mark.django_db
def test_municipal_staff_export_only_their_municipalitys_windows(client, adachi_staff, windows):
    client.force_login(adachi_staff)
    rows = read_csv(export(client))
    assert {row[column(rows, "区市町村コード")] for row in rows[1:]} == {"131211"}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_round_trip_changes_nothing_and_adds_no_history(client, metro_staff, windows, kind):
    client.force_login(metro_staff)
    before, records = snapshot(), history_count()
    response = import_file(client, export(client, kind), kind)
    assert response.status_code == 200
    assert snapshot() == before
    assert history_count() == records


@pytest.mark.django_db
def test_a_changed_row_is_saved_with_who_and_why_in_history(client, metro_staff, windows):
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    row_of(rows, windows[0])[column(rows, "電話番号")] = "03-3880-5111"
    row_of(rows, windows[0])[column(rows, "最終確認日")] = "2025/04/01"
    import_file(client, write_csv(rows))
    window = ConsultationWindow.objects.get(pk=windows[0].pk)
    assert (window.phone, window.last_verified, window.verified_by) == (
        "03-3880-5111",
        datetime.date(2025, 4, 1),
        metro_staff,
    )
    record = window.history.latest()
    assert record.history_user == metro_staff and "一括取込" in record.history_change_reason


@pytest.mark.django_db
def test_a_row_without_id_adds_a_window(client, adachi_staff, windows):
    client.force_login(adachi_staff)
    rows = read_csv(export(client))
    new = list(rows[2])
    new[column(rows, "ID")] = ""
    new[column(rows, "窓口名")] = "あだち 夜間窓口"
    new[column(rows, "表示順")] = "9"
    new[column(rows, "版")] = ""
    import_file(client, write_csv([*rows, new]))
    assert ConsultationWindow.objects.get(name="あだち 夜間窓口").municipality_id == "131211"


@pytest.mark.django_db
def test_a_bad_row_is_rejected_with_its_row_number_and_nothing_is_written(
    client, metro_staff, windows
):
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    rows[1][column(rows, "受付時間")] = "月〜金 10:00〜16:00"  # a good change in row 1
    rows[2][column(rows, "電話番号")] = "1234"  # a bad one in row 2
    before, records = snapshot(), history_count()

    response = upload(client, write_csv(rows))

    page = response.content.decode()
    assert "データ 2 行目（ファイルの 3 行目）「電話番号」" in page
    assert "電話番号の形になっていません" in page
    assert response.context.get("confirm_form") is None
    assert snapshot() == before and history_count() == records


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cell, value, message",
    [
        ("電話相談", "たぶん", "「はい」「いいえ」または空欄"),
        ("対象年齢（上限）", "十五", "数字ではありません"),
        ("最終確認日", "先週", "「先週」は日付として読めません"),
        (
            "最終確認日",
            "03/31/2027",
            "年・月・日の順で入れてください（「03/31/2027」は読めません）",
        ),
        ("区市町村コード", "131210", "区市町村コード「131210」はありません"),
        ("ID", "abc", "ID「abc」は数字ではありません"),
    ],
)
def test_bad_cells_get_a_japanese_reason(client, metro_staff, windows, cell, value, message):
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    rows[1][column(rows, cell)] = value
    page = upload(client, write_csv(rows)).content.decode()
    assert "データ 1 行目" in page and message in page


@pytest.mark.django_db
def test_municipal_staff_cannot_import_a_row_for_another_municipality(
    client, adachi_staff, windows
):
    client.force_login(adachi_staff)
    rows = read_csv(export(client))
    rows[2][column(rows, "区市町村コード")] = "131164"
    before = snapshot()
    page = upload(client, write_csv(rows)).content.decode()
    assert "データ 2 行目" in page and "131164 の窓口はあなたの担当ではない" in page
    assert snapshot() == before


@pytest.mark.django_db
def test_municipal_staff_cannot_import_over_another_municipalitys_window(
    client, adachi_staff, windows
):
    client.force_login(adachi_staff)
    rows = read_csv(export(client))
    row_of(rows, windows[0])[column(rows, "ID")] = str(windows[2].pk)
    before = snapshot()
    page = upload(client, write_csv(rows)).content.decode()
    assert f"ID {windows[2].pk} の窓口はないか、あなたの担当ではありません" in page
    assert snapshot() == before


@pytest.mark.django_db
def test_an_import_cannot_undo_a_change_saved_after_the_export(client, metro_staff, windows):
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    edited = ConsultationWindow.objects.get(pk=windows[0].pk)
    edited.phone = "03-2222-2222"
    edited.save()
    row_of(rows, windows[0])[column(rows, "受付時間")] = "月〜金 10:00〜16:00"
    page = upload(client, write_csv(rows)).content.decode()
    assert "書き出しの後に管理画面で保存されています" in page
    assert ConsultationWindow.objects.get(pk=windows[0].pk).phone == "03-2222-2222"


@pytest.mark.django_db
def test_the_confirm_step_is_all_or_nothing_too(client, metro_staff, windows):
    """A row that turns bad between preview and confirm stops the whole import."""
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    row_of(rows, windows[0])[column(rows, "受付時間")] = "月〜金 10:00〜16:00"
    row_of(rows, windows[1])[column(rows, "受付時間")] = "土曜 10:00〜"
    confirm = upload(client, write_csv(rows)).context["confirm_form"]
    edited = ConsultationWindow.objects.get(pk=windows[1].pk)
    edited.phone = "03-2222-2222"
    edited.save()
    before = snapshot()

    response = client.post(window_url("process_import"), confirm.initial, follow=True)

    assert "何も書き込んでいません" in response.content.decode()
    assert snapshot() == before


@pytest.mark.django_db
def test_the_xlsx_export_opens_in_a_spreadsheet(client, metro_staff, windows):
    client.force_login(metro_staff)
    sheet = openpyxl.load_workbook(io.BytesIO(export(client, "xlsx"))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["ID", "区市町村コード", "区市町村名"]
    first = next(row for row in rows if row[0] == windows[0].pk)
    assert first[column(rows, "受付時間")] == "'=月〜金 9:00〜17:00"


@pytest.mark.django_db
def test_view_only_staff_cannot_import(client, windows):
    from django.contrib.auth.models import Permission

    user = StaffFactory()
    user.groups.clear()
    user.user_permissions.add(Permission.objects.get(codename="view_consultationwindow"))
    client.force_login(user)
    assert client.get(window_url("import")).status_code == 403


@pytest.mark.django_db
def test_a_municipal_import_holds_changes_to_published_windows_for_approval(
    client, adachi_staff, windows
):
    client.force_login(adachi_staff)
    rows = read_csv(export(client))
    row_of(rows, windows[0])[column(rows, "電話番号")] = "03-3880-5111"  # published
    row_of(rows, windows[1])[column(rows, "受付時間")] = "土曜 10:00〜"  # a draft
    preview = upload(client, write_csv(rows)).content.decode()
    assert preview.count("変更申請（承認待ち）</h3>") == 1

    response = import_file(client, write_csv(rows))

    assert "更新 1 件、変更申請 1 件（都職員の承認まで" in response.content.decode()
    assert ConsultationWindow.objects.get(pk=windows[0].pk).phone == "042-378-2111(内線209)"
    assert WindowRevision.objects.pending().get(window=windows[0]).data["phone"] == "03-3880-5111"
    assert ConsultationWindow.objects.get(pk=windows[1].pk).hours == "土曜 10:00〜"


@pytest.mark.django_db
def test_a_municipal_import_never_replaces_a_colleagues_pending_proposal(
    client, adachi, adachi_staff, windows
):
    colleague = StaffFactory(municipality=adachi, username="sato")
    pending = propose(windows[0], colleague, hours="月〜金 8:30〜17:15")
    client.force_login(adachi_staff)
    rows = read_csv(export(client))
    row_of(rows, windows[0])[column(rows, "電話番号")] = "03-3880-5111"
    row_of(rows, windows[1])[column(rows, "受付時間")] = "土曜 10:00〜"
    before = snapshot()
    page = upload(client, write_csv(rows)).content.decode()
    assert "sato さんの承認待ちの変更申請" in page
    assert snapshot() == before
    assert list(WindowRevision.objects.pending()) == [pending]


@pytest.mark.django_db
def test_a_row_with_an_id_and_a_blank_version_is_refused_naming_the_row(
    client, metro_staff, windows
):
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    edited = ConsultationWindow.objects.get(pk=windows[0].pk)
    edited.phone = "03-2222-2222"
    edited.save()
    old = row_of(rows, windows[0])
    old[column(rows, "版")] = ""
    old[column(rows, "受付時間")] = "月〜金 10:00〜16:00"
    page = upload(client, write_csv(rows)).content.decode()
    assert f"データ {rows.index(old)} 行目" in page and "「版」が空欄です" in page
    assert ConsultationWindow.objects.get(pk=windows[0].pk).phone == "03-2222-2222"


@pytest.mark.django_db
def test_a_file_without_the_version_column_is_refused(client, metro_staff, windows):
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    drop = column(rows, "版")
    rows = [row[:drop] + row[drop + 1 :] for row in rows]
    before = snapshot()
    response = upload(client, write_csv(rows))
    assert "1 行目の見出しに「版」がありません" in response.content.decode()
    assert response.context.get("confirm_form") is None and snapshot() == before


def as_excel_shift_jis(content):
    """The file as Excel's 「CSV（コンマ区切り）」 saves it: CP932, no byte-order mark."""
    return content.decode("utf-8-sig").encode("cp932")


@pytest.mark.django_db
def test_a_shift_jis_csv_from_excel_imports_back_with_no_change(client, metro_staff, windows):
    client.force_login(metro_staff)
    before, history = snapshot(), history_count()
    response = import_file(client, as_excel_shift_jis(export(client)))
    assert "取込が終わりました。追加 0 件、更新 0 件、変更なし 3 件。" in response.content.decode()
    assert (snapshot(), history_count()) == (before, history)


@pytest.mark.django_db
def test_a_change_in_a_shift_jis_csv_is_read_as_japanese(client, metro_staff, windows):
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    row_of(rows, windows[0])[column(rows, "窓口名")] = "足立区ひきこもり相談　髙橋①"
    import_file(client, as_excel_shift_jis(write_csv(rows)))
    windows[0].refresh_from_db()
    assert windows[0].name == "足立区ひきこもり相談　髙橋①"


@pytest.mark.django_db
def test_a_file_in_neither_encoding_is_refused_in_japanese(client, metro_staff, windows):
    client.force_login(metro_staff)
    response = upload(client, b"ID,\x81\x20\n")
    assert "ファイルの文字コードを読めませんでした" in response.content.decode()
    assert "UnicodeDecodeError" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["2027/3/31", "2027年3月31日", "令和9年3月31日"])
def test_a_date_cell_is_read_as_japanese_staff_write_it(client, metro_staff, windows, typed):
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    row_of(rows, windows[0])[column(rows, "最終確認日")] = typed
    import_file(client, write_csv(rows))
    windows[0].refresh_from_db()
    assert windows[0].last_verified == datetime.date(2027, 3, 31)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_export_carries_the_weekly_hours_and_the_closures(client, metro_staff, windows, kind):
    client.force_login(metro_staff)
    content = export(client, kind)
    if kind == "csv":
        rows = read_csv(content)
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    row = row_of(rows, windows[0])
    assert [
        row[column(rows, name)]
        for name in ("受付時間（曜日ごと）", "祝日は休み", "年末年始（12/29〜1/3）は休み")
    ] == ["月〜金 9:00〜17:00\n土 10:00〜12:00", "はい", "いいえ"]


@pytest.mark.django_db
def test_weekly_hours_imported_become_the_windows_schedule(client, metro_staff, windows):
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    row_of(rows, windows[1])[column(rows, "受付時間（曜日ごと）")] = (
        "土 10:00〜12:00\n月〜金 9:00〜17:00"
    )
    import_file(client, write_csv(rows))
    windows[1].refresh_from_db()
    assert windows[1].weekly_hours == "月〜金 9:00〜17:00\n土 10:00〜12:00"
    assert windows[1].opening_hours.count() == 2


@pytest.mark.django_db
def test_unreadable_weekly_hours_are_refused_naming_the_row_and_column(
    client, metro_staff, windows
):
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    row_of(rows, windows[0])[column(rows, "受付時間（曜日ごと）")] = "平日 9時から5時"
    page = upload(client, write_csv(rows)).content.decode()
    assert (
        "「受付時間（曜日ごと）」: 曜日ごとの受付時間の 1 行目「平日 9時から5時」が読めません"
        in page
    )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_export_file_has_a_japanese_name_with_the_date(client, metro_staff, windows, kind):
    client.force_login(metro_staff)
    response = export_response(client, kind)
    name = f"相談窓口_{timezone.localdate():%Y-%m-%d}.{kind}"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"


@pytest.mark.django_db
def test_the_xlsx_sheet_is_named_in_japanese(client, metro_staff, windows):
    client.force_login(metro_staff)
    book = openpyxl.load_workbook(io.BytesIO(export(client, "xlsx")))
    assert book.sheetnames == ["相談窓口"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_file_with_headings_only_is_refused_in_japanese(client, metro_staff, windows, kind):
    client.force_login(metro_staff)
    if kind == "csv":
        content = write_csv(read_csv(export(client))[:1])
    else:
        book = openpyxl.load_workbook(io.BytesIO(export(client, "xlsx")))
        book.active.delete_rows(2, book.active.max_row)
        out = io.BytesIO()
        book.save(out)
        content = out.getvalue()
    page = upload(client, content, kind).content.decode()
    assert "ファイルに窓口の行がありません" in page and "No valid data" not in page


@pytest.mark.django_db
def test_an_xlsx_file_sent_as_csv_is_told_to_choose_xlsx(client, metro_staff, windows):
    client.force_login(metro_staff)
    page = upload(client, export(client, "xlsx"), "csv").content.decode()
    assert "「ファイルの形式」で「Excel（XLSX）」を選んでください" in page


@pytest.mark.django_db
def test_a_municipal_import_of_weekly_hours_is_held_for_approval_with_them(
    client, adachi_staff, windows
):
    client.force_login(adachi_staff)
    rows = read_csv(export(client))
    row_of(rows, windows[0])[column(rows, "受付時間（曜日ごと）")] = "月〜金 8:30〜17:15"
    import_file(client, write_csv(rows))
    proposal = WindowRevision.objects.pending().get(window=windows[0])
    assert proposal.data["weekly_hours"] == "月〜金 8:30〜17:15"
    windows[0].refresh_from_db()
    assert windows[0].weekly_hours == "月〜金 9:00〜17:00\n土 10:00〜12:00"


@pytest.mark.django_db
def test_weekly_hours_typed_with_a_japanese_ime_are_read(client, metro_staff, windows):
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    row_of(rows, windows[1])[column(rows, "受付時間（曜日ごと）")] = "月～金 ９：００~１７：００"
    import_file(client, write_csv(rows))
    windows[1].refresh_from_db()
    assert windows[1].weekly_hours == "月〜金 9:00〜17:00"


def as_xlsx(rows):
    """`rows` as an XLSX file, every cell text, the way the export writes it."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def written(rows, kind):
    return write_csv(rows) if kind == "csv" else as_xlsx(rows)


def import_errors(response):
    """The import page's messages to staff: its row errors and the file field's errors."""
    page = response.content.decode()
    found = re.findall(
        r'<ul class="(?:import-row-errors|errorlist)[^"]*"[^>]*>(.*?)</ul>', page, re.S
    )
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in found]


# The names staff see in Excel's own menus.
PRODUCT_WORDS = {"Excel", "XLSX", "xlsx", "xls", "CSV", "UTF", "Shift", "JIS"}


def japanese_only(messages):
    """Messages with an English word (a Django, tablib or openpyxl message), beyond the names
    of Excel and its formats and the values quoted back from the file in 「」."""
    return [
        m
        for m in messages
        if set(re.findall(r"[A-Za-z]{3,}", re.sub(r"「[^」]*」", "", m))) - PRODUCT_WORDS
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "cell, value, message",
    [
        ("最終確認日", "2027/2/30", "「2027/2/30」という日はありません"),
        ("ご家族の相談", "yes", "「yes」は使えません。「はい」「いいえ」または空欄（未確認）"),
        ("区市町村コード", "999999", "区市町村コード「999999」はありません"),
        ("区市町村コード", "", "区市町村コードが空欄です"),
        ("電話番号", "03-1234", "「03-1234」は電話番号の形になっていません"),
        ("窓口名", "あ" * 121, "この値は 120 文字以下でなければなりません"),
    ],
)
def test_a_bad_cell_is_named_by_its_row_and_the_heading_staff_see(
    client, metro_staff, windows, kind, cell, value, message
):
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    rows[2][column(rows, cell)] = value
    response = upload(client, written(rows, kind), kind)
    errors = import_errors(response)
    assert any(
        e.startswith(f"データ 2 行目（ファイルの 3 行目）「{cell}」: ") and message in e
        for e in errors
    ), errors
    assert japanese_only(errors) == []


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_blank_rows_are_skipped_and_later_rows_keep_the_files_numbers(
    client, metro_staff, windows, kind
):
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    blank = [""] * len(rows[0])
    rows[2][column(rows, "電話番号")] = "03-1234"
    errors = import_errors(upload(client, written([*rows[:2], blank, *rows[2:]], kind), kind))
    assert [e.split("「")[0] for e in errors] == ["データ 3 行目（ファイルの 4 行目）"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_with_blank_rows_after_it_imports_with_no_change(
    client, metro_staff, windows, kind
):
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    before, records = snapshot(), history_count()
    response = import_file(client, written([*rows, [""] * len(rows[0])] * 1, kind), kind)
    assert response.status_code == 200
    assert snapshot() == before and history_count() == records


def without(rows, heading):
    drop = column(rows, heading)
    return [row[:drop] + row[drop + 1 :] for row in rows]


def with_column(rows, heading, value="x"):
    return [rows[0] + [heading]] + [row + [value] for row in rows[1:]]


FILE_PROBLEMS = {
    "no ID column": (
        lambda rows: without(rows, "ID"),
        "1 行目の見出しに「ID」がありません",
    ),
    "no 区市町村コード column": (
        lambda rows: without(rows, "区市町村コード"),
        "1 行目の見出しに「区市町村コード」がありません",
    ),
    "a heading twice": (
        lambda rows: with_column(rows, "電話番号", "03-1111-1111"),
        "見出し「電話番号」が 2 つの列（",
    ),
    "a heading the export never wrote": (
        lambda rows: with_column(rows, "電話番号２"),
        "列の見出し「電話番号２」は取り込めません",
    ),
    "a cell under no heading": (
        lambda rows: with_column(rows, ""),
        "列に見出しがないのに、入力があります",
    ),
    "another file's headings": (
        lambda rows: [["氏名", "住所"], ["山田", "足立区"]],
        "1 行目に、書き出したファイルの見出し（ID、区市町村コード、窓口名 …）がありません",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("problem", FILE_PROBLEMS)
def test_a_file_with_wrong_headings_is_refused_in_japanese_naming_the_column(
    client, metro_staff, windows, kind, problem
):
    client.force_login(metro_staff)
    change, message = FILE_PROBLEMS[problem]
    before = snapshot()
    response = upload(client, written(change(read_csv(export(client))), kind), kind)
    errors = import_errors(response)
    assert response.status_code == 200 and response.context.get("confirm_form") is None
    assert any(message in e for e in errors), errors
    assert japanese_only(errors) == [] and snapshot() == before


def test_headings_typed_with_spaces_or_full_width_letters_are_the_exports():
    dataset = tablib.Dataset(headers=[" ＩＤ", "区市町村コード ", "版", "対象年齢(上限)"])
    dataset.append(["1", "131211", "1", ""])
    assert with_rows(dataset).headers == ["ID", "区市町村コード", "版", "対象年齢（上限）"]


UNREADABLE_FILES = {
    "an empty CSV": (b"", "csv", "ファイルは空です"),
    "an empty XLSX": (b"", "xlsx", "ファイルは空です"),
    "a broken XLSX": (b"PK\x03\x04" + b"\x00" * 200, "xlsx", "ファイルを表として読めませんでした"),
    "a PDF as XLSX": (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        "xlsx",
        "ファイルを表として読めませんでした",
    ),
    "a CSV as XLSX": ("ID,窓口名\n1,x\n".encode(), "xlsx", "ファイルを表として読めませんでした"),
    "an old .xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "xlsx", "（.xls）"),
    "a PNG as CSV": (
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        "csv",
        "文字コードを読めませんでした",
    ),
    "a tab-separated file": (
        "ID\t区市町村コード\t窓口名\t版\n\t131211\tx\t\n".encode(),
        "csv",
        "区切りがタブのようです",
    ),
    "a row longer than its headings": (
        "ID,区市町村コード,窓口名,版\n,131211,x,,余分\n".encode(),
        "csv",
        "ファイルの 2 行目は、1 行目の見出し（4 列）より列が多く 5 列あります",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", UNREADABLE_FILES)
def test_a_file_that_cannot_be_read_gets_a_japanese_form_error(client, metro_staff, windows, name):
    content, kind, message = UNREADABLE_FILES[name]
    client.force_login(metro_staff)
    response = upload(client, content, kind)
    errors = response.context["form"].errors.get("import_file", [])
    assert response.status_code == 200
    assert any(message in e for e in errors), errors
    assert japanese_only(errors) == []


@pytest.mark.django_db
def test_a_row_the_database_refuses_is_named_in_japanese_without_a_traceback(
    client, metro_staff, windows, monkeypatch, caplog
):
    def refuse(*args, **kwargs):
        raise DatabaseError("value too long for type character varying(40)")

    monkeypatch.setattr("consultations.survey.resources.save_as_staff", refuse)
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    rows[2][column(rows, "電話番号")] = "03-3880-5111"
    response = upload(client, write_csv(rows))
    page = response.content.decode()
    assert "データ 2 行目（ファイルの 3 行目）: この行を保存できませんでした" in page
    assert "character varying" not in page and "Traceback" not in page
    assert "value too long" in caplog.text
