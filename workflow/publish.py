"""Build the production site safely, preview it, publish it.

``publish``: the content checks first; then ``pelican … -s publishconf.py
--fatal errors`` into a fresh folder beside ``output/``; only when that build
succeeds does it replace ``output/`` (two renames, no half-written site), and
then deploy it as ``DEPLOY`` in publishconf.py says:

    DEPLOY = {
        "target": None,         # None: output/ only; "rsync"; "gh-pages"
        "host": "", "user": "", "port": 22, "path": "",    # rsync over SSH
        "branch": "gh-pages", "remote": "origin", "push": True, "cname": "",  # ghp-import
    }

A target that is not configured stops before anything is built, with a
Vietnamese message (and an English line) naming the missing key.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from . import WorkflowError, load_settings
from .check import Config, check, summary

BIN = Path(sys.executable).parent
TARGETS = (None, "rsync", "gh-pages")
DEPLOY_DEFAULTS = {
    "target": None,
    "host": "", "user": "", "port": 22, "path": "",
    "branch": "gh-pages", "remote": "origin", "push": True, "cname": "",
}
REQUIRED = {"rsync": ("host", "path"), "gh-pages": ("branch", "remote")}


def deploy_settings(settings: dict, target: str | None = None) -> dict:
    """DEPLOY merged over the defaults and checked; ``target`` overrides."""
    given = settings.get("DEPLOY") or {}
    if not isinstance(given, dict):
        raise WorkflowError("DEPLOY trong publishconf.py phải là một dict — xem README, mục "
                            "«Publishing» (DEPLOY must be a dict)")
    for key, value in given.items():
        if key not in DEPLOY_DEFAULTS:
            raise WorkflowError(f"DEPLOY: khoá lạ «{key}» — các khoá hợp lệ: "
                                f"{', '.join(DEPLOY_DEFAULTS)} (unknown DEPLOY key {key!r})")
        default = DEPLOY_DEFAULTS[key]
        if key != "target" and type(value) is not type(default):
            raise WorkflowError(f"DEPLOY[{key!r}] phải là {type(default).__name__}, không phải "
                                f"{value!r} (wrong type for DEPLOY[{key!r}])")
    deploy = {**DEPLOY_DEFAULTS, **given}
    if target is not None:
        deploy["target"] = target or None
    if deploy["target"] not in TARGETS:
        raise WorkflowError(f"DEPLOY['target'] «{deploy['target']}» không hợp lệ — dùng None, "
                            "\"rsync\" hoặc \"gh-pages\" (unknown deploy target)")
    missing = [key for key in REQUIRED.get(deploy["target"], ()) if not deploy[key]]
    if missing:
        keys = ", ".join(f"DEPLOY[{key!r}]" for key in missing)
        raise WorkflowError(
            f"chưa cấu hình nơi đăng «{deploy['target']}»: thiếu {keys} trong publishconf.py "
            f"— điền vào rồi chạy lại; chưa có gì được xây dựng hay gửi đi "
            f"(deploy target {deploy['target']!r} is not configured: set {keys})"
        )
    return deploy


def check_content(config: Config) -> None:
    problems = check(config)
    errors = [p for p in problems if not p.warning]
    if errors:
        lines = "\n".join(p.format() for p in problems)
        raise WorkflowError(f"nội dung có lỗi, chưa xây dựng trang:\n{lines}\n{summary(problems)}")


def build(settings_file: Path, content: Path, beside: Path, env: dict | None = None) -> Path:
    """Build into a fresh folder next to ``beside`` (same disk, so it can be
    renamed into place); the folder is removed if the build fails."""
    folder = Path(tempfile.mkdtemp(prefix=beside.name + "-new-", dir=beside.parent))
    command = [str(BIN / "pelican"), str(content), "-s", str(settings_file),
               "-o", str(folder), "--fatal", "errors"]
    result = subprocess.run(command, cwd=settings_file.parent, env={**os.environ, **(env or {})})
    if result.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        raise WorkflowError(f"xây dựng trang thất bại (lỗi ở trên) — {beside.name}/ vẫn giữ "
                            "nguyên bản cũ; sửa lỗi rồi chạy lại (build failed, output untouched)")
    return folder


def replace(new: Path, output: Path) -> None:
    """Put ``new`` in place of ``output``: two renames on one disk."""
    old = None
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=output.name + "-old-", dir=output.parent))
        os.rename(output, old / output.name)
    os.rename(new, output)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def deploy_command(deploy: dict, folder: Path) -> list[str] | None:
    if deploy["target"] == "rsync":
        if not shutil.which("rsync"):
            raise WorkflowError("chưa cài rsync trên máy này — cài gói «rsync» rồi chạy lại "
                                "(rsync is not installed)")
        destination = f"{deploy['user']}@{deploy['host']}" if deploy["user"] else deploy["host"]
        return ["rsync", "-rlptz", "--delete", "-e", f"ssh -p {deploy['port']}",
                f"{folder}/", f"{destination}:{deploy['path'].rstrip('/')}/"]
    if deploy["target"] == "gh-pages":
        command = [str(BIN / "ghp-import"), "--no-jekyll", "--branch", deploy["branch"],
                   "--message", "Đăng trang", str(folder)]
        if deploy["push"]:
            command[1:1] = ["--push", "--remote", deploy["remote"]]
        if deploy["cname"]:
            command[1:1] = ["--cname", deploy["cname"]]
        return command
    return None


def publish(settings_file: Path, content: Path, output: Path, target: str | None = None) -> str:
    """Check, build, replace output/, deploy. Returns what was done."""
    settings = load_settings(settings_file, PATH=str(content))
    deploy = deploy_settings(settings, target)
    check_content(Config.from_settings(settings))
    new = build(settings_file, content, output)
    replace(new, output)
    command = deploy_command(deploy, output)
    if command is None:
        return (f"Đã xây dựng trang vào {output}; chưa đăng lên đâu cả (DEPLOY['target'] là "
                "None trong publishconf.py).")
    if subprocess.run(command, cwd=settings_file.parent).returncode:
        raise WorkflowError(f"gửi trang lên «{deploy['target']}» thất bại (lỗi ở trên) — "
                            f"{output.name}/ đã có bản mới; kiểm tra kết nối rồi chạy lại")
    return f"Đã xây dựng và đăng trang ({deploy['target']})."


def preview(settings_file: Path, content: Path, host: str, port: int) -> None:
    """Build with production settings into a temporary folder and serve it
    at http://HOST:PORT/ until Ctrl+C; the folder is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="preview-") as work:
        folder = build(settings_file, content, Path(work) / "output",
                       env={"SITEURL": f"http://{host}:{port}"})
        handler = functools.partial(QuietHandler, directory=str(folder))
        signal.signal(signal.SIGTERM, _interrupt)  # `kill PID` cleans up too
        with http.server.ThreadingHTTPServer((host, port), handler) as server:
            print(f"Xem trước bản đăng tại http://{host}:{port}/ (Ctrl+C để dừng)")
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                pass


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
