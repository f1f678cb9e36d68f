"""Sync between office registers by signed change files (issue 6).

One concern per module:

- ``hlc``: the hybrid logical clock that orders versions (office code breaks ties);
- ``tracking``: the sync tables, views and the triggers that record every local write;
- ``keys``: Ed25519 signing keys (private key in a 0600 file, public keys in the register);
- ``changefile``: the change-file format: write atomically, read and verify before use;
- ``export``: collect changes not yet sent to a destination and write a change file;
- ``apply``: import a verified change file in one transaction, resolving conflicts;
- ``synclog``: the ``sync_log`` table clerks read in Datasette;
- ``digest``: a content hash of the synced tables (registers that converged have equal hashes);
- ``status``: what ``datasette intake sync-status`` shows a clerk;
- ``inbox``: import one file and log the outcome whatever it is (CLI and watcher);
- ``conflicts``: which version wins and when the loser is kept; ``columns``: schema facts;
- ``cli``: the ``export``/``import``/``watch``/``keys``/``sync-status`` subcommands.

The trust model is described in ``TRUST.md`` beside this file.
"""
