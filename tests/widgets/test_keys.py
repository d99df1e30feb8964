"""One keymap, derived from the actions that exist: label keys first, the rest take what is free."""

from __future__ import annotations

import pytest

from nblabel import Labeler
from nblabel.widgets._keys import (
    ACCEPT,
    CORE_ACTIONS,
    DEFAULT_KEYS,
    build_keymap,
    label_actions,
    label_keys,
)


def bound(keymap):
    return {(row["action"], row.get("arg")): row["key"] for row in keymap}


def test_default_keys_follow_label_order():
    assert label_keys(["a", "b", "c"]) == ["1", "2", "3"]
    assert len(label_keys([str(i) for i in range(9)])) == len(DEFAULT_KEYS)


def test_user_keys_are_kept():
    assert label_keys(["cat", "dog"], ["c", "d"]) == ["c", "d"]


def test_a_and_s_are_free_for_labels_while_their_actions_move_aside():
    keymap = build_keymap([*label_actions(list("asdf"), list("asdf")), *CORE_ACTIONS, ACCEPT])
    keys = bound(keymap)
    assert [keys[("label", i)] for i in range(4)] == list("asdf")
    assert keys[("skip", None)] == "S"
    assert keys[("accept", None)] == "A"
    assert len({row["key"] for row in keymap}) == len(keymap)  # no key does two things


def test_accept_is_bound_only_while_something_suggests(texts):
    labeler = Labeler(texts, "text", labels=["a", "b"], keys=["a", "b"])
    assert "accept" not in {row["action"] for row in labeler.keymap}
    labeler.suggest_with(lambda item_id: None)
    assert bound(labeler.keymap)[("accept", None)] == "A"
    labeler.suggest_with(None)
    assert "accept" not in {row["action"] for row in labeler.keymap}


def test_an_action_with_every_key_taken_names_the_holders(texts):
    labeler = Labeler(texts, "text", labels=["x", "y"], keys=["a", "A"])
    with pytest.raises(
        ValueError, match=r"accept suggestion.*'a' \(label 'x'\).*'A' \(label 'y'\)"
    ):
        labeler.suggest_with(lambda item_id: None)
    assert "accept" not in {row["action"] for row in labeler.keymap}  # nothing half-bound


def test_skip_without_a_free_key_is_an_error_at_the_door(texts):
    with pytest.raises(ValueError, match="no key left for 'skip'"):
        Labeler(texts, "text", labels=["x", "y"], keys=["s", "S"])


def test_multi_label_binds_enter_to_confirm(texts):
    assert bound(Labeler(texts, "text", labels=["a"], multi=True).keymap)[("confirm", None)] == (
        "Enter"
    )
    assert ("confirm", None) not in bound(Labeler(texts, "text", labels=["a"]).keymap)
