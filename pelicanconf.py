"""Development settings for the bulletin of the union (Bản tin LHH).

Everything that names the union (its name, address, contacts) lives here,
never in templates: the province's name may change (Thái Bình merged into
Hưng Yên on 2025-07-01). ``publishconf.py`` imports this file and adds the
production-only settings.
"""

from pathlib import Path

from pelican.log import FatalLogger

ROOT = Path(__file__).resolve().parent

# Any error (an article that cannot be read, a bad date, a plugin that fails
# to import, a template error) stops the build with a non-zero exit, as
# ``pelican --fatal errors`` would: Pelican's default logs it, drops the
# article and exits 0.
FatalLogger.fatal_lvl = 40  # logging.ERROR

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
# locale exists on our machines); these two keep Pelican from touching the
# system locale.
LOCALE = ("C",)
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

# --- Content ---------------------------------------------------------------
PATH = "content"
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["pages", "hoi-dap", "images", "extra"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = ""
# Summaries are plain text like every other header (escaped by the
# ``vietnamese`` reader); the body is the only Markdown.
FORMATTED_FIELDS = []
SUMMARY_MAX_LENGTH = 60
# The longest ``Summary:`` an editor may write, in characters (the content
# checker, ``invoke check``, reports a longer one).
SUMMARY_MAX_CHARS = 300
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang/{number}/", "{base_name}/trang/{number}/index.html"),
)

# The news categories, in menu order. The content checker accepts only
# these; a category appears in the menu once it has an article.
CATEGORIES = [
    "Tin hoạt động LHH",
]

# Word import (``invoke import-docx``, workflow/import_docx.py; README "Word
# import"): the folder the editors' desk uploads .docx files into, which the
# GitHub workflow import-docx.yml turns into draft pull requests; the longest
# italic or centred line under a picture read as its caption.
IMPORT_DOCX = {"inbox": "nhap-word", "caption_max_chars": 200}

# The main menu: (label, target). A target is "index", "page:SLUG" or
# "category:NAME"; a category without articles is left out.
MENU = [
    ("Trang chủ", "index"),
    ("Giới thiệu", "page:gioi-thieu"),
    ("Tin hoạt động LHH", "category:Tin hoạt động LHH"),
    ("Hỏi & đáp", "page:hoi-dap"),
    ("Liên hệ", "page:lien-he"),
]

# --- URLs (Vietnamese, without tone marks) ----------------------------------
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
DRAFT_URL = "ban-nhap/{slug}/"
DRAFT_SAVE_AS = "ban-nhap/{slug}/index.html"
DRAFT_PAGE_URL = "ban-nhap/trang/{slug}/"
DRAFT_PAGE_SAVE_AS = "ban-nhap/trang/{slug}/index.html"
DIRECT_TEMPLATES = ["index", "categories", "tags", "authors", "archives"]
TEMPLATE_PAGES = {"404.html": "404.html", "search.html": "tim-kiem/index.html"}

# --- Feeds (Atom only; absolute URLs come from publishconf.py) ---------------
# The preview's address; publishconf.py sets the public one.
FEED_DOMAIN = "http://127.0.0.1:8000"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

# --- Theme and typography --------------------------------------------------
THEME = str(ROOT / "theme")
THEME_STATIC_DIR = "theme"
TYPOGRIFY = True
# typogrify's ``caps`` only knows ASCII capitals: it wraps "UBND" but cuts
# "ĐẢNG" and "VIỆT NAM" apart, so Vietnamese capitals would be styled
# inconsistently. It is off (see README, "Typography").
TYPOGRIFY_OMIT_FILTERS = ["caps"]
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
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
    # Publishing (README, "Publishing"): sitemap.xml (pelican-sitemap), photos
    # checked and resized, what search engines and social apps read, then
    # _headers and hashed CSS/JS names: "headers" runs its finalized receiver
    # after "search" has written the bundle whose cache rules it lists.
    "sitemap",
    "plugins.images",
    "plugins.seo",
    "plugins.headers",
    # Resized photos kept in cache/derivatives/ between builds (same bytes).
    "plugins.derivative_cache",
]
PARALLEL_READ = {"enabled": True, "min_files": 50, "workers": 0}
PARALLEL_WRITE = {"enabled": True, "min_files": 50, "workers": 0}

# The visit counter ("Số lượt truy cập"): off here, so previews and tests
# count nothing; publishconf.py turns GoatCounter on (README, "Visit counter").
VISIT_COUNTER = {"provider": "none"}

# Markdown only: no reStructuredText or HTML articles.
READERS = {"rst": None, "html": None, "htm": None}

# Never let a stale cache hide a change to the code of a plugin.
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False

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
# Article images: three widths in WebP, chosen by the browser (srcset/sizes);
# the Markdown's width/height keep the space, the first image loads at once.
IMAGES = {"derivative": "article"}
IMAGE_PROCESS = {
    "article": {
        "type": "responsive-image",
        "sizes": "(min-width: 60rem) 42rem, 100vw",
        "srcset": [
            ("480w", ["scale_in 480 100000 True"], "webp"),
            ("720w", ["scale_in 720 100000 True"], "webp"),
            ("960w", ["scale_in 960 100000 True"], "webp"),
        ],
        "default": "960w",
    },
}
# Security and cache headers for static hosts (_headers); CSS and JS names
# carry a content hash in production only (publishconf.py).
HEADERS = {"fingerprint": False}
