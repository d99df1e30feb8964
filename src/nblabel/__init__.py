"""nblabel: label images and texts inside Jupyter, keyboard first, into a durable store."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from nblabel.store import LabelEvent, LabelStore, StoreCorruptError, StoreError
from nblabel.widgets.labeler import Labeler

if TYPE_CHECKING:
    from nblabel.active import ActiveLearning, simulate

try:
    __version__ = version("nblabel")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"


def __getattr__(name: str) -> Any:
    """Import active learning (scikit-learn, modAL, scipy) only when it is used: seconds saved."""
    if name in ("ActiveLearning", "simulate"):
        from nblabel import active

        return getattr(active, name)
    raise AttributeError(f"module 'nblabel' has no attribute {name!r}")


__all__ = [
    "ActiveLearning",
    "LabelEvent",
    "LabelStore",
    "Labeler",
    "StoreCorruptError",
    "StoreError",
    "__version__",
    "simulate",
]
