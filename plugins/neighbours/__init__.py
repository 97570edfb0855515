"""Previous/next article in the category and related articles, computed once.

The article template used to find them with loops over every article for
every article page: O(n²) Jinja iterations, each reading ``a.url`` (which
Pelican recomputes on every access); 5,000 articles took hours. This plugin
computes the same lists once per build in O(n · k) and sets on every article
(published, hidden and drafts alike):

- ``article.newer_in_category`` / ``article.older_in_category``: the next
  newer / older published article of its category (``None`` at the ends or
  when the article itself is not a published one);
- ``article.related_articles``: up to ``RELATED["count"]`` other published
  articles, first those that share a tag with it, then those of its
  category, each group newest first (the order of ``articles``).

Settings (merged over ``DEFAULTS``, checked when Pelican starts)::

    RELATED = {"count": 4}
"""

from __future__ import annotations

import heapq
from collections import defaultdict

from pelican import signals

from plugins.core.rules import content_items
from plugins.core.settings import merge

DEFAULTS = {"count": 4}


class RelatedSettingsError(ValueError):
    pass


def load_config(value) -> dict:
    return merge("RELATED", value, DEFAULTS, RelatedSettingsError,
                 {"count": (lambda count: type(count) is int and count >= 0, "một số nguyên không âm, ví dụ 3")})


def _slug(value):
    return getattr(value, "slug", None) if value else None


def _take(indexes, chosen: list[int], own, url, listed, count: int) -> None:
    """Append to ``chosen`` the indexes not yet in it (nor ``own``, nor an
    item at ``url`` when the item is not listed itself), up to ``count``."""
    previous = None
    for index in indexes:
        if len(chosen) >= count:
            return
        if index == previous or index == own or index in chosen:
            continue
        previous = index
        if own is None and getattr(listed[index], "url", None) == url:
            continue
        chosen.append(index)


def neighbours(listed, items, count: int) -> dict[int, tuple]:
    """For each item (by id): (newer, older, related), from ``listed``, the
    published articles newest first. Pure: reads ``category``/``tags`` only.

    The same result as the loops it replaces: ``newer``/``older`` are the
    neighbours of the item in its category's sublist of ``listed``;
    ``related`` takes first the items of ``listed`` that share a tag slug
    with it, then those of its category, in ``listed`` order, without it.
    """
    position = {id(item): index for index, item in enumerate(listed)}
    by_tag: dict[str, list[int]] = defaultdict(list)
    by_category: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(listed):
        for slug in {_slug(tag) for tag in (getattr(item, "tags", None) or [])}:
            by_tag[slug].append(index)
        category = _slug(getattr(item, "category", None))
        if category:
            by_category[category].append(index)
    place_in_category = {
        index: (slug, rank) for slug, indexes in by_category.items() for rank, index in enumerate(indexes)
    }
    result = {}
    for item in items:
        own = position.get(id(item))
        url = getattr(item, "url", None)
        category = _slug(getattr(item, "category", None))
        newer = older = None
        if own is not None and own in place_in_category:
            slug, rank = place_in_category[own]
            same = by_category[slug]
            newer = listed[same[rank - 1]] if rank > 0 else None
            older = listed[same[rank + 1]] if rank + 1 < len(same) else None
        chosen: list[int] = []
        slugs = {_slug(tag) for tag in (getattr(item, "tags", None) or [])}
        if count:
            _take(heapq.merge(*(by_tag[s] for s in slugs if s in by_tag)), chosen, own, url, listed, count)
            if category:
                _take(by_category.get(category, []), chosen, own, url, listed, count)
        result[id(item)] = (newer, older, [listed[index] for index in chosen])
    return result


def annotate(generator):
    config = load_config(generator.settings.get("RELATED", {}))
    items = content_items([generator])  # every article, whatever its status
    found = neighbours(generator.articles, items, config["count"])
    for item in items:
        item.newer_in_category, item.older_in_category, item.related_articles = found[id(item)]


def check_settings(pelican):
    load_config(pelican.settings.get("RELATED", {}))


def register():
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(annotate)
