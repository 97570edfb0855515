"""A fast preview for editors: ``make serve`` (``invoke serve``).

    .venv/bin/python -m workflow.preview [--content content] [--settings pelicanconf.py]
                                [--output output] [--port 8000]

It builds the whole site once, exactly as ``pelican`` does, then keeps
Pelican's context in memory. When a file changes it

1. runs Pelican's generators again, but every content file whose
   modification time and size did not change is taken from memory instead of
   being read, converted and typogrified again (Pelican's own generator-level
   cache does the same, through a pickle on disk);
2. lets the generators "write" every page into a ``LazyWriter``, which
   records how to render each output file without rendering it;
3. tells the browser to reload (Server-Sent Events); the page the browser
   asks for is rendered then, by Pelican's own rendering code, written to the
   output folder (so plugins that rewrite written files, e.g. the visit
   counter, run as in a full build) and served. Other pages are rendered when
   they are requested.

So the output of a page is byte for byte the one a full build writes
(``tests/test_preview.py`` proves it), and saving one article on a site of
5,000 shows the changed page in well under a second (``bench/run.py``
measures it). The only difference on the wire is the reload snippet
(``RELOAD_SNIPPET``), added before ``</body>`` of HTML responses.

Not redone on each save: what plugins do when the whole site is written
(``finalized``: the search index, the sitemap) — restart the preview for
those. A change to a plugin or to the settings also needs a restart; the
preview says so.
"""

from __future__ import annotations

import argparse
import http.server
import logging
import os
import posixpath
import queue
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

logger = logging.getLogger("preview")

RELOAD_PATH = "/__preview/events"
RELOAD_SNIPPET = (
    '<script>new EventSource("/__preview/events").onmessage=function(){location.reload()}'
    "</script>"
)


# --- Writing lazily -------------------------------------------------------------
def _lazy_writer_class():
    from pelican.paginator import Paginator
    from pelican.plugins import signals
    from pelican.utils import get_relative_path, path_to_url, sanitised_join
    from pelican.writers import FileOverwriteFailedError, Writer

    class LazyWriter(Writer):
        """A Pelican writer that records, for each output file, how to
        render it; ``render(name)`` does it then. The rendering code is
        Pelican 4.12's ``Writer.write_file``, split at the point of writing."""

        def __init__(self, output_path, settings=None):
            super().__init__(output_path, settings=settings)
            self.pending: dict[str, tuple] = {}
            self.jobs: dict[str, tuple] = self.pending

        def stale_all(self):
            """Every page to be rendered again on its next request."""
            if self.jobs is self.pending:
                self.jobs = dict(self.pending)
            self.pending = dict(self.jobs)

        def _defer(self, name, job, override):
            key = posixpath.normpath(name)
            previous = self.pending.get(key)
            if previous is not None:
                # Pelican's rules (Writer._open_w): a file written with
                # override wins over later writes; writing twice without
                # override is an error.
                if previous[1]:
                    if override:
                        raise FileOverwriteFailedError(f'Failed to overwrite "{name}" a second time')
                    return
                if not override:
                    raise FileOverwriteFailedError(f'Failed to overwrite "{name}"')
            self.pending[key] = (job, override)

        def render(self, name: str) -> bool:
            """Render the output file `name` (relative) if it is pending."""
            if self.jobs is self.pending:
                self.jobs = dict(self.pending)
            entry = self.pending.pop(posixpath.normpath(name), None)
            if entry is None:
                return False
            entry[0]()
            return True

        def write_feed(self, elements, context, path=None, url=None, feed_type="atom",
                       override_output=False, feed_title=None):
            if not path:
                return super().write_feed(elements, context, path, url, feed_type,
                                          override_output, feed_title)
            elements = list(elements)

            def job():
                self._written_files.discard(sanitised_join(self.output_path, path))
                Writer.write_feed(self, elements, context, path, url, feed_type,
                                  override_output, feed_title)

            self._defer(path, job, override_output)
            return None

        def write_file(self, name, template, context, relative_urls=False, paginated=None,
                       template_name=None, override_output=False, url=None, **kwargs):
            if not name:
                return

            def job(localcontext, name):
                def run():
                    if localcontext["localsiteurl"]:
                        context["localsiteurl"] = localcontext["localsiteurl"]
                    output = template.render(localcontext)
                    path = sanitised_join(self.output_path, name)
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(output)
                    signals.content_written.send(path, context=localcontext)

                return run

            def get_localcontext(name, kwargs):
                localcontext = context.copy()
                localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
                if relative_urls:
                    relative_url = path_to_url(get_relative_path(name))
                    localcontext["SITEURL"] = relative_url
                    localcontext["localsiteurl"] = relative_url
                localcontext["output_file"] = name
                localcontext.update(kwargs)
                return localcontext

            if paginated is None:
                paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
            if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
                per_page = (self.settings["PAGINATED_TEMPLATES"][template_name]
                            or self.settings["DEFAULT_PAGINATION"])
                paginators = {key: Paginator(name, url, val, self.settings, per_page)
                              for key, val in paginated.items()}
                for page_num in range(next(iter(paginators.values())).num_pages):
                    paginated_kwargs = kwargs.copy()
                    for key, paginator in paginators.items():
                        previous_page = paginator.page(page_num) if page_num > 0 else None
                        page = paginator.page(page_num + 1)
                        next_page = (paginator.page(page_num + 2)
                                     if page_num + 1 < paginator.num_pages else None)
                        paginated_kwargs.update({
                            f"{key}_paginator": paginator,
                            f"{key}_page": page,
                            f"{key}_previous_page": previous_page,
                            f"{key}_next_page": next_page,
                        })
                    localcontext = get_localcontext(page.save_as, paginated_kwargs)
                    self._defer(page.save_as, job(localcontext, page.save_as), override_output)
            else:
                self._defer(name, job(get_localcontext(name, kwargs), name), override_output)

    return LazyWriter


# --- Reading once ---------------------------------------------------------------
class ReadMemo:
    """Content objects by (generator, class, file), kept while the file's
    modification time and size stay the same."""

    def __init__(self):
        self.items: dict[tuple, tuple] = {}
        self.readers: dict[str, tuple] = {}  # owner → (generator, Pelican's read_file)

    def install(self, generator) -> None:
        readers = generator.readers
        original = readers.read_file
        owner = type(generator).__name__
        self.readers[owner] = (generator, original)

        def read_file(base_path, path, content_class=None, fmt=None, context=None, **kwargs):
            from pelican.contents import Page

            content_class = content_class or Page
            full = os.path.abspath(os.path.join(base_path, path))
            info = os.stat(full)
            stamp = (info.st_mtime_ns, info.st_size)
            key = (owner, content_class.__name__, full)
            hit = self.items.get(key)
            if hit is not None and hit[0] == stamp:
                hit[1]._context = context
                return hit[1]
            item = original(base_path, path, content_class=content_class, fmt=fmt,
                            context=context, **kwargs)
            self.items[key] = (stamp, item)
            return item

        readers.read_file = read_file


# --- The site in memory ---------------------------------------------------------
class Site:
    """Pelican's generators and context, regenerated on demand."""

    def __init__(self, settings):
        from pelican import Pelican

        self.settings = settings
        self.pelican = Pelican(settings)  # loads and registers the plugins once
        self.memo = ReadMemo()
        self.lock = threading.RLock()
        self.writer = None
        self.names: set[str] = set()
        self.generators = []

    def generate(self) -> None:
        """Rebuild the context; record (not render) every output file."""
        from pelican.generators import StaticGenerator
        from pelican.plugins import signals

        settings = self.settings
        context = settings.copy()
        context["generated_content"] = {}
        context["static_links"] = set()
        context["static_content"] = {}
        context["localsiteurl"] = settings["SITEURL"]
        generators = [
            cls(context=context, settings=settings, path=settings["PATH"],
                theme=settings["THEME"], output_path=settings["OUTPUT_PATH"])
            for cls in self.pelican._get_generator_classes()
        ]
        for generator in generators:
            self.memo.install(generator)
        for generator in generators:
            if hasattr(generator, "generate_context"):
                generator.generate_context()
            if hasattr(generator, "check_disabled_readers"):
                generator.check_disabled_readers()
        signals.all_generators_finalized.send(generators)
        for generator in generators:
            if hasattr(generator, "refresh_metadata_intersite_links"):
                generator.refresh_metadata_intersite_links()
        writer = _lazy_writer_class()(settings["OUTPUT_PATH"], settings=settings)
        for generator in generators:
            if not isinstance(generator, StaticGenerator) and hasattr(generator, "generate_output"):
                generator.generate_output(writer)
        names = set(writer.pending)
        for gone in self.names - names:  # a page that no longer exists
            Path(settings["OUTPUT_PATH"], gone).unlink(missing_ok=True)
        self.names, self.writer, self.generators = names, writer, generators

    def copy_static(self) -> None:
        from pelican.generators import StaticGenerator
        from pelican.writers import Writer

        for generator in self.generators:
            if isinstance(generator, StaticGenerator):
                generator.generate_output(Writer(self.settings["OUTPUT_PATH"], settings=self.settings))

    def build(self) -> None:
        """A full build: every page rendered, then Pelican's ``finalized``."""
        from pelican.plugins import signals
        from pelican.utils import clean_output_dir

        with self.lock:
            if self.settings["DELETE_OUTPUT_DIRECTORY"]:
                clean_output_dir(self.settings["OUTPUT_PATH"], self.settings["OUTPUT_RETENTION"])
            self.generate()
            for name in list(self.writer.pending):
                self.writer.render(name)
            self.copy_static()
            signals.finalized.send(self.pelican)

    def update(self, changed: set[str]) -> None:
        with self.lock:
            if not self.update_in_place(changed):
                self.generate()
            if any(not path.endswith(".md") for path in changed):
                self.copy_static()

    def update_in_place(self, changed: set[str]) -> bool:
        """The common edit, fast: existing articles or pages whose text
        changed but not their place in the site (date, category, tags,
        authors, slug, URL, status, language, template). The new reading
        replaces the old object's attributes in place, so every list that
        holds it (listings, feeds, neighbours) sees the change, and every
        page is rendered again when requested. False: not such an edit."""
        if self.writer is None or not changed:
            return False
        content = os.path.abspath(self.settings["PATH"]) + os.sep
        found = []
        for path in changed:
            full = os.path.abspath(path)
            if not full.endswith(".md") or not full.startswith(content) or not os.path.exists(full):
                return False
            entries = [key for key in self.memo.items if key[2] == full]
            if len(entries) != 1:
                return False
            found.append(entries[0])
        for key in found:
            owner, _, full = key
            stamp, old = self.memo.items[key]
            generator, read_file = self.memo.readers[owner]
            info = os.stat(full)
            new = read_file(self.settings["PATH"], os.path.relpath(full, self.settings["PATH"]),
                            content_class=type(old), context=generator.context)
            if _place(new) != _place(old):
                return False
            # Kept: what generators and plugins set after reading (translations,
            # neighbours…), and the taxonomy objects the site's lists hold
            # (same slugs, spelled once by the vietnamese plugin).
            kept = {name: value for name, value in vars(old).items()
                    if name not in vars(new) or name in ("tags", "category", "author", "authors")}
            for method in ("get_content", "get_summary"):
                cache = getattr(old, method).cache
                for args in [args for args in cache if args and args[0] is old]:
                    del cache[args]
            vars(old).clear()
            vars(old).update(vars(new))
            vars(old).update(kept)
            if hasattr(old, "refresh_metadata_intersite_links"):
                old.refresh_metadata_intersite_links()
            self.memo.items[key] = ((info.st_mtime_ns, info.st_size), old)
        self.writer.stale_all()
        return True

    def render(self, name: str) -> None:
        with self.lock:
            if self.writer is not None:
                self.writer.render(name)


def _place(item) -> tuple:
    """What decides where an item appears: if it changed, the site is
    regenerated (listings, archives, taxonomies) instead of patched."""
    def slugs(values):
        return tuple(getattr(value, "slug", value) for value in values or [])

    return (
        getattr(item, "date", None), getattr(getattr(item, "category", None), "slug", None),
        slugs(getattr(item, "tags", None)), slugs(getattr(item, "authors", None)),
        getattr(item, "slug", None), getattr(item, "status", None), getattr(item, "lang", None),
        getattr(item, "template", None), getattr(item, "save_as", None), getattr(item, "url", None),
        getattr(item, "translation", None), tuple(sorted(getattr(item, "metadata", {}))),
    )


# --- Serving --------------------------------------------------------------------
class Clients:
    """Browsers waiting for a reload."""

    def __init__(self):
        self.queues: list[queue.Queue] = []
        self.lock = threading.Lock()

    def add(self) -> queue.Queue:
        with self.lock:
            q = queue.Queue()
            self.queues.append(q)
            return q

    def remove(self, q) -> None:
        with self.lock:
            self.queues.remove(q)

    def reload(self) -> None:
        with self.lock:
            for q in self.queues:
                q.put("reload")


def make_handler(site: Site, clients: Clients, ready: threading.Event):
    output = Path(site.settings["OUTPUT_PATH"])
    # The editors' desk (plugins.desk) is served as built: it saves into
    # content/ itself, and a reload would drop what is being typed.
    desk = site.settings.get("DESK", {}).get("path", "quan-tri") + "/"

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(output), **kwargs)

        def log_message(self, *args):
            pass

        def do_GET(self):
            path = urllib.parse.urlsplit(self.path).path
            if path == "/__preview/ready":
                return self._send(200 if ready.is_set() else 503, b"ok", "text/plain")
            if path == RELOAD_PATH:
                return self._events()
            name = urllib.parse.unquote(path).lstrip("/")
            if name == "" or name.endswith("/"):
                name += "index.html"
            try:
                site.render(name)
            except Exception as error:  # noqa: BLE001  a template or plugin error: say it, keep serving
                message = f"Không dựng được trang {name}: {type(error).__name__}: {error}"
                print(message, flush=True)
                return self._send(500, message.encode("utf-8"), "text/plain; charset=utf-8")
            file = output / name
            if name.endswith(".html") and file.is_file() and not name.startswith(desk):
                body = file.read_bytes()
                body = body.replace(b"</body>", RELOAD_SNIPPET.encode() + b"</body>", 1)
                return self._send(200, body, "text/html; charset=utf-8")
            return super().do_GET()

        def _send(self, status, body, kind):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _events(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            q = clients.add()
            try:
                self.wfile.write(b": connected\n\n")
                self.wfile.flush()
                while True:
                    try:
                        message = q.get(timeout=15)
                        self.wfile.write(f"data: {message}\n\n".encode())
                    except queue.Empty:
                        self.wfile.write(b": ping\n\n")
                    self.wfile.flush()
            except OSError:
                pass
            finally:
                clients.remove(q)

    return Handler


def watch(site: Site, clients: Clients, stop: threading.Event) -> None:
    """Regenerate on every change under the content and the theme."""
    from watchfiles import watch as watch_files

    settings = site.settings
    content = os.path.abspath(settings["PATH"])
    theme = os.path.abspath(settings["THEME"])
    output = os.path.abspath(settings["OUTPUT_PATH"])
    code = [os.path.abspath(p) for p in settings.get("PLUGIN_PATHS", [])]
    for changes in watch_files(content, theme, *code, stop_event=stop, step=20,
                               debounce=400, rust_timeout=500, yield_on_timeout=False):
        paths = {path for _, path in changes
                 if not path.startswith(output + os.sep) and "__pycache__" not in path}
        if any(path.startswith(tuple(p + os.sep for p in code)) for path in paths):
            print("Mã plugin đã thay đổi: hãy dừng (Ctrl+C) và chạy lại «make serve».", flush=True)
            paths = {path for path in paths if not path.startswith(tuple(p + os.sep for p in code))}
        if not paths:
            continue
        start = time.perf_counter()
        try:
            site.update(paths)
        except Exception as error:  # noqa: BLE001  an editor's mistake must not stop the preview
            print(f"Lỗi khi dựng lại, trang cũ vẫn được giữ: {error}", flush=True)
            continue
        print(f"Đã cập nhật sau khi sửa {len(paths)} tệp ({(time.perf_counter() - start) * 1000:.0f} ms)", flush=True)
        clients.reload()


def read_settings(settings_file: Path, content: Path | None, output: Path | None) -> dict:
    from pelican.settings import read_settings as pelican_read_settings

    override = {}
    if content is not None:
        override["PATH"] = str(content.resolve())
    if output is not None:
        override["OUTPUT_PATH"] = str(output.resolve())
    return pelican_read_settings(str(settings_file), override=override)


def serve(settings_file: Path = ROOT / "pelicanconf.py", content: Path | None = None,
          output: Path | None = None, host: str = "127.0.0.1", port: int = 8000,
          stop: threading.Event | None = None) -> None:
    """Build, then serve with live reload until `stop` is set (or Ctrl+C)."""
    from pelican.log import init as init_logging

    init_logging(level=logging.WARNING)
    settings = read_settings(settings_file, content, output)
    site = Site(settings)
    clients = Clients()
    ready = threading.Event()
    stop = stop or threading.Event()
    server = http.server.ThreadingHTTPServer((host, port), make_handler(site, clients, ready))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # Watch before building: an edit saved during the first build is not lost.
    threading.Thread(target=watch, args=(site, clients, stop), daemon=True).start()
    start = time.perf_counter()
    try:
        site.build()
    except Exception as error:  # noqa: BLE001  Pelican (or our plugins) said what is wrong above
        server.shutdown()
        stop.set()
        raise SystemExit(f"Không dựng được trang: {error}\nSửa lỗi ở trên rồi chạy lại «make serve».") from None
    ready.set()
    print(f"Đã dựng trang trong {time.perf_counter() - start:.1f} s. "
          f"Xem trước tại http://{host}:{server.server_address[1]}/ (Ctrl+C để dừng)", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        stop.set()
    finally:
        server.shutdown()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Xem trước trang (dựng lại nhanh khi sửa bài).")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    parser.add_argument("--content", type=Path, default=None)
    parser.add_argument("--output", type=Path, default=ROOT / "output")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    serve(args.settings, args.content, args.output, args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
