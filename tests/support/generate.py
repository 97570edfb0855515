"""Generate N realistic Vietnamese articles for the benchmark.

Fixed seed: the same N gives the same files, byte for byte. Text is NFC with
tone marks, about 600 words an article, 5 categories, tags from a pool, one
photo of its own per article (a small PNG made with Pillow) plus one shared
photo, both as <figure> with a caption, as editors write them.

Optionally (``documents``, ``albums``; ``library_sizes(N)`` gives the
benchmark's N/10 and N/250: 500 and 20 at N = 5,000) a documents library
(``van-ban/YYYY/NUMBER.md``, every kind and group, four in five with a
small PDF attached in ``van-ban/YYYY/``, the others as full text) and
albums: the first articles get an ``Album:`` of 30 photos
(``images/bench/album-NN/``, captioned in ``chu-thich.txt`` but one).
Articles and their photos are the same bytes with or without them.

The corpus is neutral: ``articles/YYYY/SLUG.md``, ``images/bench/*.png``
and ``van-ban/``; ``run.py`` lays it out for each site generator. Nothing
here goes into ``content/``: the words are random, the news is not real.
"""

from __future__ import annotations

import io
import random
import unicodedata
from pathlib import Path

VERSION = 4  # bump when the output changes, so cached corpora are remade

CATEGORIES = [
    "Tin hoạt động LHH",
    "Tư vấn – phản biện",
    "Khoa học – công nghệ",
    "Hội thành viên",
    "Phổ biến kiến thức",
]

TAGS = [
    "Hội thảo", "Tư vấn phản biện", "Cụm công nghiệp", "Nông nghiệp", "Môi trường",
    "Y tế", "Giáo dục", "Chuyển đổi số", "Sáng tạo", "Thanh niên", "Phụ nữ",
    "Nông thôn mới", "Thủy lợi", "Giống cây trồng", "Chăn nuôi", "Thủy sản",
    "Năng lượng", "Biến đổi khí hậu", "Đô thị", "Giao thông", "Văn hóa",
    "Du lịch", "Doanh nghiệp", "Hợp tác quốc tế", "Đào tạo", "Trí thức",
    "Giải thưởng", "Sáng kiến", "Kinh tế biển", "Công nghiệp", "Y học cổ truyền",
    "An toàn thực phẩm", "Khuyến nông", "Hội nghị", "Tổng kết", "Đại hội",
    "Tập huấn", "Khoa học xã hội", "Lịch sử", "Địa phương",
]

# Common words of the bulletin's register (administrative and scientific
# Vietnamese), combined at random into sentences.
WORDS = """
hội thảo khoa học kỹ thuật liên hiệp tỉnh phát triển kinh tế xã hội chuyên gia
đồng chí phó chủ tịch giám đốc sở công thương nông nghiệp môi trường đề án
phương án quy hoạch giai đoạn năm tháng ngày tổ chức hội nghị tư vấn phản biện
giám định đóng góp ý kiến báo cáo trình ủy ban nhân dân thành phố huyện xã
thị trấn cụm công nghiệp doanh nghiệp đầu tư hạ tầng lao động việc làm thu hút
nâng cao hiệu quả chất lượng nguồn nhân lực trí thức cán bộ hội viên thành viên
đoàn thể chính quyền địa phương cơ sở thực hiện triển khai kế hoạch nhiệm vụ
giải pháp đổi mới sáng tạo ứng dụng công nghệ thông tin chuyển đổi số dữ liệu
sản xuất chế biến tiêu thụ sản phẩm thị trường xuất khẩu giá trị tăng trưởng
bền vững biến đổi khí hậu nước biển dâng thủy lợi đê điều giống cây trồng vật
nuôi thủy sản chăn nuôi trồng trọt an toàn thực phẩm sức khỏe cộng đồng y tế
giáo dục đào tạo học sinh sinh viên giáo viên trường đại học viện nghiên cứu
đề tài dự án nghiệm thu kết quả đánh giá tổng kết khen thưởng thi đua sáng kiến
giải thưởng cuộc thi thanh thiếu niên nhi đồng phụ nữ nông dân cựu chiến binh
văn hóa lịch sử di tích lễ hội du lịch truyền thống quê hương đất nước nhân dân
tích cực chủ động phối hợp chặt chẽ thường xuyên kịp thời hiệu quả thiết thực
quan trọng cần thiết mới mẻ lâu dài toàn diện đồng bộ hiện đại công nghiệp hóa
hiện đại hóa nghị quyết chỉ thị quyết định thông tư hướng dẫn văn bản pháp luật
chính sách cơ chế nguồn vốn ngân sách tài chính hỗ trợ khuyến khích ưu đãi
""".split()

# Words that start a sentence, for a natural rhythm.
OPENERS = [
    "Sáng ngày", "Chiều ngày", "Theo", "Tại hội nghị,", "Trong năm", "Bên cạnh đó,",
    "Đồng thời,", "Ngoài ra,", "Thực hiện", "Phát biểu tại", "Nhằm", "Với mục tiêu",
    "Trên cơ sở", "Qua đó,", "Tính đến nay,", "Theo báo cáo,",
]


def _sentence(rng: random.Random, low: int = 10, high: int = 22) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if rng.random() < 0.5:
        words.insert(0, rng.choice(OPENERS))
    if rng.random() < 0.25:
        cut = rng.randint(2, len(words) - 2)
        words[cut] = f"“{words[cut]}"
        words[min(cut + 2, len(words) - 1)] += "”"
    if rng.random() < 0.2:
        words.insert(rng.randint(1, len(words) - 1), f"{rng.randint(2, 98)}%")
    if rng.random() < 0.15:
        words.insert(rng.randint(1, len(words) - 1), f"{rng.randint(2010, 2024)} – {rng.randint(2025, 2035)}")
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", ";", "!"]).replace(";", ".")


def _title(rng: random.Random) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 14)))
    if rng.random() < 0.3:
        text += f" giai đoạn {rng.randint(2016, 2024)} – {rng.randint(2025, 2030)}"
    return text[0].upper() + text[1:]


def _png(rng: random.Random, width: int = 120, height: int = 80) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(4):
        x, y = rng.randrange(width), rng.randrange(height)
        draw.rectangle(
            (x, y, x + rng.randint(8, 40), y + rng.randint(8, 30)),
            fill=tuple(rng.randrange(256) for _ in range(3)),
        )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def slug(text: str) -> str:
    """ASCII slug of Vietnamese text (đ→d, tones dropped)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text.lower()).split())


SHARED_PHOTOS = 20
DOCUMENT_KINDS = ["Kế hoạch", "Thông báo", "Quyết định", "Công văn", "Báo cáo", "Hướng dẫn", "Biểu mẫu"]
DOCUMENT_GROUPS = ["Văn bản của tỉnh", "Văn bản khác", "Văn bản cuộc thi", ""]
ALBUM_PHOTOS = 30


def library_sizes(count: int) -> dict[str, int]:
    """The benchmark's documents and albums for N articles: N/10 and N/250."""
    return {"documents": count // 10, "albums": count // 250}


def document(rng: random.Random, number: int) -> tuple[str, str, str | None]:
    """One document: (relative path, Markdown text, its attachment's path or None)."""
    kind = rng.choice(DOCUMENT_KINDS)
    code = "".join(word[0] for word in kind.split()).upper()
    year = rng.randint(2015, 2025)
    name = f"{number}-{slug(code)}-lhh"
    group = rng.choice(DOCUMENT_GROUPS)
    attachment = f"van-ban/{year}/{name}.pdf" if rng.random() < 0.8 else None
    body = (_sentence(rng, 14, 24) if attachment
            else "\n\n".join(" ".join(_sentence(rng) for _ in range(4)) for _ in range(4)))
    text = (
        f"Title: {_title(rng)}\nNumber: {number}/{code}-LHH\n"
        f"Date: {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\nKind: {kind}\n"
        + (f"Group: {group}\n" if group else "")
        + (f"Files: {{static}}/{attachment}\n" if attachment else "")
        + f"Tags: {', '.join(rng.sample(TAGS, 2))}\n\n{body}\n"
    )
    return f"van-ban/{year}/{name}.md", unicodedata.normalize("NFC", text), attachment


def pdf_bytes(text: str) -> bytes:
    from tests.support import pdf

    return pdf(text)


def article(rng: random.Random, number: int) -> tuple[str, str, dict]:
    """One article: (relative path, Markdown text, its fields)."""
    title = _title(rng)
    year = rng.randint(2015, 2025)
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(7, 17):02d}:{rng.randint(0, 59):02d}"
    fields = {
        "title": title,
        "date": date,
        "category": rng.choice(CATEGORIES),
        "tags": rng.sample(TAGS, rng.randint(2, 4)),
        "slug": f"{slug(title)[:60].rstrip('-')}-{number}",
        "summary": _sentence(rng, 14, 24),
        "image": f"images/bench/{number:05d}.png",
        "shared": f"images/bench/chung-{rng.randrange(SHARED_PHOTOS):02d}.png",
        "caption": _sentence(rng, 6, 12).rstrip(".!"),
        "caption2": _sentence(rng, 6, 12).rstrip(".!"),
    }
    paragraphs = []
    words = 0
    while words < 600:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(3, 5)))
        words += len(paragraph.split())
        paragraphs.append(paragraph)
    figure = (
        '<figure>\n<img src="{{static}}/{src}" alt="{alt}" width="120" height="80">\n'
        "<figcaption>{caption}</figcaption>\n</figure>"
    )
    paragraphs.insert(1, figure.format(src=fields["image"], alt=fields["caption"], caption=fields["caption"]))
    paragraphs.insert(len(paragraphs) - 1, figure.format(
        src=fields["shared"], alt=fields["caption2"], caption=fields["caption2"]))
    fields["body"] = "\n\n".join(paragraphs)
    text = (
        f"Title: {title}\nDate: {date}\nAuthor: Ban thông tin\n"
        f"Category: {fields['category']}\nTags: {', '.join(fields['tags'])}\n"
        f"Slug: {fields['slug']}\nSummary: {fields['summary']}\n"
        f"Image: {{static}}/{fields['image']}\n\n{fields['body']}\n"
    )
    return f"articles/{year}/{fields['slug']}.md", unicodedata.normalize("NFC", text), fields


def generate(count: int, folder: Path, seed: int = 2020, documents: int = 0,
             albums: int = 0) -> list[dict]:
    """Write the corpus into folder (reused when already complete)."""
    stamp = folder / ".complete"
    rng = random.Random(seed)
    items = []
    photos = random.Random(seed + 1)
    shared = [_png(photos) for _ in range(SHARED_PHOTOS)]
    reuse = stamp.exists() and stamp.read_text() == f"{VERSION} {count} {seed} {documents} {albums}"
    for number in range(1, count + 1):
        path, text, fields = article(rng, number)
        fields["path"] = path
        items.append(fields)
        if number <= albums:
            fields["album"] = f"bench/album-{number:02d}"
            text = text.replace("\nSummary: ", f"\nAlbum: {fields['album']}\nSummary: ", 1)
        if not reuse:
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            image = folder / fields["image"]
            image.parent.mkdir(parents=True, exist_ok=True)
            # Each article's own photo, its Image: too: 240 × 200, the size a
            # shared link's picture needs (120 × 80 was warned of 5,000 times,
            # and a warning read made the preview wait for the whole site).
            image.write_bytes(_png(photos, 240, 200))
    if not reuse:
        for index, data in enumerate(shared):
            (folder / f"images/bench/chung-{index:02d}.png").write_bytes(data)
        library = random.Random(seed + 2)
        for number in range(1, albums + 1):
            album = folder / "images" / "bench" / f"album-{number:02d}"
            album.mkdir(parents=True, exist_ok=True)
            names = [f"anh-{n:02d}.png" for n in range(1, ALBUM_PHOTOS + 1)]
            for name in names:
                (album / name).write_bytes(_png(library))
            (album / "chu-thich.txt").write_text("".join(
                f"{name}: {_sentence(library, 5, 10).rstrip('.!')}\n" for name in names[1:]), encoding="utf-8")
        for number in range(1, documents + 1):
            path, text, attachment = document(library, number)
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            if attachment:
                (folder / attachment).write_bytes(pdf_bytes(f"Van ban thu nghiem so {number}"))
        stamp.write_text(f"{VERSION} {count} {seed} {documents} {albums}")
    return items


if __name__ == "__main__":
    import sys

    generate(int(sys.argv[1]), Path(sys.argv[2]))
