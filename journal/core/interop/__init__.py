"""Bringing people into the journal and taking the journal out of it.

Reading (``vcard``, ``csvfile``, ``jsonfile``) turns a file into a ``ParsedFile`` without
touching the journal; ``plan`` decides, person by person, whether to add, merge or skip
(using ``journal.core.duplicates``), and applies that plan in one transaction. Writing
(``exporting``) produces JSON, Markdown, vCard and iCalendar files atomically, with a
warning that they leave the encrypted store.
"""
