"""How heavy the published site grows with phone photos, against the host's
size limit (GitHub Pages: 1 GB), in one run.

    .venv/bin/python -m bench.site_size                 # 10 articles, 4 photos each
    .venv/bin/python -m bench.site_size --articles 20 --photos 6

The real content plus N generated articles (``tests/support/generate.py``'s
texts, about 600 words), each showing P phone photos (4,000 × 3,000 JPEG as
a 12-megapixel phone saves them, about 3.9 MB, sideways with GPS; eight
distinct photos shared round the articles, so each is encoded once and the
others come from the derivative cache: the bytes are the same), built by
the production command twice:

- as published: a photo a page only shows is published as its copies
  (``plugins.images.skip_unlinked_photos``);
- every photo's file linked as well (a page linking them all), which is
  what every photo cost before that change: its re-encoded file (2,560 px,
  JPEG quality 90) beside the copies.

Printed: the output's bytes by kind (photo copies, photo files, pages,
search index, the rest), per article, and how many such articles fit under
1 GB (10^9 bytes, ``DEPLOY["max_bytes"]``'s default), and what the
repository holds per article (the photos as uploaded).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.run import lay_out_ours
from tests.support import BIN, ROOT, generate, photo

DISTINCT = 8
LIMIT = 1_000_000_000


def lay_out(site: Path, articles: int, photos: int, link_files: bool) -> tuple[Path, Path]:
    """The real content, N articles with P photos each, and (``link_files``)
    a page linking every photo's file, laid out as ``bench.run`` lays out
    its corpus (production settings)."""
    pool = site.parent / "pool"
    if not pool.is_dir():
        pool.mkdir()
        for seed in range(DISTINCT):
            (pool / f"{seed}.jpg").write_bytes(photo(seed, 4000, 3000, orientation=6, gps=True))
    corpus = site.parent / f"{site.name}-corpus"
    (corpus / "articles").mkdir(parents=True)
    (corpus / "images").mkdir()
    rng = random.Random(2020)
    names = []
    for number in range(articles):
        _, _, fields = generate.article(rng, number)
        body = re.sub(r"<figure>.*?</figure>\n*", "", fields["body"], flags=re.DOTALL)
        year = fields["date"][:4]
        shown = []
        for index in range(1, photos + 1):
            name = f"images/{year}/{fields['slug']}-{index}.jpg"
            (corpus / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pool / f"{(number * photos + index) % DISTINCT}.jpg", corpus / name)
            shown.append(f"![{fields['caption']} {index}]({{static}}/{name})")
            names.append(name)
        text = (f"Title: {fields['title']}\nDate: {fields['date']}\nAuthor: Ban thông tin\n"
                f"Category: {fields['category']}\nTags: {', '.join(fields['tags'])}\n"
                f"Slug: {fields['slug']}\nSummary: {fields['summary']}\n\n"
                + "\n\n".join([*shown[:1], body, *shown[1:]]) + "\n")
        (corpus / "articles" / f"{fields['slug']}.md").write_text(text, encoding="utf-8")
    content, settings = lay_out_ours(corpus, site)
    if link_files:
        (content / "pages" / "anh-goc.md").write_text(
            "Title: Ảnh gốc\n\n" + "\n".join(f"- [{name}]({{static}}/{name})" for name in names) + "\n",
            encoding="utf-8")
    return content, settings


def kind(relative: str) -> str:
    if relative.startswith("pagefind/"):
        return "search index"
    if "/derivatives/" in relative:
        return "photo copies"
    if relative.startswith("images/"):
        return "photo files"
    if relative.endswith(".html"):
        return "pages (HTML)"
    return "the rest"


def weigh(output: Path) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for parent, _, files in os.walk(output):
        for name in files:
            path = Path(parent) / name
            key = kind(path.relative_to(output).as_posix())
            sizes[key] = sizes.get(key, 0) + path.stat().st_size
    return sizes


def build(site: Path, articles: int, photos: int, link_files: bool) -> dict[str, int]:
    content, settings = lay_out(site, articles, photos, link_files)
    output = site / "output"
    command = [str(BIN / "pelican"), str(content), "-s", str(settings), "-o", str(output), "-q"]
    env = {**os.environ, "SITEURL": "https://example.org"}
    subprocess.run(command, cwd=ROOT, check=True, env=env, stdout=subprocess.DEVNULL)
    return weigh(output)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument("--photos", type=int, default=4, help="photos shown in each article")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="site-size-") as work:
        base = build(Path(work) / "empty", 0, 0, False)
        now = build(Path(work) / "now", args.articles, args.photos, False)
        before = build(Path(work) / "before", args.articles, args.photos, True)
        uploaded = sum(p.stat().st_size for p in (Path(work) / "now" / "content" / "images").rglob("*.jpg"))
    mb = 1_000_000
    print(f"{args.articles} articles, {args.photos} phone photos each (4,000 × 3,000 JPEG)")
    print(f"{'output (MB)':<24}{'the site alone':>16}{'as published':>16}{'files too (before)':>20}")
    for key in ("photo copies", "photo files", "pages (HTML)", "search index", "the rest"):
        print(f"{key:<24}{base.get(key, 0) / mb:>16.2f}{now.get(key, 0) / mb:>16.2f}{before.get(key, 0) / mb:>20.2f}")
    totals = [sum(sizes.values()) for sizes in (base, now, before)]
    print(f"{'total':<24}{totals[0] / mb:>16.2f}{totals[1] / mb:>16.2f}{totals[2] / mb:>20.2f}")
    per = [(total - totals[0]) / args.articles for total in totals[1:]]
    print(f"per article (MB): as published {per[0] / mb:.3f}, files too {per[1] / mb:.3f} ({per[1] / per[0]:.1f}×)")
    fits = [int((LIMIT - totals[0]) // each) for each in per]
    print(f"such articles under 1 GB: as published {fits[0]:,}, files too {fits[1]:,}")
    print(f"repository, photos as uploaded: {uploaded / args.articles / mb:.1f} MB per article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
