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

# The visit counter counts on the public site only. The union's GoatCounter
# site is not known yet: GOATCOUNTER_ENDPOINT must be set to its root URL
# (https://CODE.goatcounter.com, or a self-hosted address) where the site is
# published. The default below is a placeholder that never resolves
# (.invalid), and the build warns while it is in use.
VISIT_COUNTER = {
    "provider": "goatcounter",
    "endpoint": os.environ.get("GOATCOUNTER_ENDPOINT", "https://chua-cau-hinh.goatcounter.invalid"),
}
