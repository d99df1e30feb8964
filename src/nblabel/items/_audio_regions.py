"""An audio value's regions: checked in seconds of the original file, canonical, named when wrong.

Shared by the values the browser sends and the regions a detector gives (pre-annotations).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any, TypeGuard

#: Regions may end this far past the clip's end (rounding of a drag to the last pixel).
END_SLACK_S = 1e-3


def check_region(
    region: Any, i: int, duration: float, labels: Sequence[str], where: str
) -> dict[str, Any]:
    """One region, canonical; a ValueError naming the item and the region if it is wrong."""
    if isinstance(region, (tuple, list)):
        region = dict(zip(("start", "end", "label", "text"), region, strict=False))
    if not isinstance(region, dict):
        raise ValueError(f"{where}: region {i} is {region!r}, not {{start, end, label}}")
    extra = set(region) - {"start", "end", "label", "text", "source", "accepted", "score"}
    if extra:
        raise ValueError(f"{where}: region {i} has unknown fields {sorted(extra)!r}")
    start, end = region.get("start"), region.get("end")
    if not all(number(x) for x in (start, end)):
        raise ValueError(f"{where}: region {i} needs start and end in seconds, got {region!r}")
    start, end = round(float(start), 4), round(float(end), 4)  # type: ignore[arg-type]
    if start < 0 or end > duration + END_SLACK_S:
        raise ValueError(
            f"{where}: region {i} ({start:g}-{end:g} s) is outside the clip (0-{duration:g} s)"
        )
    if end <= start:
        raise ValueError(f"{where}: region {i} ends ({end:g} s) before it starts ({start:g} s)")
    label = region.get("label")
    if label not in labels:
        raise ValueError(
            f"{where}: region {i} ({start:g}-{end:g} s) has label {label!r}, not one of "
            f"{list(labels)!r}"
        )
    text = region.get("text") or ""
    source = region.get("source", "human")
    if not isinstance(text, str) or source not in ("human", "model"):
        raise ValueError(f"{where}: region {i} has a bad text or source: {region!r}")
    out: dict[str, Any] = {
        "start": start,
        "end": min(end, duration),
        "label": label,
        "text": text,
        "source": source,
    }
    if source == "model":
        out["accepted"] = bool(region.get("accepted", False))
        if number(region.get("score")):
            out["score"] = float(region["score"])
    return out


def pre_regions(
    found: Iterable[Any], duration: float, labels: Sequence[str], where: str
) -> list[dict[str, Any]]:
    """A detector's regions, checked and marked ``source="model"`` (shown dashed).

    Regions running past the clip's end are cut there, and ones after it dropped: a
    detector's frames need not divide the clip. Anything else wrong raises, naming it.
    """
    out = []
    for i, region in enumerate(found):
        if isinstance(region, (tuple, list)):
            region = dict(zip(("start", "end", "label", "score"), region, strict=False))
        if not isinstance(region, dict):
            raise ValueError(f"{where}: pre-annotation {i} is {region!r}")
        region = {**region, "source": "model", "accepted": False}
        start, end = region.get("start"), region.get("end")
        if number(start) and number(end):  # a detector's last frame may overrun the clip
            if start >= duration:
                continue
            region["end"] = min(end, duration)
        out.append(check_region(region, i, duration, labels, f"{where} (pre-annotations)"))
    return sorted(out, key=lambda r: (r["start"], r["end"]))


def number(x: Any) -> TypeGuard[float]:
    """A finite int or float (not a bool)."""
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
