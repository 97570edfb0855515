"""What the editors' desk (/quan-tri/) downloads, and where it connects.

    .venv/bin/python -m bench.desk

1. Local mode (``make serve``): the desk is opened, signed in to a working
   copy of content/ (tests/support/desk.py) and a new article is opened
   with its preview, as an editor starts; every response is listed with its
   size gzipped (gzip -9 of the served file, what a compressing host sends)
   and every request leaving 127.0.0.1 is counted (expected: none).
2. GitHub mode: signing in with a token. Requests to other hosts are
   recorded and answered here (nothing leaves the machine): GitHub's API
   with a made-up user and 404 for the rest, so the list shows the hosts and
   API paths the desk reaches for until it has a repository to read.
"""

from __future__ import annotations

import gzip
import json
import shutil
import tempfile
import urllib.parse
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.support import CHROMIUM, CHROMIUM_ARGS, ROOT, build_in_process, serve_folder
from tests.support.desk import PICKER, seed

FAKE_USER = {"login": "bien-tap-vien", "name": "Biên tập viên", "id": 1,
             "avatar_url": "https://avatars.githubusercontent.com/u/1?v=4", "email": None}


def local_mode(browser, url: str, output: Path, work: Path) -> tuple[list[tuple[str, int, int]], list[str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Asia/Ho_Chi_Minh")
    outside, served = [], []

    def route(route):
        if route.request.url.startswith(url + "/"):
            path = urllib.parse.urlsplit(route.request.url).path
            served.append(path)
            route.continue_()
        elif route.request.url.startswith(("blob:", "data:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    context.add_init_script(PICKER)
    page = context.new_page()
    page.goto(f"{url}/quan-tri/")
    page.wait_for_function("window.Desk && window.CMS")
    seed(page, work)
    page.get_by_text("Làm việc với kho mã nguồn cục bộ").click()
    page.get_by_text("Tạo mới").click()
    page.locator("section[data-key-path=title] input").fill("Hội thảo khoa học")
    page.wait_for_timeout(3000)  # the preview pane loads its modules
    context.close()
    sizes = []
    for path in dict.fromkeys(served):
        file = output / path.lstrip("/")
        file = file / "index.html" if path.endswith("/") else file
        if file.is_file():
            data = file.read_bytes()
            sizes.append((path, len(data), len(gzip.compress(data, 9))))
    return sizes, outside


def github_mode(browser, url: str) -> list[str]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    asked = []

    def route(route):
        request = route.request
        if request.url.startswith((url + "/", "blob:", "data:")):
            route.continue_()
            return
        parts = urllib.parse.urlsplit(request.url)
        asked.append(f"{request.method} {parts.scheme}://{parts.netloc}{parts.path}")
        if parts.netloc == "api.github.com" and parts.path == "/user":
            route.fulfill(status=200, content_type="application/json", body=json.dumps(FAKE_USER))
        elif "/collaborators/" in parts.path:  # "the token's user may write here"
            route.fulfill(status=204, body="")
        else:
            route.fulfill(status=404, content_type="application/json", body='{"message": "Not Found"}')

    context.route("**/*", route)
    page = context.new_page()
    page.goto(f"{url}/quan-tri/")
    page.wait_for_function("window.Desk && window.CMS")
    page.get_by_text("Đăng nhập bằng mã truy cập").click()
    page.locator("input[aria-label='Mã truy cập cá nhân']").fill("github_pat_KHONG_PHAI_MA_THAT")
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.wait_for_timeout(5000)
    context.close()
    return list(dict.fromkeys(asked))


def main() -> None:
    base = Path(tempfile.mkdtemp(prefix="desk-bench-"))
    try:
        output = base / "output"
        build_in_process(ROOT / "content", output, DESK={"repo": "lhh-thaibinh/ban-tin"})
        shutil.copytree(ROOT / "content", base / "work" / "content")
        server, url = serve_folder(output)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            sizes, outside = local_mode(browser, url, output, base / "work")
            asked = github_mode(browser, url)
            browser.close()
        server.shutdown()
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print("Local mode: files downloaded (bytes, gzip -9)")
    for path, size, zipped in sizes:
        print(f"  {path:60} {size:>10,} {zipped:>10,}")
    print(f"  {'total':60} {sum(s for _, s, _ in sizes):>10,} {sum(z for _, _, z in sizes):>10,}")
    print(f"Requests leaving 127.0.0.1 in local mode: {len(outside)} {outside}")
    print("GitHub mode, signing in with a token: requests to other hosts")
    for line in asked:
        print(f"  {line}")


if __name__ == "__main__":
    main()
