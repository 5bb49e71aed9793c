"""Reserved for another branch's schema 2 (numbers are handed out by the lead).

This no-op keeps migrations numbered without gaps on the ``search`` branch; when the
real ``m0002_*.py`` reaches main, this file is deleted in the merge.
"""

SQL = ""
