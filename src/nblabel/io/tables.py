"""Write a DataFrame to .csv, .jsonl or .parquet, picked by suffix, keeping list labels."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

FORMATS = ("csv", "jsonl", "parquet")
JSON_FIELD_METADATA = {b"nblabel.encoding": b"json"}


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
    for name in out.columns:
        column = out[name]
        if column.dtype == object and column.map(lambda v: isinstance(v, (list, dict))).any():
            out[name] = column.map(lambda v: _to_json_text(v) if isinstance(v, (list, dict)) else v)
    out.to_csv(target, index=False)


def _write_jsonl(frame: pd.DataFrame, target: Path) -> None:
    frame.to_json(
        target, orient="records", lines=True, date_format="iso", date_unit="us", force_ascii=False
    )


def _arrow_column(pa: Any, column: pd.Series) -> tuple[Any, bool]:
    """Return (arrow array, json_encoded) for one column; see ``export_frame`` Notes."""
    if column.dtype != object:
        return pa.array(column, from_pandas=True), False
    values = column.tolist()
    if not any(isinstance(v, dict) for v in values):
        try:
            return pa.array(values, from_pandas=True), False
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass
    return pa.array([_to_json_text(v) for v in values], type=pa.string()), True


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
    for name in frame.columns:
        array, as_json = _arrow_column(pa, frame[name])
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
    ValueError
        Unknown suffix or format (the file is named).
    ImportError
        Parquet requested without pyarrow installed.
    Notes
    -----
    How container values (multi-label lists, ``meta`` dicts) are written:

    - CSV: list and dict cells become JSON text (``["cat","dog"]``); other cells are written
      as they are, timestamps in pandas' ISO 8601 form (``2024-05-01 12:00:00.123456+00:00``).
    - JSON Lines: one JSON object per row; lists and dicts stay JSON arrays/objects;
      timestamps are ISO 8601 strings in UTC with microseconds (``...T12:00:00.123456Z``).
    - Parquet: a column Arrow can type as-is stays native, so a column of lists of str
      becomes ``list<string>``. A column holding dicts, or values Arrow cannot give one type
      (str labels mixed with list labels, int ids mixed with str ids), is written as JSON
      text and its field carries the metadata ``{"nblabel.encoding": "json"}``.
    """
    path = Path(path)
    fmt = _resolve_format(path, format)
    plain_index = isinstance(df.index, pd.RangeIndex) and df.index.name is None
    frame = df if plain_index else df.reset_index()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        _WRITERS[fmt](frame, tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
