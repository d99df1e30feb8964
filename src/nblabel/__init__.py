"""nblabel: label images and texts inside Jupyter, keyboard first, into a durable store."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from nblabel.store import LabelEvent, LabelStore, StoreCorruptError, StoreError
from nblabel.widgets.audio import AudioLabeler
from nblabel.widgets.labeler import Labeler
from nblabel.widgets.spans import SpanLabeler

if TYPE_CHECKING:
    from nblabel.active import ActiveLearning, simulate
    from nblabel.quality import (
        apply_changes,
        find_label_errors,
        out_of_sample_proba,
        pick_slice,
        plot_slices,
        rank_label_errors,
        review_changes,
        slice_table,
        undo_session,
    )
    from nblabel.widgets.review import ReviewLabeler

#: Public names imported on first use, by the module that holds them: active learning pulls in
#: scikit-learn, modAL and scipy, and quality is only needed once labels exist.
_LAZY = {
    "ActiveLearning": "nblabel.active",
    "simulate": "nblabel.active",
    "ReviewLabeler": "nblabel.widgets.review",
    **dict.fromkeys(
        (
            "apply_changes",
            "find_label_errors",
            "out_of_sample_proba",
            "pick_slice",
            "plot_slices",
            "rank_label_errors",
            "review_changes",
            "slice_table",
            "undo_session",
        ),
        "nblabel.quality",
    ),
}

try:
    __version__ = version("nblabel")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"


def __getattr__(name: str) -> Any:
    """Import active learning and quality only when they are used: seconds saved at import."""
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'nblabel' has no attribute {name!r}")


__all__ = [
    "ActiveLearning",
    "AudioLabeler",
    "LabelEvent",
    "LabelStore",
    "Labeler",
    "ReviewLabeler",
    "SpanLabeler",
    "StoreCorruptError",
    "StoreError",
    "__version__",
    "apply_changes",
    "find_label_errors",
    "out_of_sample_proba",
    "pick_slice",
    "plot_slices",
    "rank_label_errors",
    "review_changes",
    "simulate",
    "slice_table",
    "undo_session",
]
