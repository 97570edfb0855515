"""``python -m tests.support.serve FOLDER URL_FILE HEADERS_JSON WATCHED_PID``:
``serve_folder(FOLDER, HEADERS)`` in a process of its own, its base URL
written to URL_FILE, until the process WATCHED_PID (the test session's)
has ended. A site built once a session (``served_build``) is served once
for every pytest-xdist worker: its pages name the address it was built for."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from tests.support import serve_folder


def main(folder: str, url_file: str, headers: str, watched: str) -> None:
    server, url = serve_folder(Path(folder), json.loads(headers))
    written = Path(url_file + ".part")
    written.write_text(url, encoding="utf-8")
    written.replace(url_file)  # whole or not at all
    while True:
        time.sleep(0.5)
        try:
            os.kill(int(watched), 0)
        except ProcessLookupError:
            break
    server.shutdown()


if __name__ == "__main__":
    main(*sys.argv[1:])
