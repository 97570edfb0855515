"""The editors' tools behind ``tasks.py``: the content checker (``check``),
a new article (``new``), the live preview (``preview``), building and
publishing (``publish``).

Tasks stay thin and call these modules; an editor's mistake is a
``WorkflowError`` whose message is Vietnamese and says how to fix it.

Shared here: ``output_lock`` (one publish or preview at a time per output
folder) and ``listen`` (a server on a port, or a message naming the port).
"""

from __future__ import annotations

import errno
import http.server
import os
import shlex
import socket
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class WorkflowError(Exception):
    """A problem an editor can fix; the message says how, in Vietnamese."""


def load_settings(settings_file: Path, **overrides) -> dict:
    """Pelican's settings from a settings file, as ``pelican -s`` reads them.
    A settings file Python cannot run (a comma forgotten in UNION, the IT
    person's likeliest mistake) is one line naming the file and the line,
    not a traceback."""
    from pelican.settings import read_settings

    try:
        return read_settings(str(settings_file), override=overrides or None)
    except ValueError as error:
        if not str(error).startswith("You need to specify a path containing the content"):
            raise _settings_error(error, settings_file) from None
        raise WorkflowError(missing_content(settings_file, overrides)) from None
    except SyntaxError as error:
        raise WorkflowError(f"{shown(Path(error.filename or settings_file))}:{error.lineno}: lỗi cú pháp Python "
                            f"({error.msg}) — thường là thiếu dấu phẩy, dấu ngoặc hoặc dấu nháy ở dòng này hay "
                            "dòng trên; sửa rồi chạy lại") from None
    except Exception as error:  # noqa: BLE001  any other mistake in a settings file: where, and what
        raise _settings_error(error, settings_file) from None


def _settings_error(error: Exception, settings_file: Path) -> WorkflowError:
    """A settings file that raised ``error``: the line of ours it came from."""
    import traceback

    ours = (os.path.abspath(settings_file), str(ROOT / "pelicanconf.py"), str(ROOT / "publishconf.py"))
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if os.path.abspath(frame.filename) in ours]
    where = f"{shown(Path(frames[-1].filename))}:{frames[-1].lineno}" if frames else shown(settings_file)
    return WorkflowError(f"{where}: không đọc được tệp cấu hình ({type(error).__name__}: {error}) — sửa "
                         "dòng đó rồi chạy lại")


def missing_content(settings_file: Path, overrides: dict) -> str:
    """The content folder is not there (moved, renamed, deleted; or the
    settings name another): Pelican's «You need to specify a path
    containing the content», blamed on the settings file, was what an
    editor read."""
    from pelican.settings import get_settings_from_file

    try:
        named = overrides.get("PATH") or get_settings_from_file(str(settings_file)).get("PATH") or os.curdir
    except Exception:  # noqa: BLE001  read once already; only the folder's name is wanted
        named = "content"
    # publishconf.py takes the folder's name (PATH) from pelicanconf.py.
    project, name = Path(settings_file).resolve().parent, Path(settings_file).name
    folder = project / named
    inside = "" if shown(project) == "." else f"-C {shlex.quote(shown(project))} "
    restore = f"git {inside}checkout -- {shlex.quote(os.path.relpath(folder, project))}"
    return (f"không có thư mục bài viết {shown(folder)}/ — nếu nó vừa bị xoá, chuyển đi hay đổi tên, đổi lại "
            f"tên cũ hoặc lấy lại từ git ({restore}) rồi chạy lại; nếu thư mục "
            f"vẫn còn, gửi thông báo này cho người phụ trách kỹ thuật (tên thư mục trong "
            f"{'pelicanconf.py' if name == 'publishconf.py' else name}); chưa có gì thay đổi")


def shown(path: Path) -> str:
    """A folder as an editor types it: relative to the current folder when inside it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return str(path)


# --- One writer per output folder ----------------------------------------------------
def this_command() -> str:
    """The command line of this process, as typed: ``invoke serve``,
    ``python -m workflow.preview --port 8001``."""
    argv = list(getattr(sys, "orig_argv", sys.argv))
    if len(argv) > 1 and not argv[1].startswith("-") and os.path.isfile(argv[1]):
        argv = argv[1:]  # "python /…/.venv/bin/invoke serve": the script is the command
    argv[0] = os.path.basename(argv[0])
    command = " ".join(shlex.join(argv).split())  # one line, even for `python -c "…"`
    return command if len(command) <= 200 else command[:199] + "…"


def lock_file(output: Path) -> Path:
    """Beside the folder, not in it: publishing replaces the folder."""
    output = Path(os.path.abspath(output))
    return output.parent / f".{output.name}.lock"


@contextmanager
def output_lock(output: Path):
    """Hold the output folder for this process: ``invoke publish`` and the
    previews write into it, and two of them at once mix their pages (a
    preview writing development pages into a production ``output/``).

    An exclusive ``fcntl.flock`` on ``.<name>.lock`` beside the folder,
    released by the kernel when the process ends, however it ends (no stale
    lock after a crash or ``kill -9``). The holder writes its PID and
    command line into the file, so the second process can name it."""
    import fcntl  # POSIX only: editors on Windows work in WSL

    path = lock_file(output)
    try:
        handle = open(path, "a+", encoding="utf-8")
    except OSError as error:
        raise WorkflowError(unwritable(path.parent, error)) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            pid, _, command = handle.read().strip().partition("\n")
            who = f"lệnh «{command}» (PID {pid})" if pid else "một lệnh khác"
            raise WorkflowError(
                f"thư mục {shown(output)}/ đang được {who} dùng — chờ lệnh đó xong, hoặc dừng "
                f"nó (Ctrl+C trong cửa sổ đang chạy nó), rồi chạy lại; chưa có gì thay đổi "
                f"({shown(output)}/ is locked by PID {pid or '?'})"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n{this_command()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()


def unwritable(folder: Path, error: OSError | None = None) -> str:
    """A folder of another user (output/ left to root by one ``sudo make
    serve``) refuses ``chmod`` to its non-owner: it is given back with
    ``sudo chown`` instead (the advice was «chmod -R u+w output», answered
    «Operation not permitted»)."""
    from plugins.core.errors import write_permission_fix

    reason = f": {error.strerror}" if error is not None and error.strerror else ""
    fix = write_permission_fix(folder, shown(folder))
    return (f"không ghi được vào thư mục {shown(folder)}/ (chỉ đọc hoặc không có quyền) "
            f"— {fix} hoặc chạy ở thư mục khác, rồi chạy lại; chưa có gì thay đổi "
            f"({folder} is not writable{reason})")


# errno of a full disk (a write past the process's file size limit, EFBIG, too).
FULL_DISK = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}


def file_problem(error: OSError, path: Path, reading: bool) -> str:
    """What is wrong with a file an editor's command reads (``reading``) or
    writes, and what to do, in Vietnamese: the system's English
    ``strerror`` («Permission denied», «Is a directory») was all they read.
    ``path``: the file as the message names it."""
    number = error.errno
    name = f"«{shown(path)}»"
    if number in FULL_DISK:
        return (f"không ghi được {name}: hết chỗ trống trên ổ đĩa — giải phóng chỗ (xoá tệp không cần, "
                "dọn Thùng rác) rồi chạy lại")
    if number == errno.EROFS:
        return (f"không ghi được {name}: ổ đĩa chỉ đọc (USB khoá ghi, ổ mạng chỉ đọc) — chép thư mục dự án "
                "sang ổ đĩa ghi được rồi chạy lại")
    if number in (errno.EACCES, errno.EPERM):
        if reading:
            return (f"không đọc được {name}: không có quyền đọc tệp — chép tệp vào một thư mục của bạn (ví dụ "
                    f"Tài liệu) rồi nhập bản chép, hoặc cho phép đọc (chmod u+r {shlex.quote(shown(path))})")
        from plugins.core.errors import write_permission_fix

        folder = Path(os.path.abspath(path))
        while not folder.is_dir() and folder.parent != folder:
            folder = folder.parent
        return (f"không ghi được {name}: thư mục {shown(folder)}/ chỉ đọc hoặc không có quyền ghi — "
                f"{write_permission_fix(folder, shown(folder))} rồi chạy lại")
    if number == errno.EISDIR or (reading and os.path.isdir(path)):
        return (f"{name} là một thư mục, không phải tệp — viết tên tệp trong thư mục đó, ví dụ "
                f"«{shown(Path(path) / 'Bao cao.docx')}»")
    if number == errno.ENAMETOOLONG:
        return (f"tên tệp {name if len(name) <= 80 else name[:60] + '…»'} quá dài (ổ đĩa chỉ nhận tối đa 255 "
                "byte, khoảng 80 chữ có dấu) — đổi tên tệp cho ngắn hơn rồi chạy lại")
    if number == errno.ENOTDIR:
        return f"đường dẫn {name} đi qua một tệp như thể đó là thư mục — kiểm tra lại đường dẫn"
    if number == errno.ENOENT:
        return f"không có {name} — kiểm tra lại đường dẫn"
    what = "đọc" if reading else "ghi"
    return (f"không {what} được {name} (lỗi hệ thống {errno.errorcode.get(number, number)}) — chạy lại; "
            "vẫn lỗi thì gửi thông báo này cho người phụ trách kỹ thuật")


def check_writable(output: Path) -> None:
    """Refuse before building when ``output`` cannot be written or replaced:
    its parent (the lock, a publish's swap) or any folder in it read-only.
    ``invoke publish`` (the old site could not be removed) and the preview
    (every page was its English OSError, and «sửa rồi lưu tệp») alike."""
    if not output.parent.is_dir():
        raise WorkflowError(f"không có thư mục {shown(output.parent)}/ — tạo nó rồi chạy lại "
                            f"({output.parent} does not exist)")
    if output.exists() and not output.is_dir():
        raise WorkflowError(f"{shown(output)} là một tệp, không phải thư mục — đổi tên hoặc xoá "
                            f"tệp đó rồi chạy lại ({output} is not a folder)")
    if not os.access(output.parent, os.W_OK | os.X_OK):
        raise WorkflowError(unwritable(output.parent))
    if output.is_dir():
        for parent, _, _ in os.walk(output):
            if not os.access(parent, os.W_OK | os.X_OK):
                raise WorkflowError(unwritable(Path(parent)))


# --- A server on a port ---------------------------------------------------------------
def free_port_after(host: str, port: int) -> int | None:
    """The first port after `port` that nothing listens on (20 tried)."""
    for candidate in range(port + 1, min(port + 21, 65536)):
        with socket.socket() as probe:
            try:
                probe.bind((host, candidate))
            except OSError:
                continue
            return candidate
    return None


def port_number(value, again: str) -> int:
    """``make serve PORT=…`` as a port number, or a WorkflowError saying
    which numbers fit (``PORT=abc`` was a traceback from invoke's parser)."""
    try:
        port = int(str(value).strip())
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise WorkflowError(f"cổng «{value}» không hợp lệ — chọn một số từ 1024 đến 65535, "
                            f"ví dụ: {again.format(port=8001)} (invalid port)")
    return port


def listen(host: str, port: int, handler, again: str) -> http.server.ThreadingHTTPServer:
    """A threading HTTP server bound to host:port, or a WorkflowError naming
    the port. `again` is how to run the same command on another port, with
    ``{port}`` in it (``make serve PORT={port}``)."""
    port = port_number(port, again)
    try:
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as error:
        other = free_port_after(host, port) or 8001
        if error.errno == errno.EADDRINUSE:
            raise WorkflowError(
                f"cổng {port} đang được một chương trình khác dùng (có thể là một bản xem trước "
                f"đang chạy) — dừng chương trình đó, hoặc chọn cổng khác: "
                f"{again.format(port=other)} (port {port} is already in use)"
            ) from None
        if error.errno == errno.EACCES:
            raise WorkflowError(
                f"không được phép dùng cổng {port} (cổng dưới 1024 cần quyền quản trị) — chọn "
                f"cổng khác: {again.format(port=other)} (permission denied for port {port})"
            ) from None
        raise WorkflowError(f"không mở được {host}:{port}: {error.strerror or error} — chọn "
                            f"cổng khác: {again.format(port=other)} (cannot listen)") from None
    server.daemon_threads = True
    return server
