"""Settings for the checker's test corpus: the project's, with a fixed
list of categories, summary limit and old addresses, so the expected messages do not
change when the real lists do."""

from pelicanconf import *  # noqa: F403

CATEGORIES = ["Tin hoạt động LHH", "Tư vấn – phản biện"]
# A menu of these categories only (MENU categories must be in CATEGORIES).
MENU = [(label, target) for label, target in MENU  # noqa: F405
        if not target.startswith("category:") or target.removeprefix("category:") in CATEGORIES]
SUMMARY_MAX_CHARS = 300
# Only the old addresses a test names.
OLD_URLS = {}
