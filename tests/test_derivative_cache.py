"""Resized photos come from cache/derivatives/ on the next build, as the
same bytes the encoder writes (plugin `derivative_cache`)."""

from __future__ import annotations

import os

import pytest

from plugins.derivative_cache import DerivativeCacheError, cache_key, load_config
from tests.support import ROOT, build_in_process


@pytest.mark.parametrize("a,b,same", [
    ((b"x", ["scale_in 480 1 True"], "a.webp"), (b"x", ["scale_in 480 1 True"], "b/c.webp"), True),
    ((b"x", ["scale_in 480 1 True"], "a.webp"), (b"y", ["scale_in 480 1 True"], "a.webp"), False),
    ((b"x", ["scale_in 480 1 True"], "a.webp"), (b"x", ["scale_in 720 1 True"], "a.webp"), False),
    ((b"x", ["scale_in 480 1 True"], "a.webp"), (b"x", ["scale_in 480 1 True"], "a.jpg"), False),
])
def test_cache_key_changes_with_source_operations_and_format(a, b, same):
    assert (cache_key(*a) == cache_key(*b)) is same


def test_cache_key_refuses_callable_operations():
    assert cache_key(b"x", [lambda image: image], "a.webp") is None


@pytest.mark.parametrize("value", [{"enable": True}, {"enabled": "yes"}, {"folder": 1}])
def test_wrong_settings_name_the_key(value):
    with pytest.raises(DerivativeCacheError):
        load_config(value)


def test_second_build_copies_the_same_derivatives_from_the_cache(tmp_path):
    cache = tmp_path / "cache"
    first = build_in_process(ROOT / "content", tmp_path / "one", CACHE_PATH=str(cache))
    stored = sorted(p for p in (cache / "derivatives").rglob("*.webp"))
    assert stored, "no derivative was cached"
    made = {p.relative_to(first.output): p.read_bytes() for p in first.output.rglob("*.webp")}
    assert made and {p.read_bytes() for p in stored} == set(made.values())
    for file in stored:  # mark the cached bytes: the next build must copy them
        file.write_bytes(file.read_bytes() + b"cached")
    second = build_in_process(ROOT / "content", tmp_path / "two", CACHE_PATH=str(cache))
    again = {p.relative_to(second.output): p.read_bytes() for p in second.output.rglob("*.webp")}
    assert again == {name: data + b"cached" for name, data in made.items()}


class Static:
    def __init__(self, save_as):
        self.save_as = save_as

    def get_url_setting(self, key):
        return self.save_as


STATICS = [("k0", ""), ("k1", "images/a.png"), ("k2", "a.png"), ("k3", "images/a.png"),
           ("k4", "c.png")]


@pytest.mark.parametrize("order,path,expected", [
    (STATICS, "images/a.png", "k1"),
    (STATICS, "images/xa.png", "k2"),
    (STATICS, "other/images/a.png", "k1"),
    (STATICS, "b.png", None),
    (STATICS, "images/c.png", "k4"),        # the empty save_as never matches
    ([("k2", "a.png"), ("k1", "images/a.png")], "images/a.png", "k2"),  # listed first wins
])
def test_first_suffix_match_is_the_first_static_file_the_library_would_find(order, path, expected):
    from plugins.derivative_cache import first_suffix_match, suffix_index

    static = {key: Static(save_as) for key, save_as in order}
    library = next((key for key, item in static.items()
                    if item.save_as and path.endswith(item.save_as)), None)
    assert first_suffix_match(path, suffix_index(static)) == library == expected


def test_a_photo_shared_by_many_articles_is_not_opened_again(tmp_path, monkeypatch):
    """The second article with the same photo gets the sizes this process
    wrote, without the library opening the WebP file again; a file changed
    since (another mtime) is opened as the library would."""
    from pelican.plugins.image_process import image_process
    from PIL import Image

    from plugins import derivative_cache

    source = tmp_path / "anh.png"
    Image.new("RGB", (800, 600)).save(source)
    # The library's own function (a build in this process has replaced it with ours).
    original = derivative_cache._state["original"] or image_process.process_image
    monkeypatch.setitem(derivative_cache._state, "original", original)
    monkeypatch.setitem(derivative_cache._state, "folder", tmp_path / "cache")
    destination = tmp_path / "out" / "anh-480.webp"
    image = (str(source), str(destination), ["scale_in 480 100000 True"])
    settings = {"IMAGE_PROCESS_FORCE": False}

    assert derivative_cache.cached_process_image(image, settings) == (480, 360)
    opened = []
    real_open = Image.open
    monkeypatch.setattr(Image, "open", lambda *args, **kwargs: opened.append(args) or real_open(*args, **kwargs))
    assert derivative_cache.cached_process_image(image, settings) == (480, 360)
    assert opened == []
    destination.write_bytes(destination.read_bytes())  # same bytes, a new mtime
    os.utime(destination, ns=(destination.stat().st_atime_ns, destination.stat().st_mtime_ns + 10**9))
    assert derivative_cache.cached_process_image(image, settings) == (480, 360)
    assert len(opened) == 1
