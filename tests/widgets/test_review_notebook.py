"""notebooks/04_relabel_errors.ipynb runs top to bottom headless, fast, and the retrained model
gets better."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

nbclient = pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "04_relabel_errors.ipynb"


def test_relabel_notebook_finds_the_flips_and_the_retrained_model_improves(tmp_path):
    shutil.copy(NOTEBOOK, tmp_path / NOTEBOOK.name)
    nb = nbformat.read(tmp_path / NOTEBOOK.name, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    start = time.monotonic()
    client.execute()
    elapsed = time.monotonic() - start
    printed = "".join(
        out.get("text", "")
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if out.get("name") == "stdout"
    )
    precision = float(re.search(r"precision of the top \d+ suspects: ([\d.]+)", printed)[1])
    before = float(re.search(r"test accuracy before review: ([\d.]+)", printed)[1])
    after = float(re.search(r"test accuracy after review:\s+([\d.]+)", printed)[1])
    assert precision >= 0.9
    assert after > before + 0.01, printed
    assert elapsed < 60, f"the notebook took {elapsed:.0f} s"
    assert (tmp_path / "relabel_errors.db").is_file()  # decisions went to the store
