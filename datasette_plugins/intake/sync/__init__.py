"""Sync between office registers by signed, encrypted change files (issues 6, 10, 13).

One concern per module (the trust model, the merge and the file format: ``TRUST.md``):

- ``hlc``: the hybrid logical clock that orders versions (office code breaks ties);
- ``schema``: sync's tables and the triggers that record every local write as a version;
- ``merge``: a row's state from its versions (per-column last writer, causal length);
- ``keys``: office key files (private part outside the register); ``directory``: the central
  key, the signed key directory, which keys a register trusts;
- ``crypto``: file keys sealed to destinations, streamed encryption;
- ``parts``: the author-signed unit of versions; ``changefile``: the container (envelope, members);
- ``export``: what to send to whom; ``apply``: verify everything, then apply in one transaction;
- ``review``: the review queue derived from rows and versions; ``resolve``: its actions;
  ``history``: one row's versions across offices;
- ``inbox``: import one file and log the outcome (CLI and watcher); ``watcher``: the inbox folder;
- ``synclog``, ``status``, ``digest``: what clerks read and compare; ``columns``: schema facts;
- ``cli``: the commands; ``pages``: the clerk pages.
"""
