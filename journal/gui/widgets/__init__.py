"""Pieces the pages and dialogs share: cards and messages, charts, item models, the search popup."""
