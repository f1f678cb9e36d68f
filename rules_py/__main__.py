"""`python -m rules_py ...`: see rules_py.cli."""

from rules_py.cli import entry

raise SystemExit(entry())
