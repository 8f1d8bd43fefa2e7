"""A counsellor's photo as uploaded in admin, made fit to publish: checked, turned upright,
shrunk and re-encoded, so nothing but the pixels leaves the camera (no date, place or device).

Pillow is imported when a photo is uploaded, not when a public page's forms are.
"""

import io
import uuid
import warnings

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.urls import reverse

# Phone cameras write 3-8 MB; more is not a photo we need.
MAX_BYTES = 10 * 1024 * 1024
# Refused before decoding: a small file can claim a huge image (a decompression bomb) and
# exhaust memory when its pixels are read. 50 million pixels covers 48-megapixel cameras.
MAX_PIXELS = 50_000_000
# The longest side after shrinking: a card shows it at most a few centimetres wide.
LONGEST_SIDE = 800
FORMATS = {"JPEG", "PNG", "WEBP"}
JPEG_QUALITY = 85

NOT_AN_IMAGE = "画像として読めないファイルです。JPEG・PNG・WebP の写真かイラストを選んでください。"
TOO_LARGE = (
    f"ファイルが大きすぎます（{MAX_BYTES // 1024 // 1024}MBまで）。小さくしてから選んでください。"
)
TOO_MANY_PIXELS = (
    f"画像の画素数が多すぎます（{MAX_PIXELS // 10_000}万画素まで）。縮小してから選んでください。"
)
WRONG_FORMAT = "{format} の画像は使えません。JPEG・PNG・WebP にしてください。"


def prepare(upload):
    """The uploaded image re-encoded for the web (a ContentFile with a random name).

    JPEG for photos; PNG where the image has transparency (an illustration). Raises
    forms.ValidationError with a message for staff when the file cannot be used.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    if upload.size is not None and upload.size > MAX_BYTES:
        raise forms.ValidationError(TOO_LARGE, code="too_large")
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice that: a refusal here too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in FORMATS:
                raise forms.ValidationError(WRONG_FORMAT.format(format=image.format), code="format")
            if image.width * image.height > MAX_PIXELS:
                raise forms.ValidationError(TOO_MANY_PIXELS, code="pixels")
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise forms.ValidationError(TOO_MANY_PIXELS, code="pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise forms.ValidationError(NOT_AN_IMAGE, code="invalid") from None
    image = ImageOps.exif_transpose(image)
    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE), Image.Resampling.LANCZOS)
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    # A fresh image holding the pixels only: no EXIF, XMP, ICC profile or text chunk carries over.
    mode, encoding, suffix = ("RGBA", "PNG", "png") if transparent else ("RGB", "JPEG", "jpg")
    clean = Image.new(mode, image.size)
    clean.paste(image.convert(mode))
    output = io.BytesIO()
    options = {"optimize": True} if transparent else {"quality": JPEG_QUALITY, "optimize": True}
    clean.save(output, format=encoding, **options)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{suffix}")


class PhotoField(forms.ImageField):
    """The admin's photo input: refuses what prepare() refuses, with its message, and hands
    the model the cleaned image instead of the upload."""

    def to_python(self, data):
        # FileField's own checks (nothing sent, an empty file), not ImageField's Pillow pass.
        checked = forms.FileField.to_python(self, data)
        if checked is None or not isinstance(data, UploadedFile):
            return checked
        return prepare(data)


class StoredPhoto:
    """A stored photo as the admin widget links it: to the staff view, whatever the storage."""

    def __init__(self, name):
        self.name = name
        self.url = reverse("staff-photo", args=[name])

    def __str__(self):
        return self.name


class PhotoInput(AdminFileWidget):
    """The photo stored now (a name, or the window's FieldFile), linked to the staff view."""

    def is_initial(self, value):
        if isinstance(value, FieldFile):
            return bool(value.name) and value._committed
        return isinstance(value, str) and bool(value)

    def format_value(self, value):
        if self.is_initial(value):
            return StoredPhoto(getattr(value, "name", value))
        return None
