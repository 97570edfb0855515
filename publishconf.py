"""Production settings: ``pelican content -s publishconf.py -o DIR``."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: E402,F401,F403

# One setting for the public address; forks and staging override it with
# the environment variable SITEURL.
SITEURL = os.environ.get("SITEURL", "https://vustathaibinh.org.vn").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
