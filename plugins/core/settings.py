"""Helpers for plugins' settings (not a plugin): one namespaced settings
dict merged over its defaults, and the theme addresses the ``headers``
plugin stores back into the settings when Pelican starts."""

from __future__ import annotations


def merge(name: str, value, defaults: dict, error: type[Exception], checks: dict | None = None) -> dict:
    """`value` merged over `defaults`; an unknown key, or a value whose type
    differs from its default's, raises `error`, naming the key (Vietnamese).
    `checks` maps a key to ``(predicate, what it must be)``: that key's
    merged value is checked by the predicate instead of by type."""
    checks = checks or {}
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise error(f"{name} phải là một dict (xem pelicanconf.py)")
    for key, item in value.items():
        if key not in defaults:
            raise error(f"{name}: khoá lạ «{key}» — các khoá hợp lệ: {', '.join(defaults)}")
        if key not in checks and type(item) is not type(defaults[key]):
            raise error(f"{name}[{key!r}] phải là {type(defaults[key]).__name__}, không phải {type(item).__name__}")
    merged = {**defaults, **value}
    for key, (check, expected) in checks.items():
        if not check(merged[key]):
            raise error(f"{name}[{key!r}] = {merged[key]!r} không hợp lệ — cần {expected}")
    return merged


def asset_url(settings, name: str) -> str:
    """The address of theme file `name` (``css/style.css``) as published:
    its content-hashed name when the headers plugin fingerprints
    (``THEME_ASSETS``), the file's own name otherwise."""
    renamed = settings.get("THEME_ASSETS", {}).get(name, name)
    return f"{settings.get('SITEURL') or ''}/{settings['THEME_STATIC_DIR'].strip('/')}/{renamed}"
