"""The `neighbours` plugin gives exactly what the article template's loops
gave (previous/next in the category, related articles), in O(n · k)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import pytest

from plugins.neighbours import RelatedSettingsError, load_config, neighbours


@dataclass(eq=False)
class Slugged:
    slug: str


@dataclass(eq=False)
class Item:
    url: str
    category: Slugged | None = None
    tags: list = field(default_factory=list)


def template_loops(articles, article, count=4):
    """The loops the template had (theme/templates/article.html before the
    plugin), in Python: the reference."""
    same = [a for a in articles if article.category and a.category
            and a.category.slug == article.category.slug] if article.category else []
    newer = older = None
    for i, a in enumerate(same):
        if a.url == article.url:
            newer = same[i - 1] if i > 0 else None
            older = same[i + 1] if i + 1 < len(same) else None
    slugs = [t.slug for t in article.tags or []]
    related = []
    for a in articles:
        if a.url != article.url and a.tags and any(t.slug in slugs for t in a.tags):
            if len(related) < count:
                related.append(a)
    for a in same:
        if a.url != article.url and a not in related and len(related) < count:
            related.append(a)
    return newer, older, related


def corpus(seed, size):
    rng = random.Random(seed)
    categories = [Slugged(f"c{i}") for i in range(3)] + [None]
    tags = [Slugged(f"t{i}") for i in range(6)]
    return [Item(f"a{i}/", rng.choice(categories), rng.sample(tags, rng.randint(0, 3)))
            for i in range(size)]


@pytest.mark.parametrize("seed,size", [(1, 1), (2, 5), (3, 40), (4, 200)])
def test_neighbours_equal_the_template_loops_for_every_article(seed, size):
    articles = corpus(seed, size)
    found = neighbours(articles, articles, 4)
    for article in articles:
        assert found[id(article)] == template_loops(articles, article), article.url


def test_an_unlisted_article_gets_related_articles_but_no_neighbours():
    articles = corpus(5, 30)
    draft = Item("draft/", articles[0].category, list(articles[0].tags))
    newer, older, related = neighbours(articles, [draft], 4)[id(draft)]
    assert (newer, older) == (None, None)
    assert related == template_loops(articles, draft)[2] and related


@pytest.mark.parametrize("count", [0, 1, 7])
def test_related_count_is_honoured(count):
    articles = corpus(6, 60)
    found = neighbours(articles, articles, count)
    for article in articles:
        assert found[id(article)][2] == template_loops(articles, article, count)[2]


@pytest.mark.parametrize("value,message", [
    ({"cout": 4}, "cout"), ({"count": "4"}, "count"), ({"count": -1}, "count"), ([], "dict"),
])
def test_wrong_related_settings_name_the_key(value, message):
    with pytest.raises(RelatedSettingsError, match=message):
        load_config(value)
