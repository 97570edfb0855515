"""Settings for the checker's test corpus: the project's, with fixed
lists of categories, document kinds and groups, a summary limit, an
attachment limit and old addresses, so the expected messages do not change
when the real ones do."""

from pelicanconf import *  # noqa: F403

CATEGORIES = ["Tin hoạt động LHH", "Tư vấn – phản biện"]
# A menu of these categories only (MENU categories must be in CATEGORIES).
MENU = [(label, target) for label, target in MENU  # noqa: F405
        if not target.startswith("category:") or target.removeprefix("category:") in CATEGORIES]
SUMMARY_MAX_CHARS = 300
DOCUMENT_KINDS = ["Kế hoạch", "Thông báo", "Quyết định", "Công văn", "Báo cáo", "Hướng dẫn", "Biểu mẫu"]
# 0.01 MB (10 KB): bad/van-ban/2025/bao-cao-lon.pdf (12 KB) is "too large"
# without a 20 MB file in the repository.
DOCUMENTS = {"groups": ["Văn bản của tỉnh", "Văn bản khác", "Văn bản cuộc thi"], "warn_attachment_mb": 0.01}
# Only the old addresses a test names.
OLD_URLS = {}
