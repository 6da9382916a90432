"""geokb's exceptions and the exit codes the command line maps them to (see README, "Errors and exit codes")."""

from __future__ import annotations


class GeokbError(Exception):
    """Base of every error geokb reports to a user; ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class UsageError(GeokbError):
    """Options that do not fit together, a missing or malformed parameter."""

    exit_code = 2


class InputFailed(GeokbError):
    """No article could be read from the inputs given."""

    exit_code = 3


class StoreError(GeokbError):
    """The store cannot be opened or written (missing, read-only, full, corrupt)."""

    exit_code = 4


class StoreInUse(StoreError):
    """Another geokb process has the store open."""

    exit_code = 5


class QueryError(GeokbError):
    """A query that does not parse, names no known query, or fails while running."""

    exit_code = 6


class NotConforming(GeokbError):
    """``geokb validate`` found data that breaks the SHACL shapes."""

    exit_code = 7


def one_line(message) -> str:
    """A message (or an exception's text) on one line, for ``geokb: error: …`` and HTTP bodies."""
    return " ".join(str(message).split())


EXIT_PARTIAL = 8  # ingest stored what it could but skipped some inputs (each named in a warning)
