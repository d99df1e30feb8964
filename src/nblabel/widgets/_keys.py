"""One keymap per labeler, derived in Python from the actions that exist and sent to the browser.

Label keys are the user's; every other action (move, skip, undo, confirm, accept a suggestion)
takes the first of its candidate keys that no label took. A key is reserved only while its
action exists: with no model attached, ``a`` is free for a label.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

DEFAULT_KEYS = tuple("123456789")


@dataclass(frozen=True)
class Action:
    """Something a key does: ``name`` is what the browser dispatches on.

    ``keys`` are candidates in order of preference; the first one still free is bound.
    ``arg`` tells label actions apart (the label's index).
    """

    name: str
    keys: tuple[str, ...]
    help: str
    arg: int | None = None
    #: What pressing it writes to the store, for the ``?`` overlay ("" = nothing).
    saves: str = ""
    #: A convenience: left unbound, rather than an error, when labels took all its keys.
    optional: bool = False
    #: A held key repeats it (moving inside an item); labels never repeat.
    repeat: bool = False


#: Actions every labeler has, handled by the browser's shared controller. A task that moves
#: inside an item with the arrows (spans) leaves PageUp/PageDown to move between items.
CORE_ACTIONS = (
    Action("back", ("ArrowLeft", "PageUp"), "previous item"),
    Action("forward", ("ArrowRight", "PageDown"), "next item"),
    Action("skip", ("s", "S"), "skip", saves="a skip event; the item's label is unchanged"),
    Action("undo", ("u", "U"), "undo", saves="an undo event restoring the previous label"),
    Action("undo", ("Ctrl+z",), "undo", saves="an undo event restoring the previous label"),
    Action("next_skipped", ("n", "N"), "next skipped item", optional=True),
    Action("goto", ("g", "G"), "go to item…", optional=True),
    Action("filter", ("f", "F"), "filter the queue…", optional=True),
    Action("help", ("?",), "all keys", optional=True),
)
#: Added while something offers suggestions (an active-learning loop).
ACCEPT = Action("accept", ("a", "A"), "accept suggestion", saves="the suggested label")


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


def label_keys(labels: Sequence[str], keys: Sequence[str] | None = None) -> list[str]:
    """Return one key per label: the user's keys (checked), or 1..9 in order."""
    if keys is None:
        if len(labels) > len(DEFAULT_KEYS):
            raise ValueError(
                f"{len(labels)} labels but only {len(DEFAULT_KEYS)} default keys (1-9); "
                f"pass keys=[...] with one single-character key per label"
            )
        return list(DEFAULT_KEYS[: len(labels)])
    if isinstance(keys, str) or not isinstance(keys, Sequence):
        raise TypeError(f"keys must be a list of single characters, got {keys!r}")
    keys = list(keys)
    if len(keys) != len(labels):
        raise ValueError(f"{len(labels)} labels but {len(keys)} keys: give one key per label")
    for label, key in zip(labels, keys, strict=True):
        if not isinstance(key, str) or len(key) != 1 or key.isspace():
            raise ValueError(f"key {key!r} for label {label!r} must be one visible character")
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise ValueError(f"keys {repeated!r} are given to more than one label")
    return keys


def two_label_sets(
    labels: Sequence[str],
    keys: Sequence[str] | None,
    more: Sequence[str] | None,
    more_keys: Sequence[str] | None,
) -> tuple[list[str], list[str], list[str], list[str]]:
    """Two kinds of labels on one keymap (span and document labels, region and clip labels).

    Returns ``(labels, keys, more, more_keys)``, checked: no name in both sets, no key twice
    across both; without keys, 1..9 run through both sets in order.
    """
    labels = check_labels(labels)
    extra = check_labels(more) if more else []
    every = check_labels([*labels, *extra])
    if keys is None and more_keys is None:
        both = label_keys(every)
        keys, more_keys = both[: len(labels)], both[len(labels) :]
    checked = label_keys(labels, keys)
    extra_keys = label_keys(extra, more_keys) if extra else []
    label_keys(every, [*checked, *extra_keys])  # no key twice across both
    return labels, checked, extra, extra_keys


def label_actions(
    labels: Sequence[str], keys: Sequence[str], saves: str = "the label"
) -> list[Action]:
    """One ``label`` action per label, bound to exactly its key."""
    return [
        Action("label", (key,), label, arg=i, saves=saves)
        for i, (label, key) in enumerate(zip(labels, keys, strict=True))
    ]


def build_keymap(actions: Iterable[Action]) -> list[dict[str, Any]]:
    """Bind each action to its first free candidate key, in the order given.

    Returns the rows the browser dispatches on and draws the legend from:
    ``{"key", "action", "help"}`` plus ``"arg"`` for label actions and ``"saves"`` for
    actions that write to the store.

    Raises
    ------
    ValueError
        When every candidate key of an action is taken; the message names who holds them.
    """
    taken: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    for action in actions:
        free = next((key for key in action.keys if key not in taken), None)
        if free is None and action.optional:
            continue
        if free is None:
            holders = ", ".join(f"{key!r} ({taken[key]})" for key in action.keys)
            raise ValueError(
                f"no key left for {action.help!r}: {holders} are taken; "
                "give those labels other keys"
            )
        taken[free] = f"label {action.help!r}" if action.name == "label" else action.help
        row: dict[str, Any] = {"key": free, "action": action.name, "help": action.help}
        if action.arg is not None:
            row["arg"] = action.arg
        if action.saves:
            row["saves"] = action.saves
        if action.repeat:
            row["repeat"] = True
        rows.append(row)
    return rows
