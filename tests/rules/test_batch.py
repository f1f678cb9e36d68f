"""`python -m rules_py batch` and `template`: HR tables in CSV (UTF-8, BOM, GB18030) and .xlsx."""

from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from rules_py.hr.template import csv_template, xlsx_template

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ["是否符合", "符合的申报类型", "未满足的条件", "建议", "错误"]
COMMON = {
    "2020年度考核": "合格",
    "2021年度考核": "优秀",
    "2022年度考核": "合格",
    "2021年专业科目学时": "60",
    "2021年公需科目学时": "30",
    "2022年专业科目学时": "60",
    "2022年公需科目学时": "30",
    "2023年专业科目学时": "60",
    "2023年公需科目学时": "30",
}
PEOPLE = [
    {"姓名": "张三", "学历1": "大学本科", "学历1工程技术类": "是", "学历1专业一致或相近": "是",
     "取得工程师资格日期": "2018/12/31", **COMMON},
    {"姓名": "李四", "学历1": "大学本科", "学历1工程技术类": "是", "学历1专业一致或相近": "是",
     "取得工程师资格日期": "2019-01-01", **COMMON},
    {"姓名": "王五", "高技能人才荣誉": "全国技术能手；浙江杰出工匠", **COMMON},
    {"姓名": "赵六", "学历1": "大专", "学历1工程技术类": "是", "学历1专业一致或相近": "是",
     "取得工程师资格日期": "2018年12月31日", "破格条件": "1、2、3", **COMMON},
]  # fmt: skip
HEADERS = list(dict.fromkeys(h for p in PEOPLE for h in p)) + ["部门"]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rules_py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,  # a hang guard only: a loaded machine may be slow
    )


def write_csv(path: Path, people: list[dict[str, str]], encoding: str = "utf-8-sig") -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, HEADERS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(people)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def read_result(path: Path) -> list[dict[str, str]]:
    if path.suffix == ".db":
        with sqlite3.connect(path) as conn:
            conn.row_factory = sqlite3.Row
            return [dict(row) for row in conn.execute("SELECT * FROM 检查结果 ORDER BY rowid")]
    if path.suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path).worksheets[0]
        rows = [["" if v is None else str(v) for v in r] for r in sheet.iter_rows(values_only=True)]
        return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
@pytest.mark.parametrize("out_name", ["结果.csv", "结果.xlsx", "结果.db"])
def test_batch_checks_every_person(tmp_path: Path, encoding: str, out_name: str) -> None:
    source = write_csv(tmp_path / "人员.csv", PEOPLE, encoding)
    out = tmp_path / out_name
    run = cli("batch", str(source), "-o", str(out))
    assert run.returncode == 0, run.stderr
    rows = read_result(out)
    assert list(rows[0]) == HEADERS + OUTPUT
    by_name = {r["姓名"]: r for r in rows}
    assert by_name["张三"]["是否符合"] == "是"
    assert "正常申报" in by_name["张三"]["符合的申报类型"]
    assert by_name["李四"]["是否符合"] == "否"
    assert "2024年度起可按正常申报" in by_name["李四"]["建议"]
    assert "满4年" in by_name["李四"]["未满足的条件"]
    assert by_name["王五"]["符合的申报类型"].startswith("高技能人才申报")
    assert by_name["赵六"]["符合的申报类型"] == "破格申报"
    assert all(r["错误"] == "" for r in rows)
    assert "提示：未识别的列“部门”" in run.stderr and "已检查4人：符合3人" in run.stderr


def test_invalid_rows_are_reported_and_the_rest_checked(tmp_path: Path) -> None:
    people = [
        PEOPLE[0],
        {**PEOPLE[1], "取得工程师资格日期": "2023-02-30"},
        PEOPLE[2],
        {**PEOPLE[3], "2021年专业科目学时": "六十"},
        {**PEOPLE[3], "学历1": "博士后"},
        {**PEOPLE[3], "2022年公需科目学时": "-5"},
    ]
    source = write_csv(tmp_path / "人员.csv", people)
    out = tmp_path / "结果.csv"
    run = cli("batch", str(source), "-o", str(out))
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "第3行：“取得工程师资格日期”列：不是有效日期：“2023-02-30”" in run.stderr
    assert "第5行：“2021年专业科目学时”列：学时应为数字" in run.stderr
    assert "第6行：“学历1”列" in run.stderr and "第7行：“2022年公需科目学时”列" in run.stderr
    rows = read_result(out)
    assert [r["是否符合"] for r in rows] == [
        "是",
        "输入有误",
        "是",
        "输入有误",
        "输入有误",
        "输入有误",
    ]
    assert "2023-02-30" in rows[1]["错误"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "找不到文件"),
        ("空.csv", b"", "文件是空的"),
        ("表头.csv", "甲,乙\n1,2\n".encode(), "没有可识别的表头"),
        ("坏.xlsx", b"PK\x03\x04 not really a zip", "无法读取 Excel 文件"),
        ("旧.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "不支持旧版 .xls"),
        ("图.csv", b"\x89PNG\r\n\x1a\n\0\0\0", "不是文本表格"),
        ("重复.csv", "姓名,学历1,学历1\n".encode(), "重复出现"),
    ],
)
def test_unreadable_files_exit_2_with_a_clear_message(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    run = cli("batch", str(source), "-o", str(tmp_path / "out.csv"))
    assert run.returncode == 2
    assert message in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out.csv").exists()


def test_progress_bar_only_when_asked(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "人员.csv", PEOPLE * 50)
    command = [sys.executable, "-m", "rules_py", "batch", str(source), "-o"]
    quiet = subprocess.run([*command, str(tmp_path / "a.csv")], cwd=ROOT, capture_output=True)
    loud = subprocess.run(
        [*command, str(tmp_path / "b.csv"), "--progress"], cwd=ROOT, capture_output=True
    )
    assert "检查进度".encode() not in quiet.stderr
    assert "\r检查进度 [####################] 200/200 100%\n".encode() in loud.stderr


def test_csv_template_round_trip(tmp_path: Path) -> None:
    template = tmp_path / "模板.csv"
    run = cli("template", "-o", str(template))
    assert run.returncode == 0 and template.read_bytes() == csv_template()
    rows = list(csv.reader(io.StringIO(template.read_bytes().decode("utf-8-sig"))))
    assert rows[0][0] == "姓名" and rows[1][0].startswith("#") and rows[2][0].startswith("#")
    out = tmp_path / "结果.csv"
    assert cli("batch", str(template), "-o", str(out)).returncode == 0
    assert read_result(out) == []  # the note and example rows are skipped
    with template.open("a", encoding="utf-8", newline="") as f:  # HR copies the example
        csv.writer(f, lineterminator="\r\n").writerow(
            [rows[2][0].removeprefix("#示例："), *rows[2][1:]]
        )
    assert cli("batch", str(template), "-o", str(out)).returncode == 0
    [row] = read_result(out)
    assert row["姓名"] == "张三" and row["是否符合"] == "是"


def test_xlsx_template_opens_in_openpyxl_and_reads_back(tmp_path: Path) -> None:
    template = tmp_path / "模板.xlsx"
    assert cli("template", "-o", str(template)).returncode == 0
    assert template.read_bytes() == xlsx_template()
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == ["人员", "填写说明"]
    sheet = book["人员"]
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["姓名", "学历1", "学历1工程技术类", "学历1专业一致或相近"]
    formulas = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert '"是,否"' in formulas and '"优秀,合格,基本合格,不合格"' in formulas
    notes = [r[0] for r in book["填写说明"].iter_rows(values_only=True)]
    assert "取得工程师资格日期" in notes and "错误" in notes
    # HR fills a row in Excel: a real date cell and numeric hours
    values = dict(zip(headers, [c.value for c in sheet[2]], strict=False))
    values.update({"姓名": "钱七", "取得工程师资格日期": datetime(2018, 12, 31)})
    sheet.append([values.get(h) for h in headers])
    for col, header in enumerate(headers, start=1):
        if header.endswith("学时") and sheet.cell(3, col).value:
            sheet.cell(3, col).value = int(sheet.cell(3, col).value)
    filled = tmp_path / "人员.xlsx"
    book.save(filled)
    out = tmp_path / "结果.xlsx"
    run = cli("batch", str(filled), "-o", str(out))
    assert run.returncode == 0, run.stderr
    [row] = read_result(out)
    assert row["姓名"] == "钱七" and row["是否符合"] == "是", row


def test_title_rows_above_the_header_are_skipped(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "人员.csv", PEOPLE[:1])
    text = source.read_bytes().decode("utf-8-sig")
    source.write_bytes(("2023年度申报人员名单\n\n" + text).encode("utf-8-sig"))
    out = tmp_path / "结果.csv"
    assert cli("batch", str(source), "-o", str(out)).returncode == 0
    assert [r["姓名"] for r in read_result(out)] == ["张三"]


def test_templates_are_deterministic_and_read_back_by_batch(tmp_path: Path) -> None:
    assert csv_template() == csv_template() and xlsx_template() == xlsx_template()
    source = tmp_path / "模板.xlsx"
    source.write_bytes(xlsx_template())
    out = tmp_path / "结果.csv"
    run = cli("batch", str(source), "-o", str(out))
    assert run.returncode == 0 and "已检查0人" in run.stderr


def test_the_xlsx_template_is_dated_by_the_notice_not_the_clock() -> None:
    """The site offers the same bytes as the command line makes: nothing in it tells the time."""
    import zipfile

    from rules_py import notices

    day = notices.current().published_on
    archive = zipfile.ZipFile(io.BytesIO(xlsx_template()))
    assert {i.date_time for i in archive.infolist()} == {(day.year, day.month, day.day, 0, 0, 0)}
    core = archive.read("docProps/core.xml").decode()
    assert core.count(f"{day.isoformat()}T00:00:00Z") == 2  # created and modified


def test_text_from_a_staff_list_never_becomes_an_excel_formula(tmp_path: Path) -> None:
    people = [{**PEOPLE[0], "部门": '=HYPERLINK("http://example.com","点我")'}]
    source = write_csv(tmp_path / "人员.csv", people)
    out = tmp_path / "结果.xlsx"
    assert cli("batch", str(source), "-o", str(out)).returncode == 0
    sheet = openpyxl.load_workbook(out).worksheets[0]
    cell = next(c for c in sheet[2] if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"
