"""Helpers for plugins' settings (not a plugin): one namespaced settings
dict merged over its defaults, and the theme addresses the ``headers``
plugin stores back into the settings when Pelican starts."""

from __future__ import annotations

# A value's kind in the words of a settings error, with how it is written.
KINDS = {list: "một danh sách [ … ]", dict: "một dict { … }", str: 'một chuỗi trong dấu nháy "…"',
         int: "một số nguyên (không có dấu nháy)", float: "một số (không có dấu nháy)", bool: "True hoặc False",
         tuple: "một bộ ( … )", type(None): "None"}


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
    value = dict(value)
    for key, item in value.items():
        if key not in defaults:
            raise error(f"{name}: khoá lạ «{key}» — các khoá hợp lệ: {', '.join(defaults)}")
        if isinstance(defaults[key], list) and isinstance(item, tuple):
            value[key] = item = list(item)  # («a», «b») where [«a», «b»] was meant: the same to a reader
        if key not in checks and type(item) is not type(defaults[key]):
            raise error(f"{name}[{key!r}] phải là {KINDS.get(type(defaults[key]), type(defaults[key]).__name__)}, "
                        f"không phải {KINDS.get(type(item), type(item).__name__)} (viết {item!r})")
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
