"""nblabel: label images and texts inside Jupyter, keyboard first, into a durable store."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from nblabel.active import ActiveLearning, simulate
from nblabel.store import LabelEvent, LabelStore
from nblabel.widgets.labeler import Labeler

try:
    __version__ = version("nblabel")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"

__all__ = ["ActiveLearning", "LabelEvent", "LabelStore", "Labeler", "__version__", "simulate"]
