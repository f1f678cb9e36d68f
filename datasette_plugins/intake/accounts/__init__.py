"""Who may do what: clerks' accounts, their offices, and the permissions of datasette.yaml."""
