"""Keymaps derived from labels."""

from __future__ import annotations

from nblabel.widgets._keys import DEFAULT_KEYS, keymap


def test_default_keys_follow_label_order():
    assert keymap(["a", "b", "c"]) == ["1", "2", "3"]
    assert len(keymap([str(i) for i in range(9)])) == len(DEFAULT_KEYS)


def test_user_keys_are_kept():
    assert keymap(["cat", "dog"], ["c", "d"]) == ["c", "d"]
