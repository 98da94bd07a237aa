"""Benchmarks of Buitenshuis (see README.md beside this file). Not part of
the product: nothing under ``buitenshuis/`` imports from here."""
