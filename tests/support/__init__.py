"""Helpers shared by the test-suite: keyrings, real desktop components, journal factories."""
