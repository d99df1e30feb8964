"""Constructed data with known label flips: blobs far apart, so only the flips look wrong."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

#: Items whose label the fixtures flip, and the label they are given.
FLIPPED = {"i7": "b", "i45": "c", "i80": "a"}


@pytest.fixture
def flipped() -> dict[str, str]:
    """Item id -> the wrong label ``blobs`` gives it."""
    return dict(FLIPPED)


@pytest.fixture
def blobs() -> tuple[pd.DataFrame, np.ndarray]:
    """90 items in three tight, far-apart clusters (a, b, c); three labels flipped.

    Returns the items (columns ``label``, ``truth``, ``source``) and the features. Every
    flipped item is from source "s2", about a third of the items, so its suspect rate
    stands out.
    """
    rng = np.random.default_rng(0)
    truth = np.repeat(["a", "b", "c"], 30)
    centres = {"a": (0.0, 0.0), "b": (10.0, 0.0), "c": (0.0, 10.0)}
    X = np.array([centres[t] for t in truth]) + rng.normal(scale=1.0, size=(90, 2))
    ids = [f"i{k}" for k in range(90)]
    items = pd.DataFrame({"truth": truth, "label": truth}, index=ids)
    for item, wrong in FLIPPED.items():
        items.loc[item, "label"] = wrong
    items["source"] = np.where(np.isin(ids, list(FLIPPED)), "s2", ["s0", "s1", "s2"] * 30)
    return items, X
