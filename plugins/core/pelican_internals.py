"""Every use of Pelican's internals, in one place (not a plugin).

The fast paths (``plugins.parallel_read``, ``plugins.parallel_write``,
``plugins.page_cache``, the live preview ``workflow/preview.py``) need more of Pelican than its signals
give: its per-file reader cache, the arguments ``Readers.read_file`` gives
typogrify, the call ``ArticlesGenerator.generate_articles`` makes for each
article, the context ``Writer.write_file`` renders with, ``Pelican.run``'s
steps. Each such use is a function here, and each copy of Pelican code names
the upstream function and the version it mirrors (``TESTED_VERSION``).

Two guards keep an upgrade from drifting silently:

- at start-up, ``fast_paths()`` is False under any other Pelican version:
  one warning, and the build runs Pelican's own sequential code (the
  preview rebuilds the whole site on each save);
- ``MIRRORED`` holds a fingerprint (sha256 of ``inspect.getsource``) of
  every upstream function or class mirrored or relied on here;
  ``tests/test_pelican_internals.py`` fails with "re-sync these: …" as soon
  as one changes (or is gone). After re-syncing the copies, ``python -m
  plugins.core.pelican_internals`` prints what changed and the MIRRORED
  lines to replace.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import inspect
import logging
import os

logger = logging.getLogger(__name__)

TESTED_VERSION = "4.12.0"

# Upstream source fingerprints (Pelican 4.12.0): what each is needed for.
MIRRORED = {
    # Site.generate (preview) mirrors its steps up to the writer.
    "pelican.Pelican.run": "296180f3ec4d7bff349b930f2e0fca689fceb970fa50648d194a81000cf46487",
    "pelican.Pelican._get_generator_classes": "18d46c73fad28de94889b558b7c2c90cd68986f36b0bc7941045aaba350c3990",
    # parallel_write: the call for each article, the items' order.
    "pelican.generators.ArticlesGenerator.generate_articles": "5494d418a930a36fd7a5fd52ad5588b39218f1efaba10762eafae9eac4aa94dd",  # noqa: E501  a hash
    # LazyWriter (preview) and page_context (parallel_write) mirror it.
    "pelican.writers.Writer.write_file": "6a604ad67bbeec997e58ef69a393930c22cf3178a760fdc21d2c42f1871da373",
    # _written_files, the override rules LazyWriter._defer mirrors.
    "pelican.writers.Writer._open_w": "69700ea0b4668663b0886011eee71e8b4ea9debd376fe2a2fe322c90ec5aee6d",
    "pelican.writers.Writer.write_feed": "a3b5bc0d0a446c1061a43a358b53935e3fd673f760d11f47898df2e0ff2e8b6c",
    # parallel_read: the reader cache it consults, typogrify's arguments.
    "pelican.readers.Readers.read_file": "356c609e59c1b30a36f6ea886b0d32e21f991d577f37f7ecf0dab7a48097bbbd",
    "pelican.readers._filter_discardable_metadata": "ddc12a0fe7a35f45223fd9cd0e08d4815297554776f64983e96e120cd1b0ccee",
    "pelican.cache.FileStampDataCacher": "7a5e37066829d63602328cf639d3e6060f185a281f5969d86ccc9168ab3e6cd9",
    "pelican.cache.FileDataCacher": "3a1f0a28ab1caeab0fe7c73d55b446179331a441961fa28ef82247f7599b8cda",
    # The preview: a kept content object gets the new context (_context),
    # its memoized get_content/get_summary are forgotten (memoized.cache).
    "pelican.contents.Content.get_summary": "4a3c3104bdebd41dce041371c8c8cb442e82503e4205a3746b6a3a8178490593",
    # plugins.page_cache: a body is read through the memoized get_content
    # (watch_content wraps the memo's __call__).
    "pelican.contents.Content.get_content": "5b963ce7e6237a1bc08c29c1fcf173b29ca51e86d42a4e88b42cccf0242315a4",
    "pelican.contents.Content.__init__": "38b67e4211facf9d8f5c97ab1ac9c3345d87c5c093dd1c53dfb7583c1c9eb652",
    "pelican.utils.memoized": "e17e76fd986fe4f481f4e754761101ab0bd892b4fbabd390d16c03349c7dce6c",
    # freeze_urls: an item's URL is read from override_url first.
    "pelican.contents.Content.get_url_setting": "e0eb063bf0a5ae24d6f0c1e7b7ffa31ecc673a3f672136e694e2005b702e1113",
    # Used outside this module, listed so an upgrade names them too:
    # plugins.vietnamese's reader overrides MarkdownReader.read (its _md,
    # _parse_metadata, _source_path); plugins.images wraps
    # StaticGenerator._link_or_copy_staticfile (the capped original).
    "pelican.readers.MarkdownReader": "91c56b1172c41793a34577a38df2886b07bad018b123515771ad2cde9ae2b023",
    "pelican.generators.StaticGenerator._link_or_copy_staticfile": "5d822c8f78250fb1bd9e840ee1751eed84bf58198b035280d3dcdfef7f13dda4",  # noqa: E501  a hash
    # install_listings: the tag, category, author and period-archive lists
    # made in linear time (in_order), otherwise these functions as they are.
    "pelican.generators.ArticlesGenerator.generate_tags": "37f65d284c713dd4dcd8b823d248cff420e163ac4400a7f7cfc13a4779ad9afb",  # noqa: E501  a hash
    "pelican.generators.ArticlesGenerator.generate_categories": "cfb524524a3caae35717d53ba9cf85dfe271a0f677a3720f46f0367cf77b9a97",  # noqa: E501  a hash
    "pelican.generators.ArticlesGenerator.generate_authors": "982c57fcfcf0435e5c882255c00bb78be3945b0dc9c44ecd707c218d00cacd9d",  # noqa: E501  a hash
    "pelican.generators.ArticlesGenerator._build_period_archives": "c19e3024444c4c43b91c678d95652b51960e73fd307d749d2dc86c9f036104e9",  # noqa: E501  a hash
    # Not Pelican's (Markdown 3.11.3): rules.tables_with_dropped_cells splits
    # a row with TableProcessor's private _split_row, so that the checker
    # counts the cells the page will have (a «|» in a code span, «\|»).
    "markdown.extensions.tables.TableProcessor": "31397776d9ad7c7c9ef3d5549c98617b7fa44d23ff6add7c3009f8fdaf9c4d3c",
}


# --- The guards ------------------------------------------------------------------
def _resolve(name: str):
    module_name, _, rest = name.partition(".")
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            obj = getattr(obj, attribute)
        return obj
    raise ImportError(module_name + rest)


def _unwrap(obj):
    """A method decorated with ``pelican.utils.memoized`` (reached as
    ``functools.partial(memoized.__call__, instance)``) as the function it wraps."""
    wrapper = getattr(getattr(obj, "func", None), "__self__", None)
    return getattr(wrapper, "func", obj) if wrapper is not None else obj


def fingerprint(name: str) -> str:
    """sha256 of the upstream source of `name` (dotted), or "missing"."""
    try:
        source = inspect.getsource(_unwrap(_resolve(name)))
    except (ImportError, AttributeError, OSError, TypeError):
        return "missing"
    return hashlib.sha256(source.encode()).hexdigest()


def stale_mirrors() -> list[str]:
    """The names in MIRRORED whose upstream source changed, or that are gone
    (a "missing" written into MIRRORED still counts: it fingerprints nothing)."""
    return [name for name, digest in MIRRORED.items()
            if (now := fingerprint(name)) == "missing" or now != digest]


def mirror_line(name: str, digest: str) -> str:
    """`name`'s line in MIRRORED as this file writes it (ruff's line length
    is 120: a longer one carries its noqa, as the table's do)."""
    line = f'    "{name}": "{digest}",'
    return line if len(line) <= 120 else line + "  # noqa: E501  a hash"


def _owner(name: str) -> str:
    """After a name that is not Pelican's, its package and version, as
    « (Markdown 3.11.3)»; nothing after Pelican's."""
    package = name.partition(".")[0]
    if package == "pelican":
        return ""
    from importlib import metadata

    try:
        return f" ({package.capitalize()} {metadata.version(package)})"
    except metadata.PackageNotFoundError:
        return f" ({package}: not installed)"


def resync_advice() -> str:
    """What to do after an upgrade, for the tests' messages and ``python -m
    plugins.core.pelican_internals``: "" when the tested Pelican is
    installed and every fingerprint matches."""
    version, stale = pelican_version(), stale_mirrors()
    if version == TESTED_VERSION and not stale:
        return ""
    gone = [name for name in stale if fingerprint(name) == "missing"]
    changed = [name + _owner(name) for name in stale if name not in gone]
    said = [f"Pelican {version} is installed; plugins/core/pelican_internals.py mirrors {TESTED_VERSION}."
            if version != TESTED_VERSION else f"Pelican {version}, the tested one, is installed."]
    if changed:
        said.append(f"Re-sync these: {', '.join(changed)} (changed upstream; each copy or use in plugins/ "
                    "names the function it follows; README, Maintenance: how to diff the two versions).")
    if gone:
        said.append(f"Gone upstream (renamed or removed): {', '.join(gone)}: change the code that uses "
                    "them, then name in MIRRORED what it uses instead.")
    if not stale:
        said.append("Re-sync these: (none changed).")
    then = "Then python -m plugins.core.pelican_internals prints the new MIRRORED lines"
    if version != TESTED_VERSION:
        then += f' and TESTED_VERSION = "{version}" goes in'
    said.append(then + "; run tests/test_pelican_internals.py and the fast paths' tests again.")
    return " ".join(said)


def main() -> int:
    """Print what to re-sync and the MIRRORED lines to replace (the ones
    that changed, with their noqa where the table has it); 1 when there is
    something to do."""
    advice = resync_advice()
    if not advice:
        print(f"Pelican {pelican_version()}, the tested one: every fingerprint in MIRRORED matches.")
        return 0
    print(advice)
    lines = [mirror_line(name, fingerprint(name)) for name in stale_mirrors() if fingerprint(name) != "missing"]
    if lines:
        print("\nIn MIRRORED, once the copies follow the new code, replace these lines:")
        print("\n".join(lines))
    return 1


def pelican_version() -> str:
    import pelican

    return getattr(pelican, "__version__", "unknown")


@functools.cache
def fast_paths() -> bool:
    """True under the tested Pelican; otherwise False, with one warning."""
    version = pelican_version()
    if version == TESTED_VERSION:
        return True
    logger.warning(
        "Pelican %s chưa được kiểm với dự án (đã kiểm: %s): đọc và ghi song song, bộ nhớ đệm "
        "và bản xem trước nhanh tạm tắt, trang vẫn được dựng tuần tự — người phát triển "
        "cần chạy tests/test_pelican_internals.py và đồng bộ plugins/core/pelican_internals.py",
        version, TESTED_VERSION)
    return False


# --- Reading (Readers.read_file, FileStampDataCacher: Pelican 4.12.0) -------------
def file_stamp(readers, path: str):
    """The stamp Pelican's reader cache compares (FileStampDataCacher._get_file_stamp)."""
    return readers._get_file_stamp(path)


def hand_over(readers, path: str, stamp, content: str, metadata: dict) -> None:
    """Make ``Readers.read_file`` take (content, metadata) for `path` instead of
    calling ``reader.read()``: an entry of its per-file cache, as
    ``FileStampDataCacher.cache_data`` stores it."""
    readers._cache[path] = (stamp, (content, metadata))


def release(readers, paths) -> None:
    """Drop the entries ``hand_over`` made, unless Pelican's own content
    cache keeps them (CACHE_CONTENT with the reader layer saves them)."""
    if not readers._cache_data_policy:
        for path in paths:
            readers._cache.pop(path, None)


def in_reader_cache(readers, path: str) -> bool:
    return readers.get_cached_data(path, (None, None))[0] is not None


def filter_discardable_metadata(metadata: dict) -> dict:
    from pelican.readers import _filter_discardable_metadata

    return _filter_discardable_metadata(metadata)


def typogrify_arguments(settings) -> tuple[tuple, dict]:
    """The arguments ``Readers.read_file`` gives typogrify besides the text
    (its ``typogrify_wrapper``, first try)."""
    return ((settings["TYPOGRIFY_IGNORE_TAGS"],),
            dict.fromkeys(settings["TYPOGRIFY_OMIT_FILTERS"], False))


def smartypants_mode(settings) -> int:
    """smartypants.Attr.default as ``Readers.read_file`` sets it."""
    import smartypants

    dashes = settings["TYPOGRIFY_DASHES"]
    if dashes == "oldschool":
        mode = smartypants.Attr.set2
    elif dashes == "oldschool_inverted":
        mode = smartypants.Attr.set3
    else:
        mode = smartypants.Attr.set1
    return mode | smartypants.Attr.w


# The preview keeps its own memo of read content objects, and wraps
# ``readers.read_file`` with it; it tells parallel_read which files its
# memo answers (a predicate on the absolute path) so they are not read again.
def set_memo(readers, fresh) -> None:
    readers.memo_fresh = fresh


def memo_fresh(readers):
    return getattr(readers, "memo_fresh", None)


# --- Writing the articles (ArticlesGenerator.generate_articles: Pelican 4.12.0) --
def article_items(generator) -> list:
    """The articles generate_articles writes, in its order."""
    from itertools import chain

    return list(chain(generator.translations, generator.articles,
                      generator.hidden_translations, generator.hidden_articles))


def write_article(generator, write, article) -> None:
    """The call generate_articles makes for one article (after its
    ``article_generator_write_article`` signal)."""
    write(
        article.save_as,
        generator.get_template(article.template),
        generator.context,
        article=article,
        category=getattr(article, "category", None),
        override_output=hasattr(article, "override_save_as"),
        url=article.url,
        blog=True,
    )


def generate_articles(generator, write) -> None:
    """Pelican's own sequential generate_articles."""
    from pelican.generators import ArticlesGenerator

    ArticlesGenerator.generate_articles(generator, write)


def install_generate_articles(generator, function) -> None:
    """generate_articles replaced on this generator only."""
    generator.generate_articles = function.__get__(generator)


# --- Listings in date order (ArticlesGenerator: Pelican 4.12.0) -------------------
# Pelican gives each tag, category and author page its articles in date order
# as ``[a for a in self.dates if a in articles]`` and each year and month
# archive its articles as ``[a for a in articles if a in dates]``: a scan of
# a list for every article of the site, for every page (quadratic). At
# N = 5,000 (40 tags of 2-4 an article, 5 categories, one author, 11 years
# and 132 months of archives) those lists cost 1.55-1.60 s of CPU of the
# main process, 0.06 s from a set of ids (N = 2,000: 0.25 s, 0.02 s;
# measured 2026-12-05 on the lists alone, as bench.profile_build's
# generators.py <listcomp> lines: 0.32 s at N = 2,000). The copies below are
# Pelican's with that one line replaced by ``in_order``; a content object has
# no ``__eq__``, so the membership Pelican tests is identity, as here.


def in_order(ordered, members) -> list:
    """The items of `ordered` that are in `members` (by identity), in
    `ordered`'s order: Pelican's ``[a for a in ordered if a in members]``
    in linear time."""
    ids = {id(item) for item in members}
    return [item for item in ordered if id(item) in ids]


def _write_listings(generator, write, kind: str, groups, skipped: str, further: str,
                    failed: str) -> None:
    """The loop of ArticlesGenerator.generate_tags / generate_categories /
    generate_authors (`kind` "tag", "category" or "author"), with their
    log messages as they are upstream."""
    from pelican.generators import logger  # Pelican's (a FatalLogger under --fatal): not one made here
    from pelican.writers import FileOverwriteFailedError

    template = generator.get_template(kind)
    for group, articles in groups:
        dates = in_order(generator.dates, articles)
        try:
            write(
                group.save_as,
                template,
                generator.context,
                url=group.url,
                **{kind: group},
                articles=articles,
                dates=dates,
                template_name=kind,
                blog=True,
                page_name=group.page_name,
                all_articles=generator.articles,
            )
        except FileOverwriteFailedError:
            if not group.slug:
                logger.info(skipped, group, extra={"limit_msg": further})
                continue
            else:
                logger.error(failed, group)
                raise


def generate_tags(generator, write) -> None:
    """ArticlesGenerator.generate_tags, each tag's dates by ``in_order``."""
    _write_listings(generator, write, "tag", generator.tags.items(),
                    'Tag "%s" has an invalid slug; skipping writing tag page...',
                    "Further tags with invalid slugs.", 'Failed to write Tag page for "%s".')


def generate_categories(generator, write) -> None:
    """ArticlesGenerator.generate_categories, each category's dates by ``in_order``."""
    _write_listings(generator, write, "category", generator.categories,
                    'Category "%s" has an invalid slug; skipping writing category page...',
                    "Further categories with invalid slugs.",
                    'Failed to write Category page for "%s".')


def generate_authors(generator, write) -> None:
    """ArticlesGenerator.generate_authors, each author's dates by ``in_order``."""
    _write_listings(generator, write, "author", generator.authors,
                    'Author "%s" has an invalid slug; skipping writing author page...',
                    "Further authors with invalid slugs.", 'Failed to write Author page for "%s".')


def build_period_archives(generator, sorted_articles, articles, settings):
    """ArticlesGenerator._build_period_archives, each period's articles by
    ``in_order``."""
    import calendar
    from collections import defaultdict
    from itertools import groupby
    from operator import attrgetter

    period_archives = defaultdict(list)

    period_archives_settings = {
        "year": {
            "save_as": settings["YEAR_ARCHIVE_SAVE_AS"],
            "url": settings["YEAR_ARCHIVE_URL"],
        },
        "month": {
            "save_as": settings["MONTH_ARCHIVE_SAVE_AS"],
            "url": settings["MONTH_ARCHIVE_URL"],
        },
        "day": {
            "save_as": settings["DAY_ARCHIVE_SAVE_AS"],
            "url": settings["DAY_ARCHIVE_URL"],
        },
    }

    granularity_key_func = {
        "year": attrgetter("date.year"),
        "month": attrgetter("date.year", "date.month"),
        "day": attrgetter("date.year", "date.month", "date.day"),
    }

    for granularity in "year", "month", "day":
        save_as_fmt = period_archives_settings[granularity]["save_as"]
        url_fmt = period_archives_settings[granularity]["url"]
        key_func = granularity_key_func[granularity]

        if not save_as_fmt:
            # the archives for this period granularity are not needed
            continue

        for period, group in groupby(sorted_articles, key=key_func):
            archive = {}

            dates = list(group)
            archive["dates"] = dates
            archive["articles"] = in_order(articles, dates)

            # use the first date to specify the period archive URL
            # and save_as; the specific date used does not matter as
            # they all belong to the same period
            d = dates[0].date
            archive["save_as"] = save_as_fmt.format(date=d)
            archive["url"] = url_fmt.format(date=d)

            if granularity == "year":
                archive["period"] = (period,)
                archive["period_num"] = (period,)
            else:
                month_name = calendar.month_name[period[1]]
                if granularity == "month":
                    archive["period"] = (period[0], month_name)
                else:
                    archive["period"] = (period[0], month_name, period[2])
                archive["period_num"] = tuple(period)

            period_archives[granularity].append(archive)

    return period_archives


def install_listings(generator) -> None:
    """article_generator_init: the article generator's tag, category, author
    and period-archive lists made by the copies above (on that generator
    only; not under an untested Pelican: ``fast_paths``)."""
    if not fast_paths():
        return
    for name, function in (("generate_tags", generate_tags),
                           ("generate_categories", generate_categories),
                           ("generate_authors", generate_authors),
                           ("_build_period_archives", build_period_archives)):
        setattr(generator, name, function.__get__(generator))


def pelican_writer(write):
    """The Writer behind `write` (``Pelican.run`` hands generate_output
    ``writer.write_file``, and generators wrap it in functools.partial),
    if it is Pelican's own Writer and `write` its write_file; else None."""
    from pelican.writers import Writer

    writer = getattr(getattr(write, "func", None), "__self__", None)
    if type(writer) is not Writer or getattr(write, "func", None) != writer.write_file:
        return None
    return writer


def record_written(writer, path: str) -> None:
    """What ``Writer._open_w`` records for a file written by another process."""
    writer._written_files.add(path)


def page_context(generator, article, relative_urls: bool) -> dict:
    """The context ``Writer.write_file`` renders an article page with and
    gives ``content_written`` (its ``_get_localcontext``)."""
    from pelican.utils import get_relative_path, path_to_url

    context = generator.context.copy()
    context["localsiteurl"] = context.get("localsiteurl", None)
    if relative_urls:
        relative = path_to_url(get_relative_path(article.save_as))
        context["SITEURL"] = relative
        context["localsiteurl"] = relative
    context.update(output_file=article.save_as, article=article,
                   category=getattr(article, "category", None), url=article.url, blog=True)
    return context


# --- The preview's site (Pelican.run: Pelican 4.12.0) -------------------------------
def generators_and_context(pelican, settings) -> list:
    """``Pelican.run``'s first step: the shared context and the generators
    (``generate_contexts`` then reads)."""
    context = settings.copy()
    context["generated_content"] = {}
    context["static_links"] = set()
    context["static_content"] = {}
    context["localsiteurl"] = settings["SITEURL"]
    generators = [
        cls(context=context, settings=settings, path=settings["PATH"],
            theme=settings["THEME"], output_path=settings["OUTPUT_PATH"])
        for cls in pelican._get_generator_classes()
    ]
    return generators


def generate_contexts(generators) -> None:
    """``Pelican.run``'s reading steps, once the generators exist."""
    from pelican.plugins import signals

    for generator in generators:
        if hasattr(generator, "generate_context"):
            generator.generate_context()
        if hasattr(generator, "check_disabled_readers"):
            generator.check_disabled_readers()
    signals.all_generators_finalized.send(generators)
    for generator in generators:
        if hasattr(generator, "refresh_metadata_intersite_links"):
            generator.refresh_metadata_intersite_links()


def freeze_urls(generators) -> None:
    """all_generators_finalized, after every other receiver (connected at
    ``initialized``, once every plugin has connected its own): each item's
    URL computed once and kept where ``Content.get_url_setting`` looks
    first, ``override_url`` (what a ``URL:`` header sets). Pelican formats
    the URL pattern again on every ``item.url`` — a copy of the metadata,
    two ``abspath`` and a ``relpath`` — and the templates ask 145,000 times
    at N = 5,000 (listings, tags, neighbours, feeds, sitemap). Nothing
    changes a slug, a status or a category after this signal. Under an
    untested Pelican, nothing is kept (``fast_paths``)."""
    from plugins.core.rules import content_items

    if not fast_paths():
        return
    for item in content_items(generators):
        if "override_url" not in vars(item):
            item.override_url = item.url


def frozen_url(item) -> bool:
    """Is the item's ``override_url`` the URL its pattern gives (what
    ``freeze_urls`` keeps), not one a header or a plugin chose?"""
    url = vars(item).get("override_url")
    if url is None:
        return False
    return url == item._expand_settings("url" if item.in_default_lang else "lang_url")


def set_content_context(item, context) -> None:
    """A content object kept from an earlier generation gets the new
    context (Content.__init__ stores it as ``_context``)."""
    item._context = context


def watch_content(note) -> None:
    """``note(item)`` at every read of an item's body (``item.content`` and
    ``get_content`` go through the memoized ``Content.get_content``; a
    memoized answer too): plugins.page_cache learns which bodies a page
    read. The memo and its ``cache`` (``forget_rendered``) stay Pelican's:
    only the instance's ``__call__`` is wrapped, once per process; a later
    call replaces ``note``."""
    from pelican.contents import Content

    memo = Content.__dict__["get_content"]
    _watchers[:] = [note]
    if "__call__" in vars(memo):
        return
    call = type(memo).__call__

    def watched(*args):
        if args and _watchers:
            _watchers[0](args[0])
        return call(memo, *args)

    watched.__self__ = memo  # as a bound method: _unwrap still finds the memo's function
    memo.__call__ = watched


_watchers: list = []


def forget_rendered(item) -> None:
    """Forget what get_content/get_summary memoized for `item`
    (``pelican.utils.memoized`` keeps it in the function's ``cache``)."""
    for method in ("get_content", "get_summary"):
        cache = getattr(item, method).cache
        for args in [args for args in cache if args and args[0] is item]:
            del cache[args]


def forget_all_rendered() -> None:
    """Forget everything get_content/get_summary memoized: after the site
    is generated again, a kept item's links to other items (``{filename}``,
    resolved when its content is first asked for) must point where those
    items are now."""
    from pelican.contents import Content

    for method in ("get_content", "get_summary"):
        Content.__dict__[method].cache.clear()


@functools.cache
def lazy_writer_class():
    """A Pelican Writer that records how to render each output file;
    ``render(name)`` renders it then. The rendering code is Pelican 4.12.0's
    ``Writer.write_file`` (with ``_get_localcontext``) split at the point of
    writing; ``_defer`` applies ``Writer._open_w``'s override rules."""
    import posixpath

    from pelican.paginator import Paginator
    from pelican.plugins import signals
    from pelican.utils import get_relative_path, path_to_url, sanitised_join
    from pelican.writers import FileOverwriteFailedError, Writer

    class LazyWriter(Writer):
        def __init__(self, output_path, settings=None):
            super().__init__(output_path, settings=settings)
            self.pending: dict[str, tuple] = {}
            self.jobs: dict[str, tuple] = self.pending
            self.feeds: set[str] = set()  # the feeds' names: they show the articles' bodies

        def stale_all(self):
            """Every page to be rendered again on its next request."""
            if self.jobs is self.pending:
                self.jobs = dict(self.pending)
            self.pending = dict(self.jobs)

        def mark_all_written(self):
            """Every page as if rendered (the output already holds them):
            none is rendered until ``stale_all``."""
            if self.jobs is self.pending:
                self.jobs = dict(self.pending)
            self.pending = {}

        def _defer(self, name, job, override):
            key = posixpath.normpath(name)
            previous = self.pending.get(key)
            if previous is not None:
                # Writer._open_w: a file written with override wins over
                # later writes; writing twice without override is an error.
                if previous[1]:
                    if override:
                        raise FileOverwriteFailedError(f'Failed to overwrite "{name}" a second time')
                    return
                if not override:
                    raise FileOverwriteFailedError(f'Failed to overwrite "{name}"')
            self.pending[key] = (job, override)

        def render(self, name: str) -> bool:
            """Render the output file `name` (relative) if it is pending."""
            if self.jobs is self.pending:
                self.jobs = dict(self.pending)
            entry = self.pending.pop(posixpath.normpath(name), None)
            if entry is None:
                return False
            entry[0]()
            return True

        def write_feed(self, elements, context, path=None, url=None, feed_type="atom",
                       override_output=False, feed_title=None):
            if not path:
                return super().write_feed(elements, context, path, url, feed_type,
                                          override_output, feed_title)
            elements = list(elements)
            self.feeds.add(posixpath.normpath(path))

            def job():
                self._written_files.discard(sanitised_join(self.output_path, path))
                Writer.write_feed(self, elements, context, path, url, feed_type,
                                  override_output, feed_title)

            self._defer(path, job, override_output)
            return None

        def write_file(self, name, template, context, relative_urls=False, paginated=None,
                       template_name=None, override_output=False, url=None, **kwargs):
            if not name:
                return

            def job(localcontext, name):
                def run():
                    if localcontext["localsiteurl"]:
                        context["localsiteurl"] = localcontext["localsiteurl"]
                    output = template.render(localcontext)
                    path = sanitised_join(self.output_path, name)
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(output)
                    signals.content_written.send(path, context=localcontext)

                return run

            def get_localcontext(name, kwargs):
                localcontext = context.copy()
                localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
                if relative_urls:
                    relative_url = path_to_url(get_relative_path(name))
                    localcontext["SITEURL"] = relative_url
                    localcontext["localsiteurl"] = relative_url
                localcontext["output_file"] = name
                localcontext.update(kwargs)
                return localcontext

            if paginated is None:
                paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
            if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
                per_page = (self.settings["PAGINATED_TEMPLATES"][template_name]
                            or self.settings["DEFAULT_PAGINATION"])
                paginators = {key: Paginator(name, url, val, self.settings, per_page)
                              for key, val in paginated.items()}
                for page_num in range(next(iter(paginators.values())).num_pages):
                    paginated_kwargs = kwargs.copy()
                    for key, paginator in paginators.items():
                        previous_page = paginator.page(page_num) if page_num > 0 else None
                        page = paginator.page(page_num + 1)
                        next_page = (paginator.page(page_num + 2)
                                     if page_num + 1 < paginator.num_pages else None)
                        paginated_kwargs.update({
                            f"{key}_paginator": paginator,
                            f"{key}_page": page,
                            f"{key}_previous_page": previous_page,
                            f"{key}_next_page": next_page,
                        })
                    localcontext = get_localcontext(page.save_as, paginated_kwargs)
                    self._defer(page.save_as, job(localcontext, page.save_as), override_output)
            else:
                self._defer(name, job(get_localcontext(name, kwargs), name), override_output)

    return LazyWriter


if __name__ == "__main__":
    raise SystemExit(main())
