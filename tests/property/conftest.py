"""Property tests share strategies in hostile.py; with importlib test imports it needs a path."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
