"""Photo copies come from cache/derivatives/ on the next build, as the same
bytes the encoder writes (plugin `derivative_cache`), keyed by everything
that decides those bytes."""

from __future__ import annotations

import json
import shutil

import pytest

from plugins import derivative_cache
from plugins.core import photos
from plugins.derivative_cache import DerivativeCacheError, cache_key, load_config
from tests.support import CONTENT, ROOT, build_in_process
from tests.support.photos import phone_jpeg


def recipe(**changes) -> str:
    fields = {"format": "WEBP", "width": 480, "height": 320, "quality": 80, "animated": True, **changes}
    return photos.Recipe(**fields).key()


@pytest.mark.parametrize("a, b, same", [
    ((b"x", recipe(), ".webp"), (b"x", recipe(), ".webp"), True),
    ((b"x", recipe(), ".webp"), (b"y", recipe(), ".webp"), False),  # the photo changed
    ((b"x", recipe(), ".webp"), (b"x", recipe(width=720, height=480), ".webp"), False),
    ((b"x", recipe(), ".webp"), (b"x", recipe(quality=90), ".webp"), False),
    ((b"x", recipe(), ".webp"), (b"x", recipe(animated=False), ".webp"), False),
    ((b"x", recipe(), ".webp"), (b"x", recipe(format="JPEG"), ".jpg"), False),
    ((b"x", recipe(), ".webp"), (b"x", recipe(), ".jpg"), False),
])
def test_cache_key_changes_with_the_photo_the_recipe_and_the_format(a, b, same):
    assert (cache_key(*a) == cache_key(*b)) is same


def test_the_recipe_key_names_what_changes_the_bytes_besides_the_settings():
    """Our code's version and the codecs' (a new libwebp may encode
    differently) are in every key."""
    version, codecs, *fields = json.loads(recipe())
    assert version == photos.RECIPE_VERSION
    assert codecs == photos.codec_versions()
    assert "webp=" in codecs and "jpg=" in codecs and "littlecms2=" in codecs
    assert fields == ["WEBP", 480, 320, 80, True]


@pytest.mark.parametrize("value", [{"enable": True}, {"enabled": "yes"}, {"folder": 1}])
def test_wrong_settings_name_the_key(value):
    with pytest.raises(DerivativeCacheError):
        load_config(value)


def test_second_build_copies_the_same_files_from_the_cache(tmp_path, monkeypatch):
    """Every photo file of a production build (srcset copies, share copy,
    a linked original) is cached; the next build copies them, not re-encodes."""
    monkeypatch.setattr(derivative_cache, "whole", lambda path: path.exists())  # the marked files are whole
    cache, content = tmp_path / "cache", tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "pages" / "anh-goc.md").write_text(  # a page that links a photo's file
        "Title: Ảnh gốc\n\n[Tải ảnh gốc]({static}/images/2020/placeholder-hoi-thao-cum-cong-nghiep-1.png)\n",
        encoding="utf-8")
    first = build_in_process(content, tmp_path / "one", ROOT / "publishconf.py", CACHE_PATH=str(cache))
    stored = sorted(p for p in (cache / "derivatives").rglob("*") if p.suffix in (".webp", ".jpg", ".png"))
    made = {p.relative_to(first.output): p.read_bytes() for p in (first.output / "images").rglob("*") if p.is_file()}
    assert {p.suffix for p in made} == {".webp", ".jpg", ".png"}  # copies, share copy, the linked PNG
    assert {p.read_bytes() for p in stored} == set(made.values())
    for file in stored:  # mark the cached bytes: the next build must copy them
        file.write_bytes(file.read_bytes() + b"cached")
    second = build_in_process(content, tmp_path / "two", ROOT / "publishconf.py", CACHE_PATH=str(cache))
    again = {p.relative_to(second.output): p.read_bytes() for p in (second.output / "images").rglob("*") if p.is_file()}
    assert again == {name: data + b"cached" for name, data in made.items()}


def test_a_photo_shared_by_many_pages_is_encoded_and_copied_once(tmp_path, monkeypatch):
    """The second request for the same copy in one build neither encodes
    nor copies again."""
    monkeypatch.setitem(derivative_cache._state, "folder", tmp_path / "cache")
    monkeypatch.setattr(derivative_cache, "_placed", {})
    source = tmp_path / "a.jpg"
    source.write_bytes(phone_jpeg(600, 400))
    target = photos.Recipe("WEBP", 480, 720, 80)
    encoded = []

    def make():
        encoded.append(1)
        return photos.render(source, target)

    destination = tmp_path / "out" / "a.jpg.webp"
    derivative_cache.produce(source, target.key(), destination, make)
    first = destination.stat().st_mtime_ns
    derivative_cache.produce(source, target.key(), destination, make)
    assert encoded == [1] and destination.stat().st_mtime_ns == first
    destination.unlink()  # gone (a preview cleaned the output): copied again, not encoded
    derivative_cache.produce(source, target.key(), destination, make)
    assert encoded == [1] and destination.read_bytes() == photos.render(source, target)


def test_an_output_that_still_holds_the_copy_is_left_as_it_is(tmp_path, monkeypatch):
    """The preview's output is not emptied between starts: a copy placed by
    an earlier build (another process: nothing remembered) is not copied
    again; a changed or truncated file there is replaced."""
    monkeypatch.setitem(derivative_cache._state, "folder", tmp_path / "cache")
    source = tmp_path / "a.jpg"
    source.write_bytes(phone_jpeg(600, 400))
    target = photos.Recipe("WEBP", 480, 720, 80)
    destination = tmp_path / "out" / "a.jpg.webp"

    def build():
        monkeypatch.setattr(derivative_cache, "_placed", {})  # a new process
        derivative_cache.produce(source, target.key(), destination, lambda: photos.render(source, target))
        return destination.stat()

    first = build()
    again = build()
    assert (again.st_ino, again.st_mtime_ns) == (first.st_ino, first.st_mtime_ns)
    destination.write_bytes(b"broken")  # edited by hand, or a half-copied file
    assert build().st_ino != first.st_ino
    assert destination.read_bytes() == photos.render(source, target)


def test_a_photo_put_back_while_the_preview_runs_gets_its_own_copies_back(tmp_path, monkeypatch):
    """A photo replaced, looked at, then put back (or a branch switched):
    the preview kept the replacement's copies, since it remembered having
    placed the first photo's there."""
    monkeypatch.setitem(derivative_cache._state, "folder", tmp_path / "cache")
    monkeypatch.setattr(derivative_cache, "_placed", {})
    source, destination = tmp_path / "a.jpg", tmp_path / "out" / "a.jpg.webp"
    target = photos.Recipe("WEBP", 480, 720, 80)
    first, second = phone_jpeg(600, 400), phone_jpeg(600, 400, orientation=1)
    for data in (first, second, first):
        source.write_bytes(data)
        derivative_cache.produce(source, target.key(), destination, lambda: photos.render(source, target))
        assert destination.read_bytes() == photos.render(source, target)


@pytest.mark.parametrize("damage", [b"", b"cut", b"zeros"])
def test_a_cached_copy_emptied_or_cut_is_made_again(tmp_path, monkeypatch, damage):
    """A cached copy emptied (a power cut after the build), cut short or
    zeroed whole, its size kept (a power cut on a disk that had the size
    but not the bytes: taken for «another format»), was published as it
    was, on every build, until «invoke clean --cache»."""
    monkeypatch.setitem(derivative_cache._state, "folder", tmp_path / "cache")
    source = tmp_path / "a.jpg"
    source.write_bytes(phone_jpeg(600, 400))
    good = {}
    for target, suffix in ((photos.Recipe("WEBP", 480, 720, 80), ".webp"), (photos.Recipe("JPEG", 480, 720, 80), ".jpg")):
        destination = tmp_path / "out" / f"a{suffix}"
        monkeypatch.setattr(derivative_cache, "_placed", {})
        derivative_cache.produce(source, target.key(), destination, lambda t=target: photos.render(source, t))
        good[suffix] = destination.read_bytes()
        [stored] = (tmp_path / "cache").rglob(f"*{suffix}")
        stored.write_bytes(bytes(len(good[suffix])) if damage == b"zeros"
                           else good[suffix][: len(damage) and len(good[suffix]) // 2])
        destination.unlink()  # a production build: a new output folder
        monkeypatch.setattr(derivative_cache, "_placed", {})  # a new process
        derivative_cache.produce(source, target.key(), destination, lambda t=target: photos.render(source, t))
        assert destination.read_bytes() == good[suffix] and stored.read_bytes() == good[suffix]


def test_a_cache_folder_the_build_may_not_write_still_builds(tmp_path, monkeypatch, caplog):
    """A cache folder left to root by one «sudo make serve» (or a read-only
    disk) stopped every build, though every copy it needed was there: a
    whole copy is still used, a missing one made without the cache, one
    warning."""
    import builtins
    import logging

    monkeypatch.setitem(derivative_cache._state, "folder", tmp_path / "cache")
    monkeypatch.setitem(derivative_cache._state, "warned", False)
    monkeypatch.setattr(derivative_cache, "_placed", {})
    source = tmp_path / "a.jpg"
    source.write_bytes(phone_jpeg(600, 400))
    cached, missing = photos.Recipe("WEBP", 480, 720, 80), photos.Recipe("WEBP", 300, 450, 80)
    derivative_cache.produce(source, cached.key(), tmp_path / "one" / "a.webp", lambda: photos.render(source, cached))
    real_open = builtins.open

    def refusing(path, *args, **kwargs):
        if str(path).endswith(".lock"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing)
    caplog.set_level(logging.WARNING)
    for recipe, name in ((cached, "a.webp"), (missing, "b.webp")):
        monkeypatch.setattr(derivative_cache, "_placed", {})
        derivative_cache.produce(source, recipe.key(), tmp_path / "two" / name, lambda r=recipe: photos.render(source, r))
        assert (tmp_path / "two" / name).read_bytes() == photos.render(source, recipe)
    assert len(caplog.records) == 1 and "bộ nhớ đệm ảnh" in caplog.text


def test_every_format_we_encode_is_whole_and_zeros_are_not(tmp_path):
    """An AVIF copy is still kept (known by its «ftyp» box); a file of
    zeros is no format at all."""
    source = tmp_path / "a.jpg"
    source.write_bytes(phone_jpeg(64, 48))
    for form in ("WEBP", "JPEG", "PNG", "GIF", "AVIF"):
        stored = tmp_path / f"a.{form.lower()}"
        stored.write_bytes(photos.render(source, photos.Recipe(form, 64, 48, 80)))
        assert derivative_cache.whole(stored), form
        stored.write_bytes(bytes(stored.stat().st_size))
        assert not derivative_cache.whole(stored), form
