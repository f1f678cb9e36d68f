"""Schema migrations: modules mNNNN_name.py, each with migrate(conn). See ../CONTRACT.md."""
