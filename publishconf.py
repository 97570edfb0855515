"""Production settings: ``pelican content -s publishconf.py -o DIR``."""

import os

from pelicanconf import *  # noqa: F403  (the development settings, then ours)
from pelicanconf import HEADERS

# One setting for the public address; forks and staging override it with
# the environment variable SITEURL.
SITEURL = os.environ.get("SITEURL", "https://vustathaibinh.org.vn").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
# An article dated in the future is held back (a draft, not listed) until a
# build after that date; the content checker warns about it.
WITH_FUTURE_DATES = False
# No page for a draft of any kind (a future-dated item is one until a build
# after its date): the preview alone shows them under ban-nhap/.
WRITE_DRAFTS = False

# Where ``invoke publish`` sends the site once the build has succeeded
# (workflow/publish.py): None only replaces output/; "rsync" copies it over
# SSH to user@host:path; "gh-pages" commits it to that branch with
# ghp-import (and pushes it to the remote when push is True). The server is
# not known yet, so nothing is deployed. A built site heavier than
# max_bytes is not published (GitHub Pages publishes at most 1 GB; 0: no
# limit, for a host without one); from 80 % of it every publish warns
# (README, "Site size").
DEPLOY = {
    "target": None,
    "host": "", "user": "", "port": 22, "path": "",
    "branch": "gh-pages", "remote": "origin", "push": True, "cname": "",
    "max_bytes": 1_000_000_000,
}

# The visit counter counts on the public site only. The union's GoatCounter
# site is not known yet: GOATCOUNTER_ENDPOINT must be set to its root URL
# (https://CODE.goatcounter.com, or a self-hosted address) where the site is
# published. The default below is a placeholder that never resolves
# (.invalid), and the build warns while it is in use. An empty variable
# (`export GOATCOUNTER_ENDPOINT=`) is unset, as CI's publish workflow treats
# it; spaces around the address are dropped. A mistake in it is reported as
# the variable's (endpoint_variable), not as this file's.
_GOATCOUNTER_ENDPOINT = os.environ.get("GOATCOUNTER_ENDPOINT", "").strip()
VISIT_COUNTER = {
    "provider": "goatcounter",
    "endpoint": _GOATCOUNTER_ENDPOINT or "https://chua-cau-hinh.goatcounter.invalid",
    "endpoint_variable": "GOATCOUNTER_ENDPOINT" if _GOATCOUNTER_ENDPOINT else "",
}

# Absolute URLs everywhere (canonical links, Open Graph, sitemap, feeds) come
# from SITEURL; Atom feeds are configured in pelicanconf.py. CSS and JS names
# carry a content hash, so _headers can let browsers keep them a year. Every
# page carries the Content-Security-Policy as <meta http-equiv>, which
# GitHub Pages and any plain host then enforce too.
HEADERS = {**HEADERS, "fingerprint": True, "meta": True}
