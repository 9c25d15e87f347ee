"""Puts ``tests/`` on the import path so that every test folder can use the shared builders
(``hostile.py``: hostile inputs generated in code)."""
