import csv
import datetime
import io
from urllib.parse import quote

import openpyxl
import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from consultations.models import ConsultationWindow, OpeningHours, WindowRevision
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
    assert "「版」が空欄です" in response.content.decode()
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
