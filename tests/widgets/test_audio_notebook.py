"""notebooks/05_audio.ipynb runs top to bottom headless with nbclient, offline, and its exports
hold: RTTM lines of 10 fields for every speaker turn, manifest durations equal to the files'."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
import soundfile as sf

nbclient = pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "05_audio.ipynb"


def test_audio_notebook_labels_speakers_and_exports_rttm_and_a_manifest(tmp_path) -> None:
    shutil.copy(NOTEBOOK, tmp_path / NOTEBOOK.name)
    nb = nbformat.read(tmp_path / NOTEBOOK.name, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    start = time.monotonic()
    client.execute()
    assert time.monotonic() - start < 60
    printed = "".join(out.get("text", "") for cell in nb.cells for out in cell.get("outputs", []))
    assert "turns found with the right speaker: {'m1': 1.0, 'm2': 1.0, 'm3': 1.0}" in printed
    rttm = (tmp_path / "meetings.rttm").read_text().splitlines()
    assert len(rttm) == 9 and all(len(line.split(" ")) == 10 for line in rttm)
    assert {line.split()[1] for line in rttm} == {"meeting_1", "meeting_2", "meeting_3"}
    for line in (tmp_path / "meetings.jsonl").read_text().splitlines():
        item = json.loads(line)
        info = sf.info(item["audio_filepath"])
        assert abs(item["duration"] - info.frames / info.samplerate) <= 0.01
        assert item["text"]
    assert (tmp_path / "audio_meetings.db").is_file()
