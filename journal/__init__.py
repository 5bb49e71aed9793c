"""Rapport: a private, offline relationship journal.

The version lives here and only here; packaging, ``--version``, the About dialog and
the AppStream metainfo all read it from this module.
"""

__version__ = "0.1.0"

#: Reverse-DNS application id, used for the keyring service, notifications, the
#: autostart entry and the data directory name, so every trace of the app is findable.
APP_ID = "org.rapport.Rapport"
APP_NAME = "Rapport"

#: The sample journal's passphrase: not a secret (the sample holds made-up people), and
#: here, not in ``journal.core.sample``, so ``journal demo`` can begin scrypt with it
#: before anything else loads (``journal.core.early_key``).
DEMO_PASSPHRASE = "rapport demo"
