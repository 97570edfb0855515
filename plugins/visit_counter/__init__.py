"""Visit counter ("Số lượt truy cập") stamped into every generated HTML page.

A static host runs no code of ours, so the count comes from a counter
service. This plugin stamps one counter block into every ``.html`` page
Pelican renders (a page transform, ``plugins/core/written.py``): a hidden
element whose ``data-vc-*`` attributes carry the configuration, a
``<noscript>`` pixel, and ``theme/js/counter.js`` loaded with ``defer`` (no
inline script or style, so a strict CSP holds).

Settings: one dict, merged over ``DEFAULTS`` and checked when Pelican
starts (unknown key, wrong type, malformed URL: the build stops naming the
key)::

    VISIT_COUNTER = {"provider": "goatcounter", "endpoint": "https://CODE.goatcounter.com"}
    VISIT_COUNTER = {"provider": "json", "hit_url": "...", "count_url": "..."}
    VISIT_COUNTER = {"provider": "none"}   # nothing is stamped (the default)

An article or page opts out with the metadata line ``Counter: off``.
The block goes right after the theme's ``<!--visit-counter-slot-->``
comment when the page has one, otherwise before ``</body>``.
"""

from __future__ import annotations

import logging

from pelican import signals

from plugins.core import written
from plugins.core.errors import fail
from plugins.core.rules import counter_problem, header_where, pages_by_slug
from plugins.core.settings import asset_url

from .stamp import (  # noqa: F401  (the public API of the plugin)
    BLOCK_END,
    BLOCK_START,
    DEFAULTS,
    SLOT,
    SettingsError,
    load_config,
    page_path,
    render_block,
    stamp,
)

logger = logging.getLogger(__name__)

SCRIPT = "js/counter.js"


def check_settings(pelican):
    """Validate VISIT_COUNTER when Pelican starts; warn about a placeholder."""
    config = load_config(pelican.settings.get("VISIT_COUNTER"))
    # Checked once: every page's receiver reads the loaded config.
    pelican.settings["VISIT_COUNTER"] = config
    host = config["origin"].split("://", 1)[-1].split(":", 1)[0]
    if config["provider"] != "none" and host.endswith(".invalid"):
        logger.warning(  # seen by editors at every publish: Vietnamese
            "VISIT_COUNTER: bộ đếm lượt truy cập chưa được cấu hình (địa chỉ %s chỉ để giữ chỗ), "
            "nên chưa đếm được lượt nào — người quản trị đặt biến GOATCOUNTER_ENDPOINT là địa "
            "chỉ trang GoatCounter của Liên hiệp Hội (trên GitHub: Settings › Secrets and "
            "variables › Actions › Variables; README, «Visit counter»)", config["origin"],
        )


def counter_setting(item) -> bool:
    """False when an article or page says ``Counter: off``."""
    value = str(getattr(item, "metadata", {}).get("counter", "on"))
    problem = counter_problem(value)
    if problem:
        fail(f"{header_where(item.source_path, 'Counter')}: {problem}")
    return value.strip().lower() == "on"


def stamp_page(html: str, context: dict) -> str:
    """Page transform (``plugins.core.written``): the page's counter block,
    stamped as the page is rendered."""
    config = context["VISIT_COUNTER"]  # loaded by check_settings
    item = context.get("article") or context.get("page")
    enabled = item is None or counter_setting(item)  # a bad «Counter:» stops the build as the checker does
    if config["provider"] == "none":
        return html
    siteurl = context.get("SITEURL", "")
    privacy = config["privacy_page"] and pages_by_slug(
        [*context.get("pages", []), *context.get("hidden_pages", [])]).get(config["privacy_page"])
    block = render_block(
        config, page_path(context["output_file"]), asset_url(context, SCRIPT),
        page_count=config["article_count"] and context.get("article") is not None,
        privacy_url=f"{siteurl}/{privacy.url}" if privacy else "",
    ) if enabled else ""
    return stamp(html, block)


def register():
    signals.initialized.connect(check_settings)
    written.page_transform(stamp_page)
