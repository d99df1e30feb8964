"""`pip install .` from a clean tree ships the frontend bundle inside the wheel."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _clean_copy(dest: Path) -> None:
    """The files git tracks (plus untracked, unignored ones): no built bundle, no venv."""
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")  # skip a second npm download


def test_wheel_from_a_clean_tree_contains_a_working_bundle(tmp_path):
    tree, out = tmp_path / "tree", tmp_path / "dist"
    _clean_copy(tree)
    assert not (tree / "src/nblabel/static").exists()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(tree),
        ],
        check=True,
    )
    wheel = next(out.glob("nblabel-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert {"nblabel/static/nblabel.js", "nblabel/static/nblabel.css"} <= names
        assert "nblabel/datasets/short_texts.csv" in names
        zf.extractall(tmp_path / "site")
    # Import the unpacked wheel (not the source tree) in a clean interpreter.
    code = (
        "import nblabel, pandas as pd\n"
        "w = nblabel.Labeler(pd.DataFrame({'t': ['x']}), 't', labels=['a'])\n"
        "assert nblabel.__file__.startswith(SITE), nblabel.__file__\n"
        "assert 'render' in w._esm and len(w._esm) > 5000, len(w._esm)\n"
        "assert '.nblabel' in w._css\n"
    )
    site = str(tmp_path / "site")
    subprocess.run(
        [sys.executable, "-c", f"SITE = {site!r}\n" + code],
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": site, "PATH": "/usr/bin:/bin"},
    )
