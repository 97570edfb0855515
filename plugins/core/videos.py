"""Video and post cards (not a plugin): a paragraph holding only a YouTube or
Facebook address becomes a card that asks nothing of a third party until
the reader clicks.

Editors would paste YouTube's or Facebook's embed code: an ``<iframe>``
that loads the other site (its scripts, cookies and trackers) on every
visit, refused by ``safe_html``. Instead they paste the address on a line
of its own, alone or as a link whose text is the card's title::

    https://www.youtube.com/watch?v=M7lc1UVf-VE
    [Hội thảo tư vấn, phản biện 2020](https://youtu.be/M7lc1UVf-VE?t=90)
    https://www.facebook.com/watch/?v=1234567890

and the build (``plugins.vietnamese``' reader, after ``safe_html.sanitize``)
writes a card: a plain link (works without JavaScript: it opens the video
on its site), a neutral play mark drawn in CSS (no thumbnail: the build has
no network, and fetching one at view time would be a request to Google).

- YouTube: ``theme/js/video.js`` (ours, loaded only on pages with such a
  card, ``defer``, no inline code) turns a click into the player of
  ``youtube-nocookie.com`` (``NOCOOKIE``), whose origin ``plugins.headers``
  allows in ``frame-src`` on those pages only.
- Facebook (videos, reels, posts): the link opens in a new tab; Facebook's
  player would need its SDK and cookies.

A paragraph holding only another bare address (a Google Form, a map) is
made a link to it (``linked``): it was text a phone could not tap.

What a share adds to an address (YouTube's ``si``, Facebook's ``mibextid``
and ``fbclid``, ``utm_*``: ``untracked``) is left out of a card's link and
of every link of a body (``untracked_links``): it ties the link to the
editor's account, and a reader following it before ``video.js`` arrives
(or without JavaScript) was counted as the editor's share.

Measured: no request leaves the site before the click
(``tests/test_safe_content.py``).
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, unquote, urlsplit

from plugins.core.rules import is_tracker

NOCOOKIE = "https://www.youtube-nocookie.com"
MARK = "data-youtube"  # on a YouTube card's link: the page needs video.js and frame-src
VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
# A bare address ends at a no-break space (Word leaves one at a line's end):
# in the HTML an «&» is «&amp;», any other entity no part of an address.
_PARAGRAPH = re.compile(
    r"<p>\s*(?:<a href=\"(?P<href>[^\"]+)\">(?P<text>[^<]*)</a>|(?P<bare>https?://(?:[^\s<&]|&amp;)+))"
    r"(?:\s|&nbsp;|&#160;)*</p>"
)
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com",
                 "youtu.be", "www.youtube-nocookie.com", "youtube-nocookie.com"}
FACEBOOK_HOSTS = {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com",
                  "fb.watch", "www.fb.watch"}


# What YouTube adds to an address it shares: «si» names the account that
# shared it, «pp» and «feature» where it was found. The video needs «v»,
# «t» and «list», which stay.
YOUTUBE_TRACKERS = frozenset({"si", "pp", "feature"})


# The ways out of Facebook, Messenger and Google to another site: a link
# copied from a post («https://l.facebook.com/l.php?u=https%3A%2F%2Fvusta.vn
# …&h=AT0…») or from a search result or a Google Docs link
# («https://www.google.com/url?q=…&sa=D»). host: the parameters holding the
# address it leads to.
REDIRECTS = {"l.facebook.com": ("u",), "lm.facebook.com": ("u",), "l.messenger.com": ("u",),
             "www.google.com": ("q", "url"), "google.com": ("q", "url")}
REDIRECT_PATHS = {"/l.php", "/url"}
# A web address a reader can follow: http(s), then a host.
_WEB_ADDRESS = re.compile(r"https?://[^/?#\s]", re.IGNORECASE)
# Redirects inside redirects followed at most (Google's link to a copied
# Facebook link is two): followed one call inside the other, 1,000 of them
# (a 31 KB link) stopped the build with «RecursionError», the checker silent.
REDIRECTS_FOLLOWED = 8


def unwrapped(address: str) -> str:
    """The address a Facebook, Messenger or Google redirect (``REDIRECTS``)
    leads to; any other address as it is."""
    try:
        parts = urlsplit(address)
    except ValueError:
        return address
    names = REDIRECTS.get((parts.hostname or "").lower())
    if not names or parts.path not in REDIRECT_PATHS:
        return address
    query = parse_qs(parts.query)
    target = next((query[name][0] for name in names if query.get(name)), "")
    return target if _WEB_ADDRESS.match(target) else address


def untracked(address: str) -> str:
    """``address`` (plain text, not HTML) without the query parameters that
    only mark who shared it and where (``rules.is_tracker``: ``fbclid``,
    ``mibextid``, ``utm_*``…; on YouTube also ``YOUTUBE_TRACKERS``), and
    without the Facebook or Google redirect it went through (``unwrapped``:
    it told Facebook who followed it, and Facebook's «h=» key expires, after
    which the reader met a Facebook warning page). The rest is kept as
    written; an address with none of them is returned as it is. A query
    inside the fragment (``#/a?utm_source=x``) is the page's own."""
    for _ in range(REDIRECTS_FOLLOWED):
        if (target := unwrapped(address)) == address:
            break
        address = target
    query_at, fragment_at = address.find("?"), address.find("#")
    if query_at < 0 or 0 <= fragment_at < query_at:
        return address
    end = fragment_at if fragment_at >= 0 else len(address)
    try:
        host = (urlsplit(address).hostname or "").lower()
    except ValueError:  # «http://[x»: no address a browser follows; left to the checker
        return address
    youtube = host in YOUTUBE_HOSTS
    parts = address[query_at + 1:end].split("&")
    kept = [part for part in parts if part and not (
        is_tracker(name := unquote(part.partition("=")[0])) or youtube and name in YOUTUBE_TRACKERS)]
    if len(kept) == len([part for part in parts if part]):
        return address
    return address[:query_at] + ("?" + "&".join(kept) if kept else "") + address[end:]


# A link's opening tag in a sanitised body (nh3 writes every attribute value
# in double quotes), and the text of a link that holds no markup.
_LINK_START = re.compile(r'<a\s[^>]*?\bhref="(?P<href>[^"]*)"[^>]*>(?P<text>[^<]*)')


def untracked_links(fragment: str) -> str:
    """Every link of a sanitised body without what a share added to its
    address (``untracked``); a link whose text is that address loses it
    from its text too. Zalo and Facebook add ``fbclid`` to every address
    an editor copies from them."""

    def clean(match: re.Match) -> str:
        plain = html.unescape(match["href"])
        address = untracked(plain)
        if address == plain:
            return match.group(0)
        text = match["text"]
        if html.unescape(text).strip() == plain:
            text = html.escape(address, quote=False)
        start, end = match.span("href")
        whole = match.group(0)
        offset = match.start()
        return (whole[:start - offset] + html.escape(address) + whole[end - offset:match.start("text") - offset]
                + text)

    return _LINK_START.sub(clean, fragment) if "?" in fragment else fragment


def youtube_id(address: str) -> tuple[str, int] | None:
    """(video id, start in seconds) of a YouTube video address, else None."""
    parts = urlsplit(address)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or host not in YOUTUBE_HOSTS:
        return None
    query = parse_qs(parts.query)
    path = parts.path.rstrip("/").split("/")
    if host == "youtu.be":
        candidate = path[1] if len(path) > 1 else ""
    elif parts.path.rstrip("/") == "/watch":
        candidate = query.get("v", [""])[0]
    elif len(path) == 3 and path[1] in ("shorts", "live", "embed", "v"):
        candidate = path[2]
    else:
        return None
    if not VIDEO_ID.match(candidate):
        return None
    return candidate, start_seconds((query.get("t") or query.get("start") or ["0"])[0])


def start_seconds(value: str) -> int:
    """YouTube's ``t=``: ``90``, ``90s``, ``1m30s``, ``1h2m3s``; 0 if unreadable."""
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?", value.strip())
    if not match:
        return 0
    hours, minutes, seconds = (int(group or 0) for group in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def facebook_kind(address: str) -> str | None:
    """"video" or "post" for a Facebook video, reel or post address, else None."""
    parts = urlsplit(address)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or host not in FACEBOOK_HOSTS:
        return None
    path = parts.path.lower()
    video_paths = ("/watch", "/reel/", "/share/v/", "/share/r/")
    if host.endswith("fb.watch") or "/videos/" in path or path.startswith(video_paths):
        return "video"
    if "/posts/" in path or path.startswith(("/permalink.php", "/story.php", "/share/p/")):
        return "post"
    return None


def card(address: str, title: str) -> str | None:
    """The card for a video or post address (None for any other address).
    ``address`` and ``title`` are HTML text as they appear in the body."""
    plain = untracked(html.unescape(address))
    youtube = youtube_id(plain)
    href = html.escape(plain)
    # An untitled card's own title names the service («Video trên YouTube»):
    # its source line then does not name it again (it was read «Video trên
    # YouTube YouTube · bấm để xem»).
    if youtube:
        video, start = youtube
        source = "YouTube · bấm để xem" if title else "bấm để xem"
        title = title or "Video trên YouTube"
        data = f' {MARK}="{video}"' + (f' data-start="{start}"' if start else "")
        return (
            f'<div class="video-card video-card--youtube">'
            f'<a class="video-card__link" href="{href}"{data} data-title="{html.escape(html.unescape(title))}">'
            f'<span class="video-card__play" aria-hidden="true"></span>'
            f'<span class="video-card__title">{title}</span>'
            f'<span class="video-card__source" data-pagefind-ignore>{source}</span></a>'
            f'<p class="video-card__note" data-pagefind-ignore>Video chỉ được tải từ youtube-nocookie.com '
            f"khi bạn bấm.</p>"
            f"</div>"
        )
    kind = facebook_kind(plain)
    if kind:
        what = "Video" if kind == "video" else "Bài đăng"
        source = "Facebook · mở trong thẻ mới" if title else "mở trong thẻ mới"
        title = title or f"{what} trên Facebook"
        return (
            f'<div class="video-card video-card--facebook">'
            f'<a class="video-card__link" href="{href}" target="_blank" rel="noopener noreferrer">'
            f'<span class="video-card__play video-card__play--external" aria-hidden="true"></span>'
            f'<span class="video-card__title">{title}</span>'
            f'<span class="video-card__source" data-pagefind-ignore>{source}</span></a>'
            f"</div>"
        )
    return None


# What ends a sentence after an address is no part of it. Stripped with
# str.rstrip: the pattern «[.,;:!?…]+$» was tried at each of its marks, and an
# address followed by 32,000 dots and a letter took 3 s (1 MB: an hour).
_TRAILING = ".,;:!?…"


def linked(address: str) -> str:
    """The paragraph of a bare address that is no video: a link to it. A
    Google Form's or a map's address pasted on a line of its own was text a
    reader on a phone could not tap (the desk's preview showed a link)."""
    shown = address.rstrip(_TRAILING)
    return f"<p>{_anchor(shown)}{address[len(shown):]}</p>"


def _anchor(address: str) -> str:
    """A link to an address as it appears in the body's HTML, showing it."""
    return f'<a href="{html.escape(html.unescape(address))}">{address}</a>'


# An address in the words of a paragraph, as GitHub's Markdown (the desk's
# preview) links it: http(s)://, up to a space or a tag. In the HTML an «&»
# is «&amp;»; any other entity is a character no address holds as it is,
# the no-break space above all («&nbsp;»: Word's, and the one Markdown
# writes before a footnote's «↩»).
_TEXT_ADDRESS = re.compile(r"\bhttps?://(?:[^\s<>\"&«»“”‘’]|&amp;)+", re.IGNORECASE)
# Where an address in the text stays text: inside a link, code, a card.
_SKIPPED = ("a", "code", "pre", "script", "style", "textarea")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")  # a «>» in a quoted value


def _address_end(address: str) -> str:
    """``address`` without what ends the sentence after it: «.», «,», «…», a
    closing bracket or a straight quote it does not open («(xem
    https://a.vn/b)», «[…]», «'https://a.vn/b'»)."""
    # One pass from the end, each bracket and quote counted once: counted
    # again for each mark taken off, «)» × 32,000 took 5 s (1 MB: hours).
    unopened = {")": address.count(")") - address.count("("), "]": address.count("]") - address.count("[")}
    quotes, end = address.count("'"), len(address)
    while end:
        last = address[end - 1]
        if last in _TRAILING:
            pass
        elif last in unopened and unopened[last] > 0:
            unopened[last] -= 1
        elif last == "'" and quotes % 2:  # 'https://a.vn/b': the quote closes
            quotes -= 1
        else:
            break
        end -= 1
    return address[:end]


def linked_text(fragment: str) -> str:
    """Every address in the words of a sanitised body (outside links and
    code) made a link to it: «Chi tiết xem tại https://vusta.vn/…» was text
    a reader on a phone could not tap, while the desk's preview showed it
    as a link."""
    if "://" not in fragment:
        return fragment
    out, depth, at = [], 0, 0

    def link(match: re.Match) -> str:
        address = _address_end(match.group(0))
        rest = match.group(0)[len(address):]
        if not _WEB_ADDRESS.match(address):
            return match.group(0)
        return _anchor(address) + rest

    for tag in _TAG.finditer(fragment):
        text = fragment[at:tag.start()]
        out.append(_TEXT_ADDRESS.sub(link, text) if depth == 0 else text)
        if tag[2].lower() in _SKIPPED:
            depth = max(0, depth + (-1 if tag[1] else 1))
        out.append(tag.group(0))
        at = tag.end()
    text = fragment[at:]
    out.append(_TEXT_ADDRESS.sub(link, text) if depth == 0 else text)
    return "".join(out)


def cards(fragment: str) -> str:
    """Every paragraph of a sanitised body that holds only a video or post
    address (bare, or a link whose text is the title) becomes its card;
    one holding only another bare address, a link to it."""

    def replace(match: re.Match) -> str:
        if match["bare"]:
            return card(match["bare"], "") or linked(match["bare"])
        address, title = match["href"], match["text"].strip()
        if html.unescape(title) == html.unescape(address):
            title = ""
        return card(address, title) or match.group(0)

    return _PARAGRAPH.sub(replace, fragment) if "<p>" in fragment else fragment
