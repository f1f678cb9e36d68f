"""Rules of the notice and of the counter as plain Python: no SQLite, no HTTP.

身份证号 checks (``idcards``), row ids (``ids``), the 附件4 二 paper checklist (``copies``), values
a clerk types (``fields``), the receiving offices (``offices``), the one error type (``errors``).
"""
