"""Pure functions of the visit counter: settings in, HTML strings out.

No signals and no files here: ``load_config`` checks and completes the
``VISIT_COUNTER`` dict, ``render_block`` makes the counter block of one
page, ``stamp`` puts it into a page (idempotent: a stamped page stamped
again is unchanged, whatever block it held before).

Error messages are in Vietnamese, like the other settings checks: whoever
edits ``pelicanconf.py``/``publishconf.py`` reads them.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote, urlsplit

PROVIDERS = ("goatcounter", "json", "none")

# Documented defaults (README, "Visit counter"). Every key a user may set.
DEFAULTS = {
    "provider": "none",  # "goatcounter", "json" or "none"
    "endpoint": "",  # goatcounter: the site's root URL, https://CODE.goatcounter.com
    "hit_url": "",  # json: counts one view (beacon, or pixel), gets ?p=PATH
    "count_url": "",  # json: answers {"count": N} for the whole site
    "page_count_url": "",  # json, optional: {"count": N} for one page; "{path}" in it
    "label": "Số lượt truy cập",  # shown before the site total
    "article_label": "Lượt xem bài này",  # shown before an article's own count
    "article_count": False,  # does an article also show its own count?
    "timeout": 5,  # seconds to wait for a count before giving up (block stays hidden)
    "privacy_page": "quyen-rieng-tu",  # slug of the page the block links to ("" for none)
    # Count on localhost and private addresses too, as GoatCounter's own
    # ``allow_local`` setting does: for the local preview only (pelicanconf.py).
    "allow_local": False,
    # The environment variable ``endpoint`` was read from (publishconf.py:
    # GOATCOUNTER_ENDPOINT), or "": a mistake in it is then reported as that
    # variable's, which is what the IT person fixes (no settings file holds it).
    "endpoint_variable": "",
}
URL_KEYS = ("endpoint", "hit_url", "count_url", "page_count_url")
TEXT_KEYS = ("label", "article_label")
PRIVACY_LABEL = "Quyền riêng tư"

SLOT = "<!--visit-counter-slot-->"
BLOCK_START = "<!--visit-counter-->"
BLOCK_END = "<!--/visit-counter-->"
_BLOCK_RE = re.compile(re.escape(BLOCK_START) + ".*?" + re.escape(BLOCK_END), re.S)
_BODY_END_RE = re.compile(r"</body\s*>", re.I)


class SettingsError(ValueError):
    """VISIT_COUNTER is not usable; the message names the key. ``fix`` says
    where to fix it when that is not a settings file (plugins/core/errors)."""

    def __init__(self, message: str, fix: str = ""):
        super().__init__(message)
        self.fix = fix


def _variable_fix(variable: str) -> str:
    return (f"sửa biến môi trường {variable}: trong cửa sổ lệnh, "
            "hoặc trên GitHub ở Settings › Secrets and variables › Actions › Variables")


def _check_url(key: str, value: str, name: str = "", fix: str = "") -> str:
    """An http(s) URL, or a path on the site's own host ("/__preview/goatcounter").
    ``name`` is what the message calls it (VISIT_COUNTER[key], or a variable)."""
    name = name or f"VISIT_COUNTER[{key!r}]"
    parts = urlsplit(value)
    if value.startswith("/") and not value.startswith("//"):
        if parts.fragment or any(c.isspace() or c in "\"'<>\\`" for c in value):
            raise SettingsError(f"{name}: «{value}» không phải đường dẫn hợp lệ "
                                "(ví dụ /__preview/goatcounter)", fix)
        return value
    if value != value.strip():
        raise SettingsError(f"{name}: «{value}» có dấu cách ở đầu hoặc cuối — xoá dấu cách đó", fix)
    if (
        parts.scheme not in ("http", "https") or not parts.hostname
        or parts.username or parts.password or parts.fragment
        or any(c.isspace() or c in "\"'<>\\`" for c in value)
    ):
        raise SettingsError(
            f"{name}: «{value}» không phải địa chỉ http(s) hợp lệ, bắt đầu bằng https:// "
            "(ví dụ https://MA.goatcounter.com)"
            + ("" if fix else " hay đường dẫn trên chính trang (ví dụ /thong-ke)"), fix
        )
    try:
        parts.port  # noqa: B018  (raises on a malformed port)
    except ValueError:
        raise SettingsError(f"{name}: cổng trong «{value}» không hợp lệ", fix) from None
    return value


def _origin(url: str) -> str:
    """The counter's origin; "" for a path on the site's own host."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def load_config(value) -> dict:
    """VISIT_COUNTER merged over DEFAULTS and checked, plus the derived
    ``hit``, ``total``, ``page`` URLs and the counter's ``origin``.

    Idempotent: a loaded config loads to itself."""
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise SettingsError(
            f"VISIT_COUNTER phải là một dict, không phải {type(value).__name__} "
            '(ví dụ {"provider": "none"})'
        )
    derived = ("hit", "total", "page", "origin")
    for key in value:
        if key not in DEFAULTS and key not in derived:
            raise SettingsError(
                f"VISIT_COUNTER: khoá lạ «{key}» — các khoá hợp lệ: {', '.join(DEFAULTS)}"
            )
    config = {**DEFAULTS, **{k: v for k, v in value.items() if k in DEFAULTS}}
    provider = config["provider"]
    if provider not in PROVIDERS:
        raise SettingsError(
            f"VISIT_COUNTER['provider']: «{provider}» không hợp lệ — dùng "
            f"{', '.join(repr(p) for p in PROVIDERS)}"
        )
    for key in URL_KEYS + TEXT_KEYS + ("privacy_page",):
        if not isinstance(config[key], str):
            raise SettingsError(
                f"VISIT_COUNTER[{key!r}] phải là chuỗi, không phải {type(config[key]).__name__}"
            )
    for key in TEXT_KEYS:
        if not config[key].strip():
            raise SettingsError(f"VISIT_COUNTER[{key!r}] không được để trống")
    for key in ("article_count", "allow_local"):
        if not isinstance(config[key], bool):
            raise SettingsError(f"VISIT_COUNTER[{key!r}] phải là True hoặc False")
    timeout = config["timeout"]
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= 60:
        raise SettingsError("VISIT_COUNTER['timeout'] phải là số giây, lớn hơn 0 và không quá 60")
    variable = config["endpoint_variable"]
    if not isinstance(variable, str):
        raise SettingsError(f"VISIT_COUNTER['endpoint_variable'] phải là chuỗi, không phải {type(variable).__name__}")
    endpoint_name = f"biến môi trường {variable}" if variable else "VISIT_COUNTER['endpoint']"
    endpoint_fix = _variable_fix(variable) if variable else ""
    for key in URL_KEYS:
        if config[key]:
            if key == "endpoint":
                _check_url(key, config[key], endpoint_name, endpoint_fix)
            else:
                _check_url(key, config[key])

    def require(*keys):
        for key in keys:
            if not config[key]:
                raise SettingsError(
                    f"VISIT_COUNTER[{key!r}] là bắt buộc khi provider là {provider!r}"
                )

    if provider == "goatcounter":
        require("endpoint")
        endpoint = config["endpoint"].rstrip("/")
        parts = urlsplit(endpoint)
        if parts.query or parts.path.endswith("/count"):
            raise SettingsError(
                f"{endpoint_name} là địa chỉ gốc của trang GoatCounter, "
                f"không kèm /count hay tham số: «{config['endpoint']}» (ví dụ https://MA.goatcounter.com)",
                endpoint_fix,
            )
        config.update(
            endpoint=endpoint, hit=f"{endpoint}/count",
            total=f"{endpoint}/counter/TOTAL.json",
            page=f"{endpoint}/counter/{{path}}.json", origin=_origin(endpoint),
        )
    elif provider == "json":
        require("hit_url", "count_url")
        if config["page_count_url"] and "{path}" not in config["page_count_url"]:
            raise SettingsError(
                "VISIT_COUNTER['page_count_url'] phải chứa «{path}» (đường dẫn của trang)"
            )
        config.update(
            hit=config["hit_url"], total=config["count_url"],
            page=config["page_count_url"], origin=_origin(config["count_url"]),
        )
    else:
        config.update(hit="", total="", page="", origin="")
    return config


def page_path(relative: str) -> str:
    """The path a page is counted under, from its output file:
    ``bai-viet/x/index.html`` → ``/bai-viet/x/``, ``404.html`` → ``/404.html``."""
    relative = relative.replace("\\", "/")
    if relative == "index.html" or relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return "/" + relative.lstrip("/")


def _with_query(url: str, **params: str) -> str:
    query = "&".join(f"{k}={quote(v, safe='/')}" for k, v in params.items())
    return f"{url}{'&' if '?' in url else '?'}{query}"


def render_block(config: dict, path: str, script_url: str, page_count: bool = False,
                 privacy_url: str = "") -> str:
    """The counter block of one page (empty when the provider is "none"),
    with a link to the privacy page when `privacy_url` is given.

    Hidden until the script has a count; every setting value is escaped."""
    if config["provider"] == "none":
        return ""

    def attr(value) -> str:
        return escape(str(value), quote=True)

    data = {
        "path": path, "hit": config["hit"], "total": config["total"],
        "timeout": int(config["timeout"] * 1000),
    }
    article_row = ""
    if page_count and config["page"]:
        data["page"] = config["page"]
        article_row = (
            f'<p class="visit-counter__page" data-vc-page-row hidden>{escape(config["article_label"])}: '
            '<strong data-vc-page-value></strong></p>'
        )
    if config["allow_local"]:
        data["allow-local"] = 1
    privacy_row = (
        f'<p class="visit-counter__privacy"><a href="{attr(privacy_url)}">{PRIVACY_LABEL}</a></p>'
        if privacy_url else ""
    )
    attributes = " ".join(f'data-vc-{key}="{attr(value)}"' for key, value in data.items())
    pixel = _with_query(config["hit"], p=path)
    return (
        f"{BLOCK_START}"
        f'<div class="visit-counter" data-visit-counter {attributes} hidden>'
        f'<p class="visit-counter__total">{escape(config["label"])}: '
        '<strong data-vc-value></strong></p>'
        f"{article_row}{privacy_row}</div>"
        f'<noscript><img class="visit-counter__pixel" src="{attr(pixel)}" alt="" '
        'width="1" height="1"></noscript>'
        f'<script src="{attr(script_url)}" defer></script>'
        f"{BLOCK_END}"
    )


def stamp(html: str, block: str) -> str:
    """Put ``block`` into a page: after the first counter slot if there is
    one, otherwise before the last ``</body>`` (or at the end). Any block
    already there is removed first, so stamping is idempotent; an empty
    block only removes."""
    html = _BLOCK_RE.sub("", html)
    if not block:
        return html
    slot = html.find(SLOT)
    if slot >= 0:
        at = slot + len(SLOT)
    else:
        ends = list(_BODY_END_RE.finditer(html))
        at = ends[-1].start() if ends else len(html)
    return html[:at] + block + html[at:]
