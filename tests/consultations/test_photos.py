"""A counsellor's photo is made fit to publish, or refused with a reason staff understand."""

import io
import zlib

import pytest
from django import forms
from PIL import ExifTags, Image

from consultations.photos import LONGEST_SIDE, MAX_BYTES, prepare
from tests.images import camera_exif, image_bytes, upload


def opened(content_file):
    return Image.open(io.BytesIO(content_file.read()))


def png_claiming(width, height):
    """A tiny, valid PNG header that claims a huge image: a decompression bomb's first bytes."""

    def chunk(kind, data):
        return (
            len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
        )

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_a_large_photo_is_shrunk_to_the_longest_side():
    photo = opened(prepare(upload(size=(3000, 2000))))
    assert max(photo.size) == LONGEST_SIDE and photo.size == (800, 533)


def test_nothing_but_the_pixels_leaves_the_camera():
    cleaned = prepare(upload(exif=camera_exif())).read()
    photo = Image.open(io.BytesIO(cleaned))
    assert not photo.getexif()
    assert photo.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert b"ACME" not in cleaned and "icc_profile" not in photo.info


def test_a_photo_taken_sideways_is_turned_upright_before_its_orientation_is_dropped():
    photo = opened(prepare(upload(size=(1600, 1200), exif=camera_exif(orientation=6))))
    assert photo.size == (600, 800)


def test_the_stored_name_is_random_and_says_nothing_of_the_upload():
    prepared = prepare(upload(name="yamada-hanako-2026.jpg"))
    assert "yamada" not in prepared.name and prepared.name.endswith(".jpg")


def test_an_illustration_with_transparency_stays_a_png():
    prepared = prepare(upload(format="PNG", mode="RGBA", color=(0, 0, 0, 0), name="a.png"))
    assert prepared.name.endswith(".png") and opened(prepared).mode == "RGBA"


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"%PDF-1.7 not an image at all", "画像として読めないファイルです"),
        (image_bytes()[:200], "画像として読めないファイルです"),
        (image_bytes(format="GIF", mode="P"), "GIF の画像は使えません"),
        (png_claiming(8_000, 8_000), "画素数が多すぎます"),
        (png_claiming(10_000, 10_000), "画素数が多すぎます"),
        (png_claiming(30_000, 30_000), "画素数が多すぎます"),
    ],
    ids=["not-an-image", "truncated", "gif", "bomb", "bomb-pillow-warns", "bomb-pillow-refuses"],
)
def test_a_file_that_cannot_be_used_is_refused_with_its_reason(content, reason):
    with pytest.raises(forms.ValidationError) as refused:
        prepare(upload(content))
    assert reason in refused.value.messages[0]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    too_big = upload(b"\xff\xd8" + b"\x00" * (MAX_BYTES + 1))
    with pytest.raises(forms.ValidationError) as refused:
        prepare(too_big)
    assert "ファイルが大きすぎます（10MBまで）" in refused.value.messages[0]
