"""Draw the PNG and ICO icons from the shapes of theme/static/img/favicon.svg.

A neutral monogram (blue square, white strokes, red base line), not the
union's emblem: replace the files when the union supplies one. Run after
changing the drawing, then commit the files:

    .venv/bin/python -m tools.make_icons
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "theme" / "static" / "icons"
FAVICON = ROOT / "content" / "extra" / "favicon.ico"

BLUE, RED, WHITE = "#0b4f8a", "#c8102e", "#ffffff"
# favicon.svg, in its 64×64 viewBox: the red base line and the two strokes.
BASE = (0, 52, 64, 58)
STROKES = [
    [(14, 14), (22, 14), (22, 38), (36, 38), (36, 45), (14, 45)],
    [(40, 14), (48, 14), (48, 45), (40, 45)],
]


def draw(size: int, *, rounded: bool, scale: float = 1.0) -> Image.Image:
    """The monogram at `size` pixels; `scale` < 1 shrinks the drawing inside
    a full-bleed background (maskable icons keep a safe margin)."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0) if rounded else BLUE)
    pen = ImageDraw.Draw(image)
    unit = size / 64
    if rounded:
        pen.rounded_rectangle((0, 0, size - 1, size - 1), radius=10 * unit, fill=BLUE)
    offset = size * (1 - scale) / 2

    def point(x, y):
        return (offset + x * unit * scale, offset + y * unit * scale)

    pen.rectangle((*point(*BASE[:2]), *point(*BASE[2:])), fill=RED)
    for stroke in STROKES:
        pen.polygon([point(x, y) for x, y in stroke], fill=WHITE)
    return image


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    draw(192, rounded=True).save(ICONS / "icon-192.png", optimize=True)
    draw(512, rounded=True).save(ICONS / "icon-512.png", optimize=True)
    draw(512, rounded=False, scale=0.7).save(ICONS / "icon-maskable-512.png", optimize=True)
    draw(180, rounded=False).convert("RGB").save(ICONS / "apple-touch-icon.png", optimize=True)
    FAVICON.parent.mkdir(parents=True, exist_ok=True)
    draw(256, rounded=True).save(FAVICON, sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
