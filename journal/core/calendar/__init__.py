"""Meetings from the user's own calendar files, read offline.

``reading`` turns local .ics files (or folders of them) into events in the user's local
time; ``meetings`` matches their attendees to people and keeps the little the journal
needs (when, what, where, with whom) inside the encrypted journal; ``prompts`` decides
when a brief goes out before a meeting and when a reflection is asked for after it.
No network: a calendar another app syncs is read from the files that app keeps on disk.
"""
