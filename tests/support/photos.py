"""Photos as phones and editors make them, for the tests: real JPEG/PNG/GIF/
WebP/AVIF bytes written by Pillow, with real EXIF (orientation, GPS, a
maker note, an embedded thumbnail in IFD1), ICC profiles, CMYK, 16-bit,
palette transparency, animation.

A "sideways" photo is stored as phones store a portrait shot: landscape
pixels whose top-left quarter is red, tagged ``Orientation = 6`` (rotate 90°
clockwise to view). Upright, the red quarter is then at the top right.
"""

from __future__ import annotations

import io
import struct

from PIL import ExifTags, Image, ImageDraw

GPS_LATITUDE = (20.0, 27.0, 0.0)  # Thái Bình
MAKER_NOTE = b"SAMSUNG-MAKERNOTE-0001"
# What a Samsung motion photo appends after the JPEG's end: a video (here
# 200 KB of stand-in bytes, more than the 64 KB tail the checker reads).
MOTION_TRAILER = b"MotionPhoto_Data" + bytes(range(256)) * 800


def quadrant_image(width: int, height: int, mode: str = "RGB") -> Image.Image:
    """Blue pixels, the top-left quarter red: orientation is visible."""
    image = Image.new("RGB", (width, height), (20, 60, 200))
    ImageDraw.Draw(image).rectangle([0, 0, width // 2 - 1, height // 2 - 1], fill=(220, 20, 20))
    return image.convert(mode) if mode != "RGB" else image


def phone_exif(orientation: int = 6, thumbnail: bool = True) -> bytes:
    """EXIF as a phone writes it: orientation, make, GPS position, a maker
    note, and (IFD1) a JPEG thumbnail."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "samsung"
    exif[ExifTags.Base.Model] = "Galaxy A15"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (106.0, 20.0, 0.0)
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.MakerNote] = MAKER_NOTE
    data = exif.tobytes()
    return _with_thumbnail(data) if thumbnail else data


def _with_thumbnail(data: bytes) -> bytes:
    """Append IFD1 (JPEGInterchangeFormat + length) and a thumbnail JPEG,
    linked from IFD0's next-IFD offset, as cameras do."""
    header = 6 if data.startswith(b"Exif\x00\x00") else 0
    tiff = bytearray(data[header:])
    order = "<" if tiff[:2] == b"II" else ">"
    ifd0 = struct.unpack_from(order + "I", tiff, 4)[0]
    count = struct.unpack_from(order + "H", tiff, ifd0)[0]
    next_offset_at = ifd0 + 2 + 12 * count
    thumb = io.BytesIO()
    quadrant_image(160, 120).save(thumb, "JPEG", quality=70)
    ifd1 = len(tiff)
    struct.pack_into(order + "I", tiff, next_offset_at, ifd1)
    thumb_at = ifd1 + 2 + 2 * 12 + 4
    tiff += struct.pack(order + "H", 2)
    tiff += struct.pack(order + "HHII", 0x0201, 4, 1, thumb_at)
    tiff += struct.pack(order + "HHII", 0x0202, 4, 1, len(thumb.getvalue()))
    tiff += struct.pack(order + "I", 0)
    tiff += thumb.getvalue()
    return data[:header] + bytes(tiff)


def phone_jpeg(width: int = 1200, height: int = 800, orientation: int = 6, icc: bytes | None = None,
               mode: str = "RGB") -> bytes:
    """A phone photo: stored ``width``×``height`` (landscape), tagged with
    ``orientation``, GPS, maker note and thumbnail."""
    buffer = io.BytesIO()
    options = {"exif": phone_exif(orientation), "quality": 90}
    if icc:
        options["icc_profile"] = icc
    quadrant_image(width, height, mode).save(buffer, "JPEG", **options)
    return buffer.getvalue()


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def display_p3_profile() -> bytes:
    """An ICC v2 RGB matrix/TRC profile with Display P3's primaries (D50,
    as iPhones tag their photos), gamma 2.2, written byte by byte: a real
    profile lcms reads, not sRGB."""
    def xyz(x, y, z):
        return b"XYZ " + bytes(4) + _s15(x) + _s15(y) + _s15(z)

    text = b"Display P3 (test)"
    desc = b"desc" + bytes(4) + struct.pack(">I", len(text) + 1) + text + b"\0" + bytes(4 + 4 + 2 + 1 + 67)
    curve = b"curv" + bytes(4) + struct.pack(">IH", 1, round(2.2 * 256)) + bytes(2)
    tags = [(b"desc", desc), (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
            (b"rXYZ", xyz(0.5151, 0.2412, -0.0011)), (b"gXYZ", xyz(0.2920, 0.6922, 0.0419)),
            (b"bXYZ", xyz(0.1571, 0.0666, 0.7841)),
            (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve),
            (b"cprt", b"text" + bytes(4) + b"none\0" + bytes(3))]
    offset = 128 + 4 + 12 * len(tags)
    table, body = struct.pack(">I", len(tags)), b""
    for signature, data in tags:
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data + bytes(-len(data) % 4)
    size = offset + len(body)
    header = (struct.pack(">I", size) + b"lcms" + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ "
              + struct.pack(">6H", 2024, 1, 1, 0, 0, 0) + b"acsp" + b"APPL" + bytes(4) + bytes(4)
              + bytes(4) + bytes(8) + bytes(4) + _s15(0.9642) + _s15(1.0) + _s15(0.8249) + b"lcms")
    header += bytes(128 - len(header))
    return header + table + body


def encoded(image: Image.Image, kind: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def _cut_exif(exif: bytes) -> bytes:
    """A phone JPEG whose APP1 EXIF block is cut short (a phone app's edit)."""
    data = encoded(quadrant_image(160, 120), "JPEG")
    return data[:2] + b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif + data[2:]


# JPEGs on which Pillow warns «UserWarning: Corrupt EXIF data…» (photos.quiet_exif).
CUT_EXIF = [
    # An IFD of 5 entries, the block ending inside the first: «Expecting to read 12 bytes but only got 10».
    _cut_exif(b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x05\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06"),
    # The first IFD's offset past the block's end: «Expecting to read 2 bytes but only got 0».
    _cut_exif(b"Exif\x00\x00II\x2a\x00\xff\xff\xff\x7f"),
]


def png16(width: int = 64, height: int = 48) -> bytes:
    """A 16-bit grey PNG with mid-grey (32768) pixels: Pillow's own
    conversion to 8 bits clips it to white."""
    image = Image.new("I;16", (width, height), 32768)
    return encoded(image, "PNG")


def palette_png(width: int = 60, height: int = 40) -> bytes:
    """A palette PNG whose index 0 is transparent (left half)."""
    image = Image.new("P", (width, height), 1)
    image.putpalette([0, 0, 0, 200, 30, 30])
    ImageDraw.Draw(image).rectangle([0, 0, width // 2 - 1, height - 1], fill=0)
    return encoded(image, "PNG", transparency=0)


def animated_gif(width: int = 60, height: int = 40, frames: int = 3) -> bytes:
    """An animated GIF: a red bar moving right, 100/200/300 ms, looping."""
    images = []
    for index in range(frames):
        frame = Image.new("RGB", (width, height), (255, 255, 255))
        ImageDraw.Draw(frame).rectangle([index * width // frames, 0, (index + 1) * width // frames - 1, height], fill=(255, 0, 0))
        images.append(frame)
    return encoded(images[0], "GIF", save_all=True, append_images=images[1:],
                   duration=[100 * (i + 1) for i in range(frames)], loop=0)


def cmyk_jpeg(width: int = 200, height: int = 150) -> bytes:
    return encoded(quadrant_image(width, height, "CMYK"), "JPEG", quality=90)


def webp(width: int = 300, height: int = 200) -> bytes:
    return encoded(quadrant_image(width, height), "WEBP", exif=phone_exif(1, thumbnail=False))


def avif(width: int = 300, height: int = 200) -> bytes:
    return encoded(quadrant_image(width, height), "AVIF", exif=phone_exif(1, thumbnail=False))


def multi_picture_jpeg(width: int = 1200, height: int = 800, orientation: int = 6) -> bytes:
    """A phone JPEG with a second picture after it, indexed by an APP2 "MPF"
    block, as Pixel, Samsung and Xiaomi phones write an Ultra HDR photo (the
    second picture a grey gain map) and cameras a preview: Pillow reads it
    as "MPO", browsers show the first picture."""
    gain_map = Image.new("RGB", (width // 4, height // 4), (128, 128, 128))
    return encoded(quadrant_image(width, height), "MPO", save_all=True, append_images=[gain_map],
                   exif=phone_exif(orientation, thumbnail=False), quality=90)


def huge_jpeg(width: int, height: int) -> bytes:
    """A small JPEG whose frame header says ``width`` × ``height`` (a 108-
    megapixel phone photo, as Pillow sees it before decoding)."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "teal").save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    frame = data.index(b"\xff\xc0") + 5  # SOF0: length (2), precision (1), then height and width
    data[frame:frame + 4] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(data)
