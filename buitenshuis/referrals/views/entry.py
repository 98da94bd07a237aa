"""Filled in by the referral route work; see views/__init__.py."""
