"""Schema 10: a placeholder on the `operations` branch only.

Schema 10 is taken by work on another branch; migrations must be numbered without gaps,
so this empty step holds the number until that work is merged. When it is, delete this
file (its real step replaces it; `m0011_undo_steps` follows).
"""
