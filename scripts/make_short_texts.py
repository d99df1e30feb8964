"""Rebuild ``src/nblabel/datasets/short_texts.csv`` from the UCI *Sentiment Labelled Sentences*.

The sentences (Kotzias et al., KDD 2015; UCI Machine Learning Repository, CC BY 4.0) ship
as test fixtures inside the npm package ``sentiment`` 5.0.2 (MIT), which is how we get them
without touching any host but a package registry::

    cd "$(mktemp -d)" && npm pack sentiment@5.0.2 && tar xzf sentiment-5.0.2.tgz
    python scripts/make_short_texts.py "$PWD/package/test/fixtures"

The selection is deterministic: per source (amazon, imdb, yelp) it keeps sentences of
20-240 characters, drops duplicates, draws ``PER_CLASS`` positives and negatives with a
fixed seed, and shuffles the union with the same seed.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from pathlib import Path

SOURCES = ("amazon", "imdb", "yelp")
PER_CLASS = 70  # 3 sources x 2 classes x 70 = 420 texts
SEED = 20150529  # the date UCI received the data set
MIN_CHARS, MAX_CHARS = 20, 240
OUT = Path(__file__).resolve().parents[1] / "src" / "nblabel" / "datasets" / "short_texts.csv"
C1_CONTROLS = re.compile("[\x80-\x9f]")


def clean(text: str) -> str:
    """Strip, decode stray Windows-1252 bytes (``\\x96`` -> en dash), squeeze spaces."""

    def cp1252(match: re.Match[str]) -> str:
        try:
            return match.group().encode("latin-1").decode("cp1252")
        except UnicodeDecodeError:
            return " "

    text = C1_CONTROLS.sub(cp1252, text)
    return re.sub(r"\s+", " ", text).strip()


def candidates(fixtures: Path, source: str) -> list[dict[str, str]]:
    """Usable rows of one source, with ids that point back at the original line."""
    rows = json.loads((fixtures / f"{source}.json").read_text(encoding="utf-8"))
    seen: set[str] = set()
    out = []
    for line_no, row in enumerate(rows):
        text = clean(row.get("text") or "")
        if row.get("class") not in (0, 1) or not MIN_CHARS <= len(text) <= MAX_CHARS:
            continue
        if text.lower() in seen:
            continue
        seen.add(text.lower())
        sentiment = "positive" if row["class"] == 1 else "negative"
        out.append(
            {
                "id": f"{source}-{line_no:04d}",
                "text": text,
                "sentiment": sentiment,
                "source": source,
            }
        )
    return out


def select(fixtures: Path) -> list[dict[str, str]]:
    """A balanced, shuffled sample over sources and classes."""
    rng = random.Random(SEED)
    chosen = []
    for source in SOURCES:
        rows = candidates(fixtures, source)
        for sentiment in ("negative", "positive"):
            pool = [r for r in rows if r["sentiment"] == sentiment]
            chosen.extend(rng.sample(pool, PER_CLASS))
    rng.shuffle(chosen)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fixtures", type=Path, help="the package/test/fixtures folder")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = select(args.fixtures)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "text", "sentiment", "source"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {args.out}")


if __name__ == "__main__":
    main()
