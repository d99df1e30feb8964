"""Data quality: likely label errors, where they concentrate, and what a review changed."""

from nblabel.quality.changes import (
    DECISION_KEY,
    DECISIONS,
    PREVIOUS_KEY,
    REVIEW_KEY,
    UNDO_KEY,
    apply_changes,
    review_changes,
    review_meta,
    undo_session,
)
from nblabel.quality.decisions import review_decisions, with_current_labels
from nblabel.quality.label_errors import METHODS, find_label_errors, rank_label_errors
from nblabel.quality.oos import out_of_sample_proba
from nblabel.quality.slices import pick_slice, plot_slices, slice_table

__all__ = [
    "DECISIONS",
    "DECISION_KEY",
    "METHODS",
    "PREVIOUS_KEY",
    "REVIEW_KEY",
    "UNDO_KEY",
    "apply_changes",
    "find_label_errors",
    "out_of_sample_proba",
    "pick_slice",
    "plot_slices",
    "rank_label_errors",
    "review_changes",
    "review_decisions",
    "review_meta",
    "slice_table",
    "undo_session",
    "with_current_labels",
]
