"""Tasks behind the Makefile (``invoke --list``).

Run them through ``make`` on a fresh machine, or as ``.venv/bin/invoke TASK``
once ``.venv`` exists.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
OUTPUT = ROOT / "output"
DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
# The build caches (CACHE_PATH = cache/, the default): what reading each
# article gave (BUILD_CACHE, plugins/core/build_cache.py), the photo copies
# (DERIVATIVE_CACHE) and the last search bundles (SEARCH["reuse"],
# plugins/search). The preview's local visit counts stay.
CACHES = [ROOT / "cache" / "build", ROOT / "cache" / "derivatives", ROOT / "cache" / "search",
          ROOT / "cache" / "pages"]
HOST, PORT = "127.0.0.1", 8000


def value_flags(arguments) -> set[str]:
    """The options among invoke's ``arguments`` that take a value, long and
    short as typed (``--tags``, ``-a``); not those whose value may be left
    out (``-h``, ``-l``)."""
    return {("-" if len(name) == 1 else "--") + name
            for argument in arguments if argument.takes_value and not argument.optional for name in argument.names}


def task_at(words: list[str]) -> int | None:
    """Where the task's name is among the command's words (``argv[1:]``):
    the first word that is neither one of invoke's own options nor the
    value such an option takes (``invoke -r /work/main new …``, typed
    outside the project: «/work/main» was taken for the task)."""
    from invoke import Program

    program = Program()
    taking_value = value_flags([*program.core_args(), *program.task_args()])
    skip = False
    for at, word in enumerate(words):
        if skip:
            skip = False
        elif word.startswith("-"):
            skip = "=" not in word and word in taking_value
        else:
            return at
    return None


def check_paths_after_dashes(argv: list[str]) -> list[str] | None:
    """``invoke check content/2025/bai.md`` as ``invoke check -- content/…``:
    without the dashes invoke read the path as another task's name and
    answered «No idea what 'content/2025/bai.md' is!». The command line
    again with the dashes (options before them), or None when it needs no
    change. Only for ``check``, and only when no ``--`` is there."""
    if "--" in argv:
        return None
    words = argv[1:]
    at = task_at(words)
    if at is None or words[at] != "check":
        return None
    options, paths, taking = [], [], False
    for word in words[at + 1:]:
        if taking or word.startswith("-"):
            options.append(word)
            taking = word in ("--path", "-p")  # its value follows
        else:
            paths.append(word)
    return [argv[0], *words[:at + 1], *options, "--", *paths] if paths else None


def value_options() -> dict[str, set[str]]:
    """The options of the editors' two commands that take a value, long and
    short as invoke makes them, read from the tasks themselves (a list kept
    here by hand would read an option added to a task as a loose word):
    what is left is the title or the file's name."""
    return {command.name: value_flags(command.get_arguments()) for command in (new, import_docx)}


def unquoted_words(argv: list[str]) -> str | None:
    """``invoke new Hội thảo khoa học`` or ``invoke import-docx Bao cao.docx``:
    a title or a file name with spaces typed without quotes, which invoke
    answered «No idea what 'thảo' is!». The Vietnamese message with the
    command to type, or None."""
    words = argv[1:]
    at = task_at(words)
    options = value_options()
    if at is None or words[at] not in options:
        return None
    task, loose, others, taking = words[at], [], [], False
    for word in words[at + 1:]:
        if taking:
            taking = False
        elif word in ("-h", "--help") or word == "--":
            return None
        elif word.startswith("-"):
            taking = "=" not in word and word in options[task]
        else:
            loose.append(word)
            continue
        others.append(word)
    if len(loose) < 2:
        return None

    def quoted(word: str) -> str:
        return word if not re.search(r"[\s'\"$`\\]", word) else (
            f'"{word}"' if not re.search(r'["$`\\]', word) else shlex.quote(word))

    joined = " ".join(loose)
    what = "tiêu đề" if task == "new" else "tên tệp"
    # invoke's own options first, as typed (-r /work/main); joined holds a space: always quoted
    again = [*map(quoted, words[:at]), task, quoted(joined), *map(quoted, others)]
    return (f"lỗi: {what} «{joined}» có dấu cách nên phải đặt trong dấu nháy kép, không thì lệnh đọc «{loose[0]}» "
            f"là {what} và «{loose[1]}» là một lệnh khác — viết: invoke {' '.join(again)}")


# Invoke has parsed nothing of the tasks' words yet when it loads this file
# (the words typed without quotes: at its end, once the tasks exist).
if (_again := check_paths_after_dashes(sys.argv)) is not None:
    os.execv(sys.executable, [sys.executable, "-m", "invoke", *_again[1:]])


def pelican(settings: Path, output: Path, *extra: str) -> None:
    """Build the site with Pelican in a child process; exit non-zero with it.
    The settings are read here first: a settings file Python cannot run is
    one Vietnamese line (workflow.load_settings), not Pelican's traceback."""
    from workflow import load_settings

    load_settings(settings)
    command = [str(BIN / "pelican"), "content", "-s", str(settings), "-o", str(output), *extra]
    result = subprocess.run(command, cwd=ROOT)
    if result.returncode:
        sys.exit(result.returncode)


def _holding_output(function, *args):
    """Run with output/ held (workflow.output_lock): never while a preview
    or a publish writes into it."""
    from workflow import output_lock

    def held():
        with output_lock(OUTPUT):
            return function(*args)

    return _workflow(held)


@task(help={"cache": "also the build caches (cache/build, cache/derivatives, cache/search, cache/pages)"})
def clean(c, cache=False):
    """Remove the generated site (output/); with --cache, the build caches too."""
    _holding_output(_remove, [OUTPUT])
    if cache:
        _workflow(_remove, CACHES)


def _remove(folders: list[Path]) -> None:
    """The folders removed, or a Vietnamese error naming what stayed (a
    folder a `sudo make serve` left to root: `invoke clean` said nothing,
    exited 0 and left output/ there, and every later build still stopped
    on it)."""
    import errno

    from workflow import WorkflowError

    for folder in folders:
        try:
            if folder.is_file() or folder.is_symlink():  # a file where the folder goes: it goes too
                folder.unlink()
            else:
                shutil.rmtree(folder)
        except FileNotFoundError:
            continue
        except OSError as error:
            why = {errno.EACCES: "không có quyền", errno.EPERM: "không có quyền",
                   errno.EROFS: "ổ đĩa chỉ đọc"}.get(error.errno, str(error))
            shown = os.path.relpath(folder, ROOT)
            raise WorkflowError(f"không xoá được {shown} ({why}) — xoá thư mục đó bằng quyền của người đã tạo nó "
                                f"(ví dụ «sudo rm -rf {shown}»), rồi chạy lại") from None


@task
def build(c):
    """Build the site with development settings into output/."""
    _holding_output(pelican, DEV_SETTINGS, OUTPUT)


@task
def rebuild(c):
    """Remove output/, then build it again."""
    def again():
        _remove([OUTPUT])
        pelican(DEV_SETTINGS, OUTPUT)

    _holding_output(again)


PORT_HELP = {"port": f"the port to serve at (default {PORT}; any free one, e.g. 8001)"}


@task(help=PORT_HELP)
def serve(c, port=str(PORT)):  # a string: invoke's int() would end PORT=abc in a traceback
    """Build, then preview at http://127.0.0.1:8000 (--port) with live reload.

    The fast preview (workflow/preview.py): a saved article shows in well
    under a second, even with years of archives; pages are the full build's
    bytes."""
    from workflow import port_number, preview

    again = "make serve PORT={port} (hoặc .venv/bin/invoke serve --port {port})"
    port = _workflow(port_number, port, again)
    sys.exit(preview.main(["--settings", str(DEV_SETTINGS), "--output", str(OUTPUT),
                           "--host", HOST, "--port", str(port)], again=again))


@task(iterable=["size"], help={
    "size": "number of generated articles (repeatable; default 1000 and 5000)",
    "runs": "timed builds per tool and size (median)",
    "quick": "N = 200, one run, no Lighthouse: a smoke test of the benchmark",
})
def bench(c, size=None, runs=3, quick=False):
    """Benchmark: our build vs plain Pelican vs Hugo, preview latency, Lighthouse."""
    arguments = ["--sizes", *(size or ["1000", "5000"]), "--runs", str(runs)]
    if quick:
        arguments = ["--sizes", "200", "--runs", "1", "--no-lighthouse"]
    result = subprocess.run([str(BIN / "python"), "-m", "bench.run", *arguments], cwd=ROOT)
    sys.exit(result.returncode)


# Our Python, compiled before the suite runs (test below).
COMPILED = ["plugins", "workflow", "tests", "bench", "tools", "tasks.py", "pelicanconf.py", "publishconf.py"]


@task(help={"args": "extra pytest arguments, e.g. -k reference"})
def test(c, args=""):
    """Lint (ruff), install the test tools (npm, Chromium), run the whole suite."""
    lint = subprocess.run([str(BIN / "ruff"), "check", "."], cwd=ROOT)
    if lint.returncode:
        sys.exit(lint.returncode)
    from tools.test_tools import install

    if install():
        sys.exit(1)
    # Where PYTHONDONTWRITEBYTECODE is set (it is on these machines), each of
    # the ~200 Pythons the suite starts (the pelican command, the Word import,
    # the checker) compiled our modules from source again: 0.9 s of CPU for a
    # Pelican start against 0.6 s with them compiled. Compiled once here
    # (1 s), they are read: that variable stops writing, not reading.
    subprocess.run([str(BIN / "python"), "-m", "compileall", "-q", "-j", "0", *COMPILED], cwd=ROOT, check=True)
    result = subprocess.run(
        [str(BIN / "python"), "-m", "pytest", "-n", "2", "--dist", "worksteal", *args.split()], cwd=ROOT
    )
    sys.exit(result.returncode)


# --- The editors' workflow (logic in workflow/) ----------------------------------
def _workflow(function, *args, **kwargs):
    """Call into workflow/; an editor's mistake is one Vietnamese message and
    a non-zero exit, never a traceback; so is Ctrl+C (what was half done is
    already undone by then)."""
    from workflow import WorkflowError

    try:
        return function(*args, **kwargs)
    except WorkflowError as error:
        print(f"lỗi: {error}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("Đã dừng (Ctrl+C).", file=sys.stderr)
        sys.exit(130)


@task(name="require-tested", help={"sha": "the commit (GITHUB_SHA)", "repo": "owner/name (GITHUB_REPOSITORY)"})
def require_tested(c, sha="", repo=""):
    """Scheduled deploys: refuse a commit whose push run of publish.yml failed its tests (tested=no: test it now)."""
    from workflow.publish import require_tested as run_require_tested

    print(_workflow(run_require_tested, sha or os.environ.get("GITHUB_SHA", ""),
                    repo or os.environ.get("GITHUB_REPOSITORY", "")))


@task(name="serve-production", help=PORT_HELP)
def serve_production(c, port=str(PORT)):
    """Build with production settings (temp folder), serve it at http://127.0.0.1:8000 (--port)."""
    from workflow import port_number
    from workflow.publish import preview as run_preview

    again = ".venv/bin/invoke serve-production --port {port}"
    _workflow(run_preview, PUBLISH_SETTINGS, ROOT / "content", HOST, _workflow(port_number, port, again), again)


@task(iterable=["path"], help={
    "path": "a file or folder to check (repeatable); or list them after --",
    "fix": "fix what is certain in place: remove a BOM, compose text to NFC, "
           "write the new name of a category renamed in pelicanconf.py",
})
def check(c, path=None, fix=False):
    """Check content without building: invoke check [--fix] [-- PATH…]."""
    import shlex

    from workflow.check import main

    # After «--», the words as the shell passed them: invoke joins them into
    # c.remainder with their quotes gone, so «bài viết mới.md» was split in two.
    given = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else shlex.split(c.remainder or "")
    paths = [*(path or []), *given]
    sys.exit(main([*paths, *(["--fix"] if fix else [])]))


# «invoke new --help» gives the title «--help» (a positional argument):
# the editors' two commands answer it with their usage, in Vietnamese.
HELP = ("-h", "--help")
NEW_USAGE = """Cách dùng:
  invoke new "Tiêu đề bài viết" [--category "Chuyên mục"] [--tags "Thẻ 1, Thẻ 2"] [--slug dia-chi] [--date 2025-03-05]
  invoke new --kind van-ban "Trích yếu" --number 45/KH-LHH --doc-kind "Kế hoạch" [--date 2024-01-08]
Tạo tệp mới trong content/ với đủ các dòng đầu (README, «Dòng lệnh»)."""
IMPORT_USAGE = """Cách dùng:
  invoke import-docx "Bao cao.docx" [--category "Chuyên mục"] [--date 2025-03-05] [--tags "Thẻ 1, Thẻ 2"] \
      [--slug dia-chi]
Nhập một báo cáo Word (.docx) thành bài viết và ảnh của nó (README, «Dòng lệnh»)."""


@task(positional=["title"], help={
    "title": "the article's title (a document's subject), in quotes",
    "kind": "bai-viet (an article, the default) or van-ban (a document)",
    "category": "one of the categories in pelicanconf.py (default: the first)",
    "tags": "comma-separated tags, e.g. \"Hội thảo, Tư vấn phản biện\"",
    "slug": "the address (a-z, 0-9, -), when the title makes none or a poor one",
    "number": "a document's number, e.g. 45/KH-LHH",
    "doc-kind": "a document's kind, as the desk lists them, e.g. \"Kế hoạch\"",
    "date": "the date (a document's as written on it: its year's folder), YYYY-MM-DD (default: now)",
})
def new(c, title, kind="bai-viet", category="", tags="", slug="", number="", doc_kind="", date=""):
    """Start an article (content/<year>/<slug>.md) or a document (--kind van-ban)."""
    if title in HELP:
        print(NEW_USAGE)
        return
    from workflow import load_settings
    from workflow.check import display_path
    from workflow.new import new_content

    settings = _workflow(load_settings, DEV_SETTINGS)
    notes = []
    path, url = _workflow(new_content, kind, title, settings, category=category or None, tags=tags,
                          number=number, doc_kind=doc_kind, slug=slug, notes=notes, date=date)
    for note in notes:
        print(f"lưu ý: {note}")
    print(f"Đã tạo {display_path(path)}")
    print(f"Xem trước: chạy «make serve» rồi mở http://{HOST}:{PORT}/{url}")


@task(name="import-docx", positional=["path"], help={
    "path": "the Word file (.docx), in quotes if its name has spaces",
    "category": "one of the categories in pelicanconf.py (default: the first)",
    "date": "publication date, YYYY-MM-DD or YYYY-MM-DD HH:MM (default: now)",
    "tags": "comma-separated tags, e.g. \"Hội thảo, Tư vấn phản biện\"",
    "slug": "the article's address (default: from the title), e.g. thong-bao-hop-bch",
})
def import_docx(c, path, category="", date="", tags="", slug=""):
    """Import a Word report (.docx): content/<year>/<slug>.md and its photos."""
    if path in HELP:
        print(IMPORT_USAGE)
        return
    from workflow import load_settings
    from workflow.import_docx import import_docx as run_import
    from workflow.import_docx import report

    settings = _workflow(load_settings, DEV_SETTINGS)
    imported = _workflow(run_import, Path(path), settings, category or None, date or None, tags, slug=slug)
    report(imported, HOST, PORT)


@task(name="nginx-config", help={
    "folder": "where the site's files are on the server, e.g. /var/www/bantin (ends with SITEURL's path)",
    "into": "the file to write (default output-nginx.conf)",
})
def nginx_config(c, folder, into="output-nginx.conf"):
    """nginx's server lines for the site published in output/ (from its _headers and _redirects)."""
    from workflow.nginx import write

    print(_workflow(write, OUTPUT, folder, ROOT / into))


@task(help={"target": "override DEPLOY['target'] in publishconf.py: rsync, gh-pages, or none (build only)"})
def publish(c, target=""):
    """Check, build for production, then replace output/ or deploy."""
    from workflow.publish import publish as run_publish

    print(_workflow(run_publish, PUBLISH_SETTINGS, ROOT / "content", OUTPUT, target or None))


if (_loose := unquoted_words(sys.argv)) is not None:
    print(_loose, file=sys.stderr)
    sys.exit(1)
