"""Parsers, one module per document family, and the registry that names them (``wardkg ingest``)."""
