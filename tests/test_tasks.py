"""The editors' tasks: ``invoke --list``, ``new`` and ``publish``.

Everything runs on copies in tmp_path: the real content/ and output/ are
never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from tests.support import CONTENT, ROOT, as_an_editor, settings_file, write_files
from workflow import WorkflowError, load_settings
from workflow.check import Config, check
from workflow.new import new_article
from workflow.publish import DEPLOY_DEFAULTS, deploy_command, deploy_settings, publish

TASKS = ["bench", "build", "check", "clean", "import-docx", "new", "nginx-config", "publish", "rebuild", "require-tested", "serve",
         "serve-production", "test"]
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


def test_check_takes_a_file_name_with_spaces_after_the_dashes(tmp_path):
    """«invoke check -- "bài viết mới.md"» (Windows names files so): invoke
    hands the words after «--» over joined, quotes gone, and the checker
    looked for «bài» and «viết»."""
    path = tmp_path / "bài viết mới.md"
    path.write_text("Title: Bài\nDate: 2025-01-01\nAuthor: Ban thông tin\nCategory: Tin hoạt động LHH\n\n"
                    "![]({static}/images/x.png)\n", encoding="utf-8")
    result = invoke("check", "--", str(path))
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    assert re.search(r"bài viết mới\.md:6: ảnh «\{static\}/images/x\.png» không có lời mô tả", result.stdout)


@pytest.mark.parametrize("words", [["{path}"], ["{path}", "--fix"]])
def test_check_takes_file_names_without_the_dashes(tmp_path, words):
    """«invoke check content/2025/bai.md», as anyone types it: invoke read the
    path as another task («No idea what 'content/2025/bai.md' is!»). Every
    other order of paths and flags is the table below's (a process each
    here cost ~3 s)."""
    path = tmp_path / "bài viết.md"
    path.write_text("Title: Bài\nDate: 2025-01-01\nAuthor: Ban thông tin\nCategory: Tin hoạt động LHH\n\n"
                    "![]({static}/images/x.png)\n", encoding="utf-8")
    result = invoke("check", *(word.format(path=path) for word in words))
    assert result.returncode == 1 and result.stderr == "", result.stderr
    assert re.search(r"bài viết\.md:6: ảnh «\{static\}/images/x\.png» không có lời mô tả", result.stdout)
    assert result.stdout.endswith("trong 1 tệp.\n"), result.stdout


@pytest.mark.parametrize("argv, again", [
    (["invoke", "check"], None),
    (["invoke", "check", "--", "a.md"], None),
    (["invoke", "new", "a.md"], None),
    (["invoke", "check", "a.md", "b.md"], ["invoke", "check", "--", "a.md", "b.md"]),
    (["invoke", "check", "a.md", "--fix"], ["invoke", "check", "--fix", "--", "a.md"]),
    (["invoke", "check", "--path", "a.md", "b.md"], ["invoke", "check", "--path", "a.md", "--", "b.md"]),
    (["invoke", "--echo", "check", "a.md"], ["invoke", "--echo", "check", "--", "a.md"]),
    # Typed outside the project: the folder is -r's value, not the task.
    (["invoke", "-r", "/srv/ban-tin", "check", "a.md"], ["invoke", "-r", "/srv/ban-tin", "check", "--", "a.md"]),
    (["invoke", "-r", "/srv/check", "new", "a.md"], None),
])
def test_check_paths_get_their_dashes_only_where_needed(argv, again):
    import tasks

    assert tasks.check_paths_after_dashes(argv) == again


@pytest.mark.parametrize("argv, told", [
    (["invoke", "new", "Hội thảo"], None),
    (["invoke", "new", "Hội", "--help"], None),
    (["invoke", "check", "a", "b.md"], None),
    (["invoke", "new", "Hội", "thảo", "khoa", "học"], 'invoke new "Hội thảo khoa học"'),
    (["invoke", "new", "-c", "Tin hoạt động LHH", "Hội", "thảo"], 'invoke new "Hội thảo" -c "Tin hoạt động LHH"'),
    (["invoke", "new", "--slug=hoi-thao", "Hội", "thảo"], 'invoke new "Hội thảo" --slug=hoi-thao'),
    (["invoke", "import-docx", "Bao", "cao.docx", "--date", "2025-03-05"],
     'invoke import-docx "Bao cao.docx" --date 2025-03-05'),
    (["invoke", "import-docx", "Bao", "cao\"1\".docx"], """invoke import-docx 'Bao cao"1".docx'"""),
    # Typed outside the project: invoke answered «No idea what 'thảo' is!».
    (["invoke", "-r", "/srv/ban tin", "new", "Hội", "thảo"], 'invoke -r "/srv/ban tin" new "Hội thảo"'),
    (["invoke", "--search-root=/srv/bt", "-e", "new", "Hội", "thảo"],
     'invoke --search-root=/srv/bt -e new "Hội thảo"'),
    (["invoke", "-r", "/srv/new", "check", "a", "b.md"], None),
])
def test_a_title_or_file_name_typed_without_quotes_is_told_with_the_command_to_type(argv, told):
    import tasks

    said = tasks.unquoted_words(argv)
    assert (said and said.rpartition(" — viết: ")[2]) == told, said


@pytest.mark.parametrize("task", ["new", "import-docx"])
def test_the_editors_commands_answer_help_with_their_usage(task):
    """«invoke new --help» read «--help» as the title («tiêu đề trống»),
    «invoke import-docx --help» as the file («không có tệp «--help»»)."""
    for flag in ("--help", "-h"):
        result = invoke(task, flag)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"Cách dùng:\n  invoke {task} "), result.stdout
        assert "README, «Dòng lệnh»" in result.stdout and result.stderr == ""


def test_new_without_a_title_is_a_vietnamese_message_not_a_traceback():
    result = invoke("new", "")
    assert result.returncode == 1
    assert result.stderr == ('lỗi: tiêu đề trống — viết tiêu đề trong dấu ngoặc kép: '
                             'invoke new "Tiêu đề bài viết"\n')


@pytest.mark.parametrize("args, message", [
    (["🎉"], "lỗi: tiêu đề «🎉» không có chữ cái hay chữ số nào để làm địa chỉ trang — thêm chữ vào "
             "tiêu đề, hoặc cho địa chỉ bằng --slug, ví dụ --slug bai-viet-moi\n"),
    (["Bài", "--slug", "../x"], "lỗi: Slug «../x» không hợp lệ: Slug chỉ được gồm chữ thường không "
                                "dấu a-z, chữ số 0-9 và dấu gạch ngang «-» (không có dấu cách, dấu "
                                "chấm, «/», «?», «#») — dùng «--slug x»\n"),
    # A title typed without quotes: invoke said «No idea what 'thảo' is!» (tasks.unquoted_words).
    (["Hội", "thảo", "--tags", "Hội thảo"], "lỗi: tiêu đề «Hội thảo» có dấu cách nên phải đặt trong dấu nháy kép, "
                                            "không thì lệnh đọc «Hội» là tiêu đề và «thảo» là một lệnh khác — viết: "
                                            'invoke new "Hội thảo" --tags "Hội thảo"\n'),
])
def test_new_refuses_what_makes_no_address_with_a_message_not_a_traceback(args, message):
    """Refused before anything is written (the real content/ is untouched)."""
    result = invoke("new", *args)
    assert (result.returncode, result.stderr) == (1, message)


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
    """Titles alike: another title, or the same one with --slug (the message
    said only «chọn một tiêu đề khác», though «Thông báo» is often right)."""
    new_article("Hội nghị tổng kết", project, now=datetime(2024, 12, 1))
    with pytest.raises(WorkflowError, match=r"^địa chỉ «bai-viet/hoi-nghi-tong-ket/» đã thuộc về "
                                            r".*2024/hoi-nghi-tong-ket.md \(tiêu đề giống nhau khi bỏ dấu\) — "
                                            r"chọn một tiêu đề khác, hoặc giữ tiêu đề và cho địa chỉ khác: "
                                            r"--slug hoi-nghi-tong-ket-2$"):
        new_article("Hồi nghị tổng kết", project, now=NOW)
    assert not (Path(project["PATH"]) / "2025").exists()
    with pytest.raises(WorkflowError, match=r"^địa chỉ «bai-viet/hoi-nghi-tong-ket/» đã thuộc về "
                                            r".*2024/hoi-nghi-tong-ket.md — chọn địa chỉ khác: "
                                            r"--slug hoi-nghi-tong-ket-2$"):
        new_article("Hội nghị cuối năm", project, slug="hoi-nghi-tong-ket", now=NOW)
    path, _ = new_article("Hồi nghị tổng kết", project, slug="hoi-nghi-tong-ket-2", now=NOW)
    assert path.name == "hoi-nghi-tong-ket-2.md"


def test_new_suggests_the_closest_category(project):
    with pytest.raises(WorkflowError, match="chuyên mục «Tu van phan bien» không có trong danh "
                                            "sách — có phải là «Tư vấn – phản biện»?") as refused:
        new_article("Bài mới", project, category="Tu van phan bien", now=NOW)
    assert str(refused.value).endswith("(danh sách CATEGORIES trong pelicanconf.py)")


@pytest.mark.parametrize("typed, written, read", [
    # As a Tags: line, "A, B; C" is two tags for Pelican: "A, B" and "C".
    ("A, B; C", "A, B; C", ["A, B", "C"]),
    ("Hội thảo;  Tư vấn", "Hội thảo, Tư vấn", ["Hội thảo", "Tư vấn"]),
    ("Hội thảo, hội thảo, Hội Thảo", "Hội thảo", ["Hội thảo"]),  # one per slug, as typed first
])
def test_new_writes_the_tags_pelican_reads(project, typed, written, read):
    from pelican.readers import ensure_metadata_list

    path, _ = new_article("Bài có thẻ", project, tags=typed, now=NOW)
    line = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("Tags:"))
    assert line == f"Tags: {written}"
    assert ensure_metadata_list(line.removeprefix("Tags:")) == read


def test_new_spells_tags_as_the_content_does(project):
    """A tone or case variant of a tag the content has is written as the
    content spells it, and said so, instead of warned about later."""
    new_article("Bài cũ", project, tags="Thái Thụy, Hội thảo", now=datetime(2024, 1, 1))
    notes = []
    path, _ = new_article("Bài mới", project, tags="Thái Thuỵ, hội thảo, Thái Thụy", now=NOW,
                          notes=notes)
    assert "Tags: Thái Thụy, Hội thảo\n" in path.read_text(encoding="utf-8")
    assert notes == ["thẻ «Thái Thụy» trùng với một thẻ đã viết nên chỉ ghi một lần",
                     "thẻ «Thái Thuỵ» được ghi là «Thái Thụy», như các bài đã có",
                     "thẻ «hội thảo» được ghi là «Hội thảo», như các bài đã có"]
    [problem] = check(Config.from_settings(project), [path], now=NOW)
    assert "«Summary:» để trống" in problem.message  # and no tag warning


def test_new_with_a_300_character_title_cuts_the_slug_and_builds(project, tmp_path):
    """No "File name too long": the slug is cut at a hyphen to 120
    characters (CONTENT_RULES), and the article checks and builds."""
    from tests.support import build_in_process

    title = " ".join(["Hội thảo khoa học về phát triển bền vững"] * 8)[:300]
    notes = []
    path, url = new_article(title, project, now=NOW, notes=notes)
    slug = path.stem
    assert len(slug) <= 120 and not slug.endswith("-") and url == f"bai-viet/{slug}/"
    assert notes == [f"tiêu đề dài nên địa chỉ được rút gọn còn {len(slug)} ký tự (giới hạn 120): {slug}"]
    assert f"Title: {title}\n" in path.read_text(encoding="utf-8")
    assert [p for p in check(Config.from_settings(project), [path], now=NOW) if not p.warning] == []
    site = build_in_process(Path(project["PATH"]), tmp_path / "out", ROOT / "tests" / "corpus" / "settings.py",
                            MENU=[("Trang chủ", "index")], SEARCH={"enabled": False})
    assert site.path(url).is_file()


def test_new_with_a_title_without_letters_says_so_and_takes_a_slug(project):
    with pytest.raises(WorkflowError, match="^tiêu đề «🎉 ★» không có chữ cái hay chữ số nào để làm "
                                            "địa chỉ trang — thêm chữ vào tiêu đề, hoặc cho địa chỉ "
                                            "bằng --slug, ví dụ --slug bai-viet-moi$"):
        new_article("🎉 ★", project, now=NOW)
    path, url = new_article("🎉", project, slug="le-ky-niem", now=NOW)
    assert (path.name, url) == ("le-ky-niem.md", "bai-viet/le-ky-niem/")
    with pytest.raises(WorkflowError, match="^Slug «Lễ kỷ niệm» không hợp lệ: .* — dùng «--slug "
                                            "le-ky-niem»$"):
        new_article("🎉", project, slug="Lễ kỷ niệm", now=NOW)


def test_new_refuses_a_tag_without_letters(project):
    with pytest.raises(WorkflowError, match="^thẻ «😀» không có chữ cái hay chữ số nào để làm địa chỉ "
                                            "trang của thẻ — viết thẻ bằng chữ, hoặc xoá nó khỏi --tags$"):
        new_article("Bài mới", project, tags="Hội thảo, 😀", now=NOW)
    assert not (Path(project["PATH"]) / "2025").exists()


# --- publish ---------------------------------------------------------------------
def deploy_of(**given):
    return deploy_settings({"DEPLOY": given})


def test_a_pull_requests_run_builds_and_deploys_nothing():
    """With DEPLOY's rsync in publishconf.py (README «Site size»), every
    pull request's CI run rsynced its unreviewed content to the live
    server: «--target ""» did not turn the deploy off. «none» does, and
    the workflow passes it on pull requests."""
    from workflow.publish import deploy_settings

    settings = {"DEPLOY": {"target": "rsync", "host": "may-chu", "path": "/var/www/bantin"}}
    assert deploy_settings(settings)["target"] == "rsync"
    assert deploy_settings(settings, "none")["target"] is None
    assert deploy_settings(settings, "")["target"] is None
    workflow = (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert "invoke publish ${{ github.event_name == 'pull_request' && '--target none' || '' }}" in workflow


@pytest.mark.parametrize("given, message", [
    ({"target": "ftp"}, "DEPLOY['target'] «ftp» không hợp lệ"),
    ({"hots": "x"}, "DEPLOY: khoá lạ «hots»"),
    ({"port": "22"}, "DEPLOY['port'] phải là một số nguyên"),
    ({"push": "yes"}, "DEPLOY['push'] phải là True hoặc False"),
    ({"max_bytes": "1 GB"}, "DEPLOY['max_bytes'] phải là một số nguyên"),
    ({"max_bytes": -1}, "DEPLOY['max_bytes'] phải là số byte từ 0"),
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
            "rsync", "-rlptz", "--delete", "--filter=P .htaccess", "--filter=P .well-known/", "-e", "ssh -p 2222",
            f"{tmp_path}/",
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
    shutil.copytree(CONTENT, content)
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


def test_a_site_over_the_hosts_size_limit_is_not_published(copy):
    """GitHub Pages publishes at most 1 GB: a heavier site is refused before
    it replaces output/, naming its heaviest folders."""
    content, output, settings = copy
    with pytest.raises(WorkflowError) as refused:
        publish(settings('DEPLOY = {"max_bytes": 200_000}'), content, output)
    message = str(refused.value)
    assert re.match(r"trang web dựng xong nặng [\d,]+ MB, quá giới hạn 195 KB của nơi đăng "
                    r"\(DEPLOY\['max_bytes'\] trong publishconf.py\): nơi đăng sẽ từ chối hoặc cắt bớt — "
                    r"chưa thay output/, bản cũ vẫn giữ nguyên; nặng nhất: \S+/ [\d,]+ [KM]B, ", message), message
    assert "xem README, mục «Site size»" in message
    assert sorted(p.name for p in output.iterdir()) == ["index.html"]
    assert leftovers(output) == []


@pytest.mark.parametrize("limit, warned", [(0, False), (2_000, False), (1_100, True), (1_000, True)])
def test_the_sites_size_is_said_and_warned_of_near_the_limit(tmp_path, capsys, limit, warned):
    """1,000 bytes of site: said every time; from 80 % of the limit a
    warning, and an annotation on GitHub Actions; over it, refused."""
    from workflow.publish import check_size

    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "anh.webp").write_bytes(b"x" * 700)
    (tmp_path / "index.html").write_bytes(b"x" * 300)
    line = check_size(tmp_path, limit, environ={"GITHUB_ACTIONS": "true"})
    out, err = capsys.readouterr()
    assert line.startswith("Trang web nặng 1 KB, 2 tệp")
    assert ("cảnh báo: trang web đã nặng 1 KB" in err) == warned
    assert out.startswith("::warning title=Trang web sắp quá giới hạn dung lượng::") == warned
    if warned:
        assert "nặng nhất: images/ 1 KB, index.html 1 KB — xem README, mục «Site size»" in err
    with pytest.raises(WorkflowError, match="quá giới hạn"):
        check_size(tmp_path, 999, environ={"GITHUB_ACTIONS": "true"})
    out, _ = capsys.readouterr()
    assert out.startswith("::error title=Trang web quá giới hạn dung lượng — chưa đăng::trang web dựng xong "
                          "nặng 1 KB, quá giới hạn 1 KB của nơi đăng"), out
    assert "nặng nhất: images/ 1 KB" in out
    with pytest.raises(WorkflowError, match="quá giới hạn"):
        check_size(tmp_path, 999, environ={})
    assert capsys.readouterr().out == ""


def modes(folder: Path) -> dict[str, set[str]]:
    """The permission bits found in a tree, by kind."""
    found = {"folders": {oct(folder.stat().st_mode & 0o7777)}, "files": set()}
    for path in folder.rglob("*"):
        found["folders" if path.is_dir() else "files"].add(oct(path.stat().st_mode & 0o7777))
    return found


def test_publish_replaces_output_and_commits_to_gh_pages(copy, tmp_path, monkeypatch):
    """Under the strictest umask an editor may have (077), the published
    site is still readable by a web server: 0755 folders, 0644 files."""
    content, output, settings = copy
    repo = tmp_path
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Thử nghiệm")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "thu-nghiem@example.org")
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    umask = os.umask(0o077)
    try:
        done = publish(settings('DEPLOY = {"target": "gh-pages", "push": False}'), content, output)
    finally:
        os.umask(umask)
    assert re.fullmatch(r"Đã xây dựng và đăng trang \(gh-pages\)\. Trang web nặng [\d,]+ MB, [\d.]+ tệp "
                        r"\(\d % của giới hạn 953,7 MB\)\.", done), done
    assert "bản cũ" not in (output / "index.html").read_text(encoding="utf-8")
    assert (output / "bai-viet").is_dir()
    assert leftovers(output) == []
    assert modes(output) == {"folders": {"0o755"}, "files": {"0o644"}}
    files = subprocess.run(["git", "ls-tree", "-r", "--name-only", "gh-pages"], cwd=repo,
                           capture_output=True, text=True, check=True).stdout.split()
    assert "index.html" in files and ".nojekyll" in files


def test_a_clock_behind_the_last_commit_stops_publishing_before_building(copy, tmp_path, monkeypatch):
    """A machine whose clock ran a year behind built a site without a
    single article (all «future», held back), exit 0, and `invoke publish`
    sent it (rsync --delete would take every article off the live site)."""
    import time

    from tests.support import committed as committed_at
    from workflow.publish import clock_behind

    content, output, settings = copy
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-12-05T10:00:00+07:00")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert clock_behind(tmp_path, "Asia/Ho_Chi_Minh") is None  # not a git clone
    committed_at(tmp_path, "Bài mới")
    committed = 1796439600  # 2026-12-05 10:00 in Vietnam
    assert clock_behind(tmp_path, "Asia/Ho_Chi_Minh", now=committed - 600) is None  # ten minutes: skew
    said = clock_behind(tmp_path, "Asia/Ho_Chi_Minh", now=committed - 365 * 86400)
    assert said.startswith("đồng hồ của máy này đang chậm: máy báo 05/12/2025 10:00, mà lần sửa mới nhất "
                           "trong kho ghi 05/12/2026 10:00"), said
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # GitHub's clock is right; an editor's PC may run ahead
    assert clock_behind(tmp_path, "Asia/Ho_Chi_Minh", now=committed - 365 * 86400) is None
    monkeypatch.delenv("GITHUB_ACTIONS")
    # A commit two days after this machine's own clock: the publish stops before building.
    monkeypatch.setenv("GIT_COMMITTER_DATE", f"@{int(time.time()) + 2 * 86400} +0700")
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "Sửa bài"], cwd=tmp_path, check=True)
    with pytest.raises(WorkflowError, match="đồng hồ của máy này đang chậm"):
        publish(settings('DEPLOY = {"target": None}'), content, output)
    assert (output / "index.html").read_text(encoding="utf-8") == "bản cũ"


def test_a_settings_file_without_its_time_zone_is_the_builds_to_refuse(copy, capfd, monkeypatch):
    """The clock's check formats times in TIMEZONE: left out, `invoke
    publish` stopped with a KeyError traceback before the build could say
    what to write."""
    content, output, settings = copy
    monkeypatch.setenv("COLUMNS", "2000")  # the build's log, a message a line
    with pytest.raises(WorkflowError, match="xây dựng trang thất bại"):
        publish(settings('del TIMEZONE\nDEPLOY = {"target": None}'), content, output)
    said = capfd.readouterr()
    assert 'thêm dòng TIMEZONE = "Asia/Ho_Chi_Minh" vào pelicanconf.py' in said.out + said.err
    assert "Traceback" not in said.out + said.err
    assert (output / "index.html").read_text(encoding="utf-8") == "bản cũ"


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


# --- Publishing safely: permissions, leftovers, read-only targets, the lock -------------
@pytest.mark.parametrize("folder_mode, file_mode", [(0o700, 0o600), (0o775, 0o664), (0o777, 0o666),
                                                   (0o750, 0o640), (0o755, 0o755)],
                         ids=["mkdtemp, umask 077", "umask 002", "umask 000", "umask 027", "executable"])
def test_a_built_site_is_made_world_readable_and_nothing_more(tmp_path, folder_mode, file_mode):
    from workflow.publish import make_public

    site = tmp_path / "output-new-x"
    (site / "bai-viet" / "a").mkdir(parents=True)
    for name in ("index.html", "bai-viet/a/index.html"):
        (site / name).write_text("x", encoding="utf-8")
        (site / name).chmod(file_mode)
    for folder in (site / "bai-viet" / "a", site / "bai-viet", site):
        folder.chmod(folder_mode)
    make_public(site)
    assert modes(site) == {"folders": {"0o755"}, "files": {"0o644"}}


def test_publish_removes_what_a_killed_publish_left_behind(copy):
    """output-new-* and output-old-* (even with a read-only folder inside, as
    a killed swap can leave) are removed by the next publish, whatever its
    outcome."""
    content, output, settings = copy
    for name in ("output-new-ab12cd", "output-old-ef34gh"):
        stuck = output.parent / name / "theme"
        stuck.mkdir(parents=True)
        (stuck / "style.css").write_text("x", encoding="utf-8")
        stuck.chmod(0o555)
    (output.parent / "output-ghi-chu.txt").write_text("không phải của publish", encoding="utf-8")
    (content / "2020" / "bai-loi.md").write_text("Title: Bài lỗi\nDate: 05/03/2025\n\nx\n", encoding="utf-8")
    with pytest.raises(WorkflowError, match="nội dung có lỗi"):
        publish(settings(), content, output)
    assert leftovers(output) == ["output-ghi-chu.txt"]


def run_publish(settings: Path, content: Path, output: Path, **options) -> subprocess.Popen:
    """``invoke publish``'s code path (tasks._workflow) in a child process."""
    code = ("from pathlib import Path; from tasks import _workflow; from workflow.publish import publish; "
            f"print(_workflow(publish, Path({str(settings)!r}), Path({str(content)!r}), Path({str(output)!r})))")
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, encoding="utf-8", **options)


@pytest.mark.parametrize("how", ["ctrl-c to the parent", "ctrl-c in the terminal", "kill"])
def test_an_interrupted_publish_leaves_nothing_behind(copy, how):
    """Ctrl+C while Pelican builds: the half-built folder is removed, the old
    site stays, and the editor reads one line, not a traceback. Ctrl+C in
    a terminal goes to the whole process group: the child printed Pelican's
    own traceback in its first second. `kill PID` (SIGTERM) left the child
    building after the parent had gone."""
    import signal
    import time

    content, output, settings = copy
    # The build holds once it has read the site (a receiver the settings
    # file connects) and says so: Ctrl+C then comes mid-build however fast
    # the build is (a fixed wait let a fast build finish first).
    building = output.parent / "building"
    hold = (
        "from pelican import signals as _signals\n"
        "def _hold(*args, **kwargs):\n"
        "    import pathlib, time\n"
        f"    pathlib.Path({str(building)!r}).touch()\n"
        "    time.sleep(120)\n"
        "_signals.all_generators_finalized.connect(_hold, weak=False)\n"
    )
    # Ctrl+C as a terminal delivers it, even when this suite runs as a
    # background job (a shell without job control starts those with SIGINT
    # ignored, and a child inherits that).
    child = run_publish(settings(hold), content, output, start_new_session=True,
                        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while not building.exists():
        assert child.poll() is None and time.monotonic() < deadline, child.communicate()
        time.sleep(0.05)
    assert [name for name in leftovers(output) if name.startswith("output-new-")]
    if how == "ctrl-c in the terminal":
        os.killpg(child.pid, signal.SIGINT)
    else:
        child.send_signal(signal.SIGTERM if how == "kill" else signal.SIGINT)
    stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 130, stdout + stderr
    assert stderr == "Đã dừng (Ctrl+C).\n"
    assert leftovers(output) == []
    assert (output / "index.html").read_text(encoding="utf-8") == "bản cũ"
    building_now = subprocess.run(["pgrep", "-f", f"-o {output}-new-"], capture_output=True, text=True).stdout
    assert building_now == "", building_now  # no Pelican left building


READ_ONLY = {
    "output/ itself": lambda base: base / "output",
    "a folder inside output/": lambda base: base / "output" / "theme",
    "the folder that holds output/": lambda base: base,
}


@pytest.mark.parametrize("which", READ_ONLY)
def test_a_read_only_target_is_refused_before_building(tmp_path, which):
    """A clear message, exit 1, no traceback, nothing changed or left."""
    base = tmp_path / "site"
    output = base / "output"
    (output / "theme").mkdir(parents=True)
    (output / "index.html").write_text("bản cũ", encoding="utf-8")
    settings = settings_file(tmp_path / "settings.py", "publishconf")
    read_only = READ_ONLY[which](base)
    read_only.chmod(0o555)
    try:
        child = run_publish(settings, CONTENT, output,
                            **({"preexec_fn": as_an_editor} if os.geteuid() == 0 else {}))
        stdout, stderr = child.communicate(timeout=120)
    finally:
        read_only.chmod(0o755)
    assert child.returncode == 1, stdout + stderr
    assert stderr.startswith(f"lỗi: không ghi được vào thư mục {read_only}/ (chỉ đọc hoặc không "
                             f"có quyền) — cho phép ghi (chmod -R u+w {read_only})"), stderr
    assert "chưa có gì thay đổi" in stderr and "Traceback" not in stderr
    assert sorted(p.name for p in base.iterdir()) in (["output"], [".output.lock", "output"])
    assert (output / "index.html").read_text(encoding="utf-8") == "bản cũ"


def test_a_folder_of_another_user_is_given_back_with_chown_not_chmod(tmp_path, monkeypatch):
    """output/ left to root by one «sudo make serve»: the advice «chmod -R
    u+w output» is refused to anyone but its owner («Operation not
    permitted»). Another user's folder is given back with sudo chown; one's
    own read-only folder still gets chmod."""
    import pwd

    import workflow

    folder = tmp_path / "output"
    folder.mkdir()
    owner = pwd.getpwuid(folder.stat().st_uid).pw_name
    assert "(chmod -R u+w " in workflow.unwritable(folder)
    monkeypatch.setattr(workflow.os, "geteuid", lambda: folder.stat().st_uid + 1)
    said = workflow.unwritable(folder)
    assert f"thư mục thuộc người dùng «{owner}» (có lẽ do một lệnh chạy bằng sudo): lấy lại quyền " \
           f"(sudo chown -R $(whoami) {folder})" in said
    assert "chmod" not in said


def test_the_output_lock_names_its_holder_and_dies_with_it(tmp_path):
    """A second holder is told the first one's command and PID; a holder
    killed with SIGKILL leaves no stale lock."""
    import signal

    from workflow import output_lock

    output = tmp_path / "output"
    script = tmp_path / "giu-thu-muc.py"
    script.write_text("import sys, time; from pathlib import Path; from workflow import output_lock\n"
                      "with output_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(120)\n",
                      encoding="utf-8")
    holder = subprocess.Popen([sys.executable, str(script), str(output), "--thu nghiem"], cwd=ROOT,
                              stdout=subprocess.PIPE, encoding="utf-8")
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(WorkflowError, match=(
                rf"^thư mục {re.escape(str(output))}/ đang được lệnh «giu-thu-muc\.py "
                rf"{re.escape(str(output))} '--thu nghiem'» \(PID {holder.pid}\) dùng — chờ lệnh đó xong")):
            with output_lock(output):
                pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    with output_lock(output):
        assert (tmp_path / ".output.lock").read_text(encoding="utf-8").split("\n")[0] == str(os.getpid())


# --- The test tools pip does not install (tools/test_tools.py) ------------------------
def test_missing_test_tools_are_named_with_their_packages_when_not_root(tmp_path, monkeypatch, capsys):
    from tools import test_tools

    monkeypatch.setenv("PATH", str(tmp_path))  # none of chromium (nor its headless shell), java, nginx, npm
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    monkeypatch.setattr(test_tools, "ROOT", tmp_path)
    said = ("Missing chromium, chromium-headless-shell, java, nginx, npm: install Debian's packages 'chromium', "
            "'chromium-headless-shell', 'default-jre-headless', 'nginx', 'nodejs', 'npm', then run make test again.\n")
    assert test_tools.install() == 1
    assert capsys.readouterr().err == said
    # make test asks first (`--check`), before it fills .venv (tests/test_workflow.py).
    assert test_tools.refused() == 1
    assert capsys.readouterr().err == said


FAKE_APT = """#!/bin/sh
echo "apt-get $*" >> "{log}"
if [ "$1" = install ]; then
  for tool in chromium chromium-headless-shell java nginx npm; do
    printf '#!/bin/sh\\necho "%s $*" >> "{log}"\\nmkdir -p node_modules && touch node_modules/.package-lock.json\\n' "$tool" > "{bin}/$tool"
    chmod +x "{bin}/$tool"
  done
fi
"""


def test_as_root_the_missing_tools_come_from_debian_and_npm_ci_runs_after(tmp_path, monkeypatch):
    """As CI runs (root, a fresh machine): apt-get installs Chromium, Java
    and Node.js with npm (a stand-in here, which makes the commands), then
    ``npm ci`` runs with the npm it installed."""
    from tools import test_tools

    bin_dir, log = tmp_path / "bin", tmp_path / "log"
    bin_dir.mkdir()
    (bin_dir / "apt-get").write_text(FAKE_APT.format(log=log, bin=bin_dir))
    (bin_dir / "apt-get").chmod(0o755)
    (tmp_path / "package-lock.json").write_text("{}")
    for command in ("sh", "mkdir", "touch", "chmod"):  # a PATH without chromium, java, nginx, npm
        (bin_dir / command).symlink_to(shutil.which(command))
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(test_tools, "ROOT", tmp_path)
    assert test_tools.install() == 0
    assert log.read_text().splitlines() == [
        "apt-get update -qq",
        "apt-get install -y -qq chromium chromium-headless-shell default-jre-headless nginx nodejs npm",
        "npm ci --no-audit --no-fund --ignore-scripts"]
    for name in test_tools.NPM_FILES:  # what npm ci installs (the stand-in made only its stamp)
        (tmp_path / "node_modules" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "node_modules" / name).touch()
    assert test_tools.install() == 0  # then only checks
    assert len(log.read_text().splitlines()) == 3
    # A file the tests read deleted (axe.min.js): npm ci again, not a
    # FileNotFoundError in the quality tests.
    (tmp_path / "node_modules" / "axe-core" / "axe.min.js").unlink()
    assert test_tools.install() == 0
    assert log.read_text().splitlines()[3:] == ["npm ci --no-audit --no-fund --ignore-scripts"]


@pytest.mark.parametrize("extra, says", [
    # A comma forgotten in UNION: the IT person's likeliest mistake.
    ('UNION = {"name": "Liên hiệp" "short_name": "x"}\n', ":2: lỗi cú pháp Python (invalid syntax"),
    ('DEFAULT_PAGINATION = "10" + 1\n', ":2: không đọc được tệp cấu hình (TypeError: can only concatenate str"),
    # The content folder moved, renamed or deleted: it was «settings.py: không đọc được tệp cấu hình
    # (ValueError: You need to specify a path containing the content …) — sửa dòng đó», no line to fix.
    ('PATH = "noi-dung"\n', "noi-dung/ — nếu nó vừa bị xoá, chuyển đi hay đổi tên, đổi lại tên cũ hoặc lấy lại "
                             "từ git (git -C "),
])
def test_a_broken_settings_file_is_one_line_naming_its_line(tmp_path, extra, says):
    from tests.support import settings_file

    settings = settings_file(tmp_path / "settings.py", extra=extra)
    with pytest.raises(WorkflowError) as raised:
        load_settings(settings)
    assert says in str(raised.value), raised.value
    # The checker (and every task) says it in one line, exit 2 («bad setting»).
    result = subprocess.run([sys.executable, "-m", "workflow.check", "--settings", str(settings)], cwd=ROOT,
                            capture_output=True, encoding="utf-8", timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("lỗi: ") and says in result.stderr and result.stdout == ""


def test_publish_to_gh_pages_with_the_old_domain_in_cname_stops_before_building(copy):
    """The union moved to a new domain (SITEURL, README «Taking over the current site», its «A new domain»):
    DEPLOY["cname"] still naming the old one made ghp-import write it to
    CNAME, and GitHub Pages served the site there, every page's CSS, photos
    and links on the new domain. Refused before building; the same host
    (any case, with or without a path in SITEURL) is published."""
    content, output, settings = copy
    moved = 'SITEURL = "https://lhh-moi.example.vn"\n'
    with pytest.raises(WorkflowError, match=r"^DEPLOY\['cname'\] «vustathaibinh.org.vn» khác tên miền của SITEURL "
                                            r"«https://lhh-moi.example.vn».* thành «lhh-moi.example.vn» rồi chạy lại"):
        publish(settings(moved + 'DEPLOY = {"target": "gh-pages", "push": False, "cname": "vustathaibinh.org.vn"}'),
                content, output)
    assert (output / "index.html").read_text(encoding="utf-8") == "bản cũ"
    assert leftovers(output) == []
    for siteurl, cname in (("https://lhh-moi.example.vn", "LHH-moi.example.vn"), ("https://x.example/bantin", "x.example")):
        given = {"SITEURL": siteurl, "DEPLOY": {"target": "gh-pages", "cname": cname}}
        assert deploy_settings(given)["cname"] == cname
    assert deploy_settings({"SITEURL": "https://a.example", "DEPLOY": {"cname": "b.example"}}, "none")["target"] is None


def test_publish_to_a_git_remote_the_clone_lacks_stops_before_building(tmp_path):
    """The build, the swap of output/ and a local gh-pages commit came
    first, then a ghp-import traceback and «kiểm tra kết nối»."""
    from workflow.publish import check_deploy_tools

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    deploy = {**DEPLOY_DEFAULTS, "target": "gh-pages", "remote": "khongco"}
    with pytest.raises(WorkflowError, match=r"^DEPLOY\['remote'\] «khongco» không phải kho git từ xa của bản "
                                            r"sao này \(có: chưa có kho nào\)"):
        check_deploy_tools(deploy, tmp_path)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "khongco", str(tmp_path)], check=True)
    check_deploy_tools(deploy, tmp_path)


def test_publish_without_rsync_stops_before_building(tmp_path, monkeypatch):
    """It was found after the build and the swap of output/."""
    import workflow.publish as publishing

    monkeypatch.setattr(publishing.shutil, "which", lambda name: None)
    deploy = {**DEPLOY_DEFAULTS, "target": "rsync", "host": "may-chu", "path": "/var/www"}
    with pytest.raises(WorkflowError, match=r"^chưa cài rsync trên máy này"):
        publishing.check_deploy_tools(deploy, tmp_path)
    monkeypatch.setattr(publishing.shutil, "which", lambda name: "/usr/bin/rsync")
    publishing.check_deploy_tools(deploy, tmp_path)


def test_a_build_error_in_a_log_keeps_its_file_name_on_one_line(tmp_path, monkeypatch):
    """On GitHub Actions (no terminal) Pelican laid the log out 80 columns
    wide and cut a file name in an error across two lines («bao-cao-tong-»
    / «ket-cong-tac-nam-2025.md:6»): `invoke publish` gives it 200."""
    import io

    from workflow.publish import log_width

    monkeypatch.delenv("COLUMNS", raising=False)
    assert log_width(io.StringIO()) == {"COLUMNS": "200"}
    monkeypatch.setenv("COLUMNS", "120")
    assert log_width(io.StringIO()) == {}  # what the person set
    content = tmp_path / "content"
    shutil.copytree(CONTENT / "pages", content / "pages")
    shutil.copytree(CONTENT / "extra", content / "extra")
    name = "bao-cao-tong-ket-cong-tac-nam-2025-cua-lien-hiep-hoi.md"
    write_files(content, {f"2025/{name}": "Title: Báo cáo\nDate: 2025-03-05\nAuthor: Ban thông tin\n"
                                          "Category: Tin hoạt động LHH\n\n![](x.png)\n"})
    monkeypatch.delenv("COLUMNS")
    pelican = Path(sys.executable).parent / "pelican"
    result = subprocess.run([str(pelican), str(content), "-s", str(ROOT / "publishconf.py"),
                             "-o", str(tmp_path / "out"), "--fatal", "errors"], cwd=ROOT, capture_output=True,
                            text=True, encoding="utf-8", env={**os.environ, **log_width(io.StringIO())}, timeout=300)
    assert result.returncode != 0
    assert re.search(rf"{name}:6: ", result.stdout + result.stderr), result.stdout + result.stderr


def test_clean_cache_says_what_it_could_not_remove(tmp_path, monkeypatch, capsys):
    """A cache folder left to root by one «sudo make serve»: «invoke clean
    --cache» said nothing (errors ignored), and every later build still
    stopped on that folder."""
    import errno
    import shutil as real_shutil

    import tasks

    kept, gone = tmp_path / "cache" / "derivatives", tmp_path / "cache" / "build"
    for folder in (kept, gone):
        (folder / "ab").mkdir(parents=True)
    monkeypatch.setattr(tasks, "CACHES", [gone, kept])
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    remove = real_shutil.rmtree

    def refusing(path, *args, **kwargs):
        if path == kept:
            raise PermissionError(errno.EACCES, "Permission denied", str(path / "ab"))
        remove(path, *args, **kwargs)

    monkeypatch.setattr(tasks.shutil, "rmtree", refusing)
    with pytest.raises(SystemExit) as stopped:
        tasks._workflow(tasks._remove, tasks.CACHES)
    assert stopped.value.code == 1 and not gone.exists()
    assert capsys.readouterr().err == ("lỗi: không xoá được cache/derivatives (không có quyền) — xoá thư mục đó bằng "
                                       "quyền của người đã tạo nó (ví dụ «sudo rm -rf cache/derivatives»), rồi chạy "
                                       "lại\n")


def test_clean_cache_removes_a_file_where_a_cache_folder_goes(tmp_path, monkeypatch):
    """The page cache's warning for a file in its folder's place says to run
    «invoke clean --cache»: that removes the file too (rmtree refused it)."""
    import tasks

    pages = tmp_path / "cache" / "pages"
    pages.parent.mkdir()
    pages.write_text("không phải thư mục", encoding="utf-8")
    monkeypatch.setattr(tasks, "CACHES", [pages])
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    tasks._workflow(tasks._remove, tasks.CACHES)
    assert not pages.exists()


@pytest.mark.parametrize("task", ["clean", "rebuild"])
def test_clean_says_when_output_stays(tmp_path, monkeypatch, capsys, task):
    """output/ left to root by one «sudo make serve»: «invoke clean» (and
    «invoke rebuild» before building) said nothing and exited 0 with
    output/ still there."""
    import errno

    import tasks

    output = tmp_path / "output"
    (output / "bai-viet").mkdir(parents=True)
    monkeypatch.setattr(tasks, "OUTPUT", output)
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    monkeypatch.setattr(tasks, "pelican", lambda *args: pytest.fail("built after output/ stayed"))

    def refusing(path, ignore_errors=False, **kwargs):  # root's folder: what stays, as rmtree leaves it
        if not ignore_errors:
            raise PermissionError(errno.EACCES, "Permission denied", str(path / "bai-viet"))

    monkeypatch.setattr(tasks.shutil, "rmtree", refusing)
    with pytest.raises(SystemExit) as stopped:
        getattr(tasks, task).body(None)
    assert stopped.value.code == 1 and output.exists()
    assert capsys.readouterr().err == ("lỗi: không xoá được output (không có quyền) — xoá thư mục đó bằng quyền của "
                                       "người đã tạo nó (ví dụ «sudo rm -rf output»), rồi chạy lại\n")


def test_a_gh_pages_push_refused_says_how_to_catch_up_without_a_traceback(tmp_path, capfd, monkeypatch):
    """The remote gh-pages published from another clone (or reset): the
    push was refused under ghp-import's traceback, with «kiểm tra kết nối
    rồi chạy lại», and running it again was refused again. Now a Vietnamese
    line names the fetch that lets the next publish follow the remote's."""
    from workflow.publish import send

    for name in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(name, "a@b")

    def git(*args, cwd=tmp_path):
        subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)

    def publish_from(clone, text):
        (tmp_path / "site" / "index.html").write_text(text, encoding="utf-8")
        send(deploy_command(deploy, tmp_path / "site"), deploy, tmp_path / clone)

    git("init", "-q", "--bare", "remote.git")
    for clone in ("here", "there"):
        git("init", "-q", clone)
        git("remote", "add", "origin", str(tmp_path / "remote.git"), cwd=tmp_path / clone)
    (tmp_path / "site").mkdir()
    deploy = {**DEPLOY_DEFAULTS, "target": "gh-pages"}
    publish_from("here", "một")
    git("fetch", "-q", "origin", cwd=tmp_path / "there")
    publish_from("there", "hai")  # another clone publishes
    capfd.readouterr()
    with pytest.raises(WorkflowError, match=r"^kho «origin» từ chối bản đăng: nhánh «gh-pages» ở đó có bản "
                                            r"đăng mà bản sao này không có .* «git fetch origin "
                                            r"\+gh-pages:gh-pages» và chạy lại"):
        publish_from("here", "ba")
    said = capfd.readouterr().err
    assert "[rejected]" in said and "Traceback" not in said
    git("fetch", "-q", "origin", "+gh-pages:gh-pages", cwd=tmp_path / "here")  # what it says
    publish_from("here", "ba")
    shown = subprocess.run(["git", "show", "gh-pages:index.html"], cwd=tmp_path / "remote.git",
                           capture_output=True, encoding="utf-8")
    assert shown.stdout == "ba"
