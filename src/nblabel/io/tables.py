"""Write a DataFrame to .csv, .jsonl or .parquet, picked by suffix, keeping list labels."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

FORMATS = ("csv", "jsonl", "parquet")
JSON_FIELD_METADATA = {b"nblabel.encoding": b"json"}
# Characters that str.splitlines() and some JSON Lines readers treat as line ends; JSON leaves
# them raw, so they are escaped (they only occur inside strings, where escapes are exact).
_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def _resolve_format(path: Path, format: str | None) -> str:
    if format is not None:
        fmt = str(format).lower().lstrip(".")
        if fmt not in FORMATS:
            raise ValueError(
                f"cannot export {str(path)!r}: unknown format {format!r}; use one of {FORMATS}"
            )
        return fmt
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(
            f"cannot export {str(path)!r}: unknown suffix {path.suffix!r}; "
            "use .csv, .jsonl or .parquet (or pass format=)"
        )
    return fmt


def _to_json_text(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return None
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _json_default(obj: Any) -> Any:
    if hasattr(obj, "tolist"):  # numpy scalars and arrays
        return obj.tolist()
    if isinstance(obj, pd.Timestamp):
        return obj.isoformat()
    raise TypeError(f"{type(obj).__name__} is not JSON-serializable")


def _write_csv(frame: pd.DataFrame, target: Path) -> None:
    out = frame.copy()
    for k in range(out.shape[1]):
        column = out.iloc[:, k]
        if column.dtype == object and column.map(lambda v: isinstance(v, (list, dict))).any():
            out.isetitem(
                k, column.map(lambda v: _to_json_text(v) if isinstance(v, (list, dict)) else v)
            )
    # CRLF rows (RFC 4180): Python's csv quotes a field holding any character of the line
    # terminator, so with CRLF a bare "\r" inside a label is quoted too; with "\n" it was
    # not, and readers split the row in two.
    out.to_csv(target, index=False, lineterminator="\r\n")


def _jsonl_column(column: pd.Series) -> list[Any]:
    """One column as plain JSON values: ISO 8601 times, None for missing, exact floats."""
    if isinstance(column.dtype, pd.DatetimeTZDtype) or column.dtype.kind == "M":
        aware = isinstance(column.dtype, pd.DatetimeTZDtype)
        utc = column.dt.tz_convert("UTC") if aware else column
        text = utc.dt.strftime("%Y-%m-%dT%H:%M:%S.%f" + ("Z" if aware else ""))
        return [None if pd.isna(v) else v for v in text.tolist()]
    return [_jsonl_value(v) for v in column.tolist()]


def _jsonl_value(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None  # as pandas: NaN and inf are null
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def _write_jsonl(frame: pd.DataFrame, target: Path) -> None:
    """One JSON object per row, by ``json.dumps``: floats keep all 17 digits (pandas' own
    writer rounds to 10), and list/dict labels stay JSON arrays/objects.
    """
    names = [str(name) for name in frame.columns]
    columns = [_jsonl_column(frame.iloc[:, k]) for k in range(frame.shape[1])]
    with open(target, "w", encoding="utf-8", newline="\n") as f:
        for row in zip(*columns, strict=True):
            record = dict(zip(names, row, strict=True))
            text = json.dumps(record, ensure_ascii=False, default=_json_default)
            f.write(text.translate(_LINE_BREAKS))
            f.write("\n")


def _arrow_column(pa: Any, column: pd.Series) -> tuple[Any, bool]:
    """Return (arrow array, json_encoded) for one column; see ``export_frame`` Notes."""
    if column.dtype != object:
        return pa.array(column, from_pandas=True), False
    values = column.tolist()
    if _one_type(values):
        try:
            return pa.array(values, from_pandas=True), False
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            pass
    return pa.array([_to_json_text(v) for v in values], type=pa.string()), True


def _one_type(values: list[Any]) -> bool:
    """Whether Arrow can type the values without changing any: one Python type throughout,
    or lists of one element type. Arrow would make ``[1, 2.5]`` a double column and read
    the 1 back as 1.0, so mixed numbers go as JSON text too.
    """
    scalar_types: set[type] = set()
    element_types: set[type] = set()
    has_lists = False
    for value in values:
        if value is None or (isinstance(value, float) and value != value):
            continue
        if isinstance(value, dict):
            return False
        if isinstance(value, list):
            has_lists = True
            element_types.update(type(v) for v in value if v is not None)
        else:
            scalar_types.add(type(value))
    if has_lists and (scalar_types or element_types & {list, dict}):
        return False
    return len(scalar_types) <= 1 and len(element_types) <= 1


def _write_parquet(frame: pd.DataFrame, target: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ImportError(
            "exporting to .parquet needs pyarrow; install it with "
            "`pip install nblabel[parquet]` (or export to .csv / .jsonl)"
        ) from exc
    arrays, fields = [], []
    for k, name in enumerate(frame.columns):
        array, as_json = _arrow_column(pa, frame.iloc[:, k])
        arrays.append(array)
        fields.append(
            pa.field(str(name), array.type, metadata=JSON_FIELD_METADATA if as_json else None)
        )
    pq.write_table(pa.Table.from_arrays(arrays, schema=pa.schema(fields)), target)


_WRITERS: dict[str, Callable[[pd.DataFrame, Path], None]] = {
    "csv": _write_csv,
    "jsonl": _write_jsonl,
    "parquet": _write_parquet,
}


def export_frame(df: pd.DataFrame, path: str | os.PathLike[str], format: str | None = None) -> Path:
    """Write ``df`` to ``path`` in the format its suffix (or ``format``) names.

    A named or non-default index (e.g. ``item_id``) is written as a column. The file is
    written beside the target and renamed into place, so readers never see half a file.

    Parameters
    ----------
    df : DataFrame
    path : str or Path
        Ends in ``.csv``, ``.jsonl`` or ``.parquet`` unless ``format`` is given.
    format : {"csv", "jsonl", "parquet"}, optional

    Returns
    -------
    Path
        ``path`` as a Path.

    Raises
    ------
    TypeError
        ``df`` is not a DataFrame.
    ValueError
        Unknown suffix or format, column names that repeat once written as text, or text
        with lone surrogates (the file, and the column and row, are named).
    ImportError
        Parquet requested without pyarrow installed.

    Notes
    -----
    How container values (multi-label lists, ``meta`` dicts) are written:

    - CSV: RFC 4180 (CRLF rows, a field quoted when it holds a comma, a quote, CR or LF),
      so every string survives ``pd.read_csv(path, dtype=str, keep_default_na=False)``
      exactly. List and dict cells become JSON text (``["cat","dog"]``); other cells are
      written as they are, timestamps in pandas' ISO 8601 form
      (``2024-05-01 12:00:00.123456+00:00``). Text starting with ``=``, ``+``, ``-`` or
      ``@`` is not escaped (escaping would change the labels): spreadsheet programs may
      treat it as a formula, so open untrusted exports with pandas, not a spreadsheet.
    - JSON Lines: one JSON object per row; lists and dicts stay JSON arrays/objects, floats
      keep every digit; timestamps are ISO 8601 strings in UTC with microseconds
      (``...T12:00:00.123456Z``).
    - Parquet: a column whose values share one Python type stays native, so a column of
      lists of str becomes ``list<string>``. A column holding dicts, nested lists, or mixed
      types (str labels mixed with list labels, int ids mixed with str ids, ints mixed with
      floats, which Arrow would turn into floats) is written as JSON text and its field
      carries the metadata ``{"nblabel.encoding": "json"}``.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"export_frame expects a pandas DataFrame, got {type(df).__name__}")
    path = Path(path)
    fmt = _resolve_format(path, format)
    plain_index = isinstance(df.index, pd.RangeIndex) and df.index.name is None
    frame = df if plain_index else df.reset_index()
    _check_names(frame, path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        _WRITERS[fmt](frame, tmp)
        os.replace(tmp, path)
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"cannot export {str(path)!r}: {_where_not_utf8(frame)} holds text that is not "
            f"valid Unicode ({exc.reason}: {exc.object[exc.start : exc.end]!r})"
        ) from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def _check_names(frame: pd.DataFrame, path: Path) -> None:
    """Column names must stay apart once written as text (``1`` and ``"1"`` would not)."""
    names = [str(name) for name in frame.columns]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(
            f"cannot export {str(path)!r}: column names {repeated} appear more than once "
            "(after reset_index and str()); rename them, e.g. "
            "df.loc[:, ~df.columns.duplicated()]"
        )


def _where_not_utf8(frame: pd.DataFrame) -> str:
    for k, name in enumerate(frame.columns):
        for row, value in enumerate(frame.iloc[:, k].tolist()):
            try:
                json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")
            except UnicodeEncodeError:
                return f"column {name!r}, row {row}"
    return "a column name"
