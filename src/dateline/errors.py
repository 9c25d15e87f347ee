"""dateline's exceptions, one tree (messages say which input and what to do)::

    DatelineError
    ├── InputError            an input could not be read as a document
    │   ├── MissingInput      the path does not exist
    │   ├── NotAFile          a directory (or device) where a file was expected
    │   ├── EmptyInput        the file holds nothing but whitespace
    │   ├── BinaryInput       the bytes are not text (NULs, control bytes, a known binary magic)
    │   ├── EncodingError     the bytes cannot be decoded in any plausible encoding
    │   ├── TooLarge          the input is larger than ``Options.max_bytes`` (or ``max_chars``)
    │   └── OverBudget        the analysis took longer than ``Options.time_budget``
    ├── ModelError            the spaCy model (or the attribution model) is missing or broken
    ├── OptionsError          an option value is invalid
    └── StoreError            the SQLite store cannot be opened, migrated or written
        └── QueryError        a search or filter the store cannot run (the web app answers 400)

Every error carries the ``source`` it is about (a path, a URL or ``<stdin>``) so that one line
``f"{source}: {message}"`` tells the user everything. Every error pickles whole (message and
source), so that a worker process can send it back as it is (see :mod:`dateline.pool`).
"""

from __future__ import annotations

__all__ = [
    "BinaryInput",
    "DatelineError",
    "EmptyInput",
    "EncodingError",
    "InputError",
    "MissingInput",
    "ModelError",
    "NotAFile",
    "OptionsError",
    "OverBudget",
    "QueryError",
    "StoreError",
    "TooLarge",
]


class DatelineError(Exception):
    """Base class of every error dateline raises on purpose."""

    def __init__(self, message: str, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message

    def __reduce__(self) -> tuple[type[DatelineError], tuple[str, str | None]]:
        # ``Exception`` pickles ``args`` (the message alone): rebuild from both fields instead
        return type(self), (self.message, self.source)


class InputError(DatelineError):
    """An input could not be read as a document."""


class MissingInput(InputError):
    """The path does not exist."""


class NotAFile(InputError):
    """A directory or other non-file where a file was expected."""


class EmptyInput(InputError):
    """The input holds no text."""


class BinaryInput(InputError):
    """The input is binary data, not text."""


class EncodingError(InputError):
    """The bytes cannot be decoded."""


class TooLarge(InputError):
    """The input is larger than the configured limit."""


class OverBudget(InputError):
    """Analyzing the document took longer than its time budget (``Options.time_budget``)."""


class ModelError(DatelineError):
    """A model is missing or cannot be loaded."""


class OptionsError(DatelineError):
    """An option has an invalid value."""


class StoreError(DatelineError):
    """The SQLite store cannot be opened, migrated or written."""


class QueryError(StoreError):
    """A search query the full-text engine cannot parse, or a filter it cannot apply (the web app
    answers 400)."""
