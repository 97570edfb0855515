"""What parallel_read and parallel_write share (not a plugin): their
settings, the logging of a forked worker, and the pickling of a worker's
result that keeps one object (the settings) shared instead of copied."""

from __future__ import annotations

import io
import logging
import pickle

from plugins.core.settings import merge

DEFAULTS = {"enabled": True, "min_files": 50, "workers": 0}


def load_config(name: str, value, error: type[Exception]) -> dict:
    """``{"enabled", "min_files", "workers"}`` merged over DEFAULTS and checked
    (an unknown key, a wrong type or a negative number raises ``error``)."""
    config = merge(name, value, DEFAULTS, error)
    for key in ("min_files", "workers"):
        if config[key] < 0:
            raise error(f"{name}[{key!r}] phải là số không âm")
    return config


class LogFlag(logging.Handler):
    """In a worker: remembers that something at ``level`` or above was
    logged, and prints nothing."""

    def __init__(self, level: int):
        super().__init__(level)
        self.seen = False

    def emit(self, record):
        self.seen = True


def silence_logging(level: int) -> LogFlag:
    """In a forked worker: every handler removed, one LogFlag instead."""
    flag = LogFlag(level)
    for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
        if isinstance(logger, logging.Logger):
            for handler in list(logger.handlers):
                logger.removeHandler(handler)
    logging.getLogger().addHandler(flag)
    return flag


class _Pickler(pickle.Pickler):
    # Methods of a subclass, not attributes of an instance: Python 3.13 made
    # ``persistent_id``/``persistent_load`` of an instance read-only, and
    # setting them there failed every worker's result (the build read
    # everything again in the main process and kept no build cache).
    def __init__(self, file, shared):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.shared = shared

    def persistent_id(self, obj):
        return "shared" if obj is self.shared else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, shared):
        super().__init__(file)
        self.shared = shared

    def persistent_load(self, pid):
        return self.shared


def dumps(value, shared) -> bytes:
    """`value` pickled with every reference to `shared` left out: ``loads``
    puts the receiving process's own `shared` object back in its place."""
    buffer = io.BytesIO()
    _Pickler(buffer, shared).dump(value)
    return buffer.getvalue()


def loads(data: bytes, shared):
    return _Unpickler(io.BytesIO(data), shared).load()
