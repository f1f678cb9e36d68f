"""Two or three offices exchanging change files: what a clerk and a supervisor see."""

from __future__ import annotations

import itertools
import json
import sqlite3

import pytest

from datasette_plugins.intake.schema.connection import connect
from datasette_plugins.intake.sync import apply, resolve, review

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
    assert review.items(committee.conn) == []  # same office, later write: no conflict


def test_concurrent_edits_resolve_the_same_way_everywhere_and_the_loser_is_kept(make_offices):
    district, committee, other = make_offices("330102", "330100", "330105")
    unit, batch = district.add_unit_and_batch()
    person = district.add_applicant(unit, batch, "张三", 1)
    base = district.export("330100", "330105")
    committee.import_file(base.path)
    other.import_file(base.path)

    district.set_note(person, "区里补充：学历证书已核")
    committee.set_note(person, "高评委办公室：待补材料")
    from_district = district.export("330100", "330105")
    from_committee = committee.export("330102", "330105")
    other.import_file(from_committee.path)
    other.import_file(from_district.path)
    district.import_file(from_committee.path)
    committee.import_file(from_district.path)

    assert district.content() == committee.content() == other.content()
    winner = rows(other, "SELECT note FROM applicants WHERE id = ?", (person,))[0][0]
    for register in (district, committee, other):
        (item,) = review.items(register.conn)
        assert item.kind == "conflict" and item.row_id == person
        loser = (
            "区里补充：学历证书已核"
            if winner != "区里补充：学历证书已核"
            else "高评委办公室：待补材料"
        )
        assert f"写“{loser}”" in item.detail and f"“{winner}”" in item.detail
        assert {a.label for a in item.actions} == {"改用落选的值", "保留现值"}


def test_concurrent_edits_of_different_columns_both_survive(make_offices):
    district, committee, other = make_offices("330102", "330100", "330105")
    unit, batch = district.add_unit_and_batch()
    person = district.add_applicant(unit, batch, "张山", 1)
    base = district.export("330100", "330105")
    committee.import_file(base.path)
    other.import_file(base.path)

    district.write("UPDATE applicants SET name = '张三' WHERE id = ?", (person,))  # a typo fixed
    committee.set_note(person, "高评委办公室：待补材料")  # meanwhile a note
    for path in (
        committee.export("330102", "330105").path,
        district.export("330100", "330105").path,
    ):
        for register in (district, committee, other):
            register.import_file(path)

    for register in (district, committee, other):
        assert rows(register, "SELECT name, note FROM applicants") == [
            ("张三", "高评委办公室：待补材料")
        ]
        assert review.items(register.conn) == []


def test_a_deletion_wins_over_an_edit_it_had_not_seen_and_the_edit_is_kept_for_review(
    district_and_committee,
):
    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    person = district.add_applicant(unit, batch, "张三", 1)
    committee.import_file(district.export("330100").path)
    committee.set_note(person, "材料已收齐")  # the committee edits ...
    district.delete(person)  # ... while the district withdraws the applicant (later or not)
    committee.import_file(district.export("330100").path)
    district.import_file(committee.export("330102").path)

    for register in (district, committee):
        assert register.count("applicants") == 0
        (item,) = review.items(register.conn)
        assert item.kind == "edit-after-delete" and "没有看到" in item.title
        assert [a.action for a in item.actions] == ["restore", "decide"]
    # the committee restores it: an ordinary, synced, audited write
    resolve.restore(committee.conn, "clerk@330100", "applicants", person)
    district.import_file(committee.export("330102").path)
    for register in (district, committee):
        assert rows(register, "SELECT note FROM applicants") == [("材料已收齐",)]
        assert review.items(register.conn) == []
    assert district.content() == committee.content()


def test_the_review_count_follows_every_change_whichever_connection_wrote(
    district_and_committee,
):
    """The start page and dashboard ask for the count on every view (it is cached): an import
    on one connection and a resolution on another both show at once."""
    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    person = district.add_applicant(unit, batch, "张三", 1)
    committee.import_file(district.export("330100").path)
    page = connect(committee.path)  # another connection, as a Datasette worker holds
    try:
        assert review.open_count(page) == 0
        committee.set_note(person, "材料已收齐")
        district.delete(person)
        committee.import_file(district.export("330100").path)
        assert review.open_count(page) == 1 == review.open_count(committee.conn)
        resolve.restore(page, "clerk@330100", "applicants", person)
        assert review.open_count(committee.conn) == 0 == review.open_count(page)
    finally:
        page.close()


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


def test_a_file_relayed_by_another_office_is_carried_unread_and_imports_at_its_destination(
    make_offices,
):
    district, relay, committee = make_offices("330102", "330105", "330100")
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    sent = district.export("330100")
    with pytest.raises(apply.RejectedFile) as refused:  # 330105 carries it, cannot read it
        relay.import_file(sent.path)
    assert refused.value.code == "not-for-us" and "原样交给收件办公室" in refused.value.message
    carried = relay.outbox / sent.path.name
    carried.write_bytes(sent.path.read_bytes())
    report = committee.import_file(carried)
    assert report.status == apply.STATUS_APPLIED and report.source_office == "330102"
    assert committee.content() == district.content()
    assert relay.count("applicants") == 0


def test_parent_rows_travel_as_their_authors_original_parts(make_offices):
    owner, committee, district = make_offices("330105", "330100", "330102")
    unit, batch = owner.add_unit_and_batch()
    committee.import_file(owner.export("330100").path)
    committee.add_applicant(unit, batch, "张三", 1)  # the committee adds to 330105's batch
    sent = committee.export("330102")  # 330102 has never seen 330105's batch
    report = district.import_file(sent.path)
    assert report.authors == ["330100", "330105"]  # the batch and unit as 330105 signed them
    assert district.count("batches") == 1 and review.items(district.conn) == []
    origin = district.conn.execute(
        "SELECT origin FROM _sync_versions WHERE tbl = 'batches'"
    ).fetchone()[0]
    assert origin == "330105"


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
    assert [(e[1], e[2], e[3]) for e in entries[:5]] == [
        ("insert", "units", unit),
        ("insert", "batches", batch),
        *[("insert", "applicants", person) for person in people],
    ]
    assert sorted((e[1], e[2], e[3]) for e in entries[5:]) == [
        ("delete", "applicants", people[2]),
        ("update", "applicants", people[0]),
    ]
    entries = entries[:5] + sorted(entries[5:], key=lambda e: e[1])
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
    assert review.items(district.conn) == []


def test_register_files_pass_integrity_check_after_exchanges(district_and_committee):
    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    committee.import_file(district.export("330100").path)
    for register in (district, committee):
        check = sqlite3.connect(register.path).execute("PRAGMA integrity_check").fetchone()
        assert check == ("ok",)


def test_a_change_file_holds_no_name_or_id_number_in_any_byte(district_and_committee):
    """A lost stick reveals nothing: every member, and every member inflated where it can be."""
    import zipfile
    import zlib

    from .office_registers import id_number

    district, _ = district_and_committee
    unit, batch = district.add_unit_and_batch("杭州保密丝绸有限公司")
    people = [(f"保密申报人{n}", id_number(n)) for n in range(20)]
    for n, (name, _) in enumerate(people):
        district.add_applicant(unit, batch, name, n)
    path = district.export("330100").path
    secrets = [text.encode() for pair in people for text in pair] + ["杭州保密丝绸".encode()]
    blobs = [path.read_bytes()]
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            blobs.append(data)
            for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS, 16 + zlib.MAX_WBITS):
                try:
                    blobs.append(zlib.decompress(data, wbits))
                except zlib.error:
                    pass
    for blob in blobs:
        for secret in secrets:
            assert secret not in blob and secret.hex().encode() not in blob
    for _, number in people:  # 身份证号 in UTF-16 either
        assert number.encode("utf-16-le") not in blobs[0]
