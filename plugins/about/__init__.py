"""Giới thiệu's facts: a timeline and figures, each with its date and its
source, from one YAML file the union edits without touching a template.

The file (``ABOUT["facts"]``, relative to ``PATH``; the project's is
``content/pages/gioi-thieu.yaml``) has three parts::

    nguon:                      # sources, named once
      quyet-dinh-thanh-lap:
        ten: Quyết định … (trang web cũ của Liên hiệp Hội)
        url: https://…
    moc:                        # the timeline
      - ngay: 1999-06-07        # den_ngay: for an event over several days
        noi_dung: …
        nguon: quyet-dinh-thanh-lap
    so_lieu:                    # figures, true as of their date only
      - con_so: "25"
        noi_dung: hội thành viên
        tinh_den: 2019-06-07
        ghi_chu: …              # optional
        nguon: …

Why YAML and not a Python structure in the settings: the facts are content
the information board keeps, beside the page they belong to, and a mistake
in them must read like every other editor's mistake (``file:line: what —
how to fix``, also from ``invoke check``), never a Python traceback from a
settings file. The price is PyYAML (pinned) and YAML's own types: a date is
a date, and ``156.390`` would be the number 156.39, so a figure must be
quoted text (a number is refused, naming the line).

Checked when Pelican starts (and read again after reading the content, so
the preview shows an edit): a fact without a date or a source, an unknown
source, a malformed date or URL, an unknown key stop the build with a
Vietnamese ``file:line`` message naming the fact. So do a date not on the
calendar (``2026-02-30``, worded as in an article's header; PyYAML raised a
ValueError while loading) and a key written twice (a part, a source name, a
field of one entry: PyYAML kept the last without a word), at its second
line, worded as a header written twice. An entry dated after today is
published with a warning (``future_facts``). A page with ``Template:
about`` and no facts file stops it too. Sources on the old site's domains
(``REDIRECTS["old_domains"]``) link to the new page that took the old
address over (``Old_url``, ``OLD_URLS``); one that nothing took over yet
(the old site is gone once the domain switches) is shown as its address
without a link, and the build warns.

Template context: ``about_facts`` = ``{"events": [...], "figures": [...]}``,
each entry with ``text``, ``when`` (``07/06/1999``, ``27–28/09/2021``),
``iso`` and ``source`` (``{"name", "url", "old"}``); figures also
``value`` and ``note``. Both oldest first.
"""

from __future__ import annotations

import logging
import os
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import yaml
from pelican import signals

from plugins.core.errors import ContentError, display_path, fail
from plugins.core.rules import closest, duplicate_header, header_where, nfc, old_path, parse_date, path_key
from plugins.core.settings import merge

logger = logging.getLogger(__name__)

DEFAULTS = {"facts": "pages/gioi-thieu.yaml", "template": "about"}
PARTS = ("nguon", "moc", "so_lieu")
SOURCE_KEYS = ("ten", "url")
EVENT_KEYS = ("ngay", "den_ngay", "noi_dung", "nguon")
FIGURE_KEYS = ("con_so", "noi_dung", "tinh_den", "ghi_chu", "nguon")


class AboutError(ValueError):
    pass


class Entry(dict):
    """A YAML mapping that remembers its line, each key's line and the
    lines of a key written more than once (``repeated``)."""

    line = 1
    lines: dict = {}
    repeated: dict = {}


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader, node):
    """A key written twice is kept at its first value and remembered:
    PyYAML's own mapping let the last one win without a word (a second
    «so_lieu:» dropped every figure above it, a source name used twice
    replaced the first source under the entries citing it)."""
    loader.flatten_mapping(node)
    entry = Entry()
    entry.line = node.start_mark.line + 1
    entry.lines = {}
    entry.repeated = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        value = loader.construct_object(value_node, deep=True)
        if key in entry.lines:
            entry.repeated.setdefault(key, [entry.lines[key]]).append(line)
            continue
        entry[key] = value
        entry.lines[key] = line
    return entry


def _timestamp(loader, node):
    """A date that is not on the calendar (``2026-02-30``) stays text, for
    ``parse_date`` to name it as in an article's header: PyYAML raised a
    ValueError while loading, a traceback."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


# --- Reading and checking (shared with the content checker) ----------------------
def _day(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_date(str(value)).date()


def _vi(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def span(start: date, end: date | None) -> str:
    """``07/06/1999``; ``27–28/09/2021`` within a month; else both dates."""
    if end is None or end == start:
        return _vi(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day:02d}–{_vi(end)}"
    return f"{_vi(start)} – {_vi(end)}"


def _named(entry: Entry) -> str:
    text = str(entry.get("noi_dung") or entry.get("con_so") or entry.get("ten") or "").strip()
    text = " ".join(text.split())
    return f"«{text[:60]}{'…' if len(text) > 60 else ''}»" if text else f"ở dòng {entry.line}"


def read_facts(path) -> tuple[dict | None, list[tuple[int, str]]]:
    """The facts of a YAML file, and every problem as (line, Vietnamese
    message). Facts are None when any problem was found."""
    try:
        with open(path, encoding="utf-8-sig") as file:
            data = yaml.load(file, Loader=_Loader)  # a SafeLoader: no Python objects
    except UnicodeDecodeError:
        return None, [(1, "tệp dữ kiện không phải UTF-8 — mở tệp và lưu lại với bảng mã UTF-8")]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = (mark.line + 1) if mark else 1
        lines = _lines_of(path)
        # A quote left open runs on to the next line's quote, where PyYAML
        # stops: the line to mend is the first with an odd count of quotes.
        opened = next((number for number, text in enumerate(lines[:line], start=1)
                       if not text.lstrip().startswith("#") and text.split(" #")[0].count('"') % 2), None)
        if opened and lines[opened - 1].split(" #")[0].count('"') >= 3:
            # «noi_dung: "Hội thi "Sáng tạo" lần thứ 8»: closing it at the end
            # only led to the next error; the quotes inside are the cause.
            return None, [(opened, "tệp dữ kiện không đọc được: nội dung có dấu ngoặc kép ở giữa — đổi các dấu "
                                   "ngoặc kép bên trong thành “ ” hoặc « », và giữ một cặp ngoặc kép bao cả nội "
                                   "dung")]
        if opened:
            return None, [(opened, "tệp dữ kiện không đọc được: dấu ngoặc kép mở ở dòng này không "
                                   "được đóng — thêm dấu ngoặc kép ở cuối nội dung")]
        return None, [(line, yaml_problem(lines[line - 1] if line <= len(lines) else ""))]
    problems: list[tuple[int, str]] = []
    if not isinstance(data, Entry):
        return None, [(1, "tệp dữ kiện phải có các phần «nguon:», «moc:» và «so_lieu:» — xem mẫu "
                          "trong README")]
    problems += _repeated(data)
    for key in data:
        if key not in PARTS:
            problems.append((data.lines[key], _unknown(key, PARTS)))
    sources = {}
    raw_sources = data.get("nguon") or {}
    if not isinstance(raw_sources, Entry):
        problems.append((data.lines.get("nguon", 1), "«nguon:» phải là danh sách nguồn dạng "
                                                      "«tên-nguồn:» với «ten:» và «url:» bên dưới"))
        raw_sources = Entry()
    for key, source in raw_sources.items():
        line = raw_sources.lines[key]
        if not isinstance(source, Entry):
            problems.append((line, f"nguồn «{key}» phải có «ten:» và «url:» ở các dòng bên dưới"))
            continue
        problems += _check_keys(source, SOURCE_KEYS)
        name, url = source.get("ten"), source.get("url")
        if not _text(name):
            problems.append((source.line, f"nguồn «{key}» thiếu «ten:» — viết tên nguồn"))
        if not (isinstance(url, str) and url.startswith(("https://", "http://")) and " " not in url):
            # An address with a space said «không bắt đầu bằng https://» of one that did.
            what = (f"url «{url}» có dấu cách" if isinstance(url, str) and url.startswith(("https://", "http://"))
                    else "thiếu «url:» hoặc url không bắt đầu bằng https://")
            problems.append((source.lines.get("url", source.line),
                             f"nguồn «{key}» {what} — chép địa chỉ của nguồn từ thanh địa chỉ của trình duyệt"))
        sources[key] = {"name": nfc(str(name or "").strip()), "url": url, "line": line}
    events = _entries(data, "moc", EVENT_KEYS, "ngay", sources, problems)
    figures = _entries(data, "so_lieu", FIGURE_KEYS, "tinh_den", sources, problems)
    if problems:
        return None, sorted(problems)
    events.sort(key=lambda event: event["iso"])
    # Figures too, oldest first (as written within a day): 2019's «hơn 156.000
    # hội viên» above 2018's «hơn 200.000» read as a fall of 44,000.
    figures.sort(key=lambda figure: figure["iso"])
    return {"events": events, "figures": figures}, []


def _repeated(data: Entry) -> list[tuple[int, str]]:
    """A key written more than once anywhere in the file, at its last line,
    worded as a header written twice in an article."""
    problems = []
    parts = data.get("nguon")
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack += node
            continue
        if not isinstance(node, Entry):
            continue
        stack += node.values()
        for key, lines in node.repeated.items():
            if node is data:
                fix = (f"mỗi phần chỉ viết một lần (viết hai lần thì phần sau thay hẳn phần trước): chuyển các "
                       f"mục dưới dòng {lines[-1]} vào phần «{key}:» ở dòng {lines[0]}, rồi xoá dòng thừa")
            elif node is parts:
                fix = (f"mỗi nguồn một tên riêng (trùng tên thì nguồn sau thay nguồn trước ở mọi mục dẫn "
                       f"nó): đổi tên một nguồn (ví dụ «{key}-2») và sửa «nguon:» của các mục dẫn nguồn đó; "
                       "nếu là cùng một nguồn, xoá nguồn thừa")
            else:
                fix = None
            problems.append((lines[-1], duplicate_header(str(key), lines, fix)))
    return problems


def future_facts(facts: dict, today: date) -> list[tuple[int, str]]:
    """Warnings (line, message): an entry dated after ``today`` is
    published at once, as if it had happened, like an article's future
    date (which is held back) is warned about."""
    return [(entry["line"], f"mục {entry['named']}: ngày «{entry['iso']}» ở tương lai — trang Giới thiệu "
                            "đăng mục này ngay như việc đã có; có gõ nhầm năm không? Sửa lại ngày, hoặc chỉ "
                            "thêm mục khi việc đã diễn ra, con số khi đã có")
            for entry in facts["events"] + facts["figures"] if date.fromisoformat(entry["iso"]) > today]


_VALUE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_]+:\s+(?P<value>.*)$")
_SPECIAL_START = tuple("\"'[]{}*&!|>@`%-#,?")


def yaml_problem(text: str) -> str:
    """What is wrong with a line PyYAML could not read, and the fix, from
    the line itself: PyYAML's own words («mapping values are not allowed
    here», «expected <block end>, but found '<scalar>'») say the same of
    a colon in the text, a bad indent or a missing colon. Measured on a copy
    of the facts: «noi_dung: Chủ đề: thành lập» (a colon and a space in the
    text), «noi_dung: "Đại hội "lần V""» (straight quotes inside), «noi_dung:
    *Đại hội» (a YAML sign first), a Tab, an indent of five spaces."""
    start = "tệp dữ kiện không đọc được ở dòng này"
    value = (_VALUE.match(text) or {"value": ""})["value"].rstrip() if text else ""
    if "\t" in text[: len(text) - len(text.lstrip())]:
        return f"{start}: dòng thụt lề bằng dấu Tab — thụt lề bằng dấu cách (hai dấu cách mỗi bậc), như các dòng khác"
    quote = ("viết cả nội dung trong ngoặc kép, ví dụ «noi_dung: \"Chủ đề: …\"» (dấu ngoặc kép bên trong "
             "đổi thành “ ” hoặc « »), hoặc viết «noi_dung: >-» rồi xuống dòng, thụt lề thêm hai dấu cách")
    if ": " in value or value.endswith(":"):
        return f"{start}: nội dung có dấu hai chấm và dấu cách («: »), mà YAML đọc là một tên mục mới — {quote}"
    if value.startswith(_SPECIAL_START) or '"' in value[1:]:
        return (f"{start}: nội dung bắt đầu bằng một dấu YAML dành riêng («{value[0]}») hoặc có dấu "
                f"ngoặc kép ở giữa — {quote}")
    return (f"{start}: thụt lề hoặc dấu hai chấm không đúng — mỗi mục bắt đầu bằng «- » thẳng cột với "
            "các mục khác, các dòng của một mục thẳng cột với nhau (chỉ dùng dấu cách), mỗi dòng có dạng "
            "«tên: giá trị»")


def _lines_of(path) -> list[str]:
    try:
        with open(path, encoding="utf-8-sig") as file:
            return file.read().split("\n")
    except (OSError, UnicodeDecodeError):
        return []


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _unknown(key, valid) -> str:
    suggestion = closest(str(key), valid)
    fix = f"có phải là «{suggestion}»?" if suggestion else "các khoá hợp lệ: " + ", ".join(valid)
    return f"khoá lạ «{key}» — {fix}"


def _check_keys(entry: Entry, valid) -> list[tuple[int, str]]:
    return [(entry.lines[key], _unknown(key, valid)) for key in entry if key not in valid]


def _entries(data, part, keys, date_key, sources, problems) -> list[dict]:
    raw = data.get(part) or []
    if not isinstance(raw, list):
        problems.append((data.lines.get(part, 1), f"«{part}:» phải là danh sách, mỗi mục bắt "
                                                  "đầu bằng dấu «-»"))
        return []
    entries = []
    for entry in raw:
        if not isinstance(entry, Entry):
            problems.append((data.lines.get(part, 1), f"mỗi mục của «{part}:» phải có các dòng "
                                                      f"{', '.join(keys)}"))
            continue
        problems += _check_keys(entry, keys)
        named = _named(entry)
        found = len(problems)
        for key in ("noi_dung", "con_so"):
            if key in keys and not _text(entry.get(key)):
                value = entry.get(key)
                if isinstance(value, float):
                    problems.append((entry.lines[key], f"con số «{value}» bị đọc thành số thập phân "
                                     f"— viết con số trong ngoặc kép, ví dụ {key}: \"156.390\""))
                elif isinstance(value, int) and not isinstance(value, bool):
                    problems.append((entry.lines[key], f"con số «{value}» phải viết trong ngoặc kép, "
                                     f"ví dụ {key}: \"{value}\""))
                else:
                    problems.append((entry.lines.get(key, entry.line),
                                     f"mục {named} thiếu «{key}:» hoặc «{key}:» để trống"))
        days = {}
        for key in (date_key, "den_ngay"):
            if key not in keys:
                continue
            if entry.get(key) is None:
                if key == date_key:
                    problems.append((entry.line, f"mục {named} thiếu «{key}:» — mỗi mốc, mỗi con số "
                                                 f"phải có ngày nó đúng: thêm «{key}: YYYY-MM-DD»"))
                continue
            try:
                days[key] = _day(entry[key])
            except ContentError as error:
                problems.append((entry.lines[key], f"mục {named}: {error}"))
        if days.get("den_ngay") and days.get(date_key) and days["den_ngay"] < days[date_key]:
            problems.append((entry.lines["den_ngay"], f"mục {named}: «den_ngay:» trước «{date_key}:» — "
                                                      f"«den_ngay:» là ngày kết thúc, từ «{date_key}:» trở "
                                                      "về sau: sửa lại một trong hai ngày"))
        source = entry.get("nguon")
        if source is None or not str(source).strip():
            problems.append((entry.line, f"mục {named} thiếu «nguon:» — ghi tên một nguồn của "
                                         "phần «nguon:» đầu tệp: " + ", ".join(sources)))
        elif str(source) not in sources:
            suggestion = closest(str(source), sources)
            problems.append((entry.lines["nguon"], f"mục {named} ghi nguồn «{source}» mà phần "
                             "«nguon:» không có — " + (f"có phải là «{suggestion}»?" if suggestion
                                                       else "thêm nguồn đó vào phần «nguon:»")))
        if len(problems) > found or date_key not in days:
            continue
        entries.append({
            "text": nfc(entry["noi_dung"].strip()),
            "value": nfc(str(entry.get("con_so", "")).strip()),
            "note": nfc(str(entry.get("ghi_chu") or "").strip()),
            "when": span(days[date_key], days.get("den_ngay")),
            "iso": days[date_key].isoformat(),
            "source": sources[str(source)],
            "line": entry.lines[date_key],  # for future_facts
            "named": named,
        })
    return entries


# --- The plugin -------------------------------------------------------------------
def facts_path(settings) -> str:
    return os.path.join(settings["PATH"], settings["ABOUT"]["facts"])


def load(settings) -> dict | None:
    """The facts, or None when there is no facts file; stops the build at
    the first problem."""
    path = facts_path(settings)
    if not os.path.isfile(path):
        return None
    facts, problems = read_facts(path)
    if problems:
        line, message = problems[0]
        fail(f"{display_path(path)}:{line}: {message}")
    return facts


def check_settings(pelican):
    try:
        pelican.settings["ABOUT"] = merge("ABOUT", pelican.settings.get("ABOUT", {}), DEFAULTS, AboutError)
    except AboutError as error:
        fail(str(error))
    load(pelican.settings)


def missing_facts(facts: str) -> str:
    """The message for a page with ``Template: about`` and no facts file."""
    return (f"trang dùng «Template: about» nhưng không có tệp dữ kiện «{facts}» — tạo tệp đó "
            "(mẫu trong README, «Dành cho biên tập viên»: «Sửa một con số ở trang Giới thiệu»; "
            "hoặc chép content/pages/gioi-thieu.yaml) hoặc bỏ dòng «Template: about»")


def link_sources(facts: dict, settings, targets: dict[str, str]) -> None:
    """A source on the old site links to the page that took its address
    over, or to nothing (with a warning): the old site is gone once the
    domain switches."""
    domains = settings["REDIRECTS"]["old_domains"] if "REDIRECTS" in settings else []
    known = {domain.lower().removeprefix("www.") for domain in domains}
    warned = set()
    for entry in facts["events"] + facts["figures"]:
        source = dict(entry["source"], old=False)
        host = source["url"].split("/")[2].lower().removeprefix("www.")
        if host in known:
            key = path_key(old_path(source["url"], domains))
            if key in targets:
                source["url"] = f"{settings['SITEURL']}/{targets[key]}"
            else:
                source["old"] = True
                if source["url"] not in warned:
                    warned.add(source["url"])
                    logger.warning(
                        "%s:%d: nguồn «%s» ở trang web cũ, chưa được chép sang bản tin, nên "
                        "Giới thiệu ghi địa chỉ cũ, không có liên kết — chép trang đó sang với "
                        "dòng «Old_url:» ghi địa chỉ trong «url:»", display_path(facts_path(settings)),
                        source["line"], source["name"])
        entry["source"] = source


def add_facts(generators):
    """all_generators_finalized: the facts, read again, in the context."""
    context, settings = generators[0].context, generators[0].settings
    facts = load(settings)
    pages = [*context.get("pages", []), *context.get("hidden_pages", []), *context.get("draft_pages", [])]
    for page in pages:
        if page.template == settings["ABOUT"]["template"] and facts is None:
            fail(f"{header_where(page.source_path, 'Template')}: {missing_facts(settings['ABOUT']['facts'])}")
    if facts is not None:
        link_sources(facts, settings, context.get("old_url_targets", {}))
        today = datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC")).date()
        for line, message in future_facts(facts, today):
            logger.warning("%s:%d: %s", display_path(facts_path(settings)), line, message)
    context["about_facts"] = facts


def register():
    signals.initialized.connect(check_settings)
    signals.all_generators_finalized.connect(add_facts)
