"""One helper for plugins with a namespaced settings dict (not a plugin)."""

from __future__ import annotations


def merge(name: str, value, defaults: dict, error: type[Exception]) -> dict:
    """`value` merged over `defaults`; an unknown key or a value whose type
    differs from its default's raises `error`, naming the key (Vietnamese)."""
    if not isinstance(value, dict):
        raise error(f"{name} phải là một dict (xem pelicanconf.py)")
    for key, item in value.items():
        if key not in defaults:
            raise error(f"{name}: khoá lạ «{key}» — các khoá hợp lệ: {', '.join(defaults)}")
        if type(item) is not type(defaults[key]):
            raise error(f"{name}[{key!r}] phải là {type(defaults[key]).__name__}, không phải {type(item).__name__}")
    return {**defaults, **value}
