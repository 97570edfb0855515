"""The bulletin's Pelican plugins, one package (README, "Plugins").

Listed in ``PLUGINS`` by dotted name (``"plugins.search"``) with
``PLUGIN_PATHS = [project root]``: a dotted name never matches a
``pelican.plugins.*`` namespace plugin from PyPI. What the plugins share
is in ``plugins.core``.
"""
