import re

_EXTENSION = re.compile(r"[（(]?内線.*$")


def tel_href(phone: str) -> str:
    """The `tel:` URI for a published number, dropping an extension note such as （内線209）."""
    digits = re.sub(r"\D", "", _EXTENSION.sub("", phone or ""))
    return f"tel:{digits}" if digits else ""
