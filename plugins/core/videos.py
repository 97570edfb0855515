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

Measured: no request leaves the site before the click
(``tests/test_safe_content.py``).
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

NOCOOKIE = "https://www.youtube-nocookie.com"
MARK = "data-youtube"  # on a YouTube card's link: the page needs video.js and frame-src
VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_PARAGRAPH = re.compile(
    r"<p>\s*(?:<a href=\"(?P<href>[^\"]+)\">(?P<text>[^<]*)</a>|(?P<bare>https?://[^\s<]+))\s*</p>"
)
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com",
                 "youtu.be", "www.youtube-nocookie.com", "youtube-nocookie.com"}
FACEBOOK_HOSTS = {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com",
                  "fb.watch", "www.fb.watch"}


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
    plain = html.unescape(address)
    youtube = youtube_id(plain)
    href = html.escape(plain)
    if youtube:
        video, start = youtube
        title = title or "Video trên YouTube"
        data = f' {MARK}="{video}"' + (f' data-start="{start}"' if start else "")
        return (
            f'<div class="video-card video-card--youtube">'
            f'<a class="video-card__link" href="{href}"{data} data-title="{html.escape(html.unescape(title))}">'
            f'<span class="video-card__play" aria-hidden="true"></span>'
            f'<span class="video-card__title">{title}</span>'
            f'<span class="video-card__source" data-pagefind-ignore>YouTube · bấm để xem</span></a>'
            f'<p class="video-card__note" data-pagefind-ignore>Video chỉ được tải từ youtube-nocookie.com '
            f"khi bạn bấm.</p>"
            f"</div>"
        )
    kind = facebook_kind(plain)
    if kind:
        what = "Video" if kind == "video" else "Bài đăng"
        title = title or f"{what} trên Facebook"
        return (
            f'<div class="video-card video-card--facebook">'
            f'<a class="video-card__link" href="{href}" target="_blank" rel="noopener noreferrer">'
            f'<span class="video-card__play video-card__play--external" aria-hidden="true"></span>'
            f'<span class="video-card__title">{title}</span>'
            f'<span class="video-card__source" data-pagefind-ignore>Facebook · mở trong thẻ mới</span></a>'
            f"</div>"
        )
    return None


# What ends a sentence after an address is no part of it.
_TRAILING = re.compile(r"[.,;:!?]+$")


def linked(address: str) -> str:
    """The paragraph of a bare address that is no video: a link to it. A
    Google Form's or a map's address pasted on a line of its own was text a
    reader on a phone could not tap (the desk's preview showed a link)."""
    end = _TRAILING.search(address)
    address, after = (address[:end.start()], end.group(0)) if end else (address, "")
    return f'<p><a href="{html.escape(html.unescape(address))}">{address}</a>{after}</p>'


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
