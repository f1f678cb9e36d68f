"""Drive the self-check form like a person would, and read the verdict the page shows."""

from __future__ import annotations

from typing import Any

BOOLEANS = (
    "registered_qualification",
    "retraining_certificate",
    "practice_qualification",
    "other_senior_title",
)
DATES = (
    "engineer_qualified_on",
    "intermediate_appointed_on",
    "field_work_since",
    "senior_technician_on",
    "engineering_work_since",
)
VERDICT_TIMEOUT_MS = 90_000


def fill_form(page: Any, answers: dict[str, Any]) -> None:
    """Enter a contract input object through the form's controls (the form starts empty)."""
    for i, degree in enumerate(answers.get("education", [])):
        if i:
            page.click("#sc-add-degree")
        page.select_option(f"#sc-education-{i}-level", degree["level"])
        page.set_checked(f"#sc-education-{i}-engineering", bool(degree.get("engineering")))
        page.set_checked(f"#sc-education-{i}-related", bool(degree.get("related")))
    for name in BOOLEANS:
        if name in answers:
            page.check(f"#sc-{name}" if answers[name] else f"#sc-{name}-no")
    for name in DATES:
        if name in answers:
            page.fill(f"#sc-{name}", answers[name])
    for honour in answers.get("skill_honours", []):
        page.check(f"input[name=skill_honours][value={honour}]")
    for number in answers.get("exceptional_conditions", []):
        page.check(f"#sc-exceptional_conditions-{number}")
    for year, grade in answers.get("assessments", {}).items():
        page.select_option(f"#sc-assessments-{year}", grade)
    for year, entry in answers.get("continuing_education", {}).items():
        for kind, value in entry.items():
            page.fill(f"#sc-continuing_education-{year}-{kind}", str(value))


def submit(page: Any) -> None:
    page.click("#sc-submit")
    page.wait_for_selector("#sc-verdict[data-state=done]", timeout=VERDICT_TIMEOUT_MS)


def shown_verdict(page: Any) -> dict[str, Any]:
    """What the verdict section shows, in the shape of verdict_of()."""
    return page.evaluate(
        """() => {
        const routes = {};
        for (const s of document.querySelectorAll("#sc-verdict-body .sc-route")) {
          routes[s.dataset.route] = s.dataset.status;
        }
        return {
          eligible: document.querySelector("#sc-eligible").dataset.eligible === "true",
          routes,
          failed: [...document.querySelectorAll("#sc-verdict-body .sc-reason--missing")]
            .map((li) => li.dataset.rule),
          checklist: [...document.querySelectorAll("#sc-checklist li")]
            .map((li) => li.dataset.item),
          advice: [...document.querySelectorAll("#sc-verdict-body .sc-advice li")]
            .map((li) => li.textContent),
        };
    }"""
    )


def verdict_of(result: dict[str, Any]) -> dict[str, Any]:
    """The same view of a rules_py.check() result, for comparison with the page."""
    groups = [*result["routes"].values(), *result["common"].values()]
    return {
        "eligible": result["eligible"],
        "routes": {
            **{name: r["status"] for name, r in result["routes"].items()},
            **{name: r["status"] for name, r in result["common"].items()},
        },
        "failed": [reason["rule"] for g in groups for reason in g["reasons"] if not reason["ok"]],
        "checklist": [entry["item"] for entry in result["checklist"]],
        "advice": result.get("advice", []),
    }
