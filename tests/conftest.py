"""Shared fixtures: small datasets that ship offline, and stores in temporary files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nblabel import LabelStore


@pytest.fixture
def texts() -> pd.DataFrame:
    """Ten short texts with string ids."""
    return pd.DataFrame(
        {"text": [f"review number {i}" for i in range(10)]}, index=[f"t{i}" for i in range(10)]
    )


@pytest.fixture
def digits() -> pd.DataFrame:
    """Twenty of scikit-learn's 8x8 digits as uint8 arrays, int ids."""
    from sklearn.datasets import load_digits

    data = load_digits()
    images = (data.images[:20] * 16).clip(0, 255).astype(np.uint8)
    return pd.DataFrame({"image": list(images), "target": data.target[:20]})


@pytest.fixture
def store(tmp_path) -> LabelStore:
    """A file-backed store in a temporary directory."""
    with LabelStore(tmp_path / "labels.db") as s:
        yield s
