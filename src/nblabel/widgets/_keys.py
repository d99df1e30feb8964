"""Keymaps derived from the label list, validated before anything renders."""

from __future__ import annotations

from collections.abc import Sequence

#: Keys with a fixed meaning in every labeler; label keys may not take them.
RESERVED_KEYS = {
    "Enter": "confirm the chosen labels (multi-label)",
    "ArrowLeft": "previous item",
    "ArrowRight": "next item",
    "s": "skip",
    "u": "undo",
    "a": "accepting the model's suggestion",
}
DEFAULT_KEYS = tuple("123456789")


def check_labels(labels: Sequence[str]) -> list[str]:
    """Return the labels as a list, refusing empty, blank, non-string and repeated labels."""
    if isinstance(labels, str) or not isinstance(labels, Sequence):
        raise TypeError(f"labels must be a list of strings, got {labels!r}")
    labels = list(labels)
    if not labels:
        raise ValueError("labels is empty: give at least one label, e.g. labels=['cat', 'dog']")
    for label in labels:
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"label {label!r} must be a non-empty string")
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        raise ValueError(f"labels {repeated!r} appear more than once")
    return labels


def keymap(labels: Sequence[str], keys: Sequence[str] | None = None) -> list[str]:
    """Return one key per label: the user's keys, or 1..9 in order."""
    if keys is None:
        if len(labels) > len(DEFAULT_KEYS):
            raise ValueError(
                f"{len(labels)} labels but only {len(DEFAULT_KEYS)} default keys (1-9); "
                f"pass keys=[...] with one single-character key per label"
            )
        return list(DEFAULT_KEYS[: len(labels)])
    keys = list(keys)
    if len(keys) != len(labels):
        raise ValueError(f"{len(labels)} labels but {len(keys)} keys: give one key per label")
    for label, key in zip(labels, keys, strict=True):
        if not isinstance(key, str) or len(key) != 1 or key.isspace():
            raise ValueError(f"key {key!r} for label {label!r} must be one visible character")
        if key in RESERVED_KEYS:
            raise ValueError(
                f"key {key!r} for label {label!r} is reserved for {RESERVED_KEYS[key]}; "
                "pick another"
            )
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise ValueError(f"keys {repeated!r} are given to more than one label")
    return keys
