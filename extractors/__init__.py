"""Text → records → RDF: article readers, the spaCy pipeline, dates, events and the RDF mapping."""

__version__ = "0.1.0"
