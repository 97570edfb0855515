"""Build the production site safely, preview it, publish it.

``publish``: the content checks first; then ``pelican … -s publishconf.py
--fatal errors`` into a fresh folder beside ``output/``; only when that build
succeeds does it replace ``output/`` (two renames, no half-written site), and
then deploy it as ``DEPLOY`` in publishconf.py says:

    DEPLOY = {
        "target": None,         # None: output/ only; "rsync"; "gh-pages"
        "host": "", "user": "", "port": 22, "path": "",    # rsync over SSH
        "branch": "gh-pages", "remote": "origin", "push": True, "cname": "",  # ghp-import
        "max_bytes": 1_000_000_000,  # the host's limit on a site's size; 0: none
    }

A target that is not configured stops before anything is built, with a
Vietnamese message (and an English line) naming the missing key.

A built site heavier than ``DEPLOY["max_bytes"]`` (GitHub Pages publishes
at most 1 GB, and one over it "might fail" to deploy, or be cut short) is
refused before it replaces ``output/``, naming its heaviest folders; from
80 % of the limit every publish warns (an annotation on GitHub Actions).

While it runs it holds ``output/`` (``workflow.output_lock``): a preview
(``make serve``) or a second publish on the same folder is refused with the
command and PID of the one running, and the other way round. The new site
is world-readable whatever the umask (folders 0755, files 0644, as a web
server that rsync copies it to needs); ``output-new-*`` and
``output-old-*`` never outlive a publish, even a failed or interrupted one
(the next publish removes what a killed one left); a read-only ``output/``
or parent is refused before building, with a message.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from plugins.core.settings import KINDS

from . import WorkflowError, check_writable, listen, load_settings, output_lock, shown, unwritable
from .check import Config, check, summary

BIN = Path(sys.executable).parent
TARGETS = (None, "rsync", "gh-pages")
DEPLOY_DEFAULTS = {
    "target": None,
    "host": "", "user": "", "port": 22, "path": "",
    "branch": "gh-pages", "remote": "origin", "push": True, "cname": "",
    # GitHub Pages: "Published GitHub Pages sites may be no larger than 1 GB"
    # (its usage limits), read as the smaller 10^9 bytes; 0 for a host without one.
    "max_bytes": 1_000_000_000,
}
# From this share of max_bytes on, every publish warns.
SIZE_WARNING = 0.8
REQUIRED = {"rsync": ("host", "path"), "gh-pages": ("branch", "remote")}
PROTECTED = ("--filter=P .htaccess", "--filter=P .well-known/")


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
            kind = KINDS.get(type(default), type(default).__name__)
            raise WorkflowError(f"DEPLOY[{key!r}] phải là {kind}, không phải {value!r} "
                                f"(wrong type for DEPLOY[{key!r}])")
    deploy = {**DEPLOY_DEFAULTS, **given}
    if target is not None:  # "" or "none": only build (a pull request's run must publish nothing)
        deploy["target"] = None if target in ("", "none") else target
    if deploy["target"] not in TARGETS:
        raise WorkflowError(f"DEPLOY['target'] «{deploy['target']}» không hợp lệ — dùng None, "
                            "\"rsync\" hoặc \"gh-pages\" (unknown deploy target)")
    if deploy["max_bytes"] < 0:
        raise WorkflowError(f"DEPLOY['max_bytes'] phải là số byte từ 0 (0: không giới hạn), không phải "
                            f"{deploy['max_bytes']} (negative DEPLOY['max_bytes'])")
    host = (urlsplit(settings.get("SITEURL") or "").hostname or "").lower()
    cname = deploy["cname"].strip().lower()
    if deploy["target"] == "gh-pages" and cname and host and cname != host:
        # After a move to a new domain (SITEURL), the old one in CNAME kept
        # GitHub Pages serving the site there, every page's styles, scripts
        # and links pointing to the new one (refused by its own policy).
        raise WorkflowError(
            f"DEPLOY['cname'] «{deploy['cname']}» khác tên miền của SITEURL «{settings['SITEURL']}»: GitHub "
            f"Pages sẽ đăng trang ở «{deploy['cname']}» mà mọi trang lấy kiểu chữ, ảnh và liên kết từ «{host}», "
            f"nên bạn đọc thấy trang vỡ — sửa DEPLOY['cname'] trong publishconf.py thành «{host}» rồi chạy lại; "
            f"chưa có gì được xây dựng hay gửi đi (DEPLOY['cname'] {deploy['cname']!r} is not SITEURL's host {host!r})")
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
    renamed into place), world-readable; the folder is removed if the build
    fails or is interrupted."""
    try:
        folder = Path(tempfile.mkdtemp(prefix=beside.name + "-new-", dir=beside.parent))
    except OSError as error:
        raise WorkflowError(unwritable(beside.parent, error)) from None
    try:
        command = [str(BIN / "pelican"), str(content), "-s", str(settings_file),
                   "-o", str(folder), "--fatal", "errors"]
        # Its own session: Ctrl+C in the terminal reaches this process only,
        # which stops the child (subprocess.run kills it on the way out);
        # in the child's first second it printed Pelican's own traceback.
        result = subprocess.run(command, cwd=settings_file.parent,
                                env={**os.environ, **log_width(), **(env or {})}, start_new_session=True)
        if result.returncode:
            raise WorkflowError(f"xây dựng trang thất bại (lỗi ở trên) — {beside.name}/ vẫn giữ "
                                "nguyên bản cũ; sửa lỗi rồi chạy lại (build failed, output untouched)")
        make_public(folder)
    except BaseException:
        remove(folder)
        raise
    return folder


def log_width(stream=sys.stderr) -> dict[str, str]:
    """Pelican's log lays each message out in a column of the terminal's
    width, 80 where there is no terminal (GitHub Actions' log): a file name
    in an error was cut across lines («…/bao-cao-tong- ket-cong-tac-nam-
    2025.md:6»). 200 columns there, unless COLUMNS says otherwise."""
    if stream.isatty() or os.environ.get("COLUMNS"):
        return {}
    return {"COLUMNS": "200"}


def site_size(folder: Path) -> tuple[int, int, dict[str, int]]:
    """Bytes and files of a built site, and the bytes of each of its
    top-level folders (``images/``) and files."""
    total = count = 0
    parts: dict[str, int] = {}
    for parent, _, files in os.walk(folder):
        top = os.path.relpath(parent, folder).split(os.sep)[0]
        for name in files:
            path = os.path.join(parent, name)
            if os.path.islink(path):
                continue
            size = os.path.getsize(path)
            total, count = total + size, count + 1
            key = name if top == os.curdir else top + "/"
            parts[key] = parts.get(key, 0) + size
    return total, count, parts


def check_size(folder: Path, limit: int, kept: str = "output", environ=os.environ) -> str:
    """One line saying how heavy the built site is; a WorkflowError when
    it is over ``limit`` bytes (0: no limit), a warning from SIZE_WARNING
    of it (also an annotation on GitHub Actions)."""
    from plugins.core.rules import file_size

    total, count, parts = site_size(folder)
    line = f"Trang web nặng {file_size(total)}, {f'{count:,}'.replace(',', '.')} tệp"
    if not limit:
        return line + "."
    share = round(100 * total / limit)
    heaviest = ", ".join(f"{name} {file_size(size)}" for name, size in
                         sorted(parts.items(), key=lambda item: (-item[1], item[0]))[:3])
    advice = (f"nặng nhất: {heaviest} — xem README, mục «Site size» "
              f"(site {total} bytes, DEPLOY['max_bytes'] {limit})")
    limit_text = f"giới hạn {file_size(limit)} của nơi đăng (DEPLOY['max_bytes'] trong publishconf.py)"
    if total > limit:
        error = (f"trang web dựng xong nặng {file_size(total)}, quá {limit_text}: nơi đăng "
                 f"sẽ từ chối hoặc cắt bớt — chưa thay {kept}/, bản cũ vẫn giữ nguyên; {advice}")
        if environ.get("GITHUB_ACTIONS") == "true":
            # The run's summary page shows annotations, not the step's log:
            # without one it said only «exit code 1», every hour.
            print(f"::error title=Trang web quá giới hạn dung lượng — chưa đăng::{error}", flush=True)
        raise WorkflowError(error)
    if total > SIZE_WARNING * limit:
        warning = f"trang web đã nặng {file_size(total)}, {share} % {limit_text}; {advice}"
        print(f"cảnh báo: {warning}", file=sys.stderr)
        if environ.get("GITHUB_ACTIONS") == "true":
            print(f"::warning title=Trang web sắp quá giới hạn dung lượng::{warning}", flush=True)
    return f"{line} ({share} % của giới hạn {file_size(limit)})."


def make_public(folder: Path) -> None:
    """Folders 0755, files 0644: what a normal build gives under the usual
    umask, whatever this one's (``mkdtemp`` makes 0700, which a web server
    cannot read once rsync -p copies it). A static site has no executables."""
    os.chmod(folder, 0o755)
    for parent, folders, files in os.walk(folder):
        for name in folders:
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                os.chmod(path, 0o755)
        for name in files:
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                os.chmod(path, 0o644)


def remove(folder: Path) -> bool:
    """Remove a folder we made, even one holding read-only folders; True when gone."""
    def allow(function, path, _):
        parent = os.path.dirname(path)
        os.chmod(parent, os.stat(parent).st_mode | stat.S_IWUSR | stat.S_IXUSR)
        function(path)

    try:
        shutil.rmtree(folder, onerror=allow)
    except FileNotFoundError:
        pass
    except OSError:
        return False
    return not os.path.lexists(folder)


def leftovers(output: Path) -> list[Path]:
    """``output-new-*`` and ``output-old-*`` beside ``output``: what a publish
    that was killed (power cut, kill -9) left behind."""
    prefixes = (output.name + "-new-", output.name + "-old-")
    return sorted(path for path in output.parent.glob(output.name + "-*")
                  if path.name.startswith(prefixes) and path.is_dir())


def replace(new: Path, output: Path) -> None:
    """Put ``new`` in place of ``output``: two renames on one disk (the old
    site is renamed to an empty ``output-old-*`` beside it, then removed)."""
    old = None
    try:
        if output.exists():
            old = Path(tempfile.mkdtemp(prefix=output.name + "-old-", dir=output.parent))
            os.rename(output, old)
        os.rename(new, output)
    except OSError as error:
        if old is not None and not output.exists() and old.is_dir():
            try:
                os.rename(old, output)  # the old site back where it was
            except OSError:
                pass
        remove(new)
        if old is not None:
            remove(old)
        raise WorkflowError(unwritable(output.parent, error)) from None
    if old is not None:
        remove(old)


def check_deploy_tools(deploy: dict, root: Path) -> None:
    """What the deploy needs on this machine, before anything is built: a
    missing rsync, or a gh-pages push to a git remote the clone does not
    have, was found after the build and the swap of output/ (the remote
    after a local commit too, as a ghp-import traceback and «kiểm tra kết
    nối»)."""
    if deploy["target"] == "rsync" and not shutil.which("rsync"):
        raise WorkflowError("chưa cài rsync trên máy này — cài gói «rsync» rồi chạy lại "
                            "(rsync is not installed)")
    if deploy["target"] != "gh-pages" or not deploy["push"]:
        return
    found = subprocess.run(["git", "remote", "get-url", deploy["remote"]], cwd=root,
                           capture_output=True, text=True)
    if found.returncode:
        remotes = subprocess.run(["git", "remote"], cwd=root, capture_output=True, text=True).stdout.split()
        raise WorkflowError(f"DEPLOY['remote'] «{deploy['remote']}» không phải kho git từ xa của bản sao này "
                            f"(có: {', '.join(remotes) or 'chưa có kho nào'}) — sửa DEPLOY['remote'] trong "
                            "publishconf.py, hoặc thêm kho bằng git remote add")


def deploy_command(deploy: dict, folder: Path) -> list[str] | None:
    """The command that sends `folder` to the host (check_deploy_tools has
    checked it can run), or None when DEPLOY has no target."""
    if deploy["target"] == "rsync":
        destination = f"{deploy['user']}@{deploy['host']}" if deploy["user"] else deploy["host"]
        # --delete keeps what the host itself put in the folder: Apache's
        # .htaccess (its 404 page), .well-known/ (a certificate's challenge).
        return ["rsync", "-rlptz", "--delete", *PROTECTED, "-e", f"ssh -p {deploy['port']}",
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


def send(command: list[str], deploy: dict, cwd: Path, kept: str = "output") -> None:
    """Run the deploy command; a WorkflowError in Vietnamese when it fails.
    A gh-pages push refused because the remote branch has commits this
    clone lacks (published from another clone, or the branch reset) said
    «kiểm tra kết nối rồi chạy lại» under ghp-import's traceback: running
    it again was refused again, every time."""
    if deploy["target"] != "gh-pages" or not deploy["push"]:
        failed = subprocess.run(command, cwd=cwd).returncode
        said = ""
    else:
        result = subprocess.run(command, cwd=cwd, stderr=subprocess.PIPE, encoding="utf-8",
                                errors="replace")
        failed, said = result.returncode, result.stderr
        # git's own lines, without ghp-import's Python traceback after them
        print(said.split("Traceback (most recent call last):")[0], end="", file=sys.stderr, flush=True)
    if not failed:
        return
    if "[rejected]" in said or "non-fast-forward" in said or "fetch first" in said:
        remote, branch = deploy["remote"], deploy["branch"]
        raise WorkflowError(
            f"kho «{remote}» từ chối bản đăng: nhánh «{branch}» ở đó có bản đăng mà bản sao này không có "
            f"(đã đăng từ máy khác, hoặc nhánh bị đặt lại) — chạy lại cũng bị từ chối. Trước hết «git pull» "
            f"để bản sao này có mọi bài mới nhất (đăng từ bản sao cũ sẽ làm mất bài đã đăng), rồi "
            f"«git fetch {remote} +{branch}:{branch}» và chạy lại: bản đăng mới nối tiếp bản trên kho. "
            f"{kept}/ đã có bản mới, chưa gửi đi (push of {branch!r} rejected: the remote branch has commits "
            f"this clone lacks)")
    raise WorkflowError(f"gửi trang lên «{deploy['target']}» thất bại (lỗi ở trên) — "
                        f"{kept}/ đã có bản mới; kiểm tra kết nối rồi chạy lại")


# A last commit later than this machine's clock by more than this is no
# skew of a few minutes: the clock is behind.
CLOCK_SLACK = 3600  # seconds


def clock_behind(root: Path, zone: str, now: float | None = None) -> str | None:
    """The message for a machine whose clock is behind the repository's
    last commit, or None. With a clock behind, every article dated after
    it is read as scheduled and held back: the build «Processed 0
    articles», exit 0, and a publish with rsync's --delete took every
    article off the live site. Not on GitHub's machines (GITHUB_ACTIONS):
    their clock is right, and a commit made on an editor's PC whose clock
    runs ahead would stop publishing there; not outside a git clone."""
    import time
    from datetime import datetime
    from zoneinfo import ZoneInfo

    if os.environ.get("GITHUB_ACTIONS"):
        return None
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
                                timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    stamp = result.stdout.strip()
    if result.returncode or not stamp.isdigit():
        return None
    now = time.time() if now is None else now
    if int(stamp) - now <= CLOCK_SLACK:
        return None
    when = {name: datetime.fromtimestamp(value, ZoneInfo(zone)).strftime("%d/%m/%Y %H:%M")
            for name, value in (("now", now), ("commit", int(stamp)))}
    return (f"đồng hồ của máy này đang chậm: máy báo {when['now']}, mà lần sửa mới nhất trong kho ghi "
            f"{when['commit']} — với đồng hồ này mọi bài có ngày sau giờ máy bị coi là bài hẹn giờ và không "
            "được đăng (đăng lúc này sẽ gỡ các bài đó khỏi trang). Chỉnh lại ngày giờ của máy (Windows: Cài "
            "đặt › Thời gian và ngôn ngữ › bật «Đặt giờ tự động»; Linux: timedatectl set-ntp true) rồi chạy "
            "lại (this machine's clock is behind the last commit)")


def publish(settings_file: Path, content: Path, output: Path, target: str | None = None) -> str:
    """Check, build, replace output/, deploy. Returns what was done. A
    `kill PID` stops it as Ctrl+C does (it left the child building)."""
    if threading.current_thread() is not threading.main_thread():
        return _publish(settings_file, content, output, target)
    before = signal.signal(signal.SIGTERM, _interrupt)
    try:
        return _publish(settings_file, content, output, target)
    finally:
        signal.signal(signal.SIGTERM, before)


def _publish(settings_file: Path, content: Path, output: Path, target: str | None = None) -> str:
    output = Path(os.path.abspath(output))
    settings = load_settings(settings_file, PATH=str(content))
    deploy = deploy_settings(settings, target)
    check_deploy_tools(deploy, settings_file.parent)
    # TIMEZONE left out is the build's to refuse, in Vietnamese (plugins.vietnamese).
    if behind := clock_behind(settings_file.parent, settings.get("TIMEZONE") or "UTC"):
        raise WorkflowError(behind)
    with output_lock(output):
        check_writable(output)
        for left in leftovers(output):
            if not remove(left):
                raise WorkflowError(f"không xoá được {shown(left)}/ (còn lại từ lần đăng trước) — "
                                    f"xoá nó rồi chạy lại (cannot remove {left})")
        check_content(Config.from_settings(settings))
        new = build(settings_file, content, output)
        try:
            size = check_size(new, deploy["max_bytes"], output.name)
        except WorkflowError:
            remove(new)
            raise
        replace(new, output)
        command = deploy_command(deploy, output)
        if command is None:
            return (f"Đã xây dựng trang vào {output}; chưa đăng lên đâu cả (DEPLOY['target'] là "
                    f"None trong publishconf.py). {size}")
        send(command, deploy, settings_file.parent, output.name)
    return f"Đã xây dựng và đăng trang ({deploy['target']}). {size}"


def preview(settings_file: Path, content: Path, host: str, port: int,
            again: str = "invoke serve-production --port {port}") -> None:
    """Build with production settings into a temporary folder and serve it
    at http://HOST:PORT/ until Ctrl+C; the folder is removed afterwards.
    The port is taken before building: a busy one is said at once."""
    from .preview import FolderHandler

    class Handler(FolderHandler):
        folder = None  # set once built; requests wait in the socket's queue until then

    server = listen(host, port, Handler, again)
    port = server.server_address[1]
    with server, tempfile.TemporaryDirectory(prefix="preview-") as work:
        Handler.folder = build(settings_file, content, Path(work) / "output",
                               env={"SITEURL": f"http://{host}:{port}"})
        signal.signal(signal.SIGTERM, _interrupt)  # `kill PID` cleans up too
        print(f"Xem trước bản đăng tại http://{host}:{port}/ (Ctrl+C để dừng)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


def _interrupt(signum, frame):
    raise KeyboardInterrupt


# --- A scheduled deploy publishes only a commit whose tests passed ------------------
def require_tested(sha: str, repo: str, workflow: str = "publish.yml") -> str:
    """The hourly run of publish.yml rebuilds main without its tests (they
    take minutes every hour) when a push or manual run of the same workflow
    built that commit with every step passing, tests included (step output
    ``tested=yes``). A commit whose tests failed on push was refused then and
    is still refused each hour, instead of going live at minute 7; one never
    tested (``tested=no``) is tested by this run before it is published
    (asks GitHub with the ``gh`` command, as the workflow's token allows)."""
    import json

    def gh(*args: str):
        try:
            result = subprocess.run(["gh", *args, "--repo", repo], capture_output=True, text=True, timeout=120)
        except OSError as error:
            raise WorkflowError(f"không chạy được lệnh gh để hỏi GitHub ({error})") from None
        if result.returncode:
            raise WorkflowError(f"không hỏi được GitHub về lần chạy thử của bản {sha[:7]} "
                                f"(gh: {result.stderr.strip()[:300]})")
        return json.loads(result.stdout or "null")

    # Asked per event: the hourly runs of the same commit come first (newest
    # first), and after 100 of them (four quiet days) the push run fell off
    # one page of every run, and each hour refused a tested commit.
    runs = [run for event in ("push", "workflow_dispatch")
            for run in gh("run", "list", "--workflow", workflow, "--commit", sha, "--event", event,
                          "--limit", "20", "--json", "databaseId,event,conclusion") or []]
    failed = None
    for run in runs:
        jobs = (gh("run", "view", str(run["databaseId"]), "--json", "jobs") or {}).get("jobs", [])
        build = [job.get("conclusion") for job in jobs if job.get("name") == "build"]
        if "success" in build:
            _output("tested", "yes")
            return f"Bản {sha[:7]} đã qua kiểm thử (lần chạy {run['databaseId']}): đăng lại."
        if "failure" in build:
            failed = run["databaseId"]
    if failed is not None:
        raise WorkflowError(f"bản {sha[:7]} của nhánh main không qua kiểm thử (lần chạy {failed} của «{workflow}» "
                            "khi đẩy lên) nên lần đăng theo giờ không đăng nó — xem lỗi ở tab Actions, sửa rồi đẩy "
                            "bản mới lên")
    # Never tested: its push run cancelled (a newer run of the group took
    # its place while it waited), or pushed while Actions was off (a fork,
    # a workflow GitHub paused after 60 quiet days). Refused, it stayed
    # unpublished every hour until someone pushed again: this run tests it.
    _output("tested", "no")
    return (f"Bản {sha[:7]} chưa được kiểm thử khi đẩy lên (lần chạy bị huỷ, hoặc Actions đang tắt): kiểm thử "
            "ngay bây giờ.")


def _output(name: str, value: str) -> None:
    """A step output for the workflow (GITHUB_OUTPUT), when there is one."""
    path = os.environ.get("GITHUB_OUTPUT")
    if path:
        with open(path, "a", encoding="utf-8") as file:
            file.write(f"{name}={value}\n")

