"""One journal on several computers, through a folder that another tool syncs.

``engine`` is the entry point (enable, sync_now, join, status); ``capture`` notes
changes in the database, ``apply`` merges what other computers wrote, ``crypto`` seals
every file, ``folder`` is the layout, ``hlc`` the clock that orders edits. No server and
no account: the folder is the only thing computers share, and it holds nothing readable.
"""
