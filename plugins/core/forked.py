"""What parallel_read and parallel_write share (not a plugin): their
settings and the logging of a forked worker."""

from __future__ import annotations

import logging

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
