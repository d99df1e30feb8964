"""Turn an image given as a path, bytes, PIL image or array into display-sized bytes."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import numpy as np

#: Largest side, in pixels, of an image as sent to the browser. Labels refer to the original.
MAX_DISPLAY_SIDE = 1024
_BROWSER_FORMATS = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "WEBP": "image/webp",
    "GIF": "image/gif",
}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff"}


def is_image_value(value: Any) -> bool:
    """Whether a cell holds something nblabel can show as an image."""
    if isinstance(value, (bytes, bytearray, memoryview, np.ndarray)):
        return True
    if isinstance(value, os.PathLike) or (isinstance(value, str) and len(value) < 4096):
        return Path(value).suffix.lower() in IMAGE_SUFFIXES
    return type(value).__module__.startswith("PIL.")


def check_image(value: Any, item_id: object) -> None:
    """Fail early, naming the item, when an image cannot be read (without decoding pixels)."""
    from PIL import Image, UnidentifiedImageError

    if isinstance(value, np.ndarray):
        _array_to_uint8(value, item_id)
        return
    if isinstance(value, (str, os.PathLike)):
        path = Path(value)
        if not path.is_file():
            raise FileNotFoundError(f"item {item_id!r}: image file {str(path)!r} does not exist")
        source: Any = path
    elif isinstance(value, (bytes, bytearray, memoryview)):
        source = io.BytesIO(bytes(value))
    else:
        return  # a PIL image is already decoded
    try:
        with Image.open(source) as img:
            img.size  # noqa: B018 - reading the header is the check
    except Image.DecompressionBombError as exc:
        raise _too_large(value, item_id, exc) from None
    except (UnidentifiedImageError, OSError) as exc:
        raise ValueError(f"item {item_id!r}: cannot read image {_describe(value)}: {exc}") from exc


def encode_image(value: Any, item_id: object) -> tuple[bytes, str]:
    """Return ``(bytes, mime)`` ready for an ``<img>``, downscaled when larger than needed."""
    from PIL import Image

    if isinstance(value, np.ndarray):
        return _png(Image.fromarray(_array_to_uint8(value, item_id)))
    if isinstance(value, (str, os.PathLike, bytes, bytearray, memoryview)):
        raw = Path(value).read_bytes() if isinstance(value, (str, os.PathLike)) else bytes(value)
        try:
            img = Image.open(io.BytesIO(raw))
            mime = _BROWSER_FORMATS.get(img.format or "")
            if mime and max(img.size) <= MAX_DISPLAY_SIDE:
                # Already small and browser-readable: send as is. The browser applies an
                # EXIF orientation itself (CSS image-orientation: from-image, the default).
                return raw, mime
            img = _upright(img)
        except Image.DecompressionBombError as exc:
            raise _too_large(value, item_id, exc) from None
        except OSError as exc:
            raise ValueError(
                f"item {item_id!r}: cannot read image {_describe(value)}: {exc}"
            ) from exc
        return _png(img) if img.mode in ("RGBA", "LA", "P", "1", "L") else _jpeg(img)
    if type(value).__module__.startswith("PIL."):
        return _png(value)
    raise TypeError(
        f"item {item_id!r}: {type(value).__name__} is not an image; give a file path, bytes, "
        "a PIL image or a numpy array"
    )


def _upright(img: Any) -> Any:
    """Decode for display: JPEGs at a reduced scale when large (``draft``), then turned as
    their EXIF Orientation says, since the re-encoded bytes carry no EXIF for the browser.
    """
    from PIL import ImageOps

    if img.format == "JPEG" and max(img.size) > MAX_DISPLAY_SIDE:
        img.draft(img.mode, (MAX_DISPLAY_SIDE, MAX_DISPLAY_SIDE))
    return ImageOps.exif_transpose(img)


def _too_large(value: Any, item_id: object, exc: Exception) -> ValueError:
    return ValueError(
        f"item {item_id!r}: image {_describe(value)} is too large to decode safely ({exc}). "
        "If you trust the file, raise Pillow's limit before labeling, e.g. "
        "`PIL.Image.MAX_IMAGE_PIXELS = 500_000_000`, or give a downscaled copy."
    )


def _array_to_uint8(array: np.ndarray, item_id: object) -> np.ndarray:
    """uint8 stays; floats in [0, 1] scale by 255; other numbers scale by their maximum."""
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (1, 3, 4)):
        raise ValueError(
            f"item {item_id!r}: image array has shape {array.shape}; expected (H, W), "
            "(H, W, 3) or (H, W, 4)"
        )
    if array.dtype == np.uint8:
        out = array
    else:
        values = np.nan_to_num(array.astype(np.float64))
        top = values.max(initial=0.0)
        scale = 255.0 if top <= 1.0 else 255.0 / top
        out = np.clip(values * scale, 0, 255).astype(np.uint8)
    return out[:, :, 0] if out.ndim == 3 and out.shape[2] == 1 else out


def _fit(img: Any) -> Any:
    if max(img.size) > MAX_DISPLAY_SIDE:
        img = img.copy()
        img.thumbnail((MAX_DISPLAY_SIDE, MAX_DISPLAY_SIDE))
    return img


def _png(img: Any) -> tuple[bytes, str]:
    buf = io.BytesIO()
    _fit(img).save(buf, format="PNG")
    return buf.getvalue(), "image/png"


def _jpeg(img: Any) -> tuple[bytes, str]:
    buf = io.BytesIO()
    _fit(img).convert("RGB").save(buf, format="JPEG", quality=90)
    return buf.getvalue(), "image/jpeg"


def _describe(value: Any) -> str:
    if isinstance(value, (str, os.PathLike)):
        return repr(str(value))
    return f"({type(value).__name__})"
