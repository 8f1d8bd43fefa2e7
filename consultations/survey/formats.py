"""The survey file's formats as Excel writes them.

Excel on Japanese Windows saves 「CSV（コンマ区切り）」 in Shift_JIS (Microsoft's CP932) and
「CSV UTF-8」 with a byte-order mark; staff cannot tell which one they chose, so the import
reads both. The export stays UTF-8 with a BOM (ENVIRONMENT.md).
"""

from import_export.formats import base_formats


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
        return with_rows(super().create_dataset(in_stream, **kwargs))


class ExcelXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        return with_rows(super().create_dataset(in_stream))


def with_rows(dataset):
    """The dataset, unless it has no window rows (import-export would say so in English)."""
    if not dataset:
        raise UnreadableFile(NO_ROWS)
    return dataset


def read_failure(error):
    """What staff read when a file cannot be read at all (import-export's message is English)."""
    if isinstance(error, UnreadableFile):
        return str(error)
    return (
        "ファイルを表として読めませんでした。「ファイルの形式」がファイルと合っているか"
        "（例：.xlsx のファイルなら「Excel（XLSX）」）確かめてください。"
    )
