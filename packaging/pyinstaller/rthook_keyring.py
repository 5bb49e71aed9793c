"""PyInstaller runtime hook: runs before Rapport's own code in the frozen app.

If keyring's backend discovery comes up empty in the bundle (keyring #324, #468), fall
back to the platform's backend instead of keyring's fail backend (journal/frozen.py).
"""

from journal.frozen import install_keyring_fallback

install_keyring_fallback()
