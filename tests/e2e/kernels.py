"""A second kernel with ipykernel 6, beside the environment's ipykernel 7.

ipykernel 6 and 7 treat threads differently; active learning retrains in a thread, so the
browser tests run on both. ipykernel 6 is installed into a folder of its own (``pip
--target``) and put first on the kernel's PYTHONPATH by a kernelspec in this environment.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

IPYKERNEL6_SPEC = "nblabel-ipykernel6"
IPYKERNEL6_DIR = Path(__file__).resolve().parents[2] / ".venv" / "ipykernel6"


def ensure_ipykernel6() -> str:
    """Install ipykernel 6 (once) and its kernelspec; return the kernelspec name."""
    if not (IPYKERNEL6_DIR / "psutil").is_dir():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "-q",
                "--no-deps",
                "--target",
                str(IPYKERNEL6_DIR),
                "ipykernel>=6.29,<7",
                "nest_asyncio",
                "psutil",
            ],
            check=True,
        )
    spec_dir = Path(sys.prefix) / "share" / "jupyter" / "kernels" / IPYKERNEL6_SPEC
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel 6)",
        "language": "python",
        "env": {"PYTHONPATH": str(IPYKERNEL6_DIR)},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return IPYKERNEL6_SPEC
