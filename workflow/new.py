"""A new article: ``invoke new "Tiêu đề" [--category …] [--tags …] [--slug …]``,
or a new document: ``invoke new --kind van-ban "Trích yếu" [--number
45/KH-LHH] [--doc-kind "Kế hoạch"]``.

Writes ``content/<year>/<slug>.md`` (a document: ``content/van-ban/<year>/
<number or subject>.md``) with every header it needs and refuses to
overwrite a file, to take an address another item already has, or (a
document) a number already used that year.
The file is what the build and the checker accept: the slug is cut at a
hyphen to ``CONTENT_RULES["slug_max_chars"]`` (120) characters; tags are
split as Pelican splits them (on ``;`` if there is one, else on ``,``),
written so Pelican reads the same list, once per slug, in the spelling the
content already uses (``Thái Thuỵ`` becomes ``Thái Thụy``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from plugins.core.rules import (
    DESK_SLUG_FIELD,
    DOCUMENTS_PATH,
    ContentError,
    canonical_spellings,
    clean_slug,
    closest,
    file_header_lines,
    future_date,
    name_slug_problem,
    nfc,
    number_parts,
    number_slug,
    slug_problem,
    slugify,
    split_list,
)

from . import WorkflowError
from .check import Config, display_path, parse_date, read_all

TEMPLATE = """
<!-- Viết nội dung bài ở dưới dòng này, bằng Markdown. Điền «Summary:» (một
hai câu tóm tắt) và «Tags:» (các thẻ, cách nhau bởi dấu phẩy) ở trên. Ảnh:
chép vào content/images/{year}/ rồi viết ![Mô tả ảnh]({{static}}/images/{year}/ten-anh.jpg) -->
"""


DOCUMENT_TEMPLATE = """\
Title: {title}
Number: {number}
Date: {date}
Kind: {kind}
Issuer:
Signer:
Group:
Files:
Tags:

<!-- Điền «Number:» (số, ký hiệu như trên văn bản, ví dụ 45/KH-LHH) và «Kind:»
(một trong: {kinds}). Tệp đính kèm (PDF, Word…): chép vào
content/van-ban/{year}/ rồi viết «Files: {{static}}/van-ban/{year}/ten-tep.pdf»,
nhiều tệp cách nhau bởi dấu phẩy. Không có tệp: xoá dòng «Files:» và chép toàn
văn văn bản xuống dưới dòng này. «Signer:» người ký, «Group:» một trong: {groups}
(không bắt buộc). «Issuer:» để trống là Liên hiệp Hội, với tên của Liên hiệp Hội
vào ngày của văn bản; chỉ điền khi cơ quan khác ban hành. -->
"""


def choose_category(wanted: str | None, categories: tuple[str, ...]) -> str:
    if not categories:
        raise WorkflowError("chưa có chuyên mục nào trong danh sách chuyên mục của pelicanconf.py — "
                            "gửi thông báo này cho người phụ trách kỹ thuật để thêm ít nhất một chuyên mục")
    if not wanted:
        return categories[0]
    wanted = nfc(wanted.strip())
    if wanted in categories:
        return wanted
    raise not_listed("chuyên mục", wanted, categories, "CATEGORIES", "chuyên mục")


def not_listed(what: str, wanted: str, choices, setting: str, plural: str) -> WorkflowError:
    """An option that must be one of a settings list: the closest choice
    suggested, and every choice listed."""
    suggestion = closest(wanted, choices)
    return WorkflowError(
        f"{what} «{wanted}» không có trong danh sách — "
        + (f"có phải là «{suggestion}»? " if suggestion else "")
        + f"các {plural}: " + ", ".join(f"«{name}»" for name in choices)
        + f" (danh sách {setting} trong pelicanconf.py)"
    )


def choose_tags(tags: str, documents, limit: int, notes: list[str]) -> str:
    """The ``Tags:`` value to write: read as Pelican reads it, one tag per
    slug, spelled as the content already spells it; a tag that makes no
    address is refused."""
    chosen, seen = [], set()
    for tag in (nfc(tag) for tag in split_list(tags)):
        problem = name_slug_problem("Tags", tag, limit)
        if problem:
            raise WorkflowError(problem.replace("khỏi dòng «Tags:»", "khỏi --tags"))
        if slugify(tag) not in seen:
            seen.add(slugify(tag))
            chosen.append(tag)
        else:
            notes.append(f"thẻ «{tag}» trùng với một thẻ đã viết nên chỉ ghi một lần")
    used = [nfc(tag) for doc in documents if doc.readable for tag in split_list(doc.value("tags"))]
    spelling = canonical_spellings(used)
    existing = {slugify(name): spelling[name] for name in used}
    written = []
    for tag in chosen:
        tag_as_used = existing.get(slugify(tag), tag)
        if tag_as_used != tag:
            notes.append(f"thẻ «{tag}» được ghi là «{tag_as_used}», như các bài đã có")
        written.append(tag_as_used)
    return ("; " if any("," in tag for tag in written) else ", ").join(written)


@dataclass
class Plan:
    """Where a new article goes, checked: its title, slug, category, file
    and address; the content read to check it (for the tags' spelling)."""

    title: str
    slug: str
    category: str
    path: Path
    url: str
    documents: list = field(repr=False)
    limit: int  # CONTENT_RULES["slug_max_chars"]


def plan_article(title: str, settings: dict, category: str | None, now: datetime, slug: str = "",
                 notes: list[str] | None = None) -> Plan:
    """Check a new article's title, slug and category against the content:
    no file overwritten, no address another item has (WorkflowError if so).
    ``notes`` collects what is written differently from what was typed."""
    notes = [] if notes is None else notes
    config = Config.from_settings(settings)
    limit = config.rules["slug_max_chars"]
    title = nfc(" ".join(title.split()))
    if not title or title.startswith("-"):  # "" or an option typed as a title
        raise WorkflowError("tiêu đề trống — viết tiêu đề trong dấu ngoặc kép: "
                            "invoke new \"Tiêu đề bài viết\"")
    given = bool(slug)
    if slug:
        problem = slug_problem(slug, title, limit)
        if problem:
            raise WorkflowError(problem.replace("viết «Slug: ", "dùng «--slug ")
                                .removesuffix(f" ({DESK_SLUG_FIELD})"))
    else:
        slug = clean_slug(title, limit)
        if not slug:
            raise WorkflowError(f"tiêu đề «{title}» không có chữ cái hay chữ số nào để làm địa chỉ "
                                "trang — thêm chữ vào tiêu đề, hoặc cho địa chỉ bằng --slug, ví dụ "
                                "--slug bai-viet-moi")
        if len(slugify(title)) > limit:
            notes.append(f"tiêu đề dài nên địa chỉ được rút gọn còn {len(slug)} ký tự "
                         f"(giới hạn {limit}): {slug}")
    category = choose_category(category, config.categories)
    path = config.content / f"{now:%Y}" / f"{slug}.md"
    url = settings.get("ARTICLE_URL", "{slug}/").format(slug=slug)
    documents, _ = read_all(config)

    def other() -> str:  # a free address to suggest, once this one is taken
        used = {doc.url_key[1] for doc in documents if doc.url_key and doc.url_key[0] == "article"}
        return free_slug(slug, used | {file.stem for file in path.parent.glob("*.md")}, limit)

    if path.exists():
        raise SlugTaken(f"tệp {display_path(path)} đã có — không ghi đè; hãy mở tệp đó để sửa, hoặc cho "
                        f"bài mới một địa chỉ khác: --slug {other()}", slug, limit)
    for doc in documents:
        if doc.url_key and doc.url_key[:2] == ("article", slug):
            why = "" if given else " (tiêu đề giống nhau khi bỏ dấu)"
            fix = "chọn địa chỉ khác" if given else "chọn một tiêu đề khác, hoặc giữ tiêu đề và cho địa chỉ khác"
            raise SlugTaken(f"địa chỉ «{url}» đã thuộc về {display_path(doc.path)}{why} — {fix}: "
                            f"--slug {other()}", slug, limit)
    return Plan(title, slug, category, path, url, documents, limit)


class SlugTaken(WorkflowError):
    """The address a new article would have belongs to another file."""

    def __init__(self, message: str, slug: str, limit: int):
        super().__init__(message)
        self.slug, self.limit = slug, limit


def free_slug(slug: str, used, limit: int) -> str:
    """``slug-2``, ``slug-3``…: the first not in ``used``, within ``limit``."""
    base = slug[: limit - 4].rstrip("-")
    return next(f"{base}-{n}" for n in range(2, 1000) if f"{base}-{n}" not in used)


def header_text(plan: Plan, date: str, settings: dict, tags: str, summary: str = "",
                notes: list[str] | None = None) -> str:
    """The header block of a new article (ending with its blank line)."""
    tag_list = choose_tags(tags, plan.documents, plan.limit, [] if notes is None else notes)
    return (f"Title: {plan.title}\nDate: {date}\nAuthor: {settings.get('AUTHOR', '')}\n"
            f"Category: {plan.category}\nTags:{' ' + tag_list if tag_list else ''}\nSlug: {plan.slug}\n"
            f"Summary:{' ' + summary if summary else ''}\n")


def new_article(title: str, settings: dict, category: str | None = None, tags: str = "",
                now: datetime | None = None, slug: str = "",
                notes: list[str] | None = None, date: str | None = None) -> tuple[Path, str]:
    """Write the article; return its path and its address (site-relative).
    ``notes`` collects what was written differently from what was typed."""
    notes = [] if notes is None else notes
    now, written = given_date(date, now, Config.from_settings(settings), notes)
    plan = plan_article(title, settings, category, now, slug, notes)
    text = header_text(plan, written, settings, tags, notes=notes) + TEMPLATE.format(year=f"{now:%Y}")
    plan.path.parent.mkdir(parents=True, exist_ok=True)
    with open(plan.path, "x", encoding="utf-8") as file:  # never overwrite, even in a race
        file.write(text)
    return plan.path, plan.url


def choose_kind(wanted: str, kinds: tuple[str, ...]) -> str:
    """A document's kind: one of DOCUMENT_KINDS (closest suggested), or ""
    for the editor to fill in."""
    wanted = nfc(wanted.strip())
    if not wanted or wanted in kinds:
        return wanted
    raise not_listed("loại văn bản", wanted, kinds, "DOCUMENT_KINDS", "loại")


def given_date(date: str | None, now: datetime | None, config: Config,
               notes: list[str] | None = None) -> tuple[datetime, str]:
    """(when, as written in «Date:») of a new file: ``--date`` (the date on a
    document entered from the union's backlog: its folder is that year's),
    else now; a future one is noted (it is published on that date)."""
    today = now or datetime.now(config.timezone).replace(tzinfo=None)
    if not date:
        return today, f"{today:%Y-%m-%d %H:%M}"
    try:
        when = parse_date(date)
    except ContentError as error:
        raise WorkflowError(f"--date: {error}") from None
    if notes is not None and when > today.replace(tzinfo=None):
        notes.append(future_date(date.strip(), today.replace(tzinfo=None)))
    return when, date.strip()


def year_written(path: Path) -> int | None:
    """The year of a content file's Date header (None: none, or unreadable)."""
    dates = file_header_lines(str(path), "date")
    try:
        return parse_date(dates[0][1]).year if dates else None
    except ContentError:
        return None


def new_document(title: str, settings: dict, number: str = "", kind: str = "",
                 now: datetime | None = None, date: str | None = None,
                 notes: list[str] | None = None) -> tuple[Path, str]:
    """Write a document's Markdown with every header; return its path and
    its address (the library's while the number is not known). ``date``:
    ``--date``, the date on the document (its folder is that year's)."""
    config = Config.from_settings(settings)
    title = nfc(" ".join(title.split()))
    number = nfc(number.strip())
    if not slugify(title) or title.startswith("-"):
        raise WorkflowError("trích yếu trống — viết trích yếu trong dấu ngoặc kép: "
                            "invoke new --kind van-ban \"Trích yếu văn bản\"")
    kind = choose_kind(kind, config.document_kinds)
    now, written = given_date(date, now, config, notes)
    # The file is named as the desk names it (the number as written,
    # «01-kh-lhh.md»); its address is the number's (number_slug: «1-kh-lhh»).
    slug = "-".join(number_parts(number)) or clean_slug(title, 60)
    path = config.content / DOCUMENTS_PATH / f"{now:%Y}" / f"{slug}.md"
    while path.exists() and year_written(path) not in (None, now.year):
        # Another year's document in this year's folder: the desk files a
        # document under the year it is entered (the CMS's {{year}}), not
        # its date's, so last year's «01/KH-LHH» entered in January held
        # this year's name, and this year's was told to give --date, which
        # named the same file again. Named as the desk names the next one.
        path = path.with_name(f"{slug}-{int(path.stem.removeprefix(slug).lstrip('-') or 0) + 1}.md")
    if path.exists():
        # Numbers start again every year («01/KH-LHH» each January): «mở
        # tệp đó để sửa» alone had an editor type 2022's plan over 2021's.
        raise WorkflowError(f"tệp {display_path(path)} đã có — không ghi đè; hãy mở tệp đó để sửa. Nếu đó là "
                            f"văn bản cùng số của một năm khác, cho ngày ghi trên văn bản này: --date YYYY-MM-DD "
                            f"(ví dụ --date {now.year - 1}-01-08; tệp mới sẽ ở thư mục của năm đó)")
    if number_slug(number):
        documents, _ = read_all(config)
        for doc in documents:
            if doc.kind == "document" and number_slug(doc.value("number")) == number_slug(number):
                try:
                    same_year = parse_date(doc.value("date")).year == now.year
                except ValueError:
                    same_year = False
                if same_year:
                    raise WorkflowError(f"số «{number}» năm {now:%Y} đã thuộc về {display_path(doc.path)} — "
                                        "kiểm tra lại số văn bản")
    text = DOCUMENT_TEMPLATE.format(
        title=title, number=number, date=written[:10], kind=kind,
        year=f"{now:%Y}",
        kinds=", ".join(config.document_kinds), groups=", ".join(config.document_groups) or "—",
    )
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as file:
        file.write(text)
    url = (settings["DOCUMENT_URL"].format(slug=number_slug(number), date=now) if number_slug(number)
           else f"{DOCUMENTS_PATH}/")
    return path, url


def new_content(kind: str, title: str, settings: dict, category: str | None = None, tags: str = "",
                number: str = "", doc_kind: str = "", slug: str = "",
                notes: list[str] | None = None, date: str = "") -> tuple[Path, str]:
    """``invoke new``: an article (``--kind bai-viet``) or a document (``van-ban``)."""
    if kind == "van-ban":
        return new_document(title, settings, number, doc_kind, date=date or None, notes=notes)
    if kind == "bai-viet":
        return new_article(title, settings, category, tags, slug=slug, notes=notes, date=date or None)
    raise WorkflowError(f"--kind «{kind}» không hợp lệ — dùng «bai-viet» (bài viết) hoặc «van-ban» "
                        "(văn bản)")
