"""Our commands run as their own processes, without paying their imports
at each run.

The suite runs the ``pelican`` command about 100 times and the Word import
(``python -m workflow.import_docx``) about 30 times, for what only a
process shows: the exit code, what is printed and never a traceback. A new
Python spent most of each run importing: a two-article site took 0.73–1.03 s
by the command against 0.06–0.07 s built in a process that had imported
Pelican (measured 2026-12-06); in the whole suite, 180 s of test time in
those processes.

``run`` forks each run from a server process (one per xdist worker,
``multiprocessing``'s forkserver) that imported Pelican, our plugins and the
Word import once. The forked process then does what a new one would: it
takes the command's environment, working folder, ``sys.argv`` and the
``sys.path`` a new interpreter starts with; its standard output and error
go to files of their own; ``main`` runs as the entry point runs it; the exit
code is the one ``sys.exit`` gives, 1 with the traceback printed for an
exception (as Python does); ``atexit`` functions run. What a new process
would still differ in is what a module does at import time: rich's console
(``pelican.log``) reads ``COLUMNS`` and the terminal when it is made, so it
is made again in each run. Where the difference is the point (the plugins
found from another folder, another Pelican installed), tests start a real
interpreter (``tests/test_package.py``).
"""

from __future__ import annotations

import ast
import atexit
import functools
import json
import multiprocessing
import os
import runpy
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

BIN = Path(sys.executable).parent


def _plugins() -> list[str]:
    """pelicanconf.PLUGINS, read from its source: imported here, its
    logging levels (raised for ``pelican -q``, so that an error still
    stops the build) would be set before the command's own logging."""
    source = (Path(__file__).resolve().parents[2] / "pelicanconf.py").read_text(encoding="utf-8")
    [value] = [node.value for node in ast.parse(source).body if isinstance(node, ast.Assign)
               and [getattr(target, "id", "") for target in node.targets] == ["PLUGINS"]]
    return [name if name.startswith("plugins.") else f"pelican.plugins.{name}" for name in ast.literal_eval(value)]


# Imported once by the server: what the pelican command and the Word import
# import. The plugins are pelicanconf's (a list kept here by hand had left
# out the page cache); they import the rest.
PRELOAD = ["pelican", "pelican.__main__", "markdown", "docutils.core", "workflow.check",
           "workflow.import_docx", *_plugins()]


@functools.cache
def _context():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


@functools.cache
def _fresh_path() -> tuple[str, ...]:
    """``sys.path`` after its first entry (the script's or the working
    folder), as a new interpreter of this environment starts with it."""
    result = subprocess.run([sys.executable, "-c", "import sys, json; print(json.dumps(sys.path[1:]))"],
                            capture_output=True, text=True, check=True, env=os.environ)
    return tuple(json.loads(result.stdout))


def run(argv: list[str], cwd: Path, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    """Run ``argv`` (``[BIN/"pelican", …]`` or ``[sys.executable, "-m",
    MODULE, …]``) as ``subprocess.run(argv, cwd=cwd, env=env,
    capture_output=True, encoding="utf-8", timeout=timeout)`` would."""
    argv = [str(arg) for arg in argv]
    if Path(argv[0]).name == "pelican":
        entry, module, path0 = "pelican", None, str(Path(argv[0]).parent)
    elif argv[1:2] == ["-m"]:
        entry, module, path0 = "module", argv[2], str(Path(cwd).resolve())
        argv = [argv[2], *argv[3:]]  # runpy sets argv[0] to the module's file
    else:
        raise ValueError(f"not a command this runner knows: {argv[:3]}")
    with tempfile.TemporaryDirectory(prefix="command-") as folder:
        out, err = Path(folder) / "stdout", Path(folder) / "stderr"
        process = _context().Process(target=_main, args=(
            entry, module, argv, str(cwd), dict(env), [path0, *_fresh_path()], str(out), str(err)))
        process.start()
        process.join(timeout)
        if process.is_alive():
            process.kill()
            process.join()
            raise subprocess.TimeoutExpired(argv, timeout)
        return subprocess.CompletedProcess(argv, process.exitcode, _text(out), _text(err))


def _text(path: Path) -> str:
    """As ``subprocess.run(encoding="utf-8")`` reads it (universal newlines)."""
    return path.read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _main(entry, module, argv, cwd, env, path, out, err) -> None:  # pragma: no cover (in the forked process)
    os.environ.clear()
    os.environ.update(env)
    time.tzset()
    os.chdir(cwd)
    for fd, name in ((1, out), (2, err)):
        file = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(file, fd)
        os.close(file)
    sys.argv = argv
    sys.path[:] = path
    import pelican.log

    pelican.log.console.__init__()  # made at import, in the server: COLUMNS, the terminal
    try:
        if entry == "pelican":
            from pelican.__main__ import main

            code = main()
        else:
            # A new process has not imported it: runpy warns of the server's copy.
            sys.modules.pop(module, None)
            runpy.run_module(module, run_name="__main__", alter_sys=True)
            code = 0
    except SystemExit as exit:
        code = exit.code
    except BaseException:  # noqa: BLE001 (what Python does with it: the traceback, exit 1)
        traceback.print_exc()
        code = 1
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # sys.exit("message"), as Python prints it
        code = 1
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)
