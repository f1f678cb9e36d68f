"""One definition of each rule: Python, the generated SQL and the generated page script agree.

The 身份证号 check, texts (names, notes) and copy counts are defined once in ``domain/``; the
database triggers' SQL (``schema/checks.py``) and the intake page's script (``web/rules_js.py``)
are generated from them. Hypothesis draws hard cases (non-ASCII digits, control characters,
astral characters, dates that do not exist, ages at the boundary, wrong check characters) and
the three must give the same verdict, and Python and the page the same message.
"""

from __future__ import annotations

import ast
import json
import sqlite3
import subprocess
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datasette_plugins.intake.domain import clock, fields, idcards
from datasette_plugins.intake.domain.errors import IntakeError
from datasette_plugins.intake.schema.checks import (
    count_check,
    id_number_checks,
    text_checks,
)
from datasette_plugins.intake.web.rules_js import rules_js

NODE_RUNNER = """
require(process.argv[2]);
const R = globalThis.IntakeRules;
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = cases.map(([kind, field, raw, now]) => {
  if (kind === "id") return [R.idProblem(R.normalizeIdNumber(raw), now), R.idMessage(raw, now)];
  if (kind === "text") return R.textMessage(field, raw);
  return R.copies(field, raw).message || "";
});
process.stdout.write(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def page_rules(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("rules-js")
    (folder / "rules.cjs").write_text(rules_js(), encoding="utf-8")
    (folder / "run.cjs").write_text(NODE_RUNNER, encoding="utf-8")

    def run(cases: list[list[object]]) -> list[object]:
        result = subprocess.run(
            ["node", str(folder / "run.cjs"), str(folder / "rules.cjs")],
            input=json.dumps(cases, ensure_ascii=False),
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
            timeout=120,
        )
        return json.loads(result.stdout)

    return run


def sql_verdict(conn: sqlite3.Connection, checks, column: str, value: object) -> str | None:
    """The code of the first of ``checks`` a row with ``column = value`` fails, or None."""
    cases = " ".join(f"WHEN {c.condition_for('INSERT')} THEN ?" for c in checks)
    params = [c.code for c in checks]
    row = conn.execute(
        f"WITH NEW({column}) AS (SELECT ?) SELECT CASE {cases} END FROM NEW", [value, *params]
    ).fetchone()
    return row[0]


# --- 身份证号 ----------------------------------------------------------------------------------

TODAY = clock.today()
VALID = st.builds(
    lambda area, born, female, seed: idcards.invent_id_number(
        __import__("random").Random(seed), area, born, female
    ),
    st.sampled_from(["330102", "110105", "440303", "820000", "990101", "000000"]),
    st.dates(date(1890, 1, 1), date(2030, 12, 31)),
    st.booleans(),
    st.integers(0, 10**6),
)
ODD_CHARACTERS = st.sampled_from(
    ["²", "３", "\u0663", "x", "X", " ", "\u3000", "\t", "\x07", "a", "-", "𝟘", "O", "。"]
)


@st.composite
def id_inputs(draw) -> str:
    number = draw(VALID)
    change = draw(
        st.sampled_from(["keep", "replace", "insert", "drop", "check", "lower", "any", "date"])
    )
    if change == "replace":
        at = draw(st.integers(0, 17))
        number = number[:at] + draw(ODD_CHARACTERS) + number[at + 1 :]
    elif change == "insert":
        at = draw(st.integers(0, 18))
        number = number[:at] + draw(ODD_CHARACTERS) + number[at:]
    elif change == "drop":
        at = draw(st.integers(0, 17))
        number = number[:at] + number[at + 1 :]
    elif change == "check":
        number = number[:17] + draw(st.sampled_from("0123456789X"))
    elif change == "date":  # a day that does not exist, or does only in a leap year
        year = draw(st.sampled_from(["1980", "1981", "1900", "2000"]))
        day = draw(st.sampled_from(["0229", "0230", "0231", "0431", "1301", "0000", "0100"]))
        first17 = number[:6] + year + day + number[14:17]
        number = first17 + idcards.check_char(first17)
    elif change == "lower":
        number = number.lower()
    elif change == "any":
        number = draw(st.text(min_size=0, max_size=20))
    return number


def birthday_inputs() -> list[str]:
    """Numbers of people who turn MIN_AGE / MAX_AGE + 1 today, yesterday and tomorrow."""
    numbers = []
    for years in (idcards.MIN_AGE, idcards.MAX_AGE + 1):
        for shift in (-1, 0, 1):
            try:
                born = TODAY.replace(year=TODAY.year - years)
            except ValueError:  # 29 February
                born = TODAY.replace(year=TODAY.year - years, day=28)
            born = date.fromordinal(born.toordinal() + shift)
            first17 = f"330102{born:%Y%m%d}001"
            numbers.append(first17 + idcards.check_char(first17))
    return numbers


def python_id_verdict(raw: str) -> tuple[str | None, str]:
    try:
        idcards.normalize_id_number(raw, TODAY)
    except IntakeError as error:
        number = idcards.normalize(raw)
        return (idcards.problem(number, TODAY) if number else "empty"), error.message
    return None, ""


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(id_inputs(), min_size=60, max_size=80))
def test_id_number_rule_agrees_in_python_sql_and_the_page(page_rules, raws):
    raws = raws + birthday_inputs() + ["", "   ", "\u3000", "11010519491231002x"]
    now = [TODAY.year, TODAY.month, TODAY.day]
    page = page_rules([["id", "", raw, now] for raw in raws])
    conn = sqlite3.connect(":memory:")
    checks = id_number_checks("NEW.id_number")
    for raw, (page_code, page_message) in zip(raws, page, strict=True):
        code, message = python_id_verdict(raw)
        if code == "empty":
            assert page_message == idcards.EMPTY
            continue
        if code == "age":  # Python names the birth date; the page's short form omits it
            message = idcards.MESSAGES["age"]
        assert (page_code, page_message) == (code, message), raw
        stored = idcards.normalize(raw)
        sql = sql_verdict(conn, checks, "id_number", stored)
        assert sql == (f"id_number.{code}" if code else None), raw


# --- Texts and copy counts -------------------------------------------------------------------

TEXT_ALPHABET = st.sampled_from(
    list("张三杭州丝绸有限公司ab1 ") + ["<", ">", "&", '"', "'", "`", "\x00", "\x1f", "\x7f",
    "\t", "\u3000", "\x1c", "😀", "\u200b", "é"]
)  # fmt: skip


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(fields.TEXTS), st.text(TEXT_ALPHABET, max_size=70)),
        min_size=100,
        max_size=150,
    )
)
def test_text_rules_agree(page_rules, cases):
    cases = [(rule, raw) for rule, raw in cases if rule.table != "units" or rule.column == "name"]
    page = page_rules([["text", rule.field, raw, None] for rule, raw in cases])
    conn = sqlite3.connect(":memory:")
    for (rule, raw), page_message in zip(cases, page, strict=True):
        try:
            stored = fields.text(raw, rule)
            message = ""
        except IntakeError as error:
            stored, message = raw.strip(fields.TRIM), error.message
        assert page_message == message, (rule.field, raw)
        verdict = sql_verdict(conn, text_checks(rule), rule.column, stored)
        assert (verdict is None) == (message == ""), (rule.field, raw, verdict)


COUNT_TEXT = st.one_of(
    st.integers(-5, 30).map(str),
    st.text(st.sampled_from(list("0123456789１²-+. 一x\u3000")), max_size=4),
)


@settings(max_examples=5, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(fields.COUNTS), COUNT_TEXT), min_size=80))
def test_copy_count_rules_agree(page_rules, cases):
    page = page_rules([["copies", rule.field, raw, None] for rule, raw in cases])
    conn = sqlite3.connect(":memory:")
    for (rule, raw), page_message in zip(cases, page, strict=True):
        try:
            value: object = fields.copies(raw, rule)
            message = ""
        except IntakeError as error:
            value, message = raw, error.message
        assert page_message == message, (rule.field, raw)
        verdict = sql_verdict(conn, [count_check(rule)], rule.column, value)
        assert (verdict is None) == (message == ""), (rule.field, raw, verdict)
    for number in range(-3, fields.MAX_COPIES + 3):
        refused = sql_verdict(conn, [count_check(fields.MANDATE)], "mandate_copies", number)
        assert (refused is None) == (0 <= number <= fields.MAX_COPIES)


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
            names.update(f"{node.module or ''}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_live_code_never_imports_a_migration():
    """Migrations are frozen steps: only their runner (schema/migrate.py) loads them."""
    package = Path(__file__).resolve().parents[2] / "datasette_plugins" / "intake"
    importers = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "migrations" not in path.parts
        and path.name != "migrate.py"
        and any("migrations" in name.split(".") for name in imported_modules(path))
    ]
    assert importers == []
