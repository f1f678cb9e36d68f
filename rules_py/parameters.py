"""The parameters of one notice, read once from data/*.toml (thresholds, dates, labels, lists).

Next year's notice is a new set of data files, not new code. The files are looked up in
`rules_py/data/` inside an installed wheel (scripts/build_runtime.py copies them there) and
otherwise in the repository's `data/` folder next to the package.

The wheel also carries each file compiled to JSON (`notice.toml.json`, see `compile_toml`): the
same content, read by the C-accelerated json module instead of the pure-Python TOML parser,
which takes ~80 ms in Pyodide, on the path to the self-check's first verdict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

DATA_FILES = ("notice.toml", "eligibility.toml", "checklists.toml")


def data_dir() -> Path:
    """Where the TOML files are: the wheel's copy first, then the repository's data/.

    A plain path next to this file (the wheel is always unpacked): importlib.resources would
    import nine more modules, compiled from source in Pyodide, on the way to the first verdict.
    """
    here = Path(__file__).resolve().parent
    packaged = here / "data"
    return packaged if packaged.is_dir() else here.parent / "data"


def read_toml(name: str, folder: Path | None = None) -> dict[str, Any]:
    folder = folder or data_dir()
    compiled = folder / (name + COMPILED_SUFFIX)
    if compiled.is_file():
        return json.loads(compiled.read_text(encoding="utf-8"), object_hook=_restore_date)
    import tomllib  # only when no compiled form is at hand: importing it costs ~20 ms in Pyodide

    return tomllib.loads((folder / name).read_text(encoding="utf-8"))


COMPILED_SUFFIX = ".json"
_DATE_TAG = "$date"


def compile_toml(text: str) -> str:
    """The JSON form of a TOML data file, dates tagged so that read_toml restores them."""
    import tomllib

    return json.dumps(tomllib.loads(text), ensure_ascii=False, default=_tag_date)


def _tag_date(value: object) -> dict[str, str]:
    if isinstance(value, date) and type(value) is date:
        return {_DATE_TAG: value.isoformat()}
    raise TypeError(f"data files hold dates only, not {type(value).__name__}: {value!r}")


def _restore_date(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and _DATE_TAG in obj:
        return date.fromisoformat(obj[_DATE_TAG])
    return obj


@dataclass(frozen=True)
class Parameters:
    """Every number, date and label the rules use, typed and flattened from the TOML files."""

    notice_id: str
    notice_number: str
    cutoff: date
    levels: tuple[str, ...]  # highest first
    level_labels: dict[str, str]
    doctorate_years: int
    degree_years: int
    degree_min_level: str
    practice_years: int
    transfer_years: int
    senior_technician_years: int
    honours: tuple[str, ...]
    honour_labels: dict[str, str]
    exceptional_min_conditions: int
    exceptional_condition_count: int
    exceptional_years_without_degree: int
    exceptional_years_with_degree: int
    college_work_years: int
    secondary_work_years: int
    exceptional_titles: dict[int, str]
    assessment_years: tuple[int, ...]
    assessment_passing: frozenset[str]
    assessment_labels: dict[str, str]
    ce_years: tuple[int, ...]
    ce_total: float
    ce_professional: float
    ce_public: float
    route_labels: dict[str, str]
    path_labels: dict[str, str]
    uploads: tuple[dict[str, Any], ...]
    paper: dict[str, Any]
    photo: dict[str, Any]
    self_report: dict[str, Any]

    def rank(self, level: str) -> int:
        """0 for the highest degree level, larger for lower ones."""
        return self.levels.index(level)


def load(folder: Path | None = None) -> Parameters:
    notice = read_toml("notice.toml", folder)
    rules = read_toml("eligibility.toml", folder)
    lists = read_toml("checklists.toml", folder)
    if rules["notice"] != notice["id"]:
        raise ValueError(f"eligibility.toml is for {rules['notice']!r}, notice is {notice['id']!r}")
    labels = rules["labels"]
    normal, transfer, skilled = rules["normal"], rules["transfer"], rules["skilled"]
    exceptional, ce = rules["exceptional"], rules["continuing_education"]
    return Parameters(
        notice_id=notice["id"],
        notice_number=notice["number"],
        cutoff=notice["years_counted_to"],
        levels=tuple(rules["education"]["levels"]),
        level_labels=dict(labels["level"]),
        doctorate_years=normal["engineering_doctorate_years"],
        degree_years=normal["engineering_degree_years"],
        degree_min_level=normal["engineering_degree_min_level"],
        practice_years=normal["practice_qualification_years"],
        transfer_years=transfer["field_work_years"],
        senior_technician_years=skilled["senior_technician_years"],
        honours=tuple(skilled["honours"]),
        honour_labels=dict(labels["honour"]),
        exceptional_min_conditions=exceptional["min_conditions"],
        exceptional_condition_count=exceptional["condition_count"],
        exceptional_years_without_degree=exceptional["engineer_years_without_degree"],
        exceptional_years_with_degree=exceptional["engineer_years_with_degree"],
        college_work_years=exceptional["college_engineering_work_years"],
        secondary_work_years=exceptional["secondary_engineering_work_years"],
        exceptional_titles={c["number"]: c["title"] for c in rules["exceptional_conditions"]},
        assessment_years=tuple(rules["assessment"]["years"]),
        assessment_passing=frozenset(rules["assessment"]["passing"]),
        assessment_labels=dict(labels["assessment"]),
        ce_years=tuple(ce["years"]),
        ce_total=ce["total_hours"],
        ce_professional=ce["professional_hours"],
        ce_public=ce["public_hours"],
        route_labels=dict(labels["route"]),
        path_labels=dict(labels["path"]),
        uploads=tuple(lists["uploads"]),
        paper=lists["paper"],
        photo=lists["photo"],
        self_report=lists["self_report"],
    )


PARAMETERS = load()
