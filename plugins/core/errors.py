"""One way to report an editor's or a settings mistake.

``fail(message)`` logs the Vietnamese message as an error and raises
``ContentError``: with the project's fatal logging (pelicanconf.py) the
build stops at once with exit 1, and ``quiet_fatal`` turns Pelican's
closing traceback into one short Vietnamese line. The content checker
(``workflow/check.py``) words its messages with the same rules
(``plugins.core.rules``), so both say the same ``file:line: message``.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
import sys

logger = logging.getLogger("plugins")


class ContentError(ValueError):
    """A problem in an editor's file, with a message that says how to fix it."""


def display_path(path) -> str:
    """A path as the editor knows it: relative to the current folder."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def fail(message: str):
    """Report an editor's mistake. With the project's fatal logging this
    stops the build at once; without it, the file is still skipped."""
    logger.error("%s", message)
    raise ContentError(message)


SETTINGS_FILES = "pelicanconf.py, publishconf.py"


def is_settings_error(error) -> bool:
    """A plugin's settings check failed: our plugins raise a ValueError
    subclass of their own (``SettingsError``, ``HeadersError``…) whose
    Vietnamese message names the setting and key."""
    return isinstance(error, ValueError) and type(error).__module__.startswith("plugins.")


def quiet_fatal(record: logging.LogRecord) -> bool:
    """Pelican's main() logs the exception that stopped a build with its
    traceback. For an editor's mistake the message above already says what
    and where: print a short Vietnamese line instead of a traceback. A
    plugin's settings error (raised when Pelican starts, or by the menu once
    the pages are read) is that one line itself, naming the setting."""
    error = record.exc_info[1] if record.exc_info else None
    if isinstance(error, ContentError) or (
        isinstance(error, RuntimeError) and str(error) == "Warning or error encountered"
    ):
        record.exc_info = None
        record.msg, record.args = "Dừng dựng trang: có lỗi ở trên, hãy sửa rồi chạy lại.", ()
    elif is_settings_error(error):
        record.exc_info = None
        # A value read from an environment variable (GOATCOUNTER_ENDPOINT)
        # is fixed there, not in a settings file: the error says so (fix).
        fix = getattr(error, "fix", "") or f"sửa trong {SETTINGS_FILES}"
        record.msg, record.args = "Lỗi cấu hình: %s (%s)", (error, fix)
    elif disk := disk_problem(error):
        record.exc_info = None
        record.msg, record.args = "%s", (disk,)
    return True


# errno of a full disk (ENOSPC, EDQUOT), of a folder the build may not write
# (EACCES, EPERM) and of a read-only disk (EROFS), on Linux, macOS and Windows.
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_REFUSED = {errno.EACCES, errno.EPERM, errno.EROFS}
_ERRNO = re.compile(r"\[Errno (\d+)\]")


def write_permission_fix(folder, shown_as: str) -> str:
    """How to get a folder one cannot write back: ``chmod`` for one's own
    read-only folder; ``sudo chown`` for another user's (``output/`` or
    ``cache/`` left to root by one ``sudo make serve``), whose non-owner is
    refused ``chmod`` («Operation not permitted»). ``shown_as``: the folder
    as the message names it."""
    import shlex

    quoted = shlex.quote(shown_as)
    try:
        owner = os.stat(folder).st_uid
    except OSError:
        owner = os.geteuid()
    if owner == os.geteuid():
        return f"cho phép ghi (chmod -R u+w {quoted})"
    import pwd

    try:
        name = pwd.getpwuid(owner).pw_name
    except KeyError:
        name = str(owner)
    return (f"thư mục thuộc người dùng «{name}» (có lẽ do một lệnh chạy bằng sudo): lấy lại quyền "
            f"(sudo chown -R $(whoami) {quoted})")


def disk_problem(error) -> str | None:
    """A build stopped by the disk, said in Vietnamese: «[('…/sveltia-cms.js',
    '…', "[Errno 28] No space left on device: …"), …]» (shutil.copytree's
    error, one line per file) or «OSError: [Errno 13] Permission denied» was
    all an editor or the IT person read. None for any other error."""
    if isinstance(error, shutil.Error) and error.args and isinstance(error.args[0], list) and error.args[0]:
        _source, path, why = error.args[0][0]
        found = _ERRNO.search(str(why))
        number = int(found.group(1)) if found else None
    elif isinstance(error, OSError):
        number, path = error.errno, error.filename
    else:
        return None
    if number not in _FULL | _REFUSED:
        return None
    shown = display_path(path) if path else ""
    # A write that fails names no file (the writer's fd.write): «a page».
    file = f"«{os.path.abspath(path) if shown.startswith('..') else shown}»" if path else "một trang"
    if number in _FULL:
        return (f"Hết chỗ trống trên ổ đĩa, không ghi được {file}: giải phóng chỗ (xoá tệp không cần; «invoke "
                "clean --cache» xoá bộ nhớ đệm của build) rồi chạy lại")
    # The folder to give back: the nearest one that exists (the advice
    # named «THƯ_MỤC», a placeholder an IT person typed as it was).
    folder = os.path.abspath(path) if path else os.getcwd()
    while not os.path.isdir(folder) and os.path.dirname(folder) != folder:
        folder = os.path.dirname(folder)
    where = display_path(folder)
    fix = write_permission_fix(folder, os.path.abspath(folder) if where.startswith("..") else where)
    return (f"Không ghi được {file}: ổ đĩa hoặc thư mục chỉ đọc, hoặc không có quyền ghi — {fix} "
            "hoặc dựng vào thư mục khác (-o tên_thư_mục_khác), rồi chạy lại")


def explain_skipped(record: logging.LogRecord) -> bool:
    """Pelican's own "Could not process FILE" said in Vietnamese (the record
    still counts as an error: the build stops): after our own message, a
    pointer to it; after anything else, what went wrong and where to look."""
    if record.msg == "Could not process %s":
        record.skipped_file = record.args[0]  # for the preview's error page
        error = sys.exc_info()[1]
        if isinstance(error, ContentError) or str(error) == "Warning or error encountered":
            record.msg = "Tệp %s chưa dựng được vì lỗi ở dòng trên"  # it was read: «Không đọc được» was wrong
        else:
            record.msg = "Không đọc được %s (%s) — chạy «invoke check» để tìm chỗ sai trong tệp"
            record.args = (*record.args, f"{type(error).__name__}: {error}")
    return True


# Pelican's English warnings that a check of ours replaces with an error
# naming the file, the line and the fix, in Vietnamese: two items with one
# slug (``vietnamese.check_collisions``), an image with an empty ``alt``
# (``images.prepare_images``, ``rules.missing_alt``).
REPLACED_WARNINGS = ("There are %s items", "There are %s original", "Empty alt attribute for image")


# The end of a path Pelican cut at the «;» of an entity: «KH&amp» of
# «{static}/van-ban/KH&amp;CN.pdf» (Content.get_static_links reads the
# address with urlparse, which takes «;» for its parameters).
_CUT_AT_ENTITY = re.compile(r"&(?:[A-Za-z]+|#\d+|#[xX][0-9A-Fa-f]+)$")


def quiet_replaced(record: logging.LogRecord) -> bool:
    """Drop a Pelican warning of ``REPLACED_WARNINGS``: the build stops on
    the same file with our message. And «Cannot get modification stamp» for
    a path Pelican cut at an entity's «;»: the link to «KH&CN.pdf» works,
    the warning named a file that never was (in English, at every build)."""
    if record.msg == "Cannot get modification stamp for %s\n\t%s" and record.args and \
            _CUT_AT_ENTITY.search(str(record.args[0])):
        return False
    return not str(record.msg).startswith(REPLACED_WARNINGS)
