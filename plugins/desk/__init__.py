"""The editors' desk: a git-based CMS in the browser at ``/quan-tri/``.

Editors (office staff, Windows, Unikey) write, preview and publish articles
without a terminal. The desk is Sveltia CMS (pinned in package.json, its
build committed in ``plugins/desk/vendor/`` by ``tools/vendor_cms.py``),
set up by ``static/desk.js`` to read and write Pelican's own files
(``Key: value`` headers, a blank line, Markdown) and by a configuration this
plugin GENERATES at every build from the settings and ``plugins.core.rules``
(known and required headers, statuses, the date form, categories, the author,
the summary limit): nothing is copied by hand, so adding a category to
``CATEGORIES`` adds it to the desk (``tests/test_desk.py`` proves it).

When the build is finished (``finalized``) the plugin writes
``OUTPUT/<DESK["path"]>/``: ``index.html`` (noindex, its own CSP as a
``<meta>``, the configuration as a JSON data block), ``desk.js``,
``desk.css`` and the vendored CMS. Written directly, not through Pelican's
writer: no ``content_written`` signal, so the visit counter stamps nothing
and the sitemap does not list it; Pagefind indexes article pages only. Its
``_headers`` rule (CSP, ``X-Robots-Tag: noindex``) is registered with
``plugins.headers`` as a separate path, so the public policy never applies
to it (hosts join the headers of overlapping rules).

Settings: ``DESK``, merged over ``DEFAULTS`` and checked when Pelican starts.
The path must be listed in ``RESERVED_PATHS`` (pelicanconf.py).

Word import (issue 14, README "Word import") adds the collection
``nhap-word`` (``inbox_collection()``): an entry is a request file
``<inbox>/<name>.json`` (``file``, ``category``, ``tags``, ``date``) with
the uploaded .docx beside it; the GitHub workflow import-docx.yml turns it
into a draft pull request holding the article and its photos.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
import shutil
from pathlib import Path

from babel.dates import get_day_names
from pelican import signals

from plugins.core import photos, rules, safe_html
from plugins.core.errors import fail
from plugins.core.rules import (
    DATE_FORM,
    DESK_ALBUM_LABEL,
    DESK_EXPIRED_LABEL,
    DESK_REPLACED_LABEL,
    DESK_SLUG_LABEL,
    DOCUMENTS_PATH,
    EXTRA_HEADERS,
    FAQ_PATH,
    KNOWN_HEADERS,
    PASTED_PHOTO_MARK,
    REQUIRED_HEADERS,
    SLUG_RE,
    STATUS_LABELS,
    STATUSES,
    SUBSCRIPT,
    SUPERSCRIPT,
    content_rules,
)
from plugins.core.settings import asset_url, merge
from plugins.images import load_config as images_config

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
VENDOR = HERE / "vendor"

DEFAULTS = {
    "enabled": True,
    "path": "quan-tri",  # the desk's folder in the site, listed in RESERVED_PATHS
    # The GitHub repository the desk commits to ("owner/name"). In GitHub
    # Actions the build gets it from GITHUB_REPOSITORY (pelicanconf.py).
    "repo": "",
    "branch": "main",
    # Drafts → review → publish as pull requests (GitHub); "simple" commits
    # straight to the branch.
    "publish_mode": "editorial_workflow",
    "max_photo_bytes": 10_000_000,  # a photo larger than this is refused
    # A document's attachment or a Word file larger than this is refused
    # (the CMS says so in Vietnamese). Scanned documents and Word reports
    # with phone photos run past the photos' 10 MB (the Word import's
    # benchmark report is 20.5 MB); GitHub warns at 50 MB and refuses a
    # file over 100 MB.
    "max_file_bytes": 50_000_000,
    # The content folder inside the repository the desk edits (PATH is where
    # a build reads, which tests move elsewhere).
    "content": "content",
}
GITHUB_MAX_BYTES = 100 * 1024 * 1024  # GitHub refuses a larger file in a repository
# Shown (and refused by GitHub) until DESK["repo"] is set: local mode works.
PLACEHOLDER_REPO = "chua-cau-hinh/ban-tin-lhh"
PUBLISH_MODES = ("editorial_workflow", "simple")

# The date as editors pick it, in the CMS's (dayjs) tokens: the form
# rules.parse_date reads (``YYYY-MM-DD HH:MM``); tests/test_desk.py checks
# that a date written this way parses.
DATETIME_FORMAT = "YYYY-MM-DD HH:mm"

# The kinds of content file, as the checker and the build know them
# (rules.REQUIRED_HEADERS): collection name, label, folder under content/,
# file path inside it. Articles are every Markdown file under content/ that
# is not a page or a Hỏi & đáp item; the CMS cannot exclude folders, so the
# articles collection lists only files whose Category is one of CATEGORIES
# (pages and Hỏi & đáp items have none).
COLLECTIONS = {
    "article": {"name": "bai-viet", "label": "Bài viết", "label_singular": "bài viết",
                "folder": "", "path": "{{year}}/{{slug}}"},
    "page": {"name": "trang", "label": "Trang", "label_singular": "trang",
             "folder": "pages", "path": "{{slug}}"},
    "faq": {"name": "hoi-dap", "label": "Hỏi & đáp", "label_singular": "câu hỏi",
            "folder": FAQ_PATH, "path": "{{slug}}"},
    # The documents library (plugins.documents): content/van-ban/<year>/,
    # the file named after the number (45/KH-LHH → 45-kh-lhh.md, as
    # `invoke new --kind van-ban` names it), its attachments beside it.
    "document": {"name": "van-ban", "label": "Văn bản", "label_singular": "văn bản",
                 "folder": DOCUMENTS_PATH, "path": "{{year}}/{{slug}}", "slug": "{{fields.number}}"},
}

# The headers each kind shows in the editor, in this order. Every other
# known header is a hidden field: kept as it is in the file, never shown.
SHOWN = {
    "article": ("Title", "Date", "Modified", "Author", "Category", "Tags", "Summary", "Status", "Slug"),
    "page": ("Title", "Summary", "Slug"),
    "faq": ("Title", "Date", "Organization", "Status", "Slug"),  # Status: a question kept back, or hidden
    # Modified: a document re-issued under its number (a corrected file)
    # had no field, so the page and the feed said nothing of the new file.
    # Replaced_by, Expired: a document no longer in force, said on its page.
    "document": ("Title", "Number", "Date", "Modified", "Kind", "Group", "Issuer", "Signer", "Files",
                 "Replaced_by", "Expired", "Tags", "Summary", "Status"),
}
LABELS = {
    "Title": "Tiêu đề", "Date": "Ngày đăng", "Modified": "Ngày cập nhật", "Author": "Tác giả",
    "Category": "Chuyên mục",
    "Tags": "Thẻ", "Summary": "Tóm tắt", "Status": "Trạng thái", "Organization": "Cơ quan người hỏi",
    "Number": "Số, ký hiệu", "Kind": "Loại văn bản", "Group": "Nhóm", "Issuer": "Cơ quan ban hành",
    "Signer": "Người ký", "Files": "Tệp đính kèm", "Slug": DESK_SLUG_LABEL,
    "Replaced_by": DESK_REPLACED_LABEL, "Expired": DESK_EXPIRED_LABEL,
}
KIND_LABELS = {("faq", "Title"): "Câu hỏi", ("faq", "Date"): "Ngày hỏi",
               ("document", "Title"): "Trích yếu", ("document", "Date"): "Ngày ban hành"}
HINTS = {
    "Title": "Viết đầy đủ, có dấu. Địa chỉ bài (không dấu, «đ» thành «d») được tạo từ tiêu đề khi lưu lần đầu.",
    "Date": (f"Giờ Việt Nam. Trong tệp: {DATE_FORM}. Ngày giờ ở tương lai: bài tự được đăng từ lúc đó "
             "(trang được xây dựng lại mỗi giờ); trước đó không ai xem được."),
    # Modified: a correction's date, shown under the title («Cập nhật …»),
    # told to search engines and feed readers; it had no field, so a
    # correction made on the desk told no one.
    "Modified": ("Để trống khi đăng bài. Bài đã đăng mà sửa nội dung (đính chính): chọn ngày giờ sửa; trang "
                 "bài hiện «Cập nhật …» dưới tiêu đề. Vẫn viết ở cuối bài điều gì đã được sửa."),
    "Tags": "Các thẻ cách nhau bằng dấu phẩy, ví dụ: Hội thảo, Tư vấn phản biện",
    "Status": ("«Đăng» hay «(Không có)» là đăng bình thường; «Bản nháp» không được đăng (chỉ xem được ở bản xem trước "
               "trên máy), kể cả ảnh chỉ bản nháp dùng; bài đã đăng không được có liên kết tới bản nháp."),
    "Organization": "Không bắt buộc.",
    # Shown so that an editor can answer the address errors (a title used
    # twice, an address the site keeps for itself), which name this field.
    "Slug": ("Để trống: được tạo từ tiêu đề khi lưu lần đầu (xoá trắng ô này không đổi địa chỉ đã có). "
             "Chỉ sửa khi hệ thống báo trùng địa chỉ: chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ "
             "hoi-nghi-tong-ket-2025. Bài đã đăng mà đổi địa chỉ thì địa chỉ cũ được giữ lại khi lưu: các "
             "liên kết cũ vẫn mở được bài."),
    "Number": "Như trên văn bản, ví dụ 45/KH-LHH; mỗi số chỉ dùng một lần trong một năm.",
    "Replaced_by": ("Để trống khi văn bản còn hiệu lực. Văn bản này đã bị một văn bản khác thay thế: viết số của "
                    "văn bản mới như trên văn bản đó, ví dụ 12/QĐ-LHH (văn bản mới phải có trong mục Văn bản); "
                    "trang văn bản này hiện «không còn hiệu lực» với liên kết tới văn bản mới."),
    "Expired": ("Để trống khi văn bản còn hiệu lực. Văn bản hết hiệu lực (bị bãi bỏ, kế hoạch bị huỷ): viết «có», "
                "hoặc ngày hết hiệu lực dạng năm-tháng-ngày, ví dụ 2026-03-01; trang văn bản và thư viện Văn bản "
                "ghi «Hết hiệu lực»."),
    "Files": ("PDF, Word, Excel… của văn bản. Văn bản không có tệp: để trống và chép toàn văn "
              "vào phần nội dung."),
}
# Hints of one kind only.
KIND_HINTS = {("article", "Status"): (
                  HINTS["Status"] + " «Ẩn (không liệt kê)»: bài không có ở trang chủ, chuyên mục, tìm kiếm, nhưng "
                  "ai có liên kết (đã chia sẻ qua Zalo, Facebook) vẫn đọc được; muốn gỡ hẳn bài đã đăng, chọn "
                  "«Bản nháp» (liên kết cũ thành trang «không tìm thấy»)."),
              ("document", "Title"): "Trích yếu, như trên văn bản.",
              ("document", "Modified"): (
                  "Để trống khi đăng văn bản. Văn bản đã đăng được ban hành lại cùng số (bản đính chính): thay tệp "
                  "ở ô «Tệp đính kèm» (tải tệp mới lên với tên khác, bỏ tệp cũ: tệp cũ không còn trên trang) và "
                  "chọn ngày giờ sửa ở đây; trang văn bản hiện «Cập nhật trên trang», tin RSS/Atom báo văn bản đã "
                  "đổi. Văn bản có số khác thay thế văn bản này: thêm văn bản mới, rồi ghi số của nó ở ô "
                  f"«{DESK_REPLACED_LABEL}» của văn bản này."),
              ("document", "Date"): f"Ngày ký ban hành. Trong tệp: {DATE_FORM}."}
BODY_LABELS = {"article": "Nội dung", "page": "Nội dung", "faq": "Câu trả lời",
               "document": "Toàn văn (khi văn bản không có tệp đính kèm)"}
# A photo without alt text (Markdown or HTML) is refused before saving, as
# the checker and the build refuse it.
NO_MISSING_ALT = (r"^(?![\s\S]*!\[\s*\]\()"
                  r"(?![\s\S]*<img(?![^>]*\balt=(?:\"[^\"\s][^\"]*\"|'[^'\s][^']*'))[^>]*>)[\s\S]*$")
MISSING_ALT_MESSAGE = ("Có ảnh chưa có lời mô tả (alt): mở ảnh và viết mô tả ngắn nội dung ảnh "
                       "cho người không xem được ảnh.")


# rules.SLUG_RE, at most slug_max_chars long; empty is left to desk.js.
SLUG_PATTERN = "^(?:(?=[a-z0-9-]{{1,{limit}}}$)" + SLUG_RE.pattern.replace("{", "{{").replace("}", "}}") + ")?$"


# An upload named like a file already in its folder (photos share one folder
# a year, documents' attachments too): the CMS asks «Thay thế» or «Giữ cả
# hai» without saying that the file may be another article's. MessageFormat
# 2, as in the CMS's locales/vi.json.
LOCALE_OVERRIDES = {
    "file_name_conflict_confirmation_with_name": (
        ".input {$count :integer} .input {$name :string} .match $count "
        "1 {{Tệp “{$name}” đã có trong thư mục này, có thể là của một bài khác. Chọn «Giữ cả hai» để lưu "
        "tệp mới với tên khác (nên chọn); «Thay thế» sẽ đổi tệp cũ ở mọi bài đang dùng nó.}} "
        "* {{{$count} tệp trùng tên đã có trong thư mục này, có thể là của bài khác. Chọn «Giữ cả hai» để "
        "lưu các tệp mới với tên khác (nên chọn); «Thay thế» sẽ đổi các tệp cũ ở mọi bài đang dùng chúng.}}"),
    "file_name_conflict_confirmation": (
        ".input {$count :integer} .match $count "
        "1 {{Một tệp trùng tên đã có trong thư mục này, có thể là của một bài khác. Chọn «Giữ cả hai» để "
        "lưu tệp mới với tên khác (nên chọn); «Thay thế» sẽ đổi tệp cũ ở mọi bài đang dùng nó.}} "
        "* {{{$count} tệp trùng tên đã có trong thư mục này, có thể là của bài khác. Chọn «Giữ cả hai» để "
        "lưu các tệp mới với tên khác (nên chọn); «Thay thế» sẽ đổi các tệp cũ ở mọi bài đang dùng chúng.}}"),
}


# Strings the vendored Vietnamese locale lacks, which the CMS showed in
# English («Show Errors» after every refused save; the warning when two
# editors save one article), merged over it (desk.js merges top-level keys:
# a nested group is given whole, ``locale_strings``).
LOCALE_ADDED = {
    "show_errors": "Xem lỗi",
    # Under every refused save: «… Vui lòng thử lại sau.» followed the
    # desk's own refusals (a GitHub token pasted, the file changed on disk),
    # where trying again later never helps.
    "saving_entry": {"error": {"title": "Lỗi", "description": (
        "Bài chưa được lưu: lý do ở thông báo vừa hiện hoặc ngay dưới đây. Những gì bạn đang sửa vẫn còn trên "
        "trang; không thấy lý do nào thì đợi ít phút rồi bấm «Lưu» lại.")}},
    "replace_image": "Thay ảnh", "remove_image": "Bỏ ảnh", "replace_file": "Thay tệp", "remove_file": "Bỏ tệp",
    "save_conflict": {
        "title": "Bài đã được người khác sửa",
        "modified_by": "{$name} đã sửa bài này lúc {$date}, sau khi bạn mở nó.",
        "modified": "Bài này đã được sửa trong kho sau khi bạn mở nó.",
        "deleted": "Bài này đã bị xoá khỏi kho sau khi bạn mở nó.",
        "overwrite_warning": "Nếu lưu bây giờ, những thay đổi của người đó sẽ mất.",
        "recreate_warning": "Nếu lưu bây giờ, bài sẽ được tạo lại.",
        "save_anyway": "Vẫn lưu",
        "branch_moved": "Trong lúc lưu, kho vừa được người khác cập nhật. Vui lòng thử lại.",
    },
    "remote_change": {"reload_entry": "Tải lại bài",
                      "confirm_reloading_entry": "Tải lại bài? Những thay đổi chưa lưu sẽ mất."},
    "entry_sidebar": {"slug": {"title": "Địa chỉ (Slug)",
                               "generated_on_save": "Địa chỉ được tạo từ nội dung bài khi lưu lần đầu.",
                               "unavailable": "Bài này không có địa chỉ."}},
    # The sign-in box every editor reads (it said the token needs pull
    # requests in English), and the Library's folders (the whole feature was
    # English: «New Folder», «Folder created.», «Back to Parent Folder»…).
    "sign_in_using_access_token_workflow_note": "Vì bàn biên tập dùng quy trình duyệt bài, mã cũng phải có quyền "
                                                "đọc/ghi yêu cầu hợp nhất (pull request).",
    "sign_in_with_link": "Đăng nhập bằng liên kết",
    "sign_in_with_link_confirmation": "Liên kết này đăng nhập cho bạn bằng tài khoản {$account} trên {$service} và "
                                      "chép cài đặt từ thiết bị đã tạo ra nó. Chỉ tiếp tục nếu chính bạn đã tạo "
                                      "liên kết.",
    "select_item": "Chọn {$name}",
    "more_folders": "Thư mục khác",
    "file_unavailable_description": "Không tải được tệp này. Có thể tệp đã bị chuyển đi hoặc bị xoá.",
    "back_to_parent_folder": "Về thư mục trên",
    "new_folder": "Thư mục mới",
    "new_folder_name": "Tên thư mục",
    "new_folder_description": "Thư mục mới sẽ được tạo trong “{$folder}”.",
    "creating_folder": "Đang tạo thư mục…",
    "creating_folder_failed": "Không tạo được thư mục.",
    "folder_options": "Tuỳ chọn thư mục",
    "show_folder_options": "Xem tuỳ chọn thư mục",
    "rename_folder": "Đổi tên thư mục",
    "delete_folder": "Xoá thư mục",
    "enter_new_name_for_folder": ".input {$count :integer} .match $count 0 {{Nhập tên mới dưới đây.}} * {{Nhập tên "
                                 "mới dưới đây. {$count} tệp trong thư mục sẽ được chuyển theo, và các bài dùng "
                                 "chúng sẽ được cập nhật.}}",
    "enter_new_name_for_external_folder": ".input {$count :integer} .match $count 0 {{Nhập tên mới dưới đây.}} * "
                                          "{{Nhập tên mới dưới đây. {$count} tệp trong thư mục sẽ được chuyển theo "
                                          "và địa chỉ của chúng sẽ đổi, nên hãy sửa các bài dùng chúng.}}",
    "confirm_deleting_folder": ".input {$count :integer} .match $count 0 {{Bạn có chắc muốn xoá thư mục trống "
                               "“{$name}”?}} * {{Bạn có chắc muốn xoá thư mục “{$name}” và {$count} tệp trong đó?}}",
    "renaming_folder": "Đang đổi tên thư mục…",
    "renaming_folder_failed": "Không đổi tên được thư mục.",
    "deleting_folder": "Đang xoá thư mục…",
    "deleting_folder_failed": "Không xoá được thư mục.",
    "deleting_referenced_assets_note": ".input {$count :integer} .match $count * {{Chỗ dùng tệp này trong {$count} "
                                       "bài cũng sẽ bị bỏ.}}",
    "cannot_delete_referenced_assets": ".input {$count :integer} .match $count * {{Không xoá được, vì các ô dưới đây "
                                       "của những bài đang dùng tệp sẽ không còn hợp lệ. Hãy sửa các bài đó "
                                       "trước.}}",
    "deleting_referenced_entries_note": ".input {$count :integer} .match $count * {{Chỗ dùng mục này trong {$count} "
                                        "mục khác cũng sẽ bị bỏ.}}",
    "cannot_delete_referenced_entries": ".input {$count :integer} .match $count * {{Không xoá được, vì các ô dưới "
                                        "đây của những mục khác sẽ không còn hợp lệ. Hãy sửa các mục đó trước.}}",
    "folder_created": "Đã tạo thư mục.",
    "folder_path": "Đường dẫn thư mục",
    "x_folders": ".input {$count :integer} .match $count 0 {{Không có thư mục nào}} * {{{$count} thư mục}}",
    "folder_renamed": "Đã đổi tên thư mục.",
    "folder_deleted": "Đã xoá thư mục.",
    "list_item_options": "Tuỳ chọn của mục trong danh sách",
    "relation_field": {
        "save_together_hint": "{$name} mới sẽ được lưu cùng với bài bạn đang sửa.",
        "add_failed": "Không thêm được {$name}. Xem bảng điều khiển của trình duyệt để biết chi tiết.",
    },
    "assets_dialog": {
        "selected_folder": "Thư mục đã chọn: {$path}",
        "selected_folders": ".input {$count :integer} .match $count * {{Đã chọn {$count} thư mục}}",
        "no_subfolders": "Thư mục này không có thư mục con.",
    },
}


def locale_strings() -> dict:
    """The top-level keys desk.js merges over the vendored locale: ours
    (``LOCALE_OVERRIDES``, ``LOCALE_ADDED``, nested groups merged into the
    vendored ones), and the CMS's word for a kind of content, «chuyên mục»,
    made «mục»: on the site and in the form a «chuyên mục» is an article's
    Category, and «Bạn đang tạo bài viết mới trong chuyên mục “Bài viết”»
    named another thing by the same word."""
    vendored = json.loads((HERE / "vendor" / "locales" / "vi.json").read_text(encoding="utf-8"))
    strings = {key: value.replace("Chuyên mục", "Mục").replace("chuyên mục", "mục")
               for key, value in vendored.items() if isinstance(value, str) and "huyên mục" in value}
    for key, value in LOCALE_ADDED.items():
        base = vendored.get(key)
        strings[key] = {**base, **value} if isinstance(value, dict) and isinstance(base, dict) else value
    return {**strings, **LOCALE_OVERRIDES}


class DeskError(ValueError):
    pass


def load_config(value) -> dict:
    config = merge("DESK", value, DEFAULTS, DeskError)
    if config["publish_mode"] not in PUBLISH_MODES:
        raise DeskError(f"DESK['publish_mode'] phải là một trong {', '.join(PUBLISH_MODES)}")
    path = config["path"].strip("/")
    if not path or "/" in path or path != config["path"]:
        raise DeskError("DESK['path'] phải là tên một thư mục, không có «/», ví dụ «quan-tri»")
    for key in ("max_photo_bytes", "max_file_bytes"):
        if not 0 < config[key] <= GITHUB_MAX_BYTES:
            raise DeskError(f"DESK[{key!r}] phải là một số byte từ 1 đến {GITHUB_MAX_BYTES} (GitHub không "
                            "nhận tệp lớn hơn 100 MB)")
    repo = config["repo"]
    if repo and (repo.count("/") != 1 or not all(repo.split("/"))):
        raise DeskError(f"DESK['repo'] «{repo}» phải có dạng «chủ/kho», ví dụ «lhh-thaibinh/ban-tin»")
    return config


# --- The CMS configuration, generated ---------------------------------------------
def headers_of(kind: str) -> tuple[str, ...]:
    """Every header a file of `kind` may have (rules.KNOWN_HEADERS and the
    kind's own: a document's Number, Kind…; an article's Album)."""
    return (*KNOWN_HEADERS, *EXTRA_HEADERS.get(kind, ()))


def site_timezone(settings: dict) -> str:
    """The zone the desk reads and writes dates in (the Date fields'
    ``input_timezone``, and desk.js's own «now»): the site's ``TIMEZONE``."""
    return settings.get("TIMEZONE") or "local"


def field(key: str, kind: str, settings: dict) -> dict:
    """The CMS field for header `key` in a file of `kind`."""
    name = key.lower()
    if key not in SHOWN[kind]:
        return {"name": name, "widget": "hidden"}
    spec = {
        "name": name,
        "label": KIND_LABELS.get((kind, key), LABELS[key]),
        "required": key in REQUIRED_HEADERS[kind],
        "widget": "string",
    }
    hint = KIND_HINTS.get((kind, key), HINTS.get(key))
    if hint:
        spec["hint"] = hint
    if key == "Date":
        # Read and written in the site's time whatever the computer's zone
        # (a PC on UTC wrote «now» 7 hours early, a Windows PC on a US zone
        # half a day; the hint says «Giờ Việt Nam»).
        spec.update(widget="datetime", format=DATETIME_FORMAT, default="{{now}}",
                    input_timezone=site_timezone(settings))
    elif key == "Modified":
        spec.update(widget="datetime", format=DATETIME_FORMAT, default="",
                    input_timezone=site_timezone(settings))
    elif key == "Author":
        spec["default"] = settings["AUTHOR"]
    elif key == "Category":
        categories = list(settings.get("CATEGORIES") or [])
        spec.update(widget="select", options=categories)
        if categories:
            spec["default"] = categories[0]
    elif key == "Summary":
        spec.update(widget="text", maxlength=int(settings.get("SUMMARY_MAX_CHARS", 300)))
        spec["hint"] = (f"Một hai câu, tối đa {spec['maxlength']} ký tự; hiện khi trang được chia sẻ (Zalo, "
                        "Facebook) và, với bài viết, ở trang chủ.")
    elif key == "Slug":
        limit = content_rules(settings)["slug_max_chars"]
        spec["pattern"] = [SLUG_PATTERN.format(limit=limit),
                           "Chỉ chữ thường không dấu a-z, chữ số 0-9 và dấu gạch ngang, không dấu cách, "
                           f"tối đa {limit} ký tự; ví dụ hoi-nghi-tong-ket-2025."]
    elif key == "Status":
        spec.update(widget="select", options=[{"label": STATUS_LABELS.get(s, s), "value": s} for s in STATUSES])
    elif key == "Expired":
        # As rules.expired_value reads it: «có», or a day in the checker's form.
        spec["pattern"] = [r"^(?:|có|Có|\d{4}-\d{2}-\d{2})$",
                           "Viết «có», hoặc ngày dạng năm-tháng-ngày, ví dụ 2026-03-01; để trống nếu còn hiệu lực."]
    elif key == "Kind":
        spec.update(widget="select", options=list(settings.get("DOCUMENT_KINDS") or []))
    elif key == "Group":
        spec.update(widget="select", options=list(settings.get("DOCUMENTS", {}).get("groups") or []))
    elif key == "Issuer":
        older = "; ".join(f"văn bản trước ngày {until:%d/%m/%Y}: {name}" for until, name in former_issuers(settings))
        spec["hint"] = f"Để trống: {settings['UNION']['name']}" + (f" ({older})." if older else ".")
    elif key == "Files":
        # Uploaded beside the document, named by the CMS without tone marks;
        # desk.js writes them as {static}/van-ban/<year>/… links.
        content = settings["DESK_CONTENT_DIR"]
        spec.update(widget="file", multiple=True, choose_url=False,
                    media_folder=f"/{content}/{DOCUMENTS_PATH}/{{{{year}}}}",
                    public_folder=f"/{DOCUMENTS_PATH}/{{{{year}}}}",
                    media_library=file_library(settings))
    return spec


def file_library(settings: dict) -> dict:
    """The media library of a file field (a document's attachments, the Word
    inbox): the photos' own, but for ``DESK["max_file_bytes"]``. The CMS
    takes a field's ``media_library`` whole, instead of the top-level one."""
    return {"config": {"max_file_size": load_config(settings.get("DESK"))["max_file_bytes"],
                       "slugify_filename": True}}


# An article's album (plugins.albums) made in the desk: its photos are
# uploaded into content/images/album/<the file's slug>/ and desk.js writes
# that folder as the article's ``Album:`` header (a header already in the
# file stays as written); its captions go into ``Album_captions:``.
ALBUM_FOLDER = "album"


def album_field(settings: dict) -> dict:
    content = settings["DESK_CONTENT_DIR"]
    return {
        "name": "album_photos", "label": "Album ảnh", "widget": "image", "multiple": True,
        "required": False, "choose_url": False,
        "media_folder": f"/{content}/images/{ALBUM_FOLDER}/{{{{slug}}}}",
        "public_folder": f"/images/{ALBUM_FOLDER}/{{{{slug}}}}",
        "hint": ("Không bắt buộc. Chọn nhiều ảnh một lần (trên máy tính giữ Ctrl khi bấm chọn; trên điện "
                 "thoại chạm vào từng ảnh); ảnh hiện sau nội "
                 "dung bài, theo thứ tự tên tệp. Ảnh đã có trong album không hiện lại ở đây: ảnh tải "
                 "lên thêm vào album của bài."),
    }


def album_folder_field() -> dict:
    """The ``Album:`` header itself, shown: filled by desk.js from the
    photos uploaded, and the way to take an album off an article (emptied,
    the line is left out) without anyone editing the file by hand."""
    return {
        "name": "album", "label": DESK_ALBUM_LABEL, "widget": "string", "required": False,
        "hint": (f"Tự điền khi lưu bài có ảnh album ({ALBUM_FOLDER}/tên-bài). Để bỏ album khỏi bài: xoá "
                 "nội dung ô này và các chú thích dưới đây; ảnh vẫn còn trong Thư viện (Tất cả các tệp), "
                 "chỉ xoá ở đó khi chắc không bài nào dùng."),
    }


def album_captions_field() -> dict:
    """The album's captions, written as the article's ``Album_captions:``
    header (``rules.ALBUM_CAPTIONS_HEADER``; the desk cannot write
    chu-thich.txt): one row a photo, its file name and its caption."""
    return {
        "name": "album_captions", "label": "Chú thích ảnh album", "label_singular": "chú thích",
        "widget": "list", "required": False, "summary": "{{fields.file}}: {{fields.caption}}",
        "hint": ("Không bắt buộc, nên có: chú thích là lời mô tả ảnh cho người khiếm thị. Mỗi dòng một "
                 "ảnh: tên tệp ảnh như trên máy của bạn (ví dụ «Ảnh khai mạc.jpg», hoặc «Ảnh khai mạc») "
                 "hoặc như trong Thư viện (anh-khai-mac.jpg) — và chú thích."),
        "fields": [
            {"name": "file", "label": "Tên tệp ảnh", "widget": "string"},
            {"name": "caption", "label": "Chú thích", "widget": "string"},
        ],
    }


def body_field(kind: str, settings: dict) -> dict:
    return {
        "name": "body", "label": BODY_LABELS[kind], "widget": "richtext", "required": False,
        # Pasted from Word (or Google Docs, a web page), text and tables come
        # through (desk.js adds the tables' rule line); pictures do not:
        # desk.js marks their places (rules.pasted_photos_left).
        "hint": (f"Dán từ Word, Google Docs: chữ và bảng giữ nguyên; ảnh không đi theo — chỗ có ảnh hiện "
                 f"dòng «[{PASTED_PHOTO_MARK}…]»: chèn ảnh bằng nút Ảnh rồi xoá dòng đó."),
        "buttons": ["bold", "italic", "link", "heading-two", "heading-three", "quote",
                    "bulleted-list", "numbered-list"],
        "editor_components": ["anh"],
        "pattern": [NO_MISSING_ALT, MISSING_ALT_MESSAGE],
    }


def collection(kind: str, settings: dict) -> dict:
    """One CMS collection: every known header a field (shown or hidden), in
    the order editors see them; required ones from rules.REQUIRED_HEADERS."""
    info = COLLECTIONS[kind]
    content = settings["DESK_CONTENT_DIR"]
    folder = "/".join(part for part in (content, info["folder"]) if part)
    shown = [field(key, kind, settings) for key in SHOWN[kind]]
    # The album's fields come after the body, as the album after the article.
    after = [album_field(settings), album_folder_field(), album_captions_field()] if kind == "article" else []
    own = {spec["name"] for spec in after}  # Album:, Album_captions: fields of their own, not hidden ones
    hidden = [field(key, kind, settings) for key in headers_of(kind)
              if key not in SHOWN[kind] and key.lower() not in own]
    spec = {
        "name": info["name"], "label": info["label"], "label_singular": info["label_singular"],
        "folder": folder, "path": info["path"],
        # Our reader/writer of Pelican files (desk.js). No "extension": with a
        # custom format, Sveltia 0.221 refuses one; files are .md.
        "format": "pelican",
        "create": True, "delete": True,
        "identifier_field": "title", "slug": info.get("slug", "{{title}}"),
        "fields": [*shown, *hidden, body_field(kind, settings), *after],
        # Photos of the year the file is saved; the CMS names them
        # /images/… and desk.js writes {static}/images/… in the file.
        "media_folder": f"/{content}/images/{{{{year}}}}",
        "public_folder": "/images/{{year}}",
    }
    if "Date" in SHOWN[kind]:
        spec["sortable_fields"] = {"fields": ["date", "title"],
                                   "default": {"field": "date", "direction": "descending"}}
        # Two items of one title (a «Thông báo» each month) told apart in the
        # list; the date first, as a phone cuts a long title short.
        spec["summary"] = "{{date | date('DD/MM/YYYY')}} · {{title}}"
        if kind == "document":
            # A year's «Thông báo về việc …» entered at year end were forty
            # lines alike: the clerk finds a document by its number.
            spec["summary"] = "{{date | date('DD/MM/YYYY')}} · Số {{number}} · {{title}}"
    if kind == "article":
        # Pages and Hỏi & đáp items have no category. An article whose
        # category is not (or no longer) in CATEGORIES is not listed;
        # ``invoke check`` names it.
        spec["filter"] = {"field": "category", "value": list(settings.get("CATEGORIES") or [])}
    return spec


def cms_config(settings: dict) -> dict:
    """The whole CMS configuration, from the settings (DESK merged)."""
    desk = settings["DESK"]
    settings = {**settings, "DESK_CONTENT_DIR": desk["content"].strip("/")}
    return {
        "load_config_file": False,
        "backend": {
            "name": "github",
            "repo": desk["repo"] or PLACEHOLDER_REPO,
            "branch": desk["branch"],
            # A personal access token (README, "Dành cho biên tập viên"): the
            # "GitHub" button would need an OAuth server of our own.
            "auth_methods": ["token"],
            "commit_messages": {
                "create": "Thêm {{collection}} «{{slug}}»",
                "update": "Sửa {{collection}} «{{slug}}»",
                "delete": "Xoá {{collection}} «{{slug}}»",
                "uploadMedia": "Thêm ảnh «{{path}}»",
                "deleteMedia": "Xoá ảnh «{{path}}»",
            },
        },
        "publish_mode": desk["publish_mode"],
        "app_title": f"Bàn biên tập – {settings['SITENAME']}",
        "logo": {"src": asset_url(settings, "img/logo.svg")},
        "media_folder": f"{settings['DESK_CONTENT_DIR']}/images",
        "public_folder": "/images",
        # Photos go into the repository; no stock-photo services (they would
        # call other hosts, and their photos are not the union's).
        "media_libraries": {"default": {"config": {"max_file_size": desk["max_photo_bytes"],
                                                   "slugify_filename": True}},
                            "stock_assets": False},
        # File names: ASCII, tone marks dropped, đ → d (the Slug header is
        # written by desk.js with the build's own rule).
        # «timezone: local»: the {{year}} of a new file's folder (and its
        # photos') in the editor's time; Sveltia took UTC, and an article
        # written before 07:00 on 1 January went into last year's folder.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-", "timezone": "local"},
        **({"site_url": settings["SITEURL"]} if settings.get("SITEURL") else {}),
        "collections": [*(collection(kind, settings) for kind in COLLECTIONS), inbox_collection(settings)],
    }


# Said before the upload: the .docx is committed as chosen, into a
# repository anyone can download from, its reviewers' comments, tracked
# changes and authors' names included (the import reads none of them into
# the article, but cannot take them out of the repository's history).
PUBLIC_DOCX = ("Tệp tải lên được lưu trong kho mã công khai của trang, ai cũng tải về được. Trước khi tải lên, bàn "
               "biên tập bỏ khỏi tệp góp ý, thay đổi được theo dõi (như khi chấp nhận mọi thay đổi), chữ ẩn, tên "
               "người soạn và vị trí GPS của ảnh. Không tải lên tài liệu mật hay lưu hành nội bộ.")

# What desk.js (cleanedWord) says of a Word file it cleaned or refused
# before the upload, and the secret marking's rule (import_docx.markings).
WORD_UPLOAD = {
    "secret": "tệp Word «{name}» mang độ mật «{mark}»: tài liệu mật không được đăng lên trang web nên chưa được "
              "tải lên (tệp tải lên nằm trong kho mã công khai, ai cũng tải về được).",
    "cleaned": "Trước khi tải tệp Word «{name}» lên kho mã công khai của trang, bàn biên tập đã bỏ khỏi tệp {what}. "
               "Bài nhập từ tệp cũng không có những phần này: khi bản nháp hiện ra, hãy đọc lại.",
    "internal": "Tệp Word «{name}» ghi «{mark}». Tệp tải lên nằm trong kho mã công khai của trang, ai cũng tải về "
                "được, kể cả khi sau này bài không được đăng. Vẫn tải lên? Bấm «OK» để tải lên, «Hủy» để không tải.",
    "comments": "{count} góp ý (comment)",
    "changes": "{count} thay đổi được theo dõi (Track Changes: giữ chữ đã thêm, bỏ chữ đã xoá, như khi chấp nhận "
               "mọi thay đổi)",
    "hidden": "{count} đoạn chữ ẩn (Phông chữ › Ẩn)",
    # Larger than DESK["max_file_bytes"] (phone photos pasted whole): not
    # read at all, said with how to make it smaller in Word (desk.js,
    # oversized()); the CMS's own «Vui lòng giảm dung lượng» said not how.
    "tooLarge": "tệp Word «{name}» nặng {size} MB, quá {limit} MB mà bàn biên tập nhận (thường do ảnh chụp bằng "
                "điện thoại được dán nguyên cỡ vào tệp) nên chưa được tải lên — trong Word bấm vào một ảnh › Định "
                "dạng ảnh › Nén ảnh (Compress Pictures), bỏ chọn «Chỉ áp dụng cho ảnh này», chọn «In (220 ppi)» "
                "(vẫn quá thì chọn «Web (150 ppi)») › OK, lưu tệp rồi chọn lại tệp; hoặc gửi tệp cho người quản "
                "trị trang để nhập trên máy.",
}


def inbox_collection(settings: dict) -> dict:
    """The Word inbox: the editor uploads a .docx and picks the options
    ``invoke import-docx`` takes; the request (JSON, read by
    ``workflow.import_docx.inbox_requests``) and the file go into the inbox
    folder, side by side (a media folder relative to the entry)."""
    from workflow import WorkflowError
    from workflow.import_docx import import_config  # the Word import's own settings check

    try:
        inbox = import_config(settings)["inbox"].strip("/")
    except WorkflowError as error:
        fail(str(error))
    categories = list(settings.get("CATEGORIES") or [])
    # What an upload does: the CMS shows a collection's description on wide
    # screens only, so a phone's editor read nothing of it; the file
    # field's hint (shown everywhere) says it too.
    what = ("Tải tệp Word (.docx) của bài lên đây: vài phút sau, bài (cả ảnh) hiện thành một bản nháp "
            "để xem và sửa trước khi đăng.")
    return {
        "name": inbox, "label": "Nhập bài từ Word", "label_singular": "tài liệu Word",
        "description": what,
        "folder": inbox, "extension": "json", "format": "json",
        "create": True, "delete": True, "identifier_field": "file",
        "slug": "{{year}}{{month}}{{day}}-{{hour}}{{minute}}{{second}}",
        "media_folder": "", "public_folder": "",
        "fields": [
            {"name": "file", "label": "Tệp Word (.docx)", "widget": "file", "required": True,
             "media_library": file_library(settings),
             "hint": (f"{what} Tệp .docx (Word 2007 trở lên); tệp .doc cũ: mở trong Word, Lưu thành .docx. "
                      f"{PUBLIC_DOCX}")},
            {"name": "category", "label": "Chuyên mục", "widget": "select", "options": categories,
             **({"default": categories[0]} if categories else {})},
            {"name": "tags", "label": "Thẻ", "widget": "list", "required": False},
            {"name": "date", "label": "Ngày đăng", "widget": "datetime", "format": DATETIME_FORMAT,
             "input_timezone": site_timezone(settings), "required": False, "hint": "Để trống là lúc nhập."},
        ],
    }


def former_issuers(settings: dict) -> list:
    """DOCUMENTS["former_issuers"] as plugins.documents reads them: (day,
    name) pairs, oldest first (the desk's preview and hint said today's
    name on a document dated before the union's rename)."""
    from plugins.documents import read_former_issuers

    return read_former_issuers(settings.get("DOCUMENTS", {}).get("former_issuers", []))


def desk_settings(settings: dict, version: str) -> dict:
    """What desk.js needs besides the CMS configuration."""
    from workflow.import_docx import INTERNAL_MARK, MARK_TRIM, SECRET_MARK

    names = get_day_names("wide", locale="vi")  # 0 = Monday … 6 = Sunday
    urls = {kind: str(settings.get(setting, "")) for kind, setting in (
        ("article", "ARTICLE_URL"), ("page", "PAGE_URL"), ("document", "DOCUMENT_URL"))}
    # A question's address is its anchor on Hỏi & đáp, its slug
    # (plugins.bulletin.assign_anchors): retitled or given another Slug in
    # the desk, a link shared to it opened the page's top and «Câu hỏi
    # trong liên kết bạn mở không còn trên trang này».
    urls["faq"] = "#{slug}"
    return {
        "localeBase": f"https://unpkg.com/@sveltia/cms@{version}/locales/",
        "localeDir": "vendor/locales/",
        "version": version,
        "previewStyle": asset_url(settings, "css/style.css"),
        "siteUrl": settings.get("SITEURL") or "",
        # A document's issuer when it names none: the union under the name it
        # had on the document's date (plugins.documents.default_issuer).
        "union": settings["UNION"]["name"],
        "formerIssuers": [[f"{until:%Y-%m-%d}", name] for until, name in former_issuers(settings)],
        "weekdays": [names[6], *(names[i] for i in range(6))],  # JS getDay(): 0 = Sunday
        # Every header of every kind, in the order a new file is written; a
        # document's (the only kind with a Number field) in the editor's order.
        "headers": list(dict.fromkeys(key for kind in COLLECTIONS for key in headers_of(kind))),
        "documentHeaders": list(dict.fromkeys((*SHOWN["document"], *headers_of("document")))),
        "kinds": {COLLECTIONS[kind]["name"]: kind for kind in COLLECTIONS},
        # Pasting: superscripts and subscripts as the Word import writes them.
        "scripts": {"sup": {chr(code): chr(small) for code, small in SUPERSCRIPT.items()},
                    "sub": {chr(code): chr(small) for code, small in SUBSCRIPT.items()}},
        # The CMS's own Vietnamese strings, changed where an editor needs to
        # know more (desk.js merges them into the vendored locale).
        "locale": locale_strings(),
        # Words typed after «<» (a<b, <hoten>, a quiz's <a>) are saved as
        # text (desk.js textBrackets), as the build's rules read them
        # (plugins.core.safe_html): the editor cannot type «&lt;» in the
        # rich editor, and the build refuses them.
        "htmlElements": sorted(safe_html.HTML_ELEMENTS), "needsEnd": sorted(safe_html.NEEDS_END),
        "voidElements": sorted(safe_html.VOID_ELEMENTS),
        # A body holding a tag the build refuses (a pasted <iframe> embed
        # code) is not saved (desk.js saveRefused), with the build's advice.
        "refusedTags": safe_html.REFUSED_TAGS,
        # A pasted picture that cannot come along (rules.pasted_photos_left).
        "pastedPhotoMark": PASTED_PHOTO_MARK,
        # A new file's Slug:, cut at a hyphen to this length as `invoke new`
        # cuts it (rules.clean_slug): the build refuses a longer one.
        "slugMax": content_rules(settings)["slug_max_chars"],
        # The Date fields' zone (their input_timezone): a copy made with
        # «Nhân bản» is dated now in it, as a new entry's {{now}} and
        # «Hiện tại» are (desk.js siteNow).
        "timezone": site_timezone(settings),
        # A JPEG larger than the desk takes, or longer than the site ever
        # publishes of a photo (IMAGES["original_max"]), is made smaller
        # before the CMS sees it (desk.js, smaller()), rather than refused
        # or committed at a size nobody sees.
        "maxPhotoBytes": load_config(settings.get("DESK"))["max_photo_bytes"],
        # Any other file larger than the CMS takes is not read (a 300 MB
        # Word report was held three times over in the tab before the CMS
        # refused it): desk.js, oversized().
        "maxFileBytes": load_config(settings.get("DESK"))["max_file_bytes"],
        # An iPhone's HEIC, chosen with «All files»: refused before the CMS
        # sees it (its converter is a script from unpkg.com, which the
        # desk's policy blocks, and the file was committed as it was).
        "heicMessage": "ảnh «{name}» ở dạng HEIC, trình duyệt không hiển thị được nên chưa được tải lên — "
                       + photos.UNSUPPORTED_FIX,
        # A Word file for the inbox: cleaned or refused before the upload
        # (desk.js, cleanedWord), with the import's rules for markings.
        "word": {**WORD_UPLOAD, "secretMark": SECRET_MARK.pattern, "internalMark": INTERNAL_MARK.pattern,
                 "markTrim": MARK_TRIM},
        # An Excel workbook attached: its photos' GPS and its authors' names
        # taken out before the upload, a hidden sheet or reviewers' notes
        # refused (desk.js, cleanedExcel) in the checker's words
        # (rules._excel_problem): a sheet cannot be taken out without breaking
        # the formulas that read it.
        "excel": {"held": rules.EXCEL_HELD, "fix": rules.EXCEL_FIX,
                  "refused": "tệp Excel «{name}» còn {what}: bạn đọc tải về đều thấy nên chưa được tải lên — mở tệp "
                             "trong Excel: {how}; lưu lại rồi chọn lại tệp" + rules.EXCEL_PDF.replace(
                                 "đính kèm", "tải lên")},
        # A photo the browser cannot open (cut short, not an image): refused
        # on upload (desk.js, refusedPhoto), as the checker would refuse it.
        "brokenPhotoMessage": "ảnh «{name}» bị hỏng, chưa tải về hết hoặc không phải là ảnh (trình duyệt không "
                              "mở được) nên chưa được tải lên — " + photos.RECHOOSE,
        # Said while the files chosen are prepared (desk.js, chooseStripped):
        # 135 phone photos took 99 s, under the CMS's «Không tìm thấy tệp nào.».
        "preparing": {"photo": "Đang chuẩn bị ảnh {n}/{total}…", "file": "Đang chuẩn bị tệp {n}/{total}…"},
        # A file chosen twice in one choice, byte for byte, under two names
        # («IMG_0007 (1).jpg» beside «IMG_0007.jpg»): given once, under the
        # name that is no copy's (desk.js, repeated()); the CMS kept the first
        # chosen («img_0007-1.jpg») and a caption for «IMG_0007.jpg» named no photo.
        "duplicate": {
            "photo": "ảnh «{name}» giống hệt ảnh «{kept}» (một ảnh được chọn hai lần) nên chỉ tải lên một ảnh, "
                     "tên «{kept}» — chú thích cho ảnh này hãy ghi theo tên «{kept}»",
            "file": "tệp «{name}» giống hệt tệp «{kept}» (một tệp được chọn hai lần) nên chỉ tải lên một tệp, "
                    "tên «{kept}»",
        },
        "photoMaxSide": images_config(settings.get("IMAGES", {}))["original_max"],
        # An empty file, or a «.pdf» that is no PDF by its first bytes (a
        # Word file renamed, a saved sign-in page): refused on upload
        # (desk.js, refusedAttachment) in the words the checker and the
        # build refuse it with afterwards (rules.attachment_content_problem).
        "attachment": {
            "empty": rules.empty_attachment("{name}") + " nên chưa được tải lên — chép lại tệp gốc rồi chọn lại tệp",
            "notPdf": (rules.not_pdf("{name}", "{what}") + " nên chưa được tải lên — "
                       + rules.save_as_pdf("chọn tệp PDF vừa lưu")),
            "kinds": [[list(magic), what] for magic, what in rules.NOT_PDF],
            "other": rules.NOT_PDF_OTHER,
            "space": list(rules.NOT_PDF_SPACE),
            # An active PDF (rules.pdf_active_problem: a script, a program
            # launched, a form sent elsewhere, files inside), by the names
            # of its objects; what it holds in the checker's words.
            "active": {name.decode(): kind for name, kind in rules.PDF_ACTIVE.items()},
            "held": rules.PDF_HELD,
            "activePdf": (rules.pdf_active("{name}", "{what}") + " nên chưa được tải lên — "
                          + rules.save_as_pdf(rules.PDF_REPRINT.format(then="chọn tệp PDF vừa lưu"))),
            "readMax": rules.WORD_PART_READ, "objectsMax": rules.PDF_OBJECTS_READ,
        },
        # Kinds whose page's address is made from the Slug (a document's: its Number):
        # desk.js keeps a changed one's old slug in Old_slug (plugins.redirects).
        "oldSlugKinds": [kind for kind, url in urls.items() if "{slug}" in url],
        # Of those, kinds whose address also holds the date's year, and no
        # other part of it (DOCUMENT_URL's {date:%Y}): a date moved to
        # another year keeps "YEAR/slug" there.
        "datedKinds": [kind for kind, url in urls.items()
                       if "{slug}" in url and "{date:%Y}" in url and url.count("{date") == 1],
    }


# --- The page ----------------------------------------------------------------------
def import_map() -> str:
    """The import map that sends the CMS's imports from unpkg.com to the
    vendored copies (tools/vendor_cms.py): an inline <script>, allowed by
    its hash in the policy."""
    imports = json.loads((VENDOR / "manifest.json").read_text())["imports"]
    return json.dumps({"imports": {url: f"./vendor/{name}" for url, name in sorted(imports.items())}})


def content_security_policy(meta: bool = False) -> str:
    """The desk's own policy, as narrow as Sveltia CMS allows: its scripts
    from here only (no eval; the import map by its hash), inline styles
    (Svelte injects its CSS), blob: and data: images (photos chosen before
    they are saved), GitHub's API and avatars. ``frame-ancestors`` is
    ignored in a <meta>, so it is left out."""
    digest = base64.b64encode(hashlib.sha256(import_map().encode()).digest()).decode()
    directives = [
        "default-src 'none'",
        f"script-src 'self' 'sha256-{digest}'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' blob: data: https://avatars.githubusercontent.com",
        "font-src 'self'",
        "connect-src 'self' blob: data: https://api.github.com",
        "manifest-src 'self' blob:",
        "frame-src blob:",
        "base-uri 'self'",
        "form-action 'none'",
    ]
    if not meta:
        directives.append("frame-ancestors 'none'")
    return "; ".join(directives)


def vendored_version() -> str:
    return json.loads((VENDOR / "manifest.json").read_text())["version"]


def page(settings: dict) -> str:
    """index.html of the desk."""
    version = vendored_version()
    data = {"config": cms_config(settings), "desk": desk_settings(settings, version)}
    # Every «<» as \u003c (JSON reads it back the same), as Jinja's |tojson
    # writes it: «</» alone was escaped, and a value with «<!--<script»
    # (UNION's name) kept the block open past its «</script>», the desk blank.
    block = json.dumps(data, ensure_ascii=False, indent=1).replace("<", "\\u003c")
    ours = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(STATIC.iterdir()))).hexdigest()[:10]
    return (HERE / "index.html").read_text(encoding="utf-8").format(
        csp=html.escape(content_security_policy(meta=True)),
        sitename=html.escape(settings["SITENAME"]),
        icon=html.escape(asset_url(settings, "img/favicon.svg")),
        ours=ours, version=version, settings=block, importmap=import_map(),
    )


def headers_rule() -> list[str]:
    """The desk's lines in _headers (plugins.headers writes them)."""
    return [f"Content-Security-Policy: {content_security_policy()}", "X-Robots-Tag: noindex, nofollow"]


# --- Signal handlers ----------------------------------------------------------------
def check_settings(pelican):
    settings = pelican.settings
    try:
        settings["DESK"] = config = load_config(settings.get("DESK", {}))
    except DeskError as error:
        fail(str(error))
    if not config["enabled"]:
        return
    reserved = [p.strip("/") for p in settings.get("RESERVED_PATHS", [])]
    if config["path"] not in reserved:
        fail(f"DESK['path'] «{config['path']}» phải có trong RESERVED_PATHS (pelicanconf.py): "
             f"thêm «{config['path']}/» vào danh sách")
    if not config["repo"]:
        # Information, not a warning: every local build has no repository,
        # and CI always has one (GITHUB_REPOSITORY).
        logger.info("DESK: no GitHub repository (DESK['repo'], or GITHUB_REPOSITORY in CI): "
                       "the desk at /%s/ works in local mode only", config["path"])


def write_desk(pelican):
    settings = pelican.settings
    config = settings["DESK"]
    if not config["enabled"]:
        return
    target = Path(pelican.output_path) / config["path"]
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(VENDOR, target / "vendor", ignore=shutil.ignore_patterns("manifest.json"))
    for file in STATIC.iterdir():
        shutil.copyfile(file, target / file.name)
    (target / "index.html").write_text(page(settings), encoding="utf-8")
    # Its own _headers rule, instead of the public policy (plugins.headers
    # runs after this receiver: "plugins.desk" is listed before it).
    if isinstance(settings.get("HEADERS"), dict) and "separate" in settings["HEADERS"]:
        headers = settings["HEADERS"]
        settings["HEADERS"] = {**headers, "separate": {**headers["separate"],
                                                       f"/{config['path']}/*": headers_rule()}}


def register():
    signals.initialized.connect(check_settings)
    signals.finalized.connect(write_desk)
