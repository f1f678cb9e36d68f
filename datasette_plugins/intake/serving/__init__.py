"""Running registers: worker processes (``workers``), reads on the event loop (``inline_reads``),
and the demo register of ``make run`` (``launch``)."""
