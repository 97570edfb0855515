"""A local stand-in for a GoatCounter site, speaking its HTTP contract.

What the real server does (zgo.at/goatcounter/v2, handlers/count.go and
handlers/vcounter.go), and so what this does:

- ``GET`` or ``POST /count?p=PATH&t=…&r=…&b=…&rnd=…``: records one hit,
  answers a 1×1 GIF with ``Access-Control-Allow-Origin: *``.
- ``GET /counter/PATH.json`` (``TOTAL`` for the whole site, otherwise the
  URL-encoded path): ``{"count": "12\u202f345", "count_unique": …}``, the
  numbers as strings with U+202F as thousands separator, CORS ``*``;
  404 with ``"0"`` for a path it does not know; 403 *without* CORS headers
  when the site does not allow public counts.

``mode`` selects a failure for ``/counter/``: "ok", "forbidden" (403),
"slow" (answers after ``delay`` seconds), "not-json" (200 with an HTML
body) or "hang" (never answers until ``stop()``); "hang" also holds
``/count``.
"""

from __future__ import annotations

import http.server
import json
import threading
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

GIF = bytes.fromhex(
    "47494638396101000100800100000000ffffff21f904010a0001002c00000000010001000002024c01003b"
)
TOTAL = "12\u202f345"


@dataclass
class Hit:
    method: str
    params: dict[str, str]
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return self.params.get("p", "")


class StandIn:
    """``with StandIn() as counter:`` serves on 127.0.0.1, a free port."""

    def __init__(self, host: str = "127.0.0.1"):
        self.mode = "ok"
        self.delay = 2.0
        self.total = TOTAL
        self.page_counts: dict[str, str] = {}
        self.hits: list[Hit] = []
        self.counter_requests: list[str] = []
        self.release = threading.Event()
        self._lock = threading.Lock()
        self.server = http.server.ThreadingHTTPServer((host, 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def reset(self, mode: str = "ok"):
        """Forget what was recorded; let hung requests go; set the mode."""
        self.release.set()
        with self._lock:
            self.hits.clear()
            self.counter_requests.clear()
        self.release = threading.Event()
        self.mode = mode

    def _handler(self):
        standin = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.do_GET()

            def do_GET(self):
                url = urlsplit(self.path)
                if url.path == "/count":
                    self.count(url.query)
                elif url.path.startswith("/counter/"):
                    self.counter(unquote(url.path[len("/counter/"):]))
                else:
                    self.answer(404, b"404 page not found", "text/plain")

            def count(self, query):
                if standin.mode == "hang":
                    standin.release.wait(30)
                    return
                params = {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}
                with standin._lock:
                    standin.hits.append(Hit(self.command, params, dict(self.headers)))
                self.answer(200, GIF, "image/gif", cors=True)

            def counter(self, name):
                with standin._lock:
                    standin.counter_requests.append(name)
                path, _, ext = name.rpartition(".")
                mode = standin.mode
                if mode == "hang":
                    standin.release.wait(30)
                    return
                if mode == "forbidden":
                    # GoatCounter checks the setting before it adds CORS.
                    return self.answer(
                        403, b"Need to enable the \xe2\x80\x98allow using the visitor counter\xe2\x80\x99 setting",
                        "text/plain; charset=utf-8",
                    )
                if ext != "json":
                    return self.answer(400, b"unknown extension", "text/plain", cors=False)
                if mode == "slow":
                    standin.release.wait(standin.delay)
                if mode == "not-json":
                    return self.answer(200, b"<!DOCTYPE html><p>Not JSON</p>", "text/html", cors=True)
                if path == "TOTAL":
                    status, count = 200, standin.total
                elif path in standin.page_counts:
                    status, count = 200, standin.page_counts[path]
                else:
                    status, count = 404, "0"
                body = json.dumps({"count_unique": count, "count": count}).encode()
                self.answer(status, body, "application/json", cors=True)

            def answer(self, status, body, content_type, cors=False):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.send_header("Cache-Control", "no-store")
                    if cors:
                        self.send_header("Access-Control-Allow-Origin", "*")
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the browser gave up (a timeout): nothing to do

        return Handler
