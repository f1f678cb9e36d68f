"""The intake page's live checks, generated from the rules' one definition in ``domain/``.

``rules_js()`` is a small script (served at ``/-/intake/rules.js``) that defines
``IntakeRules``: the 身份证号 check, copy counts, texts, the expected copies of 附件4 二, with
every number, character class and message taken from ``domain.idcards``, ``domain.fields`` and
``data/``. Only the few lines that walk the data are JavaScript; the test
``test_rule_definitions.py`` runs Python, SQL and this script on the same cases.
"""

from __future__ import annotations

import json
from functools import cache

from ..domain import clock, fields, idcards
from ..domain.copies import paper


def rule_data() -> dict[str, object]:
    return {
        "utcOffsetHours": clock.UTC_OFFSET_HOURS,
        "id": {
            "length": idcards.LENGTH,
            "weights": idcards.WEIGHTS,
            "checkChars": idcards.CHECK_CHARS,
            "provinces": idcards.PROVINCES,
            "minAge": idcards.MIN_AGE,
            "maxAge": idcards.MAX_AGE,
            "spaces": idcards.SPACES,
            "shownAsCode": idcards.SHOWN_AS_CODE,
            "empty": idcards.EMPTY,
            "messages": dict(idcards.CHECKS),
        },
        "trim": fields.TRIM,
        "forbidden": fields.FORBIDDEN,
        "controlRanges": fields.CONTROL_RANGES,
        "texts": {
            rule.field: {
                "label": rule.label,
                "max": rule.max_len,
                "required": rule.required,
                "empty": rule.empty_message,
                "long": rule.long_message,
                "chars": rule.chars_message,
            }
            for rule in fields.TEXTS
            if rule.table != "units" or rule.field == "unit_name"
        },
        "maxCopies": fields.MAX_COPIES,
        "counts": {rule.field: rule.message for rule in fields.COUNTS},
        "paper": {item.id: item.copies for item in paper().items},
        "labels": {item.id: item.label for item in paper().items},
        # route id -> its form's copies and label; "" the label of extra copies of another route
        "routeForms": {
            r: {"copies": f.copies, "label": f.label} for r, f in paper().route_forms.items()
        },
        "routeFormLabel": paper().route_form_label,
    }


_SCRIPT = """\
// Generated from datasette_plugins/intake/domain (idcards, fields) and data/: do not edit.
(function (root) {
  "use strict";
  var R = %(data)s;
  function chars(s) { return Array.from(s); }
  function trim(s) {
    var list = chars(s || ""), a = 0, b = list.length;
    while (a < b && R.trim.indexOf(list[a]) >= 0) a++;
    while (b > a && R.trim.indexOf(list[b - 1]) >= 0) b--;
    return list.slice(a, b).join("");
  }
  function isSpace(ch) { return R.id.spaces.indexOf(ch) >= 0; }
  function normalizeIdNumber(raw) {
    return chars(raw).filter(function (ch) { return !isSpace(ch); }).join("").toUpperCase();
  }
  function today() {
    var d = new Date(Date.now() + R.utcOffsetHours * 3600000);
    return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  }
  function validDate(y, m, d) {
    var t = new Date(Date.UTC(y, m - 1, d));
    return y >= 1 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
  }
  // The first failing check of a normalized number (a key of R.id.messages), or null.
  function idProblem(n, now) {
    if (!/^[0-9]{17}[0-9X]$/.test(n)) return "format";
    if (R.id.provinces.indexOf(n.slice(0, 2)) < 0) return "province";
    var y = +n.slice(6, 10), m = +n.slice(10, 12), d = +n.slice(12, 14);
    if (!validDate(y, m, d)) return "birth";
    now = now || today();
    var age = now[0] - y - ((now[1] < m || (now[1] === m && now[2] < d)) ? 1 : 0);
    if (age < R.id.minAge || age > R.id.maxAge) return "age";
    var sum = 0;
    for (var i = 0; i < 17; i++) sum += (+n[i]) * R.id.weights[i];
    if (R.id.checkChars[sum %% 11] !== n[17]) return "check";
    return null;
  }
  function formatDetail(n) {
    var list = chars(n);
    for (var i = 0; i < list.length && i < R.id.length; i++) {
      var last = i === R.id.length - 1, ch = list[i];
      if ((last ? "0123456789X" : "0123456789").indexOf(ch) < 0) {
        var code = ch.codePointAt(0), hex = code.toString(16).toUpperCase();
        var hidden = R.id.shownAsCode.some(function (r) { return code >= r[0] && code <= r[1]; });
        var shown = hidden ? "U+" + "0000".slice(hex.length) + hex : ch;
        return "第" + (i + 1) + "位“" + shown + "”不是" + (last ? "数字或X" : "数字");
      }
    }
    return "现为" + list.length + "位";
  }
  // The message for what a clerk typed as a 身份证号, or "" when it is valid.
  function idMessage(raw, now) {
    var n = normalizeIdNumber(raw || "");
    if (!n) return R.id.empty;
    var found = idProblem(n, now);
    if (!found) return "";
    var message = R.id.messages[found];
    if (found === "format") message += "（" + formatDetail(n) + "）";
    return message;
  }
  function forbidden(ch) {
    var code = ch.codePointAt(0);
    for (var i = 0; i < R.controlRanges.length; i++) {
      if (code >= R.controlRanges[i][0] && code <= R.controlRanges[i][1]) return true;
    }
    return R.forbidden.indexOf(ch) >= 0;
  }
  // The message for a text field (R.texts key), or "".
  function textMessage(field, raw) {
    var rule = R.texts[field], value = trim(raw);
    if (!value) return rule.required ? rule.empty : "";
    if (chars(value).some(forbidden)) return rule.chars;
    if (chars(value).length > rule.max) return rule.long;
    return "";
  }
  // A copy count: {value: n} or {message: "..."}; empty means 0.
  function copies(field, raw) {
    var value = trim(raw);
    if (value === "") return {value: 0};
    if (!/^[0-9]{1,3}$/.test(value)) {
      return {message: R.counts[field] + "（收到“" + chars(value).slice(0, 20).join("") + "”）"};
    }
    var n = parseInt(value, 10);
    if (n > R.maxCopies) return {message: R.counts[field] + "（收到 " + n + "）"};
    return {value: n};
  }
  root.IntakeRules = {
    data: R, normalizeIdNumber: normalizeIdNumber, idProblem: idProblem, idMessage: idMessage,
    textMessage: textMessage, copies: copies, trim: trim
  };
})(typeof window !== "undefined" ? window : globalThis);
"""


@cache
def rules_js() -> str:
    data = json.dumps(rule_data(), ensure_ascii=False, separators=(",", ":"))
    return _SCRIPT % {"data": data}
