"""Images of every accepted kind become display bytes; big ones shrink, small ones pass through."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from nblabel.items._images import MAX_DISPLAY_SIDE, encode_image


def _decode(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_small_png_file_is_sent_unchanged(tmp_path):
    path = tmp_path / "a.png"
    Image.new("RGB", (40, 30), "red").save(path)
    data, mime = encode_image(str(path), "a")
    assert (data, mime) == (path.read_bytes(), "image/png")


def test_large_image_is_downscaled_for_display(tmp_path):
    path = tmp_path / "big.jpg"
    Image.new("RGB", (4000, 2000), "blue").save(path)
    data, mime = encode_image(path, "big")
    assert mime == "image/jpeg"
    assert _decode(data).size == (MAX_DISPLAY_SIDE, MAX_DISPLAY_SIDE // 2)


def test_arrays_are_scaled_to_uint8():
    data, mime = encode_image(np.array([[0.0, 0.5], [1.0, 0.25]]), 0)
    assert mime == "image/png"
    assert np.asarray(_decode(data)).tolist() == [[0, 127], [255, 63]]
    data, _ = encode_image(np.array([[0, 8], [16, 4]]), 1)  # digits' 0..16 range
    assert np.asarray(_decode(data)).tolist() == [[0, 127], [255, 63]]


def test_pil_images_and_bytes():
    img = Image.new("L", (5, 5), 128)
    data, mime = encode_image(img, "p")
    assert mime == "image/png" and _decode(data).size == (5, 5)
    assert encode_image(data, "b") == (data, "image/png")


def test_not_an_image_names_the_item():
    with pytest.raises(TypeError, match="item 'x'"):
        encode_image(3.5, "x")
