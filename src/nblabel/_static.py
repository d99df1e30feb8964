"""Where the built frontend bundle lives, with an actionable error when it is missing."""

from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"


def bundle_path(name: str) -> Path:
    """Return a bundle file, or explain how to build it.

    anywidget reads ``_esm`` when the class is defined, so a missing bundle would otherwise
    surface as a bare ``FileNotFoundError`` at ``import nblabel``.
    """
    path = STATIC_DIR / name
    if not path.is_file():
        raise FileNotFoundError(
            f"nblabel's frontend bundle {path} is missing. Build it with `npm ci && npm run build` "
            "in the source tree, or reinstall nblabel with `pip install .` (which builds it)."
        )
    return path
