"""The union's bulletin: settings checks, the main menu and Hỏi & đáp.

- ``UNION`` (the union's name and contacts) and ``MENU`` are checked when
  Pelican starts: an unknown key or a wrong type stops the build, naming it.
- ``menu`` in the template context: the resolved main menu, a list of
  ``{"label", "url"}``; a category without articles is left out, a page or
  category that does not exist stops the build.
- ``section:NAME`` targets: a section of the site that another plugin
  writes (``section:van-ban``, ``section:album-anh``). That plugin's
  generator calls ``offer_section(context, NAME, url)`` while it reads its
  content, with ``url`` "" while it has nothing to show: the item appears
  once the section has content. A section no plugin offers stops the build.
- ``faq_items``: the questions and answers of Hỏi & đáp, one Markdown file
  each in ``content/hoi-dap/`` (``Title`` is the question, ``Date``, an
  optional ``Organization``; the body is the answer), newest first: only
  published ones (``rules.is_public``): a draft, hidden or skipped item is
  left out, and so is a future-dated one where ``WITH_FUTURE_DATES`` is
  False (production), until a build after its date.
- A future date holds back every kind of content, not only articles:
  Pelican makes a future-dated *article* a draft; ``hold_future`` does the
  same for every other kind (Hỏi & đáp items, pages, kinds added later).
- A draft is not published: where ``WRITE_DRAFTS`` is False (production,
  ``publishconf.py``), ``drop_drafts`` gives every draft of every kind (a
  future-dated item is one) an empty ``save_as``, so no page is written for
  it, as for a Hỏi & đáp item. Pelican alone writes drafts to ``ban-nhap/``
  in any build: an article dated next week, or a text marked draft, was
  readable on the public site by anyone who knew or guessed its address.
  The preview (``pelicanconf.py``, True) still shows them there. A file
  of ``STATIC_PATHS`` that only drafts link (their photos, a draft
  document's PDF) is not published either; one that a published or hidden
  item also links, or that nothing links, still is. A page that is
  published linking (``{filename}``) to a draft stops the build, and to a
  future-dated item is warned about, as the content checker says
  (``rules.unpublished_link``).
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import re
from datetime import datetime
from urllib.parse import unquote, urlsplit

from pelican import signals
from pelican.contents import Article, Page, SkipStub, Static
from pelican.generators import Generator

from plugins import search
from plugins.core import pelican_internals
from plugins.core.errors import display_path, fail
from plugins.core.photos import line_of, noted
from plugins.core.rules import (
    FAQ_PATH,
    address_clash,
    closest,
    content_items,
    date_written,
    file_line,
    folder_names,
    future_date,
    header_where,
    hidden_question_link,
    is_public,
    is_skipped,
    linked_file_problem,
    menu_page_future,
    menu_page_moved,
    menu_page_unpublished,
    missing_link,
    old_slugs,
    once_at,
    own_site_links,
    pages_by_slug,
    question_slug_taken,
    site_domains,
    skipped_link,
    split_files,
    unpublished_link,
    unsafe_link_target,
)
from plugins.core.written import compile_once

logger = logging.getLogger(__name__)

UNION_KEYS = ("name", "short_name", "copyright", "address", "phone", "email")
# The union's phone and e-mail are links (tel:, mailto:) in every page's
# footer, Liên hệ, the JSON-LD and Hỏi & đáp's «Gửi câu hỏi»: «0221.3.999.888
# (máy lẻ 12)» was published as «tel:02213999888(máylẻ12)», an address
# without «@» as a mailto: no mail program can send to.
PHONE = re.compile(r"\+?[0-9][0-9 .()\-]*[0-9]")
EMAIL = re.compile(r"[^@\s:<>\"(),;]+@[^@\s:<>\"(),;]+\.[^@\s:<>\"(),;.]{2,}")


class SettingsError(ValueError):
    pass


SITEURL_RE = re.compile(r"https?://[^\s/?#]+(/[^\s?#]*)?")
EXTERNAL_RE = re.compile(r"https?://[^\s/?#.]+(\.[^\s/?#.]+)+(/[^\s]*)?")  # a menu item to another site
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")  # previews: http:// is right there


def check_places(settings) -> None:
    """SITEURL is empty (development) or a whole http(s) address: without
    its «https://» every link of every page became relative (the site
    published without its stylesheet, exit 0), and the workflow exports it
    from a repository variable unchecked. The output folder holds none of
    the project's sources: «-o .» had the end pass rename the theme's own
    CSS and JS."""
    siteurl = settings.get("SITEURL", "")
    if not isinstance(siteurl, str) or (siteurl and not SITEURL_RE.fullmatch(siteurl)):
        raise SettingsError(f"SITEURL «{siteurl}» không phải địa chỉ http(s) đầy đủ — viết dạng "
                            "https://ten-mien.vn hoặc https://ten-mien.vn/thu-muc (không có dấu cách); trên "
                            "GitHub: biến SITEURL ở Settings › Secrets and variables › Actions › Variables")
    lasting = settings.get("FEED_ID_SITE", "")
    if not isinstance(lasting, str) or (lasting and not SITEURL_RE.fullmatch(lasting)):
        raise SettingsError(f"FEED_ID_SITE «{lasting}» không phải địa chỉ http(s) đầy đủ — viết địa chỉ công khai "
                            "đầu tiên của bản tin, ví dụ https://vustathaibinh.org.vn, và không đổi nó khi chuyển "
                            "tên miền (xem pelicanconf.py)")
    path = urlsplit(siteurl).path
    if re.search(r"\.(html?|php|aspx?)$", path, re.IGNORECASE):
        raise SettingsError(f"SITEURL «{siteurl}» kết thúc bằng tên tệp «{path.rsplit('/', 1)[-1]}»: mọi địa chỉ "
                            f"sẽ thành «{siteurl}/bai-viet/…» — bỏ tên tệp, viết «{siteurl.rsplit('/', 1)[0]}»")
    host = urlsplit(siteurl).hostname or ""
    if siteurl.startswith("http://") and host not in LOCAL_HOSTS and not host.endswith(".local"):
        logger.warning("SITEURL «%s» dùng http://: nếu trang được mở bằng https://, trình duyệt chặn CSS, JS và ảnh "
                       "của trang (nội dung không an toàn trên trang an toàn) và trang hiện không có giao diện — "
                       "nếu máy chủ có https, viết «https://%s»", siteurl, siteurl.removeprefix("http://"))
    output = os.path.realpath(settings.get("OUTPUT_PATH") or "output")
    for name in ("PATH", "THEME"):
        source = os.path.realpath(settings.get(name) or ".")
        if source == output or source.startswith(output + os.sep):
            raise SettingsError(f"thư mục ra «{settings.get('OUTPUT_PATH')}» chứa {name} «{settings.get(name)}» của "
                                "dự án: dựng trang vào đó sẽ ghi đè mã nguồn — chọn một thư mục khác, ví dụ "
                                "-o output")


# Settings that Pelican reads without a default in DEFAULT_CONFIG, ours, and
# pelican-sitemap's: with DEFAULT_CONFIG, the names a settings file may set.
PELICAN_READS = frozenset({
    "AUTHOR", "AUTORELOAD_IGNORE_CACHE", "CLEAN_URLS", "EXTRA_TEMPLATES_PATHS", "FEED_DOMAIN", "FEED_ALL_RSS",
    "JINJA_EXTENSIONS", "PAGINATED_DIRECT_TEMPLATES", "PLUGIN_PATH", "SITESUBTITLE", "SUMMARY_MAX_CHARS",
    "TIMEZONE", "TRANSLATION_FEED_RSS", "CATEGORY_FEED_RSS", "TAG_FEED_RSS", "AUTHOR_FEED_RSS", "SITEMAP",
})
OUR_SETTINGS = frozenset({
    "ABOUT", "ALBUMS", "BUILD_CACHE", "CATEGORIES", "CONTENT_RULES", "DEPLOY", "DERIVATIVE_CACHE", "DESK",
    "DOCUMENTS", "DOCUMENT_KINDS", "FEED_ID_SITE", "HEADERS", "IMAGES", "IMPORT_DOCX", "MENU", "OLD_URLS",
    "PARALLEL_READ", "PARALLEL_WRITE", "REDIRECTS", "RESERVED_PATHS", "SEARCH", "SEO", "UNION", "VISIT_COUNTER",
    "WRITE_DRAFTS",
    # set by our plugins when Pelican starts
    "CSP_META", "DESK_CONTENT_DIR", "RELATED", "SEO_LOGO", "SEO_SITEMAP_EXCLUDE", "SEO_UNLISTED", "THEME_ASSETS",
})
# Names made of a page kind: ARTICLE_URL, DOCUMENT_SAVE_AS, CATEGORY_FEED_ATOM_URL…
KIND_SUFFIXES = ("_URL", "_SAVE_AS", "_LANG_URL", "_LANG_SAVE_AS", "_FEED_ATOM", "_FEED_RSS",
                 "_FEED_ATOM_URL", "_FEED_RSS_URL")


def known_settings(settings) -> set[str]:
    from pelican.settings import DEFAULT_CONFIG

    known = set(DEFAULT_CONFIG) | PELICAN_READS | OUR_SETTINGS
    kinds = {name.removesuffix(suffix) for name in known for suffix in KIND_SUFFIXES if name.endswith(suffix)}
    kinds |= {"DRAFT_DOCUMENT", "DOCUMENT"} | {str(t).upper() for t in settings.get("DIRECT_TEMPLATES") or ()}
    return known | {kind + suffix for kind in kinds for suffix in KIND_SUFFIXES}


def typos(a: str, b: str) -> int:
    """Letters typed wrong between two names: inserted, dropped, changed or
    two swapped (optimal string alignment distance)."""
    previous2, previous = [], list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        row = [i]
        for j, y in enumerate(b, 1):
            row.append(min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x != y)))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[-1]


def misspelled_settings(settings) -> list[tuple[str, str]]:
    """(name, the known setting it looks like) for each setting no one
    reads that is one typo from one that is read (two, for a name of ten
    letters or more): Pelican and the plugins ignore a name they do not
    know, so ``SITE_URL`` in publishconf.py or ``DEFAULT_PAGINATON`` left
    the value before it in force without a word. A name further from every
    known one (a maintainer's own ``FOOTER_NOTE``, a theme's ``SITETITLE``)
    is left alone."""
    known = known_settings(settings)
    found = []
    for name in sorted(settings):
        if name in known or not name.isupper():
            continue
        allowed = 2 if len(name) >= 10 else 1
        close = sorted((typos(name, other), other) for other in known if abs(len(other) - len(name)) <= allowed)
        if close and close[0][0] <= allowed:
            found.append((name, close[0][1]))
    return found


def settings_line(name: str) -> str:
    """``pelicanconf.py:12`` where the project's settings files set ``name``, else the two files' names."""
    from plugins.core.build_cache import ROOT

    pattern = re.compile(rf"^{re.escape(name)}\s*=", re.MULTILINE)
    for file in ("publishconf.py", "pelicanconf.py"):
        try:
            text = (ROOT / file).read_text(encoding="utf-8")
        except OSError:
            continue
        match = pattern.search(text)
        if match:
            return f"{file}:{text.count(chr(10), 0, match.start()) + 1}"
    return "pelicanconf.py hoặc publishconf.py"


# Settings of Pelican's own themes that this theme does not read: set, they
# did nothing (a maintainer's external menu link appeared nowhere).
THEME_IGNORED = {
    "MENUITEMS": "mục menu", "LINKS": "liên kết", "SOCIAL": "liên kết mạng xã hội",
}


def check_settings(pelican):
    validate_settings(pelican.settings)
    # Connected now, after every plugin's register(): the last receiver.
    signals.all_generators_finalized.connect(pelican_internals.freeze_urls)


def validate_settings(settings) -> None:
    """Every check of the settings that needs no content, when Pelican
    starts and in ``invoke check`` (exit 2): a mistake stops both, naming
    the settings file's line where it can."""
    misspelled = misspelled_settings(settings)
    if misspelled:
        name, meant = misspelled[0]
        raise SettingsError(f"{settings_line(name)}: không có cấu hình tên «{name}» — có phải «{meant}»? Pelican "
                            f"bỏ qua tên lạ nên giá trị này chưa có tác dụng; sửa tên thành {meant}")
    for name, what in THEME_IGNORED.items():
        if name in settings:
            raise SettingsError(f"{settings_line(name)}: giao diện của bản tin không đọc {name} (cấu hình của giao "
                                f"diện mặc định của Pelican) nên {what} ở đó không hiện ở đâu — thêm vào MENU, ví dụ "
                                '("Cổng thông tin tỉnh", "https://…"), rồi xoá ' + name)
    union = settings.get("UNION")
    if not isinstance(union, dict):
        raise SettingsError("UNION phải là một dict (xem pelicanconf.py)")
    for key, value in union.items():
        if key not in UNION_KEYS:
            raise SettingsError(
                f"UNION: khoá lạ «{key}» — các khoá hợp lệ: {', '.join(UNION_KEYS)}"
            )
        if not isinstance(value, str):
            raise SettingsError(f"UNION[{key!r}] phải là chuỗi, không phải {type(value).__name__}")
        union[key] = value.strip()  # a value of spaces is empty: no «Email:» line linking nowhere
    for key in ("name", "short_name"):
        if not union.get(key, ""):
            raise SettingsError(f"UNION[{key!r}] không được để trống")
    check_contacts(union)
    sitename = settings.get("SITENAME")
    if not isinstance(sitename, str) or not sitename.strip():
        raise SettingsError(f"{settings_line('SITENAME')}: SITENAME (tên bản tin, ở đầu mọi trang và trong tiêu đề "
                            "thẻ trình duyệt) không được để trống — viết ví dụ SITENAME = \"Bản tin Liên hiệp Hội\"")
    from pelican.settings import DEFAULT_CONFIG

    if sitename == DEFAULT_CONFIG["SITENAME"]:
        raise SettingsError(f"chưa đặt SITENAME nên mọi trang mang tên mặc định của Pelican «{sitename}» — viết "
                            "tên bản tin trong pelicanconf.py, ví dụ SITENAME = \"Bản tin Liên hiệp Hội\"")
    menu = settings.get("MENU")
    if not isinstance(menu, (list, tuple)) or not all(
        isinstance(item, (list, tuple)) and len(item) == 2
        and all(isinstance(part, str) for part in item)
        for item in menu
    ):
        raise SettingsError('MENU phải là danh sách cặp ("Nhãn", "đích"), ví dụ ("Trang chủ", "index")')
    for label, target in menu:
        if not label.strip():
            raise SettingsError(f"MENU: mục dẫn tới «{target}» chưa có nhãn — viết nhãn bạn đọc thấy, "
                                'ví dụ ("Liên hệ", "page:lien-he")')
        kind = target.split(":", 1)[0]
        if kind in ("http", "https") and not EXTERNAL_RE.fullmatch(target):
            raise SettingsError(f"{settings_line('MENU')}: MENU: địa chỉ «{target}» của «{label}» không đúng dạng — "
                                "viết đầy đủ, ví dụ «https://thaibinh.gov.vn», không có dấu cách")
        if target != "index" and kind not in ("page", "category", "section", "http", "https"):
            raise SettingsError(
                f"{settings_line('MENU')}: MENU: đích «{target}» của «{label}» không hợp lệ — dùng "
                "«index», «page:SLUG», «category:TÊN», «section:TÊN» hoặc địa chỉ một trang web khác "
                "(«https://…»)"
            )
    check_categories(settings)
    check_pagination(settings)
    check_places(settings)
    one_address_per_kind(settings)
    limit = settings.get("SUMMARY_MAX_CHARS", 300)  # ours: the checker's and the desk's «Summary:» length
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise SettingsError(f"{settings_line('SUMMARY_MAX_CHARS')}: SUMMARY_MAX_CHARS (số ký tự tối đa của dòng "
                            f"«Summary:») phải là một số nguyên dương, không phải {limit!r} — viết số không có "
                            "dấu nháy, ví dụ SUMMARY_MAX_CHARS = 300")
    if not isinstance(settings.get("WRITE_DRAFTS", True), bool):
        raise SettingsError("WRITE_DRAFTS phải là True hoặc False (xem pelicanconf.py và publishconf.py)")


def check_contacts(union: dict) -> None:
    """The phone and e-mail, which pages link to, are one number and one
    address (an extension or a second number goes in Liên hệ's text).
    Where ``UNION`` is written is read from the settings files only for a
    message (not at every start)."""
    problem = contact_problem(union)
    if problem:
        raise SettingsError(f"{settings_line('UNION')}: {problem}")


def contact_problem(union: dict) -> str | None:
    phone = union.get("phone", "")
    digits = sum(character.isdigit() for character in phone)
    if phone and (not PHONE.fullmatch(phone) or not 6 <= digits <= 12):
        two = " — có vẻ là hai số" if PHONE.fullmatch(phone) and digits > 12 else ""
        return (f"UNION['phone'] «{phone}» không phải một số điện thoại{two}: trang viết nó thành liên kết gọi "
                "điện, nên chỉ viết chữ số (có thể kèm dấu chấm, cách, gạch ngang), ví dụ «0227 3 840 223»; số "
                "máy lẻ hay số thứ hai: viết trong nội dung trang Liên hệ")
    email = union.get("email", "")
    if email.lower().startswith("mailto:"):
        return f"UNION['email'] «{email}»: bỏ «mailto:» ở đầu, chỉ viết địa chỉ thư, ví dụ «{email[7:]}»"
    if email and not EMAIL.fullmatch(email):
        return (f"UNION['email'] «{email}» không phải một địa chỉ thư điện tử (dạng «ten@mien.vn»): trang viết "
                "nó thành liên kết gửi thư — sửa lại, hoặc để trống (\"email\": \"\") nếu chưa có")
    return None


LANG_KINDS = ("ARTICLE", "PAGE", "DRAFT", "DRAFT_PAGE", "DOCUMENT", "DRAFT_DOCUMENT")


def one_address_per_kind(settings) -> None:
    """An item in another language (``Lang: en``, an abstract for partners)
    lives at its kind's address, with its language on the page: Pelican
    wrote an article at the site's root as «slug-en.html» (listings and
    feeds linked there, the page said lang="vi"), and a document stopped
    the build with «KeyError: 'DOCUMENT_LANG_SAVE_AS'». The site has no
    translations; a ``{KIND}_LANG_*`` the settings set is kept."""
    from pelican.settings import DEFAULT_CONFIG

    for kind in LANG_KINDS:
        for part in ("URL", "SAVE_AS"):
            name = f"{kind}_LANG_{part}"
            default = DEFAULT_CONFIG.get(name)
            if f"{kind}_{part}" in settings and settings.get(name, default) == default:
                settings[name] = settings[f"{kind}_{part}"]


def check_categories(settings) -> None:
    """CATEGORIES is a list of names, no two of one address, and every menu
    category is one of them (checked when Pelican starts, before any
    article is read). «Hoạt động tư vấn» and «Hoạt động Tư vấn» both listed
    made one category page under two names (the desk offered both)."""
    categories = settings.get("CATEGORIES")
    if not isinstance(categories, (list, tuple)) or not all(
        isinstance(name, str) and name.strip() for name in categories
    ):
        raise SettingsError(
            f'{settings_line("CATEGORIES")}: CATEGORIES phải là danh sách tên chuyên mục, ví dụ ["Tin hoạt động LHH"]'
        )
    clash = address_clash(categories)
    if clash:
        first, later = clash
        twice = (f"«{later}» có hai lần" if first == later else
                 f"«{first}» và «{later}» là một chuyên mục (một địa chỉ: chỉ khác chữ hoa hay dấu)")
        raise SettingsError(f"{settings_line('CATEGORIES')}: CATEGORIES: {twice} — giữ một tên, xoá tên kia")
    for label, target in settings["MENU"]:
        kind, _, name = target.partition(":")
        if kind == "category" and name not in categories:
            meant = closest(name, categories)
            fix = (f"có phải «{meant}»? Sửa mục này của MENU" if meant else
                   f"thêm «{name}» vào CATEGORIES hoặc sửa mục này của MENU")
            raise SettingsError(
                f"{settings_line('MENU')}: MENU: chuyên mục «{name}» (mục «{label}») không có trong CATEGORIES — {fix}"
            )


def check_pagination(settings) -> None:
    """PAGINATED_TEMPLATES, merged over Pelican's defaults: a maintainer who
    wrote {"index": 20} for the home page took paging from the tag,
    category and author pages, and the build stopped in English
    («'articles_page' is undefined»). Values: a number of items a page, or
    None for DEFAULT_PAGINATION."""
    from pelican.settings import DEFAULT_CONFIG

    given = settings.get("PAGINATED_TEMPLATES", {})
    where = settings_line("PAGINATED_TEMPLATES")
    if not isinstance(given, dict):
        raise SettingsError(f'{where}: PAGINATED_TEMPLATES phải là một dict, ví dụ {{"index": 20}} (20 bài một '
                            "trang chủ; các trang khác theo DEFAULT_PAGINATION)")
    known = {*DEFAULT_CONFIG["PAGINATED_TEMPLATES"], *(settings.get("DIRECT_TEMPLATES") or ()),
             "period_archives", "documents", "albums"}
    for name, count in given.items():
        if name not in known:
            meant = closest(str(name), known)
            raise SettingsError(f"{where}: PAGINATED_TEMPLATES: không có trang «{name}»"
                                + (f" — có phải «{meant}»?" if meant else "") + " — các tên: "
                                + ", ".join(sorted(known)) + " («index» là trang chủ)")
        if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 1):
            raise SettingsError(f"{where}: PAGINATED_TEMPLATES[{name!r}] phải là số bài một trang (số nguyên "
                                f"dương, không có dấu nháy) hoặc None, không phải {count!r}")
    settings["PAGINATED_TEMPLATES"] = {**DEFAULT_CONFIG["PAGINATED_TEMPLATES"], **given}


def page_window(here: int, last: int) -> list[int | None]:
    """The page numbers a listing's navigation shows on page `here` of
    `last`, None for a «…»: every page up to seven, else always seven
    places, so the numbers do not shift under a thumb from one page to the
    next: the first, the last, this page and one each side, a «…» only
    where it stands for two pages or more («1 … 6 [7] 8 … 146», «1 2 [3] 4
    5 … 146», «1 … 142 143 [144] 145 146»). Five years of articles are ~150
    pages: with only «Trang trước/Trang sau» the oldest was 145 taps away.
    ``m.pagination()`` in ``theme/templates/macros.html`` renders it."""
    if last <= 7:
        return list(range(1, last + 1))
    if here <= 4:
        return [1, 2, 3, 4, 5, None, last]
    if here >= last - 3:
        return [1, None, *range(last - 4, last + 1)]
    return [1, None, here - 1, here, here + 1, None, last]


def add_page_window(generator) -> None:
    """generator_init: ``page_window(here, last)`` in templates."""
    generator.env.globals["page_window"] = page_window


def offer_section(context, name: str, url: str) -> None:
    """A generator's section of the site for ``section:NAME`` menu items:
    its site-relative URL, or "" while it has no content (left out)."""
    context.setdefault("menu_sections", {})[name] = url


def resolve_menu(generators):
    context = generators[0].context
    pages = pages_by_slug([*context.get("pages", []), *context.get("hidden_pages", [])])
    context["pages_by_slug"] = pages  # the footer's privacy page (base.html)
    categories = {category.name: category for category, _ in context.get("categories", [])}
    menu = []
    for label, target in context["MENU"]:
        if target == "index":
            menu.append({"label": label, "url": ""})
            continue
        kind, name = target.split(":", 1)
        if kind in ("http", "https"):  # another site (the province's portal)
            menu.append({"label": label, "url": target, "external": True})
            continue
        if kind == "section":
            sections = context.get("menu_sections", {})
            if name not in sections:
                raise SettingsError(
                    f"MENU: không có phần nào tên «{name}» (mục «{label}») — các phần: "
                    + (", ".join(f"«{n}»" for n in sorted(sections)) or "không có (plugin chưa bật)")
                )
            if sections[name]:
                menu.append({"label": label, "url": sections[name]})
        elif kind == "page":
            drafts = pages_by_slug(context.get("draft_pages", []))
            if name not in pages and name in drafts and getattr(drafts[name], "held_until", None):
                # Dated in the future: held back until then (hold_future).
                fail(f"{header_where(drafts[name].source_path, 'date')}: "
                     f"{menu_page_future(label, date_written(drafts[name]))}")
            if name not in pages and name in drafts:  # the page is there, an editor made it a draft
                fail(f"{header_where(drafts[name].source_path, 'status')}: "
                     f"{menu_page_unpublished(label, 'draft')}")
            if name not in pages:
                moved = next((item for item in [*context.get("pages", []), *context.get("hidden_pages", []),
                                                *context.get("draft_pages", [])]
                              if once_at(item.source_path, item.metadata.get("old_slug"), name)), None)
                if moved is not None:  # its Slug changed by hand
                    fail(f"{header_where(moved.source_path, 'slug')}: {menu_page_moved(label, name)}")
                # Where the build reads pages (the suite builds tests/content/:
                # «tạo trang content/pages/…» named a file that was there).
                folder = os.path.join(context["PATH"], (context.get("PAGE_PATHS") or ["pages"])[0])
                raise SettingsError(
                    f"MENU: không có trang nào có Slug «{name}» (mục «{label}») — tạo trang "
                    f"{display_path(os.path.join(folder, name + '.md'))} hoặc sửa mục này của MENU"
                )
            menu.append({"label": label, "url": pages[name].url})
        elif name in categories:
            menu.append({"label": label, "url": categories[name].url})
        elif name not in context["CATEGORIES"]:
            raise SettingsError(
                f"MENU: chuyên mục «{name}» (mục «{label}») không có trong CATEGORIES"
            )
    context["menu"] = menu


_LITERAL_ID = re.compile(r"""\bid=["']([A-Za-z0-9_-]+)["']""")


def page_ids(env, page) -> set[str]:
    """The ids the Hỏi & đáp page has of its own: those written in its
    template and every template it extends, includes or imports (the skip
    link's target «noi-dung», the search box's…), and those in its body."""
    from jinja2 import meta

    ids, seen, todo = set(), set(), [f"{page.template}.html"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        source = env.loader.get_source(env, name)[0]
        ids.update(_LITERAL_ID.findall(source))
        todo.extend(found for found in meta.find_referenced_templates(env.parse(source)) if found)
    ids.update(_LITERAL_ID.findall(page._content or ""))
    return ids


def assign_anchors(public, reserved: set[str]) -> None:
    """Each question's anchor on the page (``item.anchor``) and the earlier
    ones its ``Old_slug:`` keeps (``item.old_anchors``), unique on the page.
    Its slug when free, the oldest first; then the earlier anchors still
    free; then «-2», «-3»… for the later of two alike, past every id taken
    (two «Mức phí hội viên?» and a «Mức phí hội viên 2?» were
    «muc-phi-hoi-vien-2» twice; «Nội dung?» was the skip link's target)."""
    taken = set(reserved)
    oldest_first = list(reversed(public))
    for item in oldest_first:
        item.anchor = None if item.slug in taken else item.slug
        taken.add(item.slug)
    for item in oldest_first:
        value = item.metadata.get("old_slug")
        earlier = old_slugs(value)[0] if value else []
        item.old_anchors = [slug for slug in earlier if slug not in taken]
        taken.update(item.old_anchors)
    for item in oldest_first:
        if item.anchor is None:
            number = 2
            while f"{item.slug}-{number}" in taken:
                number += 1
            item.anchor = f"{item.slug}-{number}"
            taken.add(item.anchor)


# The folder, next to the Hỏi & đáp page, of the pages only the search
# index reads: one per published question (FaqGenerator.write_search_pages).
SEARCH_FOLDER = "_tim-kiem"


class FaqGenerator(Generator):
    """Reads ``content/hoi-dap/*.md`` into ``faq_items``; writes no page of
    its own (the page with ``Template: faq`` lists them), only what the
    search index reads of them (``write_search_pages``)."""

    def generate_context(self):
        self.items = []  # every item read, public or not (plugins scan them)
        for path in self.get_files(FAQ_PATH):
            item = self.readers.read_file(
                base_path=self.path, path=path, content_class=Page, context=self.context
            )
            if not isinstance(item, SkipStub):  # Status: skip
                item.override_save_as = ""  # no page of its own: nothing
                item.override_url = ""      # claims or hides an address
                item.faq_question = True    # a link to a hidden one is refused
                self.items.append(item)
        self.items.sort(key=lambda item: (item.date, item.source_path), reverse=True)
        oldest = {}  # slug: the oldest question with it (keeps the bare anchor)
        for item in reversed(self.items):
            if item.slug in oldest:
                logger.warning("%s: %s", header_where(item.source_path, "slug"), question_slug_taken(
                    item.slug, display_path(oldest[item.slug].source_path), item.metadata.get("title", "")))
            else:
                oldest[item.slug] = item
        public = [item for item in self.items if is_public(item)]
        page = next((page for page in self.context.get("pages", []) if page.template == "faq"), None)
        assign_anchors(public, page_ids(self.env, page) if page is not None else set())
        # A {filename} link to a question lands on it, on the Hỏi & đáp page
        # (it was published as «{filename}/hoi-dap/….md», an English warning
        # the only word); a draft's is refused as any link to a draft.
        for item in self.items:
            if page is not None:
                item.override_url = f"{page.url}#{getattr(item, 'anchor', item.slug)}"
            self.add_source_path(item)
        self.context["faq_items"] = public
        options = self.settings.get("SEARCH")
        if page is not None and page.save_as and is_public(page) and public and options and options.get("enabled"):
            folder = posixpath.join(posixpath.dirname(page.save_as), SEARCH_FOLDER)
            self.search_folder = os.path.join(self.output_path, folder)
            search.index_only(self.search_folder, posixpath.join(folder, "*.html"), self.write_search_pages)

    def write_search_pages(self):
        """Each published question as a page only the search index reads
        (``faq_search.html``): a result of its own that opens its place on
        the Hỏi & đáp page. ``plugins.search`` calls this just before
        Pagefind starts and removes the folder once Pagefind has read it.
        Not through Pelican's writer: its ``content_written`` made the
        sitemap list them as pages of the site."""
        os.makedirs(self.search_folder, exist_ok=True)
        template = self.get_template("faq_search")
        # Its address from the site's root (the root of SITEURL's path), as
        # Pagefind gives an article's: a copy of the site served from
        # another host opens its own Hỏi & đáp page.
        root = urlsplit(self.settings.get("SITEURL") or "").path.rstrip("/")
        for item in self.context["faq_items"]:
            text = template.render({**self.context, "question": item, "search_item": item,
                                    "search_question": True, "search_url": f"{root}/{item.url}"})
            with open(os.path.join(self.search_folder, f"{item.anchor}.html"), "w", encoding="utf-8") as file:
                file.write(text)

    def generate_output(self, writer):
        pass


def hold_future(item):
    """content_object_init: a future-dated item of any kind is a draft where
    WITH_FUTURE_DATES is False, as Pelican does for articles only (after
    this signal). It keeps the address it will have: a published page's
    link to it pointed at the draft's «ban-nhap/…», which production never
    writes, and a feed entry kept that dead link after the item appeared."""
    if isinstance(item, Static) or item.settings.get("WITH_FUTURE_DATES", True):
        return
    date = getattr(item, "date", None)
    if isinstance(date, datetime) and getattr(item, "status", "") == "published":
        now = datetime.now(date.tzinfo) if date.tzinfo else datetime.now()
        if date > now:
            try:
                item.override_url = item.url  # the published address, computed while it is published
            except KeyError:
                pass  # a Hỏi & đáp item: no address of its own (its place on the page is set later)
            item.held_until = date  # not the editor's «Status:» (resolve_menu says which)
            if not isinstance(item, Article):  # Pelican makes an article a draft itself
                item.status = "draft"


# A {filename}, {static} or {attach} link in an item's HTML (Pelican
# resolves it when the page is rendered; in code it is text, never an
# attribute). Photos (src) are plugins.images' own.
LINK = re.compile(r"""\bhref\s*=\s*(["'])[{|](?P<kind>filename|static|attach)[}|](?P<target>.*?)\1""")
PLACEHOLDER = re.compile(r"""href\s*=\s*["'][{|](?:filename|static|attach)[}|]""")
# Links and photos: an address that unsafe_link_target refuses.
ANY_LINK = re.compile(r"""\b(?:href|src)\s*=\s*(["'])[{|](?P<kind>filename|static|attach)[}|](?P<target>.*?)\1""")
STATIC_ENTRY = re.compile(r"^[{|](?:static|attach)[}|]")


def link_path(item, written: str) -> str | None:
    """The file a link written in an item (``{filename}`` and the like
    taken off, HTML entities read) points to: an absolute normalised path,
    resolved as the content checker resolves it (from the content folder,
    or from the item's own); None for a link to the page itself."""
    target = unquote(written.split("#", 1)[0].split("?", 1)[0])
    if not target:
        return None
    base = (os.path.abspath(item.settings["PATH"]) if target.startswith("/")
            else os.path.dirname(os.path.abspath(item.source_path)))
    return os.path.normpath(os.path.join(base, target.lstrip("/")))


def content_path(item, path: str) -> str:
    """An absolute path as Pelican keys its content (relative to the
    content folder, with "/")."""
    return os.path.relpath(path, os.path.abspath(item.settings["PATH"])).replace(os.sep, "/")


def where_named(item, written: str) -> str:
    """``file:line`` of the line of an item's file that names `written`."""
    line = file_line(item.source_path, lambda text: line_of(text, written))
    return f"{display_path(item.source_path)}:{line}"


def check_links(item) -> None:
    """content_object_init: a ``{filename}``, ``{static}`` or ``{attach}``
    link to a file that is not there stops the build with the checker's
    message (``rules.missing_link``, the file's line). Pelican only warned,
    in English, and published the placeholder itself as the link
    (``href="{filename}/2025/bai-cu.md"``); a target it cannot parse
    (``{filename}//[x``) ended in a traceback. Photos (``src``) are
    ``plugins.images``' to check."""
    content = getattr(item, "_content", None) or ""
    if isinstance(item, Static):
        return
    if "&quot;" in content or "&lt;" in content or "&gt;" in content or "&#" in content:
        for match in ANY_LINK.finditer(content):
            problem = unsafe_link_target(match["kind"], match["target"])
            if problem:
                fail(f"{where_named(item, html.unescape(match['target']).split('#')[0].split('?')[0])}: {problem}")
    if "href" not in content or not PLACEHOLDER.search(content):
        return  # most articles: photos (src) only, or no link of ours
    for match in LINK.finditer(content):
        written = html.unescape(match["target"])
        path = link_path(item, written)
        if path is None:
            continue
        folder, name = os.path.split(path)
        names = folder_names(folder)
        if name not in names:
            fail(f"{where_named(item, written)}: {missing_link(match['kind'], written, path, names, item.source_path)}")
        noted(path)
        if problem := linked_file_problem(written, path):
            fail(f"{where_named(item, written)}: {problem}")  # a file offered for download
        if (match["kind"] == "filename" and getattr(item, "status", "") != "draft"
                and name.lower().endswith(".md") and is_skipped(path)):
            fail(f"{where_named(item, written)}: {skipped_link(written)}")


def static_references(item) -> set[str]:
    """The content-relative paths of the static files an item links: in
    its body (Pelican's own list) and in its headers (``Image:``, a
    document's ``Files:``)."""
    found = set(item.get_static_links()) if item._content else set()
    return found | header_references(item)


def header_references(item, skip: tuple[str, ...] = ()) -> set[str]:
    """The content-relative paths of the static files an item's headers
    name (``Image:``, a document's ``Files:``), but those of ``skip``."""
    found = set()
    for key, value in item.metadata.items():
        if key in skip or not isinstance(value, str) or "static" not in value:
            continue
        for entry in split_files(value):
            path = link_path(item, STATIC_ENTRY.sub("", entry)) if STATIC_ENTRY.match(entry) else None
            if path:
                found.add(content_path(item, path))
    return found


def file_links(item) -> set[str]:
    """The content-relative paths of the files an item links as files, for
    readers to open or download: a body link (``href``: ``{static}``,
    ``{attach}``, ``{filename}``) and a header but ``Image:`` (a document's
    ``Files:``). A photo a body only shows (``<img src>``) or ``Image:``
    names is not among them: readers get its copies (``plugins.images``)."""
    found = header_references(item, skip=("image",))
    for match in LINK.finditer(item._content or ""):
        path = link_path(item, html.unescape(match["target"]))
        if path:
            found.add(content_path(item, path))
    # A link written as the site's path («[Tải về](/van-ban/2025/a.pdf)») or
    # with the union's address (plugins.redirects writes both from SITEURL
    # before this is asked: the PDF was then not published).
    for _, path, preview in own_site_links(item._content or "", site_domains(item.settings)):
        target = link_path(item, "/" + path) if not preview else None
        if target and os.path.isfile(target):
            found.add(content_path(item, target))
    return found


def drop_drafts(generators):
    """all_generators_finalized: where WRITE_DRAFTS is False, no page for a
    draft (an empty save_as: Pelican's writer and ours write nothing), no
    static file only drafts link, and no published link to a draft. In
    every mode, no link to a hidden question."""
    items = content_items(generators)
    check_links_to_hidden_questions(items, generators[0].context)
    if generators[0].settings.get("WRITE_DRAFTS", True):
        return
    drafts = [item for item in items if getattr(item, "status", "") == "draft"]
    if not drafts:
        return
    for item in drafts:
        item.override_save_as = ""
        if held_back(item):
            now = datetime.now(item.date.tzinfo).replace(tzinfo=None)  # the site's clock, as Date is written
            logger.warning("%s: %s", header_where(item.source_path, "date"), future_date(date_written(item), now))
    check_links_to_drafts(items, generators[0].context)
    only_drafts = set().union(*(static_references(item) for item in drafts))
    if only_drafts:
        only_drafts -= set().union(*(static_references(item) for item in items if item.status != "draft"))
    for generator in generators:
        if only_drafts and isinstance(getattr(generator, "staticfiles", None), list):
            generator.staticfiles[:] = [static for static in generator.staticfiles
                                        if static.get_relative_source_path() not in only_drafts]


def held_back(item) -> bool:
    """A draft because of its future date, not its Status header."""
    return str(item.metadata.get("status", "")).lower() != "draft"


def filename_links(items, context):
    """(item, the link as written, the item it names or None) for every
    ``{filename}`` link of a published, hidden or scheduled item (a draft
    may link to anything)."""
    content = context.get("generated_content", {})
    for item in items:
        if item.status == "draft" and not held_back(item) or "filename" not in (item._content or ""):
            continue
        for match in LINK.finditer(item._content):
            written = html.unescape(match["target"])
            path = link_path(item, written) if match["kind"] == "filename" else None
            yield item, written, content.get(content_path(item, path)) if path else None


def check_links_to_hidden_questions(items, context) -> None:
    """A ``{filename}`` link to a Hỏi & đáp question with ``Status:
    hidden`` stops the build, as a link to a draft does: the question is
    not on the page, and the link led to an anchor no element had."""
    for item, written, target in filename_links(items, context):
        if getattr(target, "faq_question", False) and target.status == "hidden":
            fail(f"{where_named(item, written)}: {hidden_question_link(written)}")


def check_links_to_drafts(items, context) -> None:
    """A published or hidden item's ``{filename}`` link to a draft: an
    error for a draft, a warning for an item dated in the future."""
    for item, written, target in filename_links(items, context):
        if getattr(target, "status", "") != "draft":
            continue
        future = held_back(target)
        if item.status == "draft":  # scheduled: on its date, its link to a draft stops the build
            if not future:
                fail(f"{where_named(item, written)}: {unpublished_link(written, None, date_written(item))}")
            continue
        message = unpublished_link(written, date_written(target) if future else None)
        if future:
            logger.warning("%s: %s", where_named(item, written), message)
        else:
            fail(f"{where_named(item, written)}: {message}")


def add_faq_generator(pelican):
    return FaqGenerator


# A link within the page (a footnote's «1», its «↩»).
_FRAGMENT_HREF = re.compile(r'href="#')


def absolute_fragments(fragment: str, url: str) -> str:
    """``href="#fn:1"`` → ``href="URL#fn:1"``: in a feed a reader resolves
    it against the feed's address, where the note is not."""
    return _FRAGMENT_HREF.sub(f'href="{html.escape(url)}#', fragment)


def finish_feed(context, feed) -> None:
    """feed_generated: each entry's links within its page made absolute,
    and the feed its own id (its address): all four feeds had the site's
    address as <id>, which feed readers take for one feed.

    Ids never change (Atom), so an entry's id is its item's first address
    on ``FEED_ID_SITE`` (the site's first public address): a Slug changed
    the documented way (Old_slug kept), a move to a new domain or under a
    path changed every id, and feed readers showed the newest entries
    again as new. No date is in it: a «tag:HOST,DATE:PATH» id took the
    item's Date, so an editor's corrected Date (a typo, another year)
    made it a second, "new" entry in every feed reader."""
    base = (context.get("FEED_DOMAIN") or context.get("SITEURL") or "").rstrip("/")
    authority = (context.get("FEED_ID_SITE") or base).rstrip("/")

    def lasting(address: str) -> str:
        """An address of this site as its first public address has it."""
        if base and address.startswith(base + "/"):
            return authority + address[len(base):]
        return authority + address if address.startswith("/") else address  # no FEED_DOMAIN: a site path

    feed.feed["id"] = lasting(feed.feed.get("feed_url") or feed.feed["id"])
    first = first_addresses(context)
    for entry in feed.items:
        link = entry.get("link") or ""
        for key in ("description", "content"):
            if entry.get(key) and link:
                entry[key] = absolute_fragments(entry[key], link)
        path = urlsplit(link).path.lstrip("/")
        for url, earlier in first.items():
            if earlier and (path == url or path.endswith("/" + url)):
                link = link[: len(link) - len(url)] + earlier
                break
        if link:
            entry["unique_id"] = lasting(link)


def first_addresses(context) -> dict[str, str]:
    """{an item's address: the address it had first} for the items whose
    ``Old_slug:`` says they moved: its first entry (the desk appends), by
    the item's own URL pattern, as its redirect pages are made."""
    from plugins.redirects import earlier_paths

    found = {}
    for item in [*context.get("articles", []), *context.get("documents", [])]:
        if "old_slug" in getattr(item, "metadata", {}):
            earlier = earlier_paths(item)
            if earlier:
                found[item.url] = earlier[0].lstrip("/")
    return found


def register():
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(add_page_window)
    signals.generator_init.connect(compile_once)
    signals.feed_generated.connect(finish_feed)
    signals.get_generators.connect(add_faq_generator)
    signals.content_object_init.connect(hold_future)
    signals.content_object_init.connect(check_links)
    signals.all_generators_finalized.connect(resolve_menu)
    signals.all_generators_finalized.connect(drop_drafts)
    signals.article_generator_init.connect(pelican_internals.install_listings)
