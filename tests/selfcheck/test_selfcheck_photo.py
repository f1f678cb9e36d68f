"""证件照 checker: JPEGs made with Pillow that pass, and that fail each rule of 附件2 二.1; the
page names exactly the rules that fail, and the photo never leaves the browser."""

from __future__ import annotations

import io
import random
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

import rules_py


def picture(
    width: int, height: int, *, noisy: bool = True, fmt: str = "JPEG", turned: int = 1, **save
) -> bytes:
    """A photo-like image; noise keeps JPEG from compressing it below the 30K limit. `turned`:
    the EXIF orientation written (6: a portrait phone photo stored sideways)."""
    if noisy:
        pixels = random.Random(width * 10_000 + height).randbytes(width * height * 3)
        image = Image.frombytes("RGB", (width, height), pixels)
    else:
        image = Image.new("RGB", (width, height), "white")
    if turned != 1:
        exif = Image.Exif()
        exif[0x0112] = turned
        save["exif"] = exif.tobytes()
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


# name, filename, bytes, rules that must fail
PHOTOS = [
    ("meets every rule", "photo.jpg", picture(300, 400, quality=75), set()),
    (".jpeg extension", "photo.JPEG", picture(330, 450, quality=75), set()),
    ("30K or smaller", "small.jpg", picture(300, 400, noisy=False), {"size"}),
    ("1M or larger", "large.jpg", picture(900, 1200, quality=95), {"size"}),
    ("215 pixels wide or less", "narrow.jpg", picture(214, 310, quality=90), {"width"}),
    ("300 pixels high or less", "low.jpg", picture(216, 300, quality=90), {"height"}),
    ("too wide: ratio above 0.8", "square.jpg", picture(400, 400, quality=75), {"ratio"}),
    ("too narrow: ratio below 0.65", "tall.jpg", picture(300, 480, quality=75), {"ratio"}),
    ("a JPEG named .png", "photo.png", picture(300, 400, quality=75), {"extension"}),
    (
        "a PNG named .jpg: one problem, said once",
        "fake.jpg",
        picture(300, 400, fmt="PNG"),
        {"content"},
    ),
    (
        "portrait phone photo stored sideways",
        "phone.jpg",
        picture(400, 300, quality=75, turned=6),
        set(),
    ),
    ("landscape photo", "wide.jpg", picture(440, 310, quality=75), {"ratio"}),
]


@pytest.fixture(scope="module")
def photo_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("photos")
    for i, (_, filename, data, _) in enumerate(PHOTOS):
        (folder / str(i)).mkdir()
        (folder / str(i) / filename).write_bytes(data)
    return folder


def sent_something(request: tuple[str, str, bytes | None], site: Path, origin: str) -> bool:
    """Whether a request could carry what the page holds: anything but a plain GET of a file of
    the built site itself (the runtime's files, fetched again for offline use once it is up; the
    theme's script and its search files, which load once the page is idle)."""
    method, url, body = request
    parts = urlsplit(url)
    if method != "GET" or body or parts.query or f"{parts.scheme}://{parts.netloc}" != origin:
        return True
    path = site / unquote(parts.path).lstrip("/")
    return not (path.is_file() or (path / "index.html").is_file())


@pytest.mark.parametrize(
    ("index", "failing"),
    [(i, case[3]) for i, case in enumerate(PHOTOS)],
    ids=[case[0] for case in PHOTOS],
)
def test_photo_rules(sc_page, photo_dir, built_site, site_server, index, failing) -> None:
    _, filename, data, _ = PHOTOS[index]
    rules = rules_py.photo.check_photo(data, filename)["rules"]
    assert {r["rule"] for r in rules if not r["ok"]} == failing, "the picture is what it claims"
    requests: list[tuple[str, str, bytes | None]] = []
    record = lambda r: requests.append((r.method, r.url, r.post_data_buffer))  # noqa: E731
    sc_page.on("request", record)
    sc_page.set_input_files("#sc-photo", photo_dir / str(index) / filename)
    result = sc_page.locator("#sc-photo-result")
    sc_page.wait_for_function(
        "name => ['ok', 'fail'].includes(document.querySelector('#sc-photo-result').dataset.state)"
        " && document.querySelector('#sc-photo-result').textContent.includes(name)",
        arg=filename,
    )
    shown_failing = set(
        result.locator(".sc-reason--missing").evaluate_all("els => els.map(e => e.dataset.rule)")
    )
    assert shown_failing == failing
    assert result.get_attribute("data-state") == ("fail" if failing else "ok")
    headline = result.locator(".sc-panel").inner_text()
    assert ("符合全部要求" in headline) is (not failing)
    if failing:
        assert f"有 {len(failing)} 项不符合要求" in headline
    note = rules_py.photo.check_photo(data, filename).get("note")
    assert (note or "") in result.inner_text()
    sc_page.remove_listener("request", record)
    # Nothing is sent: every request is a plain GET of one of the site's own files.
    assert [r for r in requests if sent_something(r, built_site, site_server.url)] == []


def test_a_huge_file_is_judged_from_its_beginning(sc_page, tmp_path) -> None:
    """A 64 MB file: the page reads no more of it than the notice allows, and still says the
    one problem (its size) with its width and height read from its header."""
    path = tmp_path / "huge.jpg"
    data = picture(300, 400, quality=75)
    with path.open("wb") as out:
        out.write(data)
        out.truncate(64 * 1024 * 1024)  # a sparse tail: no disk or memory spent here
    sc_page.set_input_files("#sc-photo", path)
    sc_page.wait_for_function(
        "name => ['ok', 'fail'].includes(document.querySelector('#sc-photo-result').dataset.state)"
        " && document.querySelector('#sc-photo-result').textContent.includes(name)",
        arg=path.name,
    )
    result = sc_page.locator("#sc-photo-result")
    failing = result.locator(".sc-reason--missing").evaluate_all(
        "els => els.map(e => e.dataset.rule)"
    )
    assert failing == ["size"]
    assert "65536.0KB" in result.inner_text()
    expected = rules_py.photo.check_photo(path.read_bytes()[:2_000_000], "huge.jpg", size=64 << 20)
    assert [r["rule"] for r in expected["rules"] if not r["ok"]] == ["size"]
