"""The HR batch tool: check a whole staff list, make the template, show progress.

Built on the rules core (rules_py.check) and openpyxl; it is not part of the browser wheel
(scripts/build_runtime.py leaves this package out), so the rules stay standard library only.
Command line: `python -m rules_py batch STAFF.xlsx -o RESULTS.xlsx` and `... template -o X`.

    tables.py    reading and writing .csv / .xlsx tables (also the register's 花名册 import)
    columns.py   the staff list's columns and how a cell becomes contract input
    batch.py     one result row per person
    template.py  the template (.csv, .xlsx with lists for 是/否, levels, grades)
    progress.py  the progress bar on stderr
"""
