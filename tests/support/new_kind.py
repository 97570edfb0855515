"""A content kind the project does not have, as a feature would add one
(tests only): ``content/su-kien/*.md`` read as ``Event`` items and
written to ``su-kien/{slug}/`` by its own template (base.html's layout), the item passed as
``event`` (not ``article``/``page``, which pelican-sitemap and seo.html
know). The tests build with it to prove that what is not public stays out
of every index without any change to our plugins: noindex, no sitemap
entry, a future date held back."""

from __future__ import annotations

from pelican import signals
from pelican.contents import Page
from pelican.generators import Generator

FOLDER = "su-kien"


class Event(Page):
    pass


class EventGenerator(Generator):
    def generate_context(self):
        self.events = []
        for path in self.get_files(FOLDER):
            item = self.readers.read_file(base_path=self.path, path=path, content_class=Event,
                                          context=self.context)
            item.override_save_as = f"{FOLDER}/{item.slug}/index.html"
            item.override_url = f"{FOLDER}/{item.slug}/"
            self.events.append(item)

    def generate_output(self, writer):
        template = self.env.from_string(
            '{% extends "base.html" %}{% block title %}{{ event.title|striptags }}{% endblock %}'
            '{% block content %}<h1>{{ event.title }}</h1>{{ event.content }}{% endblock %}')
        for item in self.events:
            writer.write_file(item.save_as, template, self.context, event=item,
                              relative_urls=self.settings["RELATIVE_URLS"], url=item.url)


def add_generator(pelican):
    return EventGenerator


def register():
    signals.get_generators.connect(add_generator)
