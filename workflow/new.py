"""A new article: ``invoke new "Tiêu đề" [--category …] [--tags …]``.

Writes ``content/<year>/<slug>.md`` with every header an article needs and
refuses to overwrite a file or to take an address another item already has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from plugins.core.rules import closest, nfc, slugify, split_list

from . import WorkflowError
from .check import Config, display_path, read_all

TEMPLATE = """
<!-- Viết nội dung bài ở dưới dòng này, bằng Markdown. Điền «Summary:» (một
hai câu tóm tắt) và «Tags:» (các thẻ, cách nhau bởi dấu phẩy) ở trên. Ảnh:
chép vào content/images/{year}/ rồi viết ![Mô tả ảnh]({{static}}/images/{year}/ten-anh.jpg) -->
"""


def choose_category(wanted: str | None, categories: tuple[str, ...]) -> str:
    if not categories:
        raise WorkflowError("chưa có chuyên mục nào trong CATEGORIES (pelicanconf.py) — "
                            "thêm ít nhất một chuyên mục")
    if not wanted:
        return categories[0]
    wanted = nfc(wanted.strip())
    if wanted in categories:
        return wanted
    suggestion = closest(wanted, categories)
    listed = ", ".join(f"«{name}»" for name in categories)
    raise WorkflowError(
        f"chuyên mục «{wanted}» không có trong danh sách CATEGORIES — "
        + (f"có phải là «{suggestion}»? " if suggestion else "")
        + f"các chuyên mục: {listed}"
    )


@dataclass
class Plan:
    """Where a new article goes, checked: its title, slug, category, file
    and address."""

    title: str
    slug: str
    category: str
    path: Path
    url: str


def plan_article(title: str, settings: dict, category: str | None, now: datetime) -> Plan:
    """Check a new article's title and category against the content: no
    file overwritten, no address another item has (WorkflowError if so)."""
    config = Config.from_settings(settings)
    title = nfc(" ".join(title.split()))
    slug = slugify(title)
    if not slug or title.startswith("-"):  # "" or an option typed as a title
        raise WorkflowError("tiêu đề trống — viết tiêu đề trong dấu ngoặc kép: "
                            "invoke new \"Tiêu đề bài viết\"")
    category = choose_category(category, config.categories)
    path = config.content / f"{now:%Y}" / f"{slug}.md"
    url = settings.get("ARTICLE_URL", "{slug}/").format(slug=slug)
    if path.exists():
        raise WorkflowError(f"tệp {display_path(path)} đã có — không ghi đè; hãy mở tệp đó để sửa, hoặc "
                            "chọn một tiêu đề khác")
    documents, _ = read_all(config)
    for doc in documents:
        if doc.url_key and doc.url_key[:2] == ("article", slug):
            raise WorkflowError(
                f"địa chỉ «{url}» đã thuộc về {display_path(doc.path)} (tiêu đề giống nhau khi bỏ dấu) — "
                "chọn một tiêu đề khác"
            )
    return Plan(title, slug, category, path, url)


def header_text(plan: Plan, date: str, settings: dict, tags: str, summary: str = "") -> str:
    """The header block of a new article (ending with its blank line)."""
    tag_list = ", ".join(nfc(tag) for tag in split_list(tags))
    return (f"Title: {plan.title}\nDate: {date}\nAuthor: {settings.get('AUTHOR', '')}\n"
            f"Category: {plan.category}\nTags:{' ' + tag_list if tag_list else ''}\nSlug: {plan.slug}\n"
            f"Summary:{' ' + summary if summary else ''}\n")


def new_article(title: str, settings: dict, category: str | None = None, tags: str = "",
                now: datetime | None = None) -> tuple[Path, str]:
    """Write the article; return its path and its address (site-relative)."""
    config = Config.from_settings(settings)
    if now is None:
        now = datetime.now(config.timezone)
    plan = plan_article(title, settings, category, now)
    text = header_text(plan, f"{now:%Y-%m-%d %H:%M}", settings, tags) + TEMPLATE.format(year=f"{now:%Y}")
    plan.path.parent.mkdir(parents=True, exist_ok=True)
    with open(plan.path, "x", encoding="utf-8") as file:  # never overwrite, even in a race
        file.write(text)
    return plan.path, plan.url
