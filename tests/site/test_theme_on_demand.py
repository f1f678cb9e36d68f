"""Material's script loads on the visitor's first interaction (theme_on_demand.py): a page is shown
and read without it, and whatever the visitor does first still works as with the script there
from the start: a shortcut key opens the search, the phone's search button focuses the box, a
search result's words are highlighted, and nothing on the page moves when the script arrives.
On the self-check, a first tap on the form while the Python runtime starts does not load it: it
comes once the first answer is shown, unless the visitor uses the theme's own controls first.
Offline, the script comes from the service worker's cache (test_offline searches offline after a
visit that never loaded it)."""

from __future__ import annotations

import json

import pytest
from site_crawl import PHONE, search

CEILING_MS = 120_000  # a ceiling for a loaded machine; every wait ends on an event
BUNDLE = "/assets/javascripts/bundle."

# Layout shifts not caused by a click, tap or key (those are excused for 0.5 s): what a reader
# sees jump. Read after two frames, so that the script's first rendering is in.
UNEXCUSED_SHIFTS = """async () => {
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.getEntriesByType("layout-shift")
    .filter((entry) => !entry.hadRecentInput)
    .reduce((sum, entry) => sum + entry.value, 0);
}"""


def open_loaded(context, server, path: str) -> tuple[object, list[str]]:
    """A page opened and left alone until it has settled (its last own script, the service
    worker's registration, runs once the page is loaded and idle); the URLs it requested."""
    page = context.new_page()
    page.set_default_timeout(CEILING_MS)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server.url + path)
    page.wait_for_selector("html[data-runtime-offline]", state="attached")
    return page, requested


def theme_ready(page) -> None:
    page.wait_for_selector("html[data-theme-script=ready]", state="attached")


def search_box_focused(page) -> None:
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.matches('input.md-search__input')"
    )


@pytest.mark.parametrize("path", ["/", "/attachment-1/", "/directory/"])
def test_a_page_loads_without_the_theme_script_and_gets_it_on_the_first_move(
    path: str, site_server, context
) -> None:
    page, requested = open_loaded(context, site_server, path)
    assert not [url for url in requested if BUNDLE in url], "the bundle waits for the visitor"
    assert page.locator("article h1").inner_text().strip()
    page.mouse.move(200, 300)
    theme_ready(page)
    assert [url for url in requested if BUNDLE in url]
    assert search(page, "花名册")[0] == "/attachment-4/"


def test_the_key_that_loads_the_theme_opens_the_search(site_server, context) -> None:
    page, _ = open_loaded(context, site_server, "/notice/")
    page.keyboard.press("/")
    search_box_focused(page)
    page.keyboard.type("花名册")
    page.wait_for_selector(".md-search-result__item a")
    assert search(page, "花名册")[0] == "/attachment-4/"


def test_the_phone_search_button_focuses_the_box_before_the_theme_runs(
    site_server, phone_context
) -> None:
    page, _ = open_loaded(phone_context, site_server, "/directory/")
    page.locator('label.md-header__button[for="__search"]').tap()
    search_box_focused(page)
    page.keyboard.type("萧山")
    page.wait_for_selector(".md-search-result__item a")
    assert search(page, "萧山")[0] == "/directory/"


def test_a_search_results_words_are_highlighted_without_an_interaction(
    site_server, context
) -> None:
    page = context.new_page()
    page.set_default_timeout(CEILING_MS)
    page.goto(site_server.url + "/attachment-4/?h=花名册")
    page.wait_for_selector("article mark")
    assert "花名册" in page.locator("article mark").all_inner_texts()


@pytest.mark.parametrize("width", [PHONE["width"], 1280])
@pytest.mark.parametrize("path", ["/", "/attachment-1/", "/directory/"])
def test_nothing_moves_when_the_theme_script_arrives(path: str, width: int, site_server, browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800})
    try:
        page, _ = open_loaded(context, site_server, path)
        page.mouse.move(width // 2, 400)  # a pointer move is no click: its shifts count
        theme_ready(page)
        assert page.evaluate(UNEXCUSED_SHIFTS) == 0
    finally:
        context.close()


# The self-check of a person who has answered every question before (kept in this browser): its
# worker starts in the page's <head>, and the page asks the theme's script to wait for it.
STORED_ANSWERS = {
    "unit": "330106",
    "civil_service": "no",
    "work": "field",
    "has_engineer": "yes",
    "engineer_qualified_on": "2016-07-01",
    "practice_qualification": "no",
    "other_senior_title": "no",
    "skill_level": "none",
    "education": [{"level": "bachelor", "engineering": "yes", "related": "yes"}],
    "assessments": {"2020": "excellent", "2021": "competent", "2022": "competent"},
    "continuing_education": {
        year: {"professional": "64", "public": "26"} for year in ("2021", "2022", "2023")
    },
}
# [when the answer was shown, when the theme's script was asked for] (ms, the page's clock)
VERDICT_AND_BUNDLE = """() => [
  performance.getEntriesByName("selfcheck:verdict")[0].startTime,
  performance.getEntriesByType("resource").find((e) => e.name.includes("/bundle.")).startTime,
]"""


@pytest.fixture
def returning_with_runtime_held(site_server, context):
    """The self-check page of a returning person, its runtime held back (the lock file it needs
    first is not answered until `release()`): the page as it is while the runtime starts."""
    from rules_py.form import describe

    key = json.dumps("selfcheck:" + describe()["notice"]["id"])
    stored = json.dumps(json.dumps({"answers": STORED_ANSWERS, "step": "review"}))
    context.add_init_script(f"localStorage.setItem({key}, {stored})")
    held: list = []
    released: list[bool] = []

    def hold(route) -> None:  # noqa: ANN001 (playwright Route)
        if released:
            route.continue_()
        else:
            held.append(route)

    context.route("**/pyodide/pyodide-lock.json", hold)
    page = context.new_page()
    page.set_default_timeout(CEILING_MS)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_server.url + "/self-check/")
    page.wait_for_selector("#sc-form[data-wired]", state="attached")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-theme-wait')")

    def release() -> None:
        released.append(True)
        while held:
            held.pop().continue_()

    yield page, requested, release
    release()


def test_the_self_check_s_first_answer_is_not_slowed_by_the_theme_script(
    returning_with_runtime_held,
) -> None:
    page, requested, release = returning_with_runtime_held
    page.click("#sc-submit")
    page.wait_for_selector("#sc-answer[data-state=pending]")
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve))")  # the loader's decision
    assert page.get_attribute("html", "data-theme-script") is None
    assert not [url for url in requested if BUNDLE in url], "the theme waits for the answer"
    release()
    page.wait_for_selector("#sc-answer[data-state=done]")
    theme_ready(page)
    verdict, bundle = page.evaluate(VERDICT_AND_BUNDLE)
    assert bundle > verdict, f"then it loads, once the answer is shown ({verdict=}, {bundle=})"
    assert search(page, "花名册")[0] == "/attachment-4/"


def test_the_theme_s_own_controls_work_while_the_self_check_starts(
    returning_with_runtime_held,
) -> None:
    page, _, _ = returning_with_runtime_held
    page.hover("header .md-header__title")
    theme_ready(page)  # the runtime is still held: the header did not wait for it
    assert page.get_attribute("#sc-runtime", "data-state") != "ready"
    page.keyboard.press("/")
    search_box_focused(page)
