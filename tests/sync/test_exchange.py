"""Two or three offices exchanging change files: what a clerk and a supervisor see."""

from __future__ import annotations

import itertools
import json
import sqlite3

import pytest

from datasette_plugins.intake.sync import apply

from .office_registers import OfficeRegister


def rows(register: OfficeRegister, sql: str, parameters: tuple = ()) -> list[tuple]:
    return [tuple(row) for row in register.conn.execute(sql, parameters)]


def test_committee_sees_what_a_district_logged_and_reimport_changes_nothing(
    district_and_committee,
):
    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    first = district.add_applicant(unit, batch, "张三", 1)
    district.add_applicant(unit, batch, "李四", 2)

    sent = district.export("330100")
    report = committee.import_file(sent.path)

    assert report.status == apply.STATUS_APPLIED
    assert report.tables["applicants"].inserted == 2
    assert committee.content() == district.content()
    assert rows(committee, "SELECT name FROM applicants WHERE id = ?", (first,)) == [("张三",)]

    before = committee.content()
    log_lines = committee.count("sync_log")
    again = committee.import_file(sent.path)
    assert again.status == apply.STATUS_DUPLICATE
    assert "未作任何改动" in again.summary()
    assert committee.content() == before
    assert committee.count("sync_log") == log_lines  # import_file itself wrote nothing


def test_export_sends_only_what_is_new_for_that_destination(district_and_committee):
    district, _ = district_and_committee
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    assert district.export("330100").total == 3  # unit, batch, applicant
    assert district.export("330100").path is None  # nothing new: no file, no sequence used
    district.add_applicant(unit, batch, "李四", 2)
    second = district.export("330100")
    assert second.sequence == 2
    assert second.counts["applicants"] == {"rows": 1, "deletions": 0}
    # the applicant's batch and unit ride along, so the file can be applied on its own
    assert second.counts["batches"] == second.counts["units"] == {"rows": 1, "deletions": 0}
    assert district.export("usb-stick-2").counts["applicants"]["rows"] == 2  # new destination
    assert sorted(p.suffix for p in district.outbox.iterdir()) == [".hzsync"] * 3


def test_deletion_travels_as_a_tombstone_and_is_not_undone_by_an_old_file(
    district_and_committee,
):
    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    gone = district.add_applicant(unit, batch, "张三", 1)
    old = district.export("330100")
    district.delete(gone)
    newer = district.export("330100")

    committee.import_file(newer.path)  # the deletion arrives before the insert
    committee.import_file(old.path)
    assert rows(committee, "SELECT id FROM applicants") == []
    assert committee.content() == district.content()
    assert committee.count("sync_conflicts") == 0  # same office, later write: no conflict


def test_concurrent_edits_resolve_the_same_way_everywhere_and_the_loser_is_kept(make_offices):
    district, committee, other = make_offices("330102", "330100", "330105")
    unit, batch = district.add_unit_and_batch()
    person = district.add_applicant(unit, batch, "张三", 1)
    base = district.export("all")
    committee.import_file(base.path)
    other.import_file(base.path)

    district.set_note(person, "区里补充：学历证书已核")
    committee.set_note(person, "高评委办公室：待补材料")
    from_district = district.export("all")
    from_committee = committee.export("all")
    other.import_file(from_committee.path)
    other.import_file(from_district.path)
    district.import_file(from_committee.path)
    committee.import_file(from_district.path)

    assert district.content() == committee.content() == other.content()
    winner = rows(other, "SELECT note FROM applicants WHERE id = ?", (person,))[0][0]
    for register in (district, committee, other):
        review = rows(
            register, "SELECT 记录编号, 落选版本内容, 复核状态 FROM sync_conflicts_review"
        )
        assert len(review) == 1
        row_id, loser_json, status = review[0]
        assert row_id == person and status == "待复核"
        loser_note = json.loads(loser_json)["note"]
        assert {loser_note, winner} == {"区里补充：学历证书已核", "高评委办公室：待补材料"}


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_files_applied_in_any_order_give_the_same_register(make_offices, order):
    district, committee = make_offices("330102", "330100")
    unit, batch = district.add_unit_and_batch()
    a = district.add_applicant(unit, batch, "张三", 1)
    b = district.add_applicant(unit, batch, "李四", 2)
    files = [district.export("330100").path]
    district.set_note(a, "第一次修改")
    district.delete(b)
    files.append(district.export("330100").path)
    district.set_note(a, "第二次修改")
    district.add_applicant(unit, batch, "王五", 3)
    files.append(district.export("330100").path)

    for index in order:
        committee.import_file(files[index])
    assert committee.content() == district.content()
    assert rows(committee, "SELECT note FROM applicants WHERE id = ?", (a,)) == [("第二次修改",)]


def test_a_relayed_file_imports_like_the_original(make_offices):
    district, relay, committee = make_offices("330102", "330105", "330100")
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    sent = district.export("330105")
    relay.import_file(sent.path)
    # 330105 carries the same file on to the committee (it cannot alter it: it is signed)
    carried = relay.outbox / sent.path.name
    carried.write_bytes(sent.path.read_bytes())
    report = committee.import_file(carried)
    assert report.status == apply.STATUS_APPLIED and report.source_office == "330102"
    assert committee.content() == district.content() == relay.content()


def test_merged_register_flags_a_person_registered_by_two_offices(make_offices):
    shangcheng, gongshu, committee = make_offices("330102", "330105", "330100")
    unit_a, batch_a = shangcheng.add_unit_and_batch("杭州甲化工有限公司")
    unit_b, batch_b = gongshu.add_unit_and_batch("杭州乙纺织有限公司")
    shangcheng.add_applicant(unit_a, batch_a, "张三", 7)
    gongshu.add_applicant(unit_b, batch_b, "张三", 7)  # same 身份证号
    gongshu.add_applicant(unit_b, batch_b, "李四", 8)
    committee.import_file(shangcheng.export("330100").path)
    committee.import_file(gongshu.export("330100").path)

    assert committee.count("applicants") == 3
    flagged = rows(
        committee, "SELECT 姓名, 受理部门, 用人单位, 登记部门数 FROM duplicate_id_numbers"
    )
    assert flagged == [
        ("张三", "330102", "杭州甲化工有限公司", 2),
        ("张三", "330105", "杭州乙纺织有限公司", 2),
    ]
    assert rows(shangcheng, "SELECT * FROM duplicate_id_numbers") == []


def test_an_import_is_attributed_to_the_sync_actor_in_the_audit_log(district_and_committee):
    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    committee.import_file(district.export("330100").path)
    actors = rows(committee, "SELECT DISTINCT actor FROM audit_log")
    assert actors == [("sync:330102",)]


def test_every_imported_row_is_in_the_audit_log_with_who_when_and_what(district_and_committee):
    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    people = [district.add_applicant(unit, batch, name, n) for n, name in enumerate("甲乙丙")]
    committee.import_file(district.export("330100").path)
    district.set_note(people[0], "缺评审表")
    district.delete(people[2])
    committee.import_file(district.export("330100").path)

    entries = rows(
        committee,
        "SELECT actor, action, table_name, row_id, changes, at FROM audit_log ORDER BY id",
    )
    assert {entry[0] for entry in entries} == {"sync:330102"}
    assert all(entry[5].startswith("20") for entry in entries)
    assert [(e[1], e[2], e[3]) for e in entries] == [
        ("insert", "units", unit),
        ("insert", "batches", batch),
        *[("insert", "applicants", person) for person in people],
        ("delete", "applicants", people[2]),  # a file's deletions are applied first
        ("update", "applicants", people[0]),
    ]
    inserted = json.loads(entries[2][4])
    stored = committee.conn.execute("SELECT * FROM applicants WHERE id = ?", (people[0],))
    columns = [d[0] for d in stored.description]
    assert inserted == {**dict(zip(columns, stored.fetchone(), strict=True)), "note": None}
    assert json.loads(entries[5][4])["name"] == "丙"
    assert json.loads(entries[6][4]) == {"note": [None, "缺评审表"]}


def test_a_local_edit_after_an_import_wins_over_the_imported_version(district_and_committee):
    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    person = district.add_applicant(unit, batch, "张三", 1)
    committee.import_file(district.export("330100").path)
    committee.set_note(person, "已核对")  # made after seeing the district's version
    district.import_file(committee.export("330102").path)
    assert rows(district, "SELECT note FROM applicants") == [("已核对",)]
    assert district.count("sync_conflicts") == 0


def test_register_files_pass_integrity_check_after_exchanges(district_and_committee):
    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    committee.import_file(district.export("330100").path)
    for register in (district, committee):
        check = sqlite3.connect(register.path).execute("PRAGMA integrity_check").fetchone()
        assert check == ("ok",)


def test_a_deletion_and_a_concurrent_edit_keep_the_loser_for_review(district_and_committee):
    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    person = district.add_applicant(unit, batch, "张三", 1)
    committee.import_file(district.export("330100").path)

    district.delete(person)  # the district withdraws the applicant ...
    committee.set_note(person, "材料已收齐")  # ... while the committee records a note
    committee.import_file(district.export("330100").path)
    district.import_file(committee.export("330102").path)

    assert district.content() == committee.content()
    present = district.count("applicants") == 1
    for register in (district, committee):
        (operation,) = rows(register, "SELECT 落选操作 FROM sync_conflicts_review")
        assert operation == (("删除",) if present else ("修改",))
