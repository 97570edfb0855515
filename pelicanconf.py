"""Development settings for the bulletin of the union (Bản tin LHH).

Everything that names the union (its name, address, contacts) lives here,
never in templates: the province's name may change (Thái Bình merged into
Hưng Yên on 2025-07-01). ``publishconf.py`` imports this file and adds the
production-only settings.
"""

import logging
import os
from pathlib import Path

from pelican.log import FatalLogger

ROOT = Path(__file__).resolve().parent

# Any error (an article that cannot be read, a bad date, a plugin that fails
# to import, a template error) stops the build with a non-zero exit, as
# ``pelican --fatal errors`` would: Pelican's default logs it, drops the
# article and exits 0.
FatalLogger.fatal_lvl = 40  # logging.ERROR
# ``pelican -q`` ("critical messages only") would also hide errors, and a
# hidden error stops nothing: Pelican drops the article and exits 0, a site
# published without it. Errors are always shown, so they always stop.
for _logger in (logging.getLogger(), logging.getLogger("pelican")):
    if _logger.level > logging.ERROR:
        _logger.setLevel(logging.ERROR)

# --- The union -------------------------------------------------------------
# Shown in the header, footer, contact page and structured data. An empty
# value hides its line; nothing here is invented: the e-mail address is
# unknown (cut off in the capture of the current site), so it stays empty.
UNION = {
    "name": "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Thái Bình",
    "short_name": "Liên hiệp Hội Thái Bình",
    "copyright": "Bản quyền thuộc LIÊN HIỆP CÁC HỘI KHOA HỌC VÀ KỸ THUẬT THÁI BÌNH",
    "address": "Số 9 Trần Hưng Đạo, Thành phố Thái Bình",
    "phone": "02273.840.223",
    "email": "",
}

SITENAME = "Bản tin Liên hiệp Hội Thái Bình"
SITESUBTITLE = UNION["name"]
SITEURL = ""
AUTHOR = "Ban thông tin"

# --- Language, time and dates ---------------------------------------------
DEFAULT_LANG = "vi"
TIMEZONE = "Asia/Ho_Chi_Minh"
# Dates are formatted with Babel by the ``vietnamese`` plugin (no vi_VN
# locale exists on our machines): to change how readers see them, change
# vi_date / vi_date_short there (and desk.js siteDate, the desk's preview;
# a test compares them). These two only keep Pelican from touching the
# system locale.
LOCALE = ("C",)
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

# --- Content ---------------------------------------------------------------
PATH = "content"
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["pages", "hoi-dap", "images", "extra", "van-ban"]
PAGE_PATHS = ["pages"]
# content/van-ban/ holds the documents' Markdown (read by plugins.documents)
# and their attachments (copied as they are).
STATIC_PATHS = ["images", "van-ban"]
# Files no editor meant to publish: hidden ones (the desk's «Thư mục mới»
# commits .gitkeep; a Mac copies .DS_Store and ._anh.jpg), Word's owner file
# beside an open document, Windows' folder files. Pelican's default
# "**/.*" never matches a file's name (it has no "/"), so all were published.
IGNORE_FILES = [".*", "~$*", "[Tt]humbs.db", "[Dd]esktop.ini"]
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = ""
# Summaries are plain text like every other header (escaped by the
# ``vietnamese`` reader); the body is the only Markdown.
FORMATTED_FIELDS = []
SUMMARY_MAX_LENGTH = 60
# The longest ``Summary:`` an editor may write, in characters (the content
# checker, ``invoke check``, reports a longer one).
SUMMARY_MAX_CHARS = 300
# Rules the build and the checker share (plugins/core/rules.py; an unknown
# key or a wrong type stops both, naming the key). A date before
# earliest_year is probably a typo: a warning (the union was founded on
# 07/06/1999). An address (slug, from the title or a ``Slug:`` line, and a
# tag's or an author's) has at most slug_max_chars characters: the longest
# title on the union's current site makes 115; ``invoke new`` cuts a longer
# one at a hyphen.
CONTENT_RULES = {"earliest_year": 1999, "slug_max_chars": 120}
DEFAULT_PAGINATION = 10
# One listing's own number a page, e.g. the home page's:
# PAGINATED_TEMPLATES = {"index": 20} (the others keep DEFAULT_PAGINATION).
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang/{number}/", "{base_name}/trang/{number}/index.html"),
)

# The news categories, in menu order: the news sections of the union's
# current site (README, "Taking over the current site"). "Tin hoạt động
# LHH" is the label that site shows; "Hội thành viên" (its member
# associations' news) is read from the section's address, hoi-thanh-vien.
# The content checker accepts only these; a category appears in the menu
# once it has an article.
CATEGORIES = [
    "Tin hoạt động LHH",
    "Hội thành viên",
]

# Word import (``invoke import-docx``, workflow/import_docx.py;
# README "Word import"): the folder the editors' desk uploads .docx files into, which the
# GitHub workflow import-docx.yml turns into draft pull requests; the longest
# italic or centred line under a picture read as its caption.
IMPORT_DOCX = {"inbox": "nhap-word", "caption_max_chars": 200}

# The main menu: (label, target). A target is "index", "page:SLUG",
# "category:NAME" or "section:NAME" (a section another plugin writes:
# "van-ban" the documents, "album-anh" the albums), or another site's
# address ("https://thaibinh.gov.vn"); a category or section without
# content is left out.
MENU = [
    ("Trang chủ", "index"),
    ("Giới thiệu", "page:gioi-thieu"),
    ("Tin hoạt động LHH", "category:Tin hoạt động LHH"),
    ("Hội thành viên", "category:Hội thành viên"),
    ("Văn bản", "section:van-ban"),
    ("Album ảnh", "section:album-anh"),
    ("Hỏi & đáp", "page:hoi-dap"),
    ("Liên hệ", "page:lien-he"),
]

# --- Văn bản: the documents library (plugins.documents, README "Documents") --
# The kinds of document (Kind: header), in the order of the library's filter
# (a kind shows there once a document has it). After the union's own, the
# administrative kinds of Nghị định 30/2020/NĐ-CP (Điều 7) a union files and
# the province's legal documents (Luật, Nghị định, Thông tư): a Chỉ thị of
# the province was refused and filed as «Hướng dẫn» instead.
DOCUMENT_KINDS = [
    "Kế hoạch", "Thông báo", "Quyết định", "Công văn", "Báo cáo", "Hướng dẫn", "Biểu mẫu",
    "Nghị quyết", "Chỉ thị", "Quy chế", "Quy định", "Chương trình", "Đề án", "Tờ trình", "Giấy mời",
    "Luật", "Nghị định", "Thông tư",
]
# groups: the sections a document may belong to (Group: header), one page
# each at van-ban/nhom/<slug>/; these three are the sections of the union's
# current site (vb-tinh, vanban-khac, cuoc-thi-van-ban).
DOCUMENTS = {
    "groups": ["Văn bản của tỉnh", "Văn bản khác", "Văn bản cuộc thi"],
    "per_page": 20,
    "warn_attachment_mb": 20,
    "feed": "feeds/van-ban.atom.xml",
    # When UNION["name"] changes: ("YYYY-MM-DD", the name until that day), so
    # a document without Issuer: keeps the name it was issued under.
    "former_issuers": [],
}

# --- Album ảnh: photo albums (plugins.albums, README "Albums") ---------------
# An article's Album: header shows a folder of content/images/ as a grid;
# album-anh/ lists the albums. Every photo goes through the article photos'
# pipeline (upright, no metadata): WebP thumbnails fitting boxes of these
# sizes (3 a row on a phone, 4 on a screen: 30 of them weigh ~200 KB at any
# pixel density), and the large photo a thumbnail opens (and the full-screen
# viewer shows), its longest side "large" px. The originals are not published.
ALBUMS = {
    "per_page": 12,
    "thumbnails": [160, 240],
    "sizes": "(min-width: 60em) 11rem, (min-width: 40em) 25vw, 33vw",
    "large": 1280,
}

# Giới thiệu's dated, sourced facts (timeline and figures): one YAML file
# under PATH, rendered by the "about" template (plugins/about).
ABOUT = {"facts": "pages/gioi-thieu.yaml"}

# --- URLs (Vietnamese, without tone marks) ----------------------------------
# The home page is "/" (Pelican's default "index.html" made page 2's «Trang
# trước» link /index.html: the home page at a second address).
INDEX_URL = ""
ARTICLE_URL = "bai-viet/{slug}/"
ARTICLE_SAVE_AS = "bai-viet/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "chuyen-muc/{slug}/"
CATEGORY_SAVE_AS = "chuyen-muc/{slug}/index.html"
CATEGORIES_URL = "chuyen-muc/"
CATEGORIES_SAVE_AS = "chuyen-muc/index.html"
TAG_URL = "the/{slug}/"
TAG_SAVE_AS = "the/{slug}/index.html"
TAGS_URL = "the/"
TAGS_SAVE_AS = "the/index.html"
AUTHOR_URL = "tac-gia/{slug}/"
AUTHOR_SAVE_AS = "tac-gia/{slug}/index.html"
AUTHORS_URL = "tac-gia/"
AUTHORS_SAVE_AS = "tac-gia/index.html"
ARCHIVES_URL = "luu-tru/"
ARCHIVES_SAVE_AS = "luu-tru/index.html"
YEAR_ARCHIVE_URL = "luu-tru/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "luu-tru/{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "luu-tru/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "luu-tru/{date:%Y}/{date:%m}/index.html"
DAY_ARCHIVE_SAVE_AS = ""
# Drafts (Status: draft, or a date still to come where WITH_FUTURE_DATES is
# False) are written under ban-nhap/ for the preview only: publishconf.py
# sets WRITE_DRAFTS = False, and no page of a draft is published
# (plugins.bulletin.drop_drafts).
WRITE_DRAFTS = True
DRAFT_URL = "ban-nhap/{slug}/"
DRAFT_SAVE_AS = "ban-nhap/{slug}/index.html"
DRAFT_PAGE_URL = "ban-nhap/trang/{slug}/"
DRAFT_PAGE_SAVE_AS = "ban-nhap/trang/{slug}/index.html"
# A document's slug is its number's (45/KH-LHH → 45-kh-lhh), unique in its year.
DOCUMENT_URL = "van-ban/{date:%Y}/{slug}/"
DOCUMENT_SAVE_AS = "van-ban/{date:%Y}/{slug}/index.html"
DRAFT_DOCUMENT_URL = "ban-nhap/van-ban/{date:%Y}/{slug}/"
DRAFT_DOCUMENT_SAVE_AS = "ban-nhap/van-ban/{date:%Y}/{slug}/index.html"
DIRECT_TEMPLATES = ["index", "categories", "tags", "authors", "archives"]
TEMPLATE_PAGES = {"404.html": "404.html", "search.html": "tim-kiem/index.html"}
# Addresses the site makes itself are reserved: a page or article claiming
# one is refused by the checker and the build (plugins/core/rules.py,
# reserved_paths), with a suggested Slug. Most are computed from the settings
# above (*_SAVE_AS, TEMPLATE_PAGES, DIRECT_TEMPLATES, PAGINATION_PATTERNS,
# feeds, static folders, the plugins' outputs); this list adds the sections
# other features make: a folder ends with "/", anything else is one file.
# No old address (Old_url, OLD_URLS) may land on a reserved path either.
RESERVED_PATHS = [
    "quan-tri/",  # the editors' desk (plugins.desk)
    # The live preview's own addresses (its reload events, its visit counter).
    "__preview/",
]

# --- Feeds (Atom only; absolute URLs come from publishconf.py) ---------------
# The preview's address; publishconf.py sets the public one.
FEED_DOMAIN = "http://127.0.0.1:8000"
FEED_ALL_ATOM = "feeds/all.atom.xml"
# What feed readers know each entry by (its Atom <id>): the item's first
# address on the site's first public address, with no date in it (a corrected
# Date: keeps the id; plugins.bulletin.finish_feed). Never change it,
# also when the site moves to another domain or under a path (SITEURL): every
# id would change, and every reader would show the newest entries again as new.
FEED_ID_SITE = "https://vustathaibinh.org.vn"
# The newest 20 in each feed (Pelican's default, 100, made every feed about
# 600 KB of full articles, fetched whole by each feed reader's every poll;
# 20 is about five weeks of the union's news).
FEED_MAX_ITEMS = 20
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

# --- Old addresses (plugins/redirects; README, "Old links") ------------------
# The union's current site's addresses keep working: an article or page
# names its own in an "Old_url:" header; whole sections are mapped here,
# {old path: "index" | "page:SLUG" | "category:NAME" | "section:NAME" (as in
# MENU; a documents group by its name) | a site path}. Only
# addresses the stored copies of the old site show (../shared/reference).
OLD_URLS = {
    # The union's own news, newer template: listing (category id 3091).
    "/lien-hiep-hoi-3091.html": "category:Tin hoạt động LHH",
    # The member associations' news: listing (category id 3093).
    "/hoi-thanh-vien-3093.html": "category:Hội thành viên",
    # The old about page "Thành tựu": Giới thiệu replaces it (its undated
    # figures are left out: README, "Taking over the current site"; the redirect page says
    # «nay được thay bằng trang Giới thiệu», not that its content moved).
    "/Gioi-Thieu/Thanh-Tuu": "page:gioi-thieu",
    # The old document sections, now groups of the documents library
    # (DOCUMENTS["groups"], plugins/documents): each goes to its group's
    # listing, van-ban/nhom/<group>/, or home (302) while the group is empty.
    # "vanban-khac": listing (category id 3107).
    "/vanban-khac-3107.html": "section:Văn bản khác",
    # "cuoc-thi-van-ban": listing page 3 (the listing's own id is unknown).
    # "vb-tinh": no listing address is known; its documents carry Old_url.
    "/cuoc-thi-van-ban/page-3.htm": "section:Văn bản cuộc thi",
}
REDIRECTS = {
    # An Old_url may name these domains (the old site answered on both).
    "old_domains": ["vustathaibinh.org.vn", "vustathaibinh.vn"],
}
# --- Theme and typography --------------------------------------------------
THEME = str(ROOT / "theme")
THEME_STATIC_DIR = "theme"
TYPOGRIFY = True
# typogrify's ``caps`` only knows ASCII capitals: it wraps "UBND" but cuts
# "ĐẢNG" and "VIỆT NAM" apart, so Vietnamese capitals would be styled
# inconsistently. Its ``widont`` joined a heading's last two words with a
# no-break space whatever the screen: at 200 % text on a 320-px phone
# «Giới thiệu» was wider than the column and broke inside a syllable
# («Giới thiệ / u»). style.css's ``text-wrap`` keeps the last line from
# being one word where the browser knows it, and breaks between words where
# it must. Both off (see README, "Typography").
TYPOGRIFY_OMIT_FILTERS = ["caps", "widont"]
# A link whose text is its address (html_text.BARE_LINK) shows it as
# written: smartypants made «https://x.vn/a--b» read «…/a—b» and «...» «…».
TYPOGRIFY_IGNORE_TAGS = ["a.bare-link"]
MARKDOWN = {
    "extension_configs": {
        # A footnote's way back said «Jump back to footnote 1 in the text».
        "markdown.extensions.extra": {"footnotes": {"BACKLINK_TITLE": "Quay lại chỗ dẫn chú thích %d trong bài"}},
    },
    "output_format": "html5",
}

# --- Plugins -----------------------------------------------------------------
# Ours are one package, plugins/, found from the project's root: a dotted
# name ("plugins.search") never matches a pelican.plugins.* namespace plugin,
# so installing pelican-search or pelican-seo changes nothing. Order matters
# where receivers of one signal depend on each other:
PLUGIN_PATHS = [str(ROOT)]
PLUGINS = [
    # NFC reading, ISO dates, required headers: first, as it replaces the reader.
    "plugins.vietnamese",
    # UNION and MENU checked; the menu and Hỏi & đáp (after reading).
    "plugins.bulletin",
    # Văn bản (documents library) and Album ảnh (photo albums): their pages,
    # menu sections, feed and search pages.
    "plugins.documents",
    "plugins.albums",
    # Old addresses: checked after reading; pages and _redirects written at
    # the end, before "search" and "headers" look at the output.
    "plugins.redirects",
    # Giới thiệu's facts (after "redirects": a source on the old site links
    # to the page that took it over).
    "plugins.about",
    # "Số lượt truy cập" stamped into every written page.
    "plugins.visit_counter",
    # The Pagefind index, started once the article pages are written.
    "plugins.search",
    # Previous/next and related articles, computed once (O(n), not O(n²)).
    "plugins.neighbours",
    # Articles read and article pages written on every core; same bytes
    # (README, "Performance").
    "plugins.parallel_read",
    "plugins.parallel_write",
    # A page whose inputs did not change since the last build comes from
    # cache/pages/ instead of being rendered again (README, "Performance").
    "plugins.page_cache",
    # Publishing (README, "Publishing"): sitemap.xml (pelican-sitemap), photos
    # checked, made upright and resized, what search engines and social apps read, then
    # _headers and hashed CSS/JS names: "headers" runs its finalized receiver
    # after "search" has written the bundle whose cache rules it lists.
    "sitemap",
    "plugins.images",
    "plugins.seo",
    # The editors' desk at /quan-tri/ (README, "Dành cho biên tập viên"):
    # written before "headers" lists it in _headers with its own policy.
    "plugins.desk",
    "plugins.headers",
    # Photo copies kept in cache/derivatives/ between builds (same bytes).
    "plugins.derivative_cache",
]
PARALLEL_READ = {"enabled": True, "min_files": 50, "workers": 0}
PARALLEL_WRITE = {"enabled": True, "min_files": 50, "workers": 0}
# What reading each article gave, kept between builds in CACHE_PATH/build/
# (plugins/core/build_cache.py): keyed on each file's bytes and on our
# plugins, the theme, the settings and requirements*.txt; the newest `keep`
# keys are kept. `invoke clean --cache` removes it.
BUILD_CACHE = {"enabled": True, "keep": 3}
# Rendered pages kept between builds in CACHE_PATH/pages/ (plugins/page_cache):
# a page is rendered again when anything it reads changed.
PAGE_CACHE = {"enabled": True}

# The visit counter ("Số lượt truy cập"), as readers will see it: counted by
# the live preview itself (``make serve`` answers GoatCounter's /count and
# /counter/*.json under this path, workflow/preview.py COUNTER_PATH, into
# cache/preview-counter.sqlite3; nothing leaves the machine). allow_local:
# counter.js counts on 127.0.0.1, as GoatCounter's own allow_local setting.
# publishconf.py replaces it with the real GoatCounter (README, "Visit counter").
VISIT_COUNTER = {"provider": "goatcounter", "endpoint": "/__preview/goatcounter", "allow_local": True}

# Markdown only: no reStructuredText or HTML articles.
READERS = {"rst": None, "html": None, "htm": None}

# Pelican's own content cache stays off: it is keyed on the files only, so a
# stale cache could hide a change to a plugin; BUILD_CACHE above is ours.
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False

# The editors' desk (plugins/desk): Sveltia CMS at /quan-tri/, editing the
# repository on GitHub (drafts as pull requests) or, from `make serve`, the
# working copy on this computer. In GitHub Actions the repository is known.
DESK = {
    "path": "quan-tri",
    "repo": os.environ.get("GITHUB_REPOSITORY", ""),
    "branch": "main",
    "publish_mode": "editorial_workflow",
}

# --- Publishing: discoverability, images, headers (README, "Publishing") -----
# /favicon.ico, /robots.txt and /manifest.webmanifest at the site's root.
STATIC_PATHS += ["extra/favicon.ico"]
EXTRA_PATH_METADATA = {"extra/favicon.ico": {"path": "favicon.ico"}}
TEMPLATE_PAGES.update({"robots.txt": "robots.txt", "manifest.webmanifest": "manifest.webmanifest"})
# Lists that repeat the articles (tags, authors, archives, page 2+ of any
# list) and drafts: "noindex,follow", and left out of the sitemap.
SEO = {
    "noindex": [r"^the/", r"^tac-gia/", r"^luu-tru/", r"^chuyen-muc/$", r"(^|/)trang/\d+/$",
                r"^ban-nhap/"],
    "logo": "theme/icons/icon-512.png",
}
SITEMAP = {
    "format": "xml",
    # The search page says noindex itself (theme/templates/search.html);
    # non-HTML template pages are not pages.
    "exclude": SEO["noindex"] + [r"^tim-kiem/$", r"^404\.html$", r"\.(txt|webmanifest|json|xml)$"],
    "changefreqs": {"articles": "monthly", "pages": "monthly", "indexes": "daily"},
}
# Article photos (README, "Images"): upright, without GPS or any metadata,
# WebP copies at these widths (never wider than the photo) in srcset/sizes,
# a 1200 px copy for social apps, the original capped at 2560 px. The
# Markdown's width/height keep the space, the first photo loads at once.
IMAGES = {
    "widths": [480, 720, 960],
    "sizes": "(min-width: 60rem) 42rem, calc(100vw - 2rem)",
    "original_max": 2560,
    "share_width": 1200,
}
# Security and cache headers for static hosts (_headers); CSS and JS names
# carry a content hash in production only (publishconf.py). The policy is
# also in every page as <meta http-equiv> in production (hosts that send no
# headers: GitHub Pages); not here, because the live preview adds its own
# inline reload script to the pages it serves.
HEADERS = {"fingerprint": False, "meta": False}
