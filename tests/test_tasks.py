"""The editors' tasks: ``invoke --list``, ``new`` and ``publish``.

Everything runs on copies in tmp_path: the real content/ and output/ are
never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from tests.support import ROOT, settings_file
from workflow import WorkflowError, load_settings
from workflow.check import Config, check
from workflow.new import new_article
from workflow.publish import DEPLOY_DEFAULTS, deploy_command, deploy_settings, publish

TASKS = ["bench", "build", "check", "clean", "import-docx", "new", "publish", "rebuild", "serve", "serve-production", "test"]
NOW = datetime(2025, 3, 5, 8, 30)


def invoke(*args, cwd=ROOT):
    return subprocess.run([str(Path(sys.executable).parent / "invoke"), *args], cwd=cwd,
                          capture_output=True, encoding="utf-8", timeout=120)


def test_every_task_is_listed_with_a_one_line_help():
    result = invoke("--list")
    assert result.returncode == 0, result.stderr
    listed = {}
    for line in result.stdout.splitlines():
        if line.startswith("  ") and not line.startswith("    "):
            name, _, text = line.strip().partition(" ")
            listed[name] = text.strip()
    assert sorted(listed) == TASKS
    assert all(listed.values()), listed


def test_new_without_a_title_is_a_vietnamese_message_not_a_traceback():
    result = invoke("new", "")
    assert result.returncode == 1
    assert result.stderr == ('lỗi: tiêu đề trống — viết tiêu đề trong dấu ngoặc kép: '
                             'invoke new "Tiêu đề bài viết"\n')


def test_publish_to_an_unconfigured_target_stops_before_building(tmp_path):
    result = invoke("publish", "--target", "rsync")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("lỗi: chưa cấu hình nơi đăng «rsync»: thiếu "
                                    "DEPLOY['host'], DEPLOY['path'] trong publishconf.py")
    assert "(deploy target 'rsync' is not configured" in result.stderr


# --- new -------------------------------------------------------------------------
@pytest.fixture
def project(tmp_path):
    """Settings whose content folder is an empty copy in tmp_path."""
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    return load_settings(ROOT / "tests" / "corpus" / "settings.py", PATH=str(content))


def test_new_writes_every_header_and_the_preview_url(project):
    path, url = new_article("Hội thảo  tư vấn, phản biện đề án năm 2025", project,
                            category="Tư vấn – phản biện", tags="Hội thảo,  Tư vấn phản biện",
                            now=NOW)
    slug = "hoi-thao-tu-van-phan-bien-de-an-nam-2025"
    assert path == Path(project["PATH"]) / "2025" / f"{slug}.md"
    assert url == f"bai-viet/{slug}/"
    header = path.read_text(encoding="utf-8").split("\n\n")[0]
    assert header == (
        "Title: Hội thảo tư vấn, phản biện đề án năm 2025\n"
        "Date: 2025-03-05 08:30\n"
        "Author: Ban thông tin\n"
        "Category: Tư vấn – phản biện\n"
        "Tags: Hội thảo, Tư vấn phản biện\n"
        f"Slug: {slug}\n"
        "Summary:"
    )


def test_new_article_passes_the_checker_but_for_its_empty_summary(project):
    path, _ = new_article("Bài mới", project, now=NOW)
    [problem] = check(Config.from_settings(project), [path], now=NOW)
    assert problem.warning and "«Summary:» để trống" in problem.message
    assert "Category: Tin hoạt động LHH\n" in path.read_text(encoding="utf-8")


def test_new_title_is_stored_in_nfc(project):
    path, _ = new_article("Hội nghị".replace("ộ", "o\u0323\u0302"), project, now=NOW)
    assert path.name == "hoi-nghi.md"
    assert "Title: Hội nghị\n" in path.read_text(encoding="utf-8")


def test_new_refuses_to_overwrite_an_existing_file(project):
    path, _ = new_article("Hội nghị tổng kết", project, now=NOW)
    path.write_text("Title: Đã viết\n", encoding="utf-8")
    with pytest.raises(WorkflowError, match=r"tệp .*2025/hoi-nghi-tong-ket.md đã có — không ghi đè"):
        new_article("Hội nghị tổng kết", project, now=NOW)
    assert path.read_text(encoding="utf-8") == "Title: Đã viết\n"


def test_new_refuses_a_slug_another_article_has(project):
    new_article("Hội nghị tổng kết", project, now=datetime(2024, 12, 1))
    with pytest.raises(WorkflowError, match=r"địa chỉ «bai-viet/hoi-nghi-tong-ket/» đã thuộc về "
                                            r".*2024/hoi-nghi-tong-ket.md"):
        new_article("Hồi nghị tổng kết", project, now=NOW)
    assert not (Path(project["PATH"]) / "2025").exists()


def test_new_suggests_the_closest_category(project):
    with pytest.raises(WorkflowError, match="chuyên mục «Tu van phan bien» không có trong danh "
                                            "sách CATEGORIES — có phải là «Tư vấn – phản biện»?"):
        new_article("Bài mới", project, category="Tu van phan bien", now=NOW)


# --- publish ---------------------------------------------------------------------
def deploy_of(**given):
    return deploy_settings({"DEPLOY": given})


@pytest.mark.parametrize("given, message", [
    ({"target": "ftp"}, "DEPLOY['target'] «ftp» không hợp lệ"),
    ({"hots": "x"}, "DEPLOY: khoá lạ «hots»"),
    ({"port": "22"}, "DEPLOY['port'] phải là int"),
    ({"push": "yes"}, "DEPLOY['push'] phải là bool"),
    ({"target": "rsync", "host": "may-chu"}, "thiếu DEPLOY['path']"),
    ({"target": "gh-pages", "branch": ""}, "thiếu DEPLOY['branch']"),
])
def test_bad_deploy_settings_are_named(given, message):
    with pytest.raises(WorkflowError, match=message.replace("[", r"\[").replace("]", r"\]")):
        deploy_of(**given)


def test_deploy_commands_come_from_the_settings(tmp_path):
    rsync = deploy_of(target="rsync", host="may-chu", user="bantin", port=2222, path="/srv/web/")
    if shutil.which("rsync"):
        assert deploy_command(rsync, tmp_path) == [
            "rsync", "-rlptz", "--delete", "-e", "ssh -p 2222", f"{tmp_path}/",
            "bantin@may-chu:/srv/web/"]
    pages = deploy_of(target="gh-pages", cname="bantin.example")
    assert deploy_command(pages, tmp_path)[1:] == [
        "--cname", "bantin.example", "--push", "--remote", "origin", "--no-jekyll",
        "--branch", "gh-pages", "--message", "Đăng trang", str(tmp_path)]
    assert deploy_command(deploy_of(), tmp_path) is None
    assert deploy_settings({}) == DEPLOY_DEFAULTS  # no DEPLOY at all: nothing deployed


@pytest.fixture
def copy(tmp_path):
    """A copy of the content, an output/ holding an old site, and a
    settings file that imports publishconf.py."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("bản cũ", encoding="utf-8")

    def settings(extra=""):
        path = tmp_path / "settings.py"
        return settings_file(path, "publishconf", extra + "\n")

    return content, output, settings


def leftovers(output: Path) -> list[str]:
    return sorted(p.name for p in output.parent.iterdir() if p.name.startswith(output.name + "-"))


def test_publish_stops_on_content_errors_before_building(copy):
    content, output, settings = copy
    (content / "2020" / "bai-loi.md").write_text("Title: Bài lỗi\nDate: 05/03/2025\n\nx\n",
                                                  encoding="utf-8")
    with pytest.raises(WorkflowError, match="(?s)nội dung có lỗi, chưa xây dựng trang:\n.*bai-loi.md:2: ngày «05/03/2025»"):
        publish(settings(), content, output)
    assert (output / "index.html").read_text(encoding="utf-8") == "bản cũ"
    assert leftovers(output) == []


def test_publish_leaves_the_old_output_untouched_when_the_build_fails(copy):
    content, output, settings = copy
    broken = settings('PLUGINS = [*PLUGINS, "plugin_that_does_not_exist"]')
    with pytest.raises(WorkflowError, match="xây dựng trang thất bại .* output/ vẫn giữ nguyên"):
        publish(broken, content, output)
    assert sorted(p.name for p in output.iterdir()) == ["index.html"]
    assert (output / "index.html").read_text(encoding="utf-8") == "bản cũ"
    assert leftovers(output) == []


def test_publish_replaces_output_and_commits_to_gh_pages(copy, tmp_path, monkeypatch):
    content, output, settings = copy
    repo = tmp_path
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Thử nghiệm")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "thu-nghiem@example.org")
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    done = publish(settings('DEPLOY = {"target": "gh-pages", "push": False}'), content, output)
    assert done == "Đã xây dựng và đăng trang (gh-pages)."
    assert "bản cũ" not in (output / "index.html").read_text(encoding="utf-8")
    assert (output / "bai-viet").is_dir()
    assert leftovers(output) == []
    files = subprocess.run(["git", "ls-tree", "-r", "--name-only", "gh-pages"], cwd=repo,
                           capture_output=True, text=True, check=True).stdout.split()
    assert "index.html" in files and ".nojekyll" in files


def test_preview_serves_the_production_build_and_cleans_up(tmp_path):
    """`invoke serve-production` as a child process on a free port: production pages
    with absolute links to the preview's address; the temporary build is
    removed when it is stopped."""
    import signal
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = ("import sys; from pathlib import Path; from workflow.publish import preview; "
            f"preview(Path({str(ROOT / 'publishconf.py')!r}), Path({str(ROOT / 'content')!r}), "
            f"'127.0.0.1', {port})")
    child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(tmp_path)})
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
                break
            except OSError:
                assert child.poll() is None and time.monotonic() < deadline, child.stdout.read()
                time.sleep(0.5)
        assert f'href="http://127.0.0.1:{port}/' in page  # SITEURL is the preview's
        assert list(tmp_path.glob("preview-*"))
    finally:
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=30)
    assert list(tmp_path.glob("preview-*")) == []
