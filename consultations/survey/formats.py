"""The survey file's formats as Excel writes them.

Excel on Japanese Windows saves 「CSV（コンマ区切り）」 in Shift_JIS (Microsoft's CP932) and
「CSV UTF-8」 with a byte-order mark; staff cannot tell which one they chose, so the import
reads both. The export stays UTF-8 with a BOM (ENVIRONMENT.md).
"""

from import_export.formats import base_formats

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
        raise ValueError(UNREADABLE) from None


class ExcelCSV(base_formats.CSV):
    """CSV for import: bytes in, decoded by decode() whatever the admin's from_encoding."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = decode(in_stream)
        return super().create_dataset(in_stream, **kwargs)


def read_failure(error):
    """What staff read when a file cannot be read at all (import-export's message is English)."""
    if isinstance(error, ValueError) and str(error) == UNREADABLE:
        return UNREADABLE
    return (
        "ファイルを表として読めませんでした。「ファイルの形式」がファイルと合っているか"
        "（例：.xlsx のファイルなら「Excel（XLSX）」）確かめてください。"
    )
