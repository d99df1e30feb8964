"""Decompression bombs are refused naming the item; EXIF orientation survives downscaling."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageOps

from nblabel.items._images import MAX_DISPLAY_SIDE, check_image, encode_image

ORIENTATION = 0x0112


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares its size but carries (almost) no pixels: the bomb's shape."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 16)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.fixture
def bomb(tmp_path):
    path = tmp_path / "bomb.png"
    path.write_bytes(png_header_only(20_000, 20_000))
    return path


@pytest.mark.parametrize("as_bytes", [False, True], ids=["path", "bytes"])
def test_decompression_bomb_is_refused_naming_the_item(bomb, as_bytes):
    value = bomb.read_bytes() if as_bytes else str(bomb)
    for call in (check_image, encode_image):
        with pytest.raises(ValueError, match=r"item 'huge': image .* too large.*MAX_IMAGE_PIXELS"):
            call(value, "huge")


def exif_jpeg(size: tuple[int, int], orientation: int) -> bytes:
    """A JPEG stored landscape, left half red and right half blue, with an Orientation tag."""
    img = Image.new("RGB", size, "blue")
    img.paste("red", (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    buf = io.BytesIO()
    img.save(buf, format="JPEG", exif=exif, quality=95)
    return buf.getvalue()


def top_and_bottom(img: Image.Image) -> tuple[tuple[int, ...], tuple[int, ...]]:
    rgb = img.convert("RGB")
    w, h = rgb.size
    return rgb.getpixel((w // 2, h // 10)), rgb.getpixel((w // 2, h * 9 // 10))


def test_large_photo_with_exif_orientation_is_encoded_upright():
    large = exif_jpeg((2000, 1000), 6)  # a phone photo taken upright
    data, mime = encode_image(large, "photo")
    shown = Image.open(io.BytesIO(data))
    assert mime == "image/jpeg"
    assert shown.size == (MAX_DISPLAY_SIDE // 2, MAX_DISPLAY_SIDE)  # portrait
    assert ORIENTATION not in shown.getexif()  # nothing for the browser to turn again
    top, bottom = top_and_bottom(shown)
    assert top[0] > 200 > top[2] and bottom[2] > 200 > bottom[0]  # red on top, blue below


def test_small_photo_is_sent_as_is_and_shows_the_same_way():
    small = exif_jpeg((200, 100), 6)
    data, mime = encode_image(small, "thumb")
    assert (data, mime) == (small, "image/jpeg")  # the browser applies the EXIF tag itself
    assert Image.open(io.BytesIO(data)).getexif()[ORIENTATION] == 6
    upright = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    assert upright.size == (100, 200)
    large_shown = Image.open(io.BytesIO(encode_image(exif_jpeg((2000, 1000), 6), "big")[0]))
    assert [max(p[:3]) == p[0] for p in top_and_bottom(upright)] == [
        max(p[:3]) == p[0] for p in top_and_bottom(large_shown)
    ]


def test_large_jpeg_is_decoded_at_reduced_scale(monkeypatch):
    big = exif_jpeg((4096, 2048), 1)
    sizes = []
    real = Image.Image.thumbnail

    def spy(self, size, *args, **kwargs):
        sizes.append(self.size)
        return real(self, size, *args, **kwargs)

    monkeypatch.setattr(Image.Image, "thumbnail", spy)
    data, _ = encode_image(big, "big")
    assert Image.open(io.BytesIO(data)).size == (MAX_DISPLAY_SIDE, MAX_DISPLAY_SIDE // 2)
    assert sizes and max(sizes[0]) < 4096  # draft decoded at 1/2 or less, not full size
