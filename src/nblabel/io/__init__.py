"""Export of event and label frames to CSV, JSON Lines and Parquet files."""

from __future__ import annotations

from .tables import FORMATS, export_frame

__all__ = ["FORMATS", "export_frame"]
