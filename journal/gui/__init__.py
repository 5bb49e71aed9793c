"""The thin Qt layer over ``journal.core``: it shows what the core returns, nothing more."""
