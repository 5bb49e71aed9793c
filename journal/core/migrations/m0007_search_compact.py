"""Placeholder for schema 7, which belongs to the ``speed`` branch (the search index).

The migration loader refuses gaps, and this branch's schema 8 (sync) needs a 7 to
stand on. When merging: take the ``speed`` branch's version of this file.
"""

SQL = ""
