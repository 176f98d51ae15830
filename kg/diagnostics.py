"""Library warnings (rdflib's "Failed to convert Literal", Python warnings) kept off a user's
terminal unless ``--debug``: they are collected and counted, and the summary says how many.

    captured = capture_library_warnings(debug=False)
    ... build ...
    captured.count, captured.messages        # for the summary / --debug
"""
from __future__ import annotations

import logging
import warnings

#: Loggers of the libraries kg drives; their records are captured, not printed.
LIBRARY_LOGGERS = ("rdflib", "pyshacl", "owlrl", "jieba", "charset_normalizer", "pyvis")


class Captured(logging.Handler):
    """A logging handler (and warnings sink) that keeps the first messages and a count."""

    def __init__(self, keep: int = 20) -> None:
        super().__init__(level=logging.WARNING)
        self.keep = keep
        self.count = 0
        self.messages: list[str] = []

    def note(self, text: str) -> None:
        self.count += 1
        if len(self.messages) < self.keep:
            self.messages.append(" ".join(text.split())[:300])

    def emit(self, record: logging.LogRecord) -> None:
        self.note(f"{record.name}: {record.getMessage()}")

    def showwarning(self, message, category, filename, lineno, file=None, line=None) -> None:
        self.note(f"{category.__name__}: {message}")


def capture_library_warnings(debug: bool = False) -> Captured:
    """Route library log records and Python warnings into a ``Captured``; with ``debug``
    they are also shown on stderr as usual (with their tracebacks)."""
    captured = Captured()
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        logger.addHandler(captured)
        logger.propagate = debug
    if not debug:
        warnings.showwarning = captured.showwarning
    else:
        logging.basicConfig(level=logging.WARNING)
    return captured


def release(captured: Captured) -> None:
    """Undo ``capture_library_warnings`` (in-process callers such as tests)."""
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        logger.removeHandler(captured)
        logger.propagate = True
    if warnings.showwarning == captured.showwarning:
        warnings.showwarning = warnings._showwarning_orig  # type: ignore[attr-defined]
