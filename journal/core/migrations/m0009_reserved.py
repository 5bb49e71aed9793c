"""Schema 9 is taken by another branch; this stands in for it so that schema 10 can be
numbered now (the runner wants 1..N without gaps). It changes nothing. Delete this file
when the real ``m0009_*`` module is merged beside ``m0010_search_small``."""

SQL = ""
