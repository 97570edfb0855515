"""Settings for the checker's test corpus: the project's, with a fixed
list of categories and summary limit, so the expected messages do not
change when the real lists do."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pelicanconf import *  # noqa: E402,F401,F403

CATEGORIES = ["Tin hoạt động LHH", "Tư vấn – phản biện"]
SUMMARY_MAX_CHARS = 300
