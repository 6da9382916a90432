"""geokb: a geopolitical event knowledge base — the store, the command line and the exports."""

from extractors import __version__

__all__ = ["__version__"]
