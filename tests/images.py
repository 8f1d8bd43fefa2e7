"""Image files as a staff member's browser would upload them, made with Pillow."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image


def image_bytes(size=(1600, 1200), format="JPEG", mode="RGB", exif=None, color="red"):
    image = Image.new(mode, size, color)
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=format, **options)
    return buffer.getvalue()


def camera_exif(orientation=1):
    """What a phone camera writes: its make, the orientation and where the photo was taken."""
    exif = Image.Exif()
    exif[0x010F] = "ACME Phone Camera"
    exif[0x0112] = orientation
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (35.0, 41.0, 22.0), 3: "E", 4: (139.0, 41.0, 30.0)}
    return exif


def upload(content=None, name="yamada-2026-04.jpg", content_type="image/jpeg", **options):
    return SimpleUploadedFile(name, content or image_bytes(**options), content_type)
