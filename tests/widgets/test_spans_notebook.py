"""notebooks/03_spans.ipynb runs top to bottom headless, offline, and spaCy reads its export."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

nbclient = pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")
pytest.importorskip("spacy")

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "03_spans.ipynb"


def test_spans_notebook_exports_aspects_that_spacy_reads_back(tmp_path):
    shutil.copy(NOTEBOOK, tmp_path / NOTEBOOK.name)
    nb = nbformat.read(tmp_path / NOTEBOOK.name, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    results = [
        out["data"]["text/plain"]
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if out.get("output_type") == "execute_result"
    ]
    read_back = next(r for r in results if r.startswith("[("))
    spans = ast.literal_eval(read_back)  # (span.text, span.label_) from doc.spans
    assert spans and {label for _, label in spans} <= {"food", "service", "price"}
    assert not list(tmp_path.glob("*.jsonl"))  # exports go to a temporary folder
