"""The Qt-free core of Rapport: domain, storage, keys, engine, search, interop, insights.

Nothing below this package may import Qt: the core is used (and tested) on its own by
the command line, the GUI and the test-suite alike.
"""
