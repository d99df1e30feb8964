"""Small real data sets for demos and tests, all offline (see README.md in this folder)."""

from __future__ import annotations

from importlib.resources import files

import numpy as np
import pandas as pd

__all__ = ["load_digits_frame", "load_short_texts"]


def load_short_texts() -> pd.DataFrame:
    """420 short review sentences with gold sentiment, indexed by a string ``id``.

    Columns: ``text``, ``sentiment`` (``"positive"``/``"negative"``) and ``source``
    (``"amazon"``, ``"imdb"``, ``"yelp"``). From the UCI *Sentiment Labelled Sentences*
    (Kotzias et al. 2015), CC BY 4.0.
    """
    path = files(__name__).joinpath("short_texts.csv")
    with path.open("r", encoding="utf-8") as fh:
        frame = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return frame.set_index("id")


def load_digits_frame() -> pd.DataFrame:
    """scikit-learn's 1,797 handwritten digits as 8x8 ``uint8`` images (0..255) and ``target``.

    Index 0..n-1; the ``image`` column holds one numpy array per row.
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = np.rint(digits.images * (255.0 / 16.0)).clip(0, 255).astype(np.uint8)
    return pd.DataFrame({"image": list(images), "target": digits.target.astype(int)})
