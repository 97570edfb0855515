"""The editors' tools behind ``tasks.py``: the content checker (``check``),
a new article (``new``), the live preview (``preview``), building and
publishing (``publish``).

Tasks stay thin and call these modules; an editor's mistake is a
``WorkflowError`` whose message is Vietnamese and says how to fix it.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class WorkflowError(Exception):
    """A problem an editor can fix; the message says how, in Vietnamese."""


def load_settings(settings_file: Path, **overrides) -> dict:
    """Pelican's settings from a settings file, as ``pelican -s`` reads them."""
    from pelican.settings import read_settings

    return read_settings(str(settings_file), override=overrides or None)
