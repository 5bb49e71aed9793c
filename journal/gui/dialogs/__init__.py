"""Windows that ask something of the user and close: unlock, settings, the entry editor, import..."""
