"""Item ids come from the user's DataFrame index; they must be unique and plain."""

from __future__ import annotations

import numbers

import pandas as pd


def item_ids(index: pd.Index) -> list[int | str]:
    """Return the index as plain Python ids, refusing duplicates and unsupported types.

    The store keys every label by these ids, so a duplicate would silently merge two items'
    labels: it is an error that names the duplicated values. This runs when a labeler is
    built, before its first item shows, so each check takes the cheapest path the index's
    dtype allows.
    """
    ids = index.tolist()  # one conversion for the whole index: 100k ids in milliseconds
    if len(set(ids)) != len(ids):  # a set of plain values is 3x faster than index.is_unique
        _refuse_duplicates(index)
    if pd.api.types.is_integer_dtype(index.dtype):
        _check_int_range(ids)
        return ids
    if _is_arrow_text(index):
        return ids  # all str, and Arrow holds only valid UTF-8
    if all(type(v) is str for v in ids):
        _check_text(ids)
        return ids
    plain = [_plain(v) for v in ids]
    _check_int_range([v for v in plain if isinstance(v, int)])
    _check_text(plain)
    return plain


def _refuse_duplicates(index: pd.Index) -> None:
    duplicated = index[index.duplicated()].unique()
    if len(duplicated):
        shown = ", ".join(repr(_plain(v)) for v in duplicated[:10])
        more = f" (and {len(duplicated) - 10} more)" if len(duplicated) > 10 else ""
        raise ValueError(
            f"the DataFrame index has duplicate item ids: {shown}{more}. nblabel keys labels by "
            "the index; make it unique, e.g. with df.reset_index(drop=True)."
        )


def _is_arrow_text(index: pd.Index) -> bool:
    dtype = index.dtype
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow" and not index.hasnans


def _check_text(ids: list[int | str]) -> None:
    """Refuse str ids with lone surrogates: they cannot be stored or sent as UTF-8.

    One encode of all ids joined finds out cheaply; only then is the culprit looked for.
    """
    texts = [v for v in ids if isinstance(v, str)]
    try:
        "".join(texts).encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return
    for position, value in enumerate(ids):
        if not isinstance(value, str):
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(
                f"item id {value!r} (row {position} of the DataFrame index) has a lone "
                f"surrogate {value[exc.start]!r} at character {exc.start}; ids must be valid "
                "Unicode text (e.g. decode the source with errors='replace')"
            ) from None


#: Largest integer a browser's JSON numbers hold exactly (2**53 - 1).
MAX_SAFE_ID = 2**53 - 1


def _check_int_range(ids: list[int]) -> None:
    """Refuse ids the browser would round (JSON numbers are doubles): two items could merge."""
    if ids and (max(ids) > MAX_SAFE_ID or min(ids) < -MAX_SAFE_ID):
        bad = next(v for v in ids if abs(v) > MAX_SAFE_ID)
        raise ValueError(
            f"item id {bad} is too large for the browser to keep exactly (beyond 2**53 - 1); "
            "use string ids, e.g. df.index = df.index.astype(str)"
        )


def _plain(value: object) -> int | str:
    if isinstance(value, bool):
        raise TypeError(f"item id {value!r} is a bool; use int or str ids")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, str):
        return value
    raise TypeError(
        f"item id {value!r} has type {type(value).__name__}; nblabel needs int or str ids "
        "(the DataFrame index). Convert it, e.g. df.index = df.index.astype(str)."
    )
