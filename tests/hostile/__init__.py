"""The hostile-input corpus (cases.py) and what it is run against (tests/test_hostile_*.py)."""
