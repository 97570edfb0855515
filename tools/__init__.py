"""One-off scripts that make committed assets (e.g. ``make_icons``)."""
