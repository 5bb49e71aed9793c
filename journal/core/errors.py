"""Errors the user may see, each with a sentence that says what happened and what to do.

Every failure that can reach a person is one of these, so the CLI and the GUI can show
``str(error)`` as-is and pick an exit code, and never show a traceback. The messages
never contain secrets or journal content.
"""

from __future__ import annotations


class JournalError(Exception):
    """Base of every error meant for the user's eyes."""

    exit_code = 1
    title = "Something went wrong"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message())

    def default_message(self) -> str:
        return self.title

    @property
    def message(self) -> str:
        return str(self)


class NoJournal(JournalError):
    exit_code = 11
    title = "No journal here"


class JournalExists(JournalError):
    exit_code = 8
    title = "A journal already exists"


class WrongPassphrase(JournalError):
    exit_code = 3
    title = "Wrong passphrase"

    def default_message(self) -> str:
        return "That passphrase does not open this journal. Check Caps Lock and try again."


class NotAJournal(JournalError):
    """The file exists but is not a Rapport journal we can read."""

    exit_code = 4
    title = "Not a Rapport journal"


class PlaintextDatabase(NotAJournal):
    title = "Unencrypted database"


class EmptyFile(NotAJournal):
    title = "Empty journal file"


class JournalDamaged(NotAJournal):
    title = "The journal file is damaged"


class JournalTruncated(JournalDamaged):
    """Every page there is intact, but the file ends early (a copy or save cut short)."""

    title = "The journal file is incomplete"


class ForeignFile(NotAJournal):
    """The key is right (the key file says so) but no page of the file decrypts with it:
    the database was replaced by some other file."""

    title = "Not a Rapport journal"


class MissingKeyFile(NotAJournal):
    title = "The journal's key file is missing or damaged"


class KeyFileMismatch(NotAJournal):
    """The key file and the database do not belong together: the key file was copied
    from another journal (the database is fine)."""

    title = "The key file belongs to another journal"


class NewerVersion(JournalError):
    exit_code = 5
    title = "Journal made by a newer Rapport"


class KeychainError(JournalError):
    exit_code = 6
    title = "Keychain problem"


class KeychainUnavailable(KeychainError):
    title = "No keychain available"

    def default_message(self) -> str:
        return (
            "No usable keychain was found on this computer, so Rapport cannot remember "
            "your passphrase; you will be asked for it at each start."
        )


class KeychainLocked(KeychainError):
    title = "Keychain is locked"

    def default_message(self) -> str:
        return (
            "Your keychain is locked, so Rapport could not read its remembered key. "
            "Unlock your keychain, or type your passphrase."
        )


class KeychainKeyMismatch(KeychainError):
    title = "Remembered key does not fit"

    def default_message(self) -> str:
        return (
            "The key remembered on this computer does not open this journal (it may belong "
            "to an older copy). Type your passphrase; Rapport will remember the right one."
        )


class NotRemembered(KeychainError):
    title = "Passphrase needed"

    def default_message(self) -> str:
        return "This journal is not remembered on this computer; type its passphrase."


class JournalInUse(JournalError):
    exit_code = 7
    title = "Journal in use"


class ReadOnlyJournal(JournalError):
    exit_code = 9
    title = "Journal is read-only"


class DiskFull(JournalError):
    exit_code = 10
    title = "Disk full"

    def default_message(self) -> str:
        return (
            "The disk is full, so this change was not saved; everything saved before is "
            "safe. Free some space and try again."
        )


class InvalidInput(JournalError):
    """A value the user gave does not make sense (empty name, bad date...)."""

    exit_code = 2
    title = "Invalid input"


class NotFound(JournalError):
    exit_code = 12
    title = "Not found"


class UnsafeFiles(JournalError):
    """The journal's folder or files could be changed by someone else (another owner,
    writable by others, a symlink someone else made): Rapport refuses to use them, like
    OpenSSH's StrictModes, and the sentence says the command that fixes it."""

    exit_code = 13
    title = "The journal's files are not private"


class RecoveredWithLoss(JournalError):
    """After an unclean exit, SQLite's recovery could not read all that had been saved
    (the WAL was damaged): the journal holds what was recovered, and a copy of the files
    as they were is kept."""

    exit_code = 14
    title = "Some changes could not be recovered"
