"""Years of the union's publishing, as the desk commits them, against
GitHub's limits (README, "Site size"): what the repository holds, what the
site publishes, what the derivative cache keeps and what a cold build costs.

    .venv/bin/python -m bench.years                      # one year, 12 albums of 100
    .venv/bin/python -m bench.years --years 2 --albums 24

Each year: ``--articles`` articles (156: three a week) of ``--photos`` photos
(4), ``--albums`` of them with an album of ``--album-photos`` photos (100),
``--documents`` documents (50), four in five with a 1 MB PDF. Every photo is
what the desk commits (``IMAGES["original_max"]`` 2,560 px, JPEG quality
90, upright, no EXIF), landscape and portrait in turn, about 1.4 MB; each
file is distinct (a JPEG comment), so the derivative cache shares no work:
the build is as cold as CI's after its cache is lost. Dates are in the past
years before today, so every article is published. Built once with the
production settings into a temporary folder (``--keep DIR`` keeps it).
The repository is counted as the files committed: real photos neither
compress nor delta in git (these generated ones would, being one of six
with a comment added, so ``git count-objects`` would understate it)."""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.site_size import LIMIT, weigh
from tests.support import BIN, ROOT, generate, photo

MB = 1_000_000
DISTINCT = 6


def pool(original_max: int = 2560) -> list[bytes]:
    """Photos as the desk commits them: capped, upright, JPEG 0.9, no EXIF."""
    from PIL import Image

    photos = []
    for seed in range(DISTINCT):
        image = Image.open(io.BytesIO(photo(seed, 4000, 3000)))
        image = image.resize((original_max, original_max * 3 // 4), Image.LANCZOS)
        if seed % 2:
            image = image.transpose(Image.Transpose.ROTATE_90)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=90)
        photos.append(buffer.getvalue())
    return photos


def lay_out(site: Path, args) -> int:
    """The real content plus the generated years; the number of photos."""
    photos, made = pool(), [0]

    def distinct() -> bytes:
        made[0] += 1
        note = f"bench.years {made[0]}".encode()
        base = photos[made[0] % DISTINCT]
        return base[:2] + b"\xff\xfe" + struct.pack(">H", len(note) + 2) + note + base[2:]

    content = site / "content"
    shutil.copytree(ROOT / "content", content)
    rng, number = random.Random(2026), 0
    last = date.today().year - 1
    every = max(1, args.articles // max(1, args.albums))
    for year in range(last - args.years + 1, last + 1):
        for index in range(args.articles):
            number += 1
            _, _, fields = generate.article(rng, number)
            body = re.sub(r"<figure>.*?</figure>\n*", "", fields["body"], flags=re.DOTALL)
            slug = f"{fields['slug']}-{number}"
            shown = []
            for n in range(1, args.photos + 1):
                name = f"images/{year}/{slug}-{n}.jpg"
                (content / name).parent.mkdir(parents=True, exist_ok=True)
                (content / name).write_bytes(distinct())
                shown.append(f"![{fields['caption']} {n}]({{static}}/{name})")
            album = ""
            if index % every == 0 and index // every < args.albums:
                folder = content / "images" / str(year) / f"album-{number}"
                folder.mkdir(parents=True)
                for n in range(1, args.album_photos + 1):
                    (folder / f"anh-{n:03d}.jpg").write_bytes(distinct())
                (folder / "chu-thich.txt").write_text("anh-001.jpg: Khai mạc\n", encoding="utf-8")
                album = f"Album: {year}/album-{number}\n"
            month = 1 + index * 12 // args.articles
            text = (f"Title: {fields['title']} {number}\nDate: {year}-{month:02d}-{1 + index % 28:02d} 08:00\n"
                    f"Author: Ban thông tin\nCategory: {fields['category']}\nTags: {', '.join(fields['tags'])}\n"
                    f"Slug: {slug}\n{album}Summary: {fields['summary']}\n\n"
                    + "\n\n".join([*shown[:1], body, *shown[1:]]) + "\n")
            (content / "articles" / str(year)).mkdir(parents=True, exist_ok=True)
            (content / "articles" / str(year) / f"{slug}.md").write_text(text, encoding="utf-8")
        library = random.Random(year)
        for index in range(args.documents):
            path, text, attachment = generate.document(library, number * 1000 + index)
            text = re.sub(r"\nDate: \d{4}", f"\nDate: {year}", text)
            if attachment:
                moved = re.sub(r"van-ban/\d{4}/", f"van-ban/{year}/", attachment)
                text = text.replace(attachment, moved)
                (content / moved).parent.mkdir(parents=True, exist_ok=True)
                (content / moved).write_bytes(generate.pdf_bytes(f"Van ban {index}") + library.randbytes(MB))
            (content / path).parent.mkdir(parents=True, exist_ok=True)
            (content / path).write_text(text, encoding="utf-8")
    (site / "settings.py").write_text(
        "from publishconf import *  # noqa: F401,F403\n"
        f"CATEGORIES = list(dict.fromkeys([*CATEGORIES, *{generate.CATEGORIES!r}]))\n"
        f"CACHE_PATH = {str(site / 'cache')!r}\n"
        f"BUILD_CACHE = {{'enabled': True, 'folder': {str(site / 'build-cache')!r}, 'keep': 3}}\n",
        encoding="utf-8")
    return made[0]


def size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--articles", type=int, default=156, help="articles a year")
    parser.add_argument("--photos", type=int, default=4, help="photos in each article")
    parser.add_argument("--albums", type=int, default=12, help="albums a year")
    parser.add_argument("--album-photos", type=int, default=100)
    parser.add_argument("--documents", type=int, default=50, help="documents a year")
    parser.add_argument("--keep", type=Path, help="build here and keep it")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="years-"))
    shutil.rmtree(work, ignore_errors=True)
    try:
        photos = lay_out(work, args)
        command = [str(BIN / "pelican"), str(work / "content"), "-s", str(work / "settings.py"),
                   "-o", str(work / "output"), "-q", "--fatal", "errors"]
        before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                       env={**os.environ, "SITEURL": "https://example.org"})
        wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        kinds = weigh(work / "output")
        published, committed = sum(kinds.values()), size(work / "content")
        derivatives = size(work / "cache" / "derivatives")
        print(f"{args.years} year(s): {photos:,} photos committed; load average at the end "
              f"{os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
        print(f"repository (content/ as committed): {committed / MB:,.0f} MB, "
              f"{committed / args.years / MB:,.0f} MB a year")
        print(f"published site: {published / MB:,.0f} MB, {published / args.years / MB:,.0f} MB a year")
        for key, value in sorted(kinds.items(), key=lambda item: -item[1]):
            print(f"  {key:<16}{value / MB:>10,.1f} MB")
        print("  (the documents' PDFs are in «the rest»)")
        print(f"derivative cache: {derivatives / MB:,.0f} MB")
        print(f"cold build: {wall:,.0f} s wall, {cpu:,.0f} s CPU ({cpu / photos:.3f} s a photo)")
        each = published / args.years
        print(f"years to 80 % of 1 GB: {0.8 * LIMIT / each:.1f}; to 1 GB (DEPLOY['max_bytes']): {LIMIT / each:.1f}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
