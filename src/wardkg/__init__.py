"""wardkg: Tokyo special wards' plans as an open, queryable linked-data knowledge graph."""

__version__ = "0.1.0"
