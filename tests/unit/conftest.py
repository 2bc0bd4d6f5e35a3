"""Pure-Python unit tests for ``tools/``: no Odoo, no database.

The repository root is put on ``sys.path`` so tests import ``tools.<module>``
directly; the root ``__init__.py`` (which imports Odoo) is never imported.
Run with ``python3 -m pytest tests/unit`` (options in tests/unit/pytest.ini).
"""

import os
import sys
from pathlib import Path

from hypothesis import settings

REPO_ROOT = str(Path(__file__).resolve().parents[2])
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

settings.register_profile("unit", max_examples=200, deadline=None, derandomize=True, database=None)
settings.register_profile("thorough", max_examples=5000, deadline=None, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "unit"))
