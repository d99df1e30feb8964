"""Item ids: str ids must be valid Unicode, and the error names the id and its row."""

from __future__ import annotations

import pandas as pd
import pytest

from nblabel.items._ids import item_ids


@pytest.mark.parametrize(
    "ids",
    [["ok", "b\ud800d"], ["ok", 3, "b\ud800d"]],
    ids=["all-str", "mixed"],
)
def test_lone_surrogate_in_an_id_is_refused_naming_it(ids):
    index = pd.Index(ids, dtype=object)
    with pytest.raises(ValueError, match=r"item id 'b\\ud800d' \(row \d of .*lone surrogate"):
        item_ids(index)


def test_valid_unicode_ids_pass():
    ids = ["café", "\U0001f600", "plain"]
    assert item_ids(pd.Index(ids, dtype=object)) == ids
