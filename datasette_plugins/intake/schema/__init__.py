"""The register's database: tables, the live schema and its rules as SQL, frozen migrations,
opening a register (``connection``, ``registers``) and the actor its triggers record (``actor``)."""
