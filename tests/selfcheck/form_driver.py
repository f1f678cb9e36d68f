"""Answer the self-check's questions like a person would, step by step, and read the answer.

Answers are page answers keyed by question id (rules_py.form.describe()): "yes"/"no" for
yes/no questions, option values, dates as YYYY-MM-DD, degrees as [{"level", "engineering",
"related"}], grades as {year: grade}, hours as {year: {part: number}}, scores as {item: number}.
The functions take the page's description (`form`) when it is not the current notice's.
"""

from __future__ import annotations

from typing import Any

from rules_py.form import describe

VERDICT_TIMEOUT_MS = 90_000
FORM = describe()
QUESTIONS = {q["id"]: q for s in FORM["steps"] for q in s["questions"]}

COMMON = {
    "assessments": {"2020": "competent", "2021": "excellent", "2022": "competent"},
    "continuing_education": {
        "2021": {"professional": 60, "public": 30},
        "2022": {"professional": 70, "public": 20, "total": 95},
        "2023": {"professional": 72, "public": 18},
    },
}
IN_SCOPE = {"unit": "330106", "civil_service": "no", "work": "field"}


def current_step(page: Any) -> str:
    return page.get_attribute(".sc-step.sc-step--current", "data-step")


def visible(page: Any, selector: str) -> bool:
    locator = page.locator(selector)
    return locator.count() > 0 and locator.first.is_visible()


def fill_question(page: Any, qid: str, value: Any, form: dict[str, Any] = FORM) -> None:
    q = next(q for s in form["steps"] for q in s["questions"] if q["id"] == qid)
    kind = q["kind"]
    if kind == "select":
        page.select_option(f"#sc-{qid}", value)
    elif kind == "choice":
        page.check(f"#sc-{qid}-{value}")
    elif kind == "multi":
        for item in value:
            page.check(f"#sc-{qid}-{item}")
    elif kind == "date":
        page.fill(f"#sc-{qid}", value)
    elif kind == "degrees":
        for i, degree in enumerate(value):
            if i and page.locator(f"#sc-education-{i}-level").count() == 0:
                page.click("#sc-add-degree")
            page.select_option(f"#sc-education-{i}-level", degree["level"])
            for part in ("engineering", "related"):
                if part in degree and visible(page, f"#sc-education-{i}-{part}-yes"):
                    page.check(f"#sc-education-{i}-{part}-{degree[part]}")
    elif kind == "grades":
        for year, grade in value.items():
            page.select_option(f"#sc-{qid}-{year}", grade)
    elif kind == "hours":
        for year, entry in value.items():
            for part, number in entry.items():
                page.fill(f"#sc-{qid}-{year}-{part}", str(number))
    elif kind == "scores":
        for item, number in value.items():
            page.fill(f"#sc-{qid}-{item}", str(number))


def answer_step(page: Any, answers: dict[str, Any], form: dict[str, Any] = FORM) -> list[str]:
    """Answer the questions of the current step that are shown (in order, as a person reads
    them: an answer may reveal the next question). Returns the ids of the questions shown."""
    step = current_step(page)
    shown = []
    for q in next(s for s in form["steps"] if s["id"] == step)["questions"]:
        if not visible(page, f"#sc-q-{q['id']}"):
            continue
        shown.append(q["id"])
        if q["id"] in answers:
            fill_question(page, q["id"], answers[q["id"]], form)
    return shown


def continue_from(page: Any, step: str) -> None:
    """继续 on a step; returns once the page has moved on or said what is missing (it may ask
    its rules first, which takes a moment)."""
    page.click(f"#sc-step-{step} .sc-continue")
    page.wait_for_function(
        """step => !document.getElementById('sc-error-summary').hidden
            || !document.getElementById('sc-result').hidden
            || document.querySelector('.sc-step--current')?.dataset.step !== step""",
        arg=step,
    )


def walk(
    page: Any, answers: dict[str, Any], until: str = "review", form: dict[str, Any] = FORM
) -> dict[str, list[str]]:
    """Answer step after step until the check-your-answers step (or an answer, or the step
    `until`); returns the questions shown, by step."""
    seen: dict[str, list[str]] = {}
    for _ in range(len(form["steps"]) + 1):
        if page.locator("#sc-result").is_visible():
            return seen
        step = current_step(page)
        if step in ("review", until):
            return seen
        seen[step] = answer_step(page, answers, form)
        continue_from(page, step)
        if page.locator("#sc-error-summary").is_visible():
            raise AssertionError(
                f"step {step} did not continue: {page.inner_text('#sc-error-summary')}"
            )
    raise AssertionError("the steps did not end")


def submit(page: Any) -> None:
    """查看自查结果 on the check-your-answers step; waits for the answer."""
    page.click("#sc-submit")
    wait_for_answer(page)


def wait_for_answer(page: Any) -> None:
    page.wait_for_selector(
        "#sc-answer[data-state=done], #sc-answer[data-state=stop]", timeout=VERDICT_TIMEOUT_MS
    )


def headline(page: Any) -> str:
    return page.inner_text("#sc-headline")


def next_steps(page: Any) -> list[str]:
    return page.locator("#sc-answer .sc-next > li").all_inner_texts()


def shown_answer(page: Any) -> dict[str, Any]:
    """The answer as the page shows it: headline, eligibility, route, the reasons listed first
    (outside the folded details), what the committee judges, next-step links."""
    return page.evaluate(
        """() => {
        const body = document.querySelector('#sc-answer');
        const all = (selector) => [...body.querySelectorAll(selector)];
        const open = all('.sc-reason').filter((li) => !li.closest('details'));
        return {
          headline: document.querySelector('#sc-headline').textContent,
          eligible: body.dataset.eligible === 'true',
          route: body.dataset.route,
          reasons: open.map((li) => [li.dataset.rule, li.querySelector('.sc-mark').textContent]),
          committee: all('.sc-reason--committee').map((li) => li.dataset.rule),
          links: [...body.querySelectorAll('.sc-next a')].map((a) => a.href),
          checklist: [...body.querySelectorAll('#sc-checklist li')].map((li) => li.dataset.item),
        };
    }"""
    )
