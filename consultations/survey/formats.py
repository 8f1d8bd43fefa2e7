"""The survey file's formats as Excel writes them.

Excel on Japanese Windows saves 「CSV（コンマ区切り）」 in Shift_JIS (Microsoft's CP932) and
「CSV UTF-8」 with a byte-order mark; staff cannot tell which one they chose, so the import
reads both. The export stays UTF-8 with a BOM (ENVIRONMENT.md).
"""

import csv
import io
import unicodedata

import tablib
from import_export.formats import base_formats
from openpyxl.utils import get_column_letter


class UnreadableFile(ValueError):
    """A file the import cannot read; the message is for staff."""


NO_ROWS = (
    "ファイルに窓口の行がありません。1行目が見出し（ID、区市町村コード、窓口名 …）、2行目から窓口の、"
    "書き出したままの形のファイルを取り込んでください。"
)
XLSX_AS_CSV = "このファイルは Excel（XLSX）のようです。「ファイルの形式」で「Excel（XLSX）」を選んでください。"
UNREADABLE = (
    "ファイルの文字コードを読めませんでした。CSV は Excel の「CSV UTF-8（コンマ区切り）」か"
    "「CSV（コンマ区切り）」（Shift_JIS）で保存してから取り込んでください。"
)

# CP932 decodes its byte 0x8160 as the full-width tilde (U+FF5E), where JIS and every other
# program mean the wave dash (U+301C) the directory writes in hours (月〜金 9:00〜17:00).
# Without this, a file saved in Shift_JIS would change every 〜 and break the weekly hours.
CP932_FIXES = str.maketrans({"\uff5e": "\u301c"})


def decode(data):
    """The text of a CSV file in UTF-8 (with or without a BOM) or in Shift_JIS/CP932."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932").translate(CP932_FIXES)
    except UnicodeDecodeError:
        raise UnreadableFile(UNREADABLE) from None


class ExcelCSV(base_formats.CSV):
    """CSV for import: bytes in, decoded by decode() whatever the admin's from_encoding."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            # Every XLSX file is a ZIP archive, which starts with these bytes.
            if in_stream.startswith(b"PK\x03\x04"):
                raise UnreadableFile(XLSX_AS_CSV)
            in_stream = decode(in_stream)
        return with_rows(read_csv(in_stream))


def read_csv(text):
    """The CSV as rows the way Excel shows them.

    tablib drops blank lines, so every row after one was reported a line too early; here a blank
    line stays a (blank) row and the import skips it. A row with more cells than headings is
    refused by its number rather than with tablib's English InvalidDimensions.
    """
    try:
        headers, *rows = list(csv.reader(io.StringIO(text))) or [[]]
    except csv.Error:
        raise UnreadableFile(UNREADABLE) from None
    dataset = tablib.Dataset(headers=headers)
    width = len(headers)
    for line, row in enumerate(rows, 2):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise UnreadableFile(
                f"ファイルの {line} 行目は、1 行目の見出し（{width} 列）より列が多く {len(row)} 列"
                "あります。見出しのない列に入力したか、区切りのコンマが多すぎます。"
                "見出しのある列だけに入力してください。"
            )
        dataset.append((row + [""] * width)[:width])
    return dataset


XLS = (
    "このファイルは Excel 97-2003 形式（.xls）のようで、読めません。Excel で「Excel ブック（*.xlsx）」"
    "として保存し直すか、書き出した .xlsx のファイルに入力してください。"
)


class ExcelXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        # The old .xls is an OLE2 compound file; openpyxl would only say it is not a zip file.
        if in_stream.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            raise UnreadableFile(XLS)
        return with_rows(super().create_dataset(in_stream))


def with_rows(dataset):
    """The dataset with its headings checked, unless it has no window rows (import-export would
    say both in English, or not at all)."""
    dataset.headers = [heading_text(heading) for heading in dataset.headers or []]
    problems = heading_problems(dataset)
    if problems:
        raise UnreadableFile(*problems)
    if not any(any(cell_text(cell) for cell in row) for row in dataset):
        raise UnreadableFile(NO_ROWS)
    return dataset


def cell_text(value):
    return "" if value is None else str(value).strip()


def folded(text):
    return unicodedata.normalize("NFKC", text).strip()


def heading_text(heading):
    """A heading as the export wrote it, from what a spreadsheet kept: spaces around it, and
    full-width letters or half-width brackets typed with an IME, are no other heading."""
    from .resources import COLUMNS

    text = cell_text(heading)
    return {folded(column): column for column in COLUMNS}.get(folded(text), text)


def heading_problems(dataset):
    """What is wrong with the file's first row, in words for staff."""
    from .resources import COLUMNS, REQUIRED_COLUMNS

    headers = dataset.headers
    if not set(headers) & set(COLUMNS):
        hint = (
            "区切りがタブのようです。Excel で「CSV」として保存し直してください。"
            if any("\t" in h for h in headers)
            else ""
        )
        return [
            "1 行目に、書き出したファイルの見出し（ID、区市町村コード、窓口名 …）がありません。"
            "「エクスポート」で書き出したファイルに入力して取り込んでください。" + hint
        ]
    problems = []
    missing = [column for column in REQUIRED_COLUMNS if column not in headers]
    if missing:
        problems.append(
            "1 行目の見出しに「" + "」「".join(missing) + "」がありません。ID・区市町村コード・版の"
            "列は、どの窓口のいつの内容かを確かめるのに要ります。見出しは書き出したままにしてください。"
        )
    letters = {}
    for number, heading in enumerate(headers, 1):
        letters.setdefault(heading, []).append(get_column_letter(number))
    for heading, at in letters.items():
        if heading and len(at) > 1:
            problems.append(
                f"見出し「{heading}」が {len(at)} つの列（{'・'.join(at)} 列）にあります。"
                "どちらを取り込むか決められないので、1 つにしてください。"
            )
    for number, heading in enumerate(headers, 1):
        letter = get_column_letter(number)
        if heading and heading not in COLUMNS:
            problems.append(
                f"{letter} 列の見出し「{heading}」は取り込めません（書き出しにない見出しです）。"
                "書き出したときの見出しに戻すか、その列を消してください。"
            )
        elif not heading and any(cell_text(row[number - 1]) for row in dataset):
            problems.append(
                f"{letter} 列に見出しがないのに、入力があります。見出しを書くか、その列を消してください。"
            )
    return problems


def read_failure(error):
    """What staff read when a file cannot be read at all (import-export's message is English)."""
    if isinstance(error, UnreadableFile):
        return list(error.args)
    return (
        "ファイルを表として読めませんでした。「ファイルの形式」がファイルと合っているか"
        "（例：.xlsx のファイルなら「Excel（XLSX）」）確かめてください。"
    )
