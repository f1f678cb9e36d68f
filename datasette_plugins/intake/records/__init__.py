"""Reading and writing a register's rows: plain functions over a SQLite connection and an actor
(``store`` writes, ``receipts`` and ``dashboard`` read, ``roster_files`` and ``demo`` feed it)."""
