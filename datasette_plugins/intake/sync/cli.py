"""The sync subcommands of ``datasette intake``: export, import, watch, keys, sync-status.

The register engineer's click group calls ``register(group)``. Messages are Chinese (clerks run
these); errors are ``click.ClickException`` (one line, no traceback), exit status 1.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import click

from ..cli.register_file import open_register
from ..domain.offices import load_offices
from . import export as export_module
from . import keys as keys_module
from . import tracking
from .errors import SyncError
from .inbox import STATUS_REJECTED, Outcome, import_and_log, notice_id
from .status import read_status


def _key_path(conn: sqlite3.Connection, db: str, given: str | None) -> Path:
    if given:
        return Path(given)
    row = conn.execute("SELECT key_file FROM _sync_state WHERE id = 1").fetchone()
    if row and row[0]:
        return Path(row[0])
    return keys_module.default_key_path(Path(db))


def export_command(db: str, to: str, destination: str | None, key_file: str | None) -> None:
    conn = open_register(db)
    try:
        office = tracking.get_office(conn)
        assert office is not None
        key = keys_module.load_signing_key(_key_path(conn, db, key_file), office)
        result = export_module.export_changes(
            conn, Path(to), key, notice_id=notice_id(), destination=destination
        )
    except SyncError as error:
        raise click.ClickException(error.message) from error
    except OSError as error:
        raise click.ClickException(f"无法写入导出文件夹 {to}（{error.strerror}）") from error
    except sqlite3.Error as error:
        raise click.ClickException(f"登记簿暂时无法读写（{error}），请稍后重试。") from error
    finally:
        conn.close()
    click.echo(result.summary())
    if result.path is not None:
        click.echo(str(result.path))


def import_command(db: str, files: tuple[str, ...]) -> None:
    """Import the files in the order given; a file the register refuses because it needs one
    given later (its batch, a deletion freeing a roster position) is tried again at the end."""
    conn = open_register(db)
    refused = 0
    pending = [Path(name) for name in files]
    try:
        while pending:
            waiting: list[tuple[Path, Outcome]] = []
            progress = False
            for path in pending:
                try:
                    outcome = import_and_log(conn, path)
                except sqlite3.Error as error:
                    raise click.ClickException(
                        f"登记簿暂时无法写入（{error}），{path.name} 未导入，请稍后重试。"
                    ) from error
                if outcome.code == "refused-by-register":
                    waiting.append((path, outcome))
                    continue
                progress = progress or outcome.status == "applied"
                mark = "✗ 已拒收" if outcome.status == STATUS_REJECTED else "✓"
                click.echo(f"{mark} {path.name}：{outcome.message}")
                refused += outcome.status == STATUS_REJECTED
            if not progress:
                for path, outcome in waiting:
                    click.echo(f"✗ 已拒收 {path.name}：{outcome.message}")
                refused += len(waiting)
                break
            pending = [path for path, _ in waiting]
    finally:
        conn.close()
    if refused:
        raise SystemExit(1)


def watch_command(db: str, inbox: str) -> None:
    from ..watcher import InboxBusy, watch_forever

    conn = open_register(db)
    conn.close()
    click.echo(f"正在监视 {inbox}（已处理的文件移入 done/ 或 rejected/），按 Ctrl-C 停止。")
    try:
        watch_forever(db, inbox, echo=click.echo)
    except InboxBusy as error:
        raise click.ClickException(f"{error}，无需再次监视") from error


def keys_command(
    db: str,
    generate: bool,
    key_file: str | None,
    export_public: str | None,
    import_public: tuple[str, ...],
    replace: bool,
) -> None:
    conn = open_register(db)
    office = tracking.get_office(conn)
    assert office is not None
    try:
        if generate:
            path = Path(key_file) if key_file else keys_module.default_key_path(Path(db))
            conn.execute("BEGIN IMMEDIATE")
            try:
                key = keys_module.generate(conn, office, path)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            click.echo(f"已生成办公室 {office} 的私钥：{path}（权限 0600，切勿拷贝给他人）")
            click.echo(f"公钥指纹：{keys_module.fingerprint(key.public_key)}")
        for name in import_public:
            try:
                text = Path(name).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise click.ClickException(f"无法读取公钥文件 {name}（{error}）") from error
            other, public_key = keys_module.parse_public_key_document(text)
            if other not in load_offices():
                raise click.ClickException(f"公钥文件中的办公室“{other}”不在受理部门名录中。")
            if other == office:
                raise click.ClickException("这是本办公室自己的公钥，无需导入。")
            conn.execute("BEGIN IMMEDIATE")
            try:
                keys_module.store_public_key(
                    conn, other, public_key, note=f"导入自 {Path(name).name}", replace=replace
                )
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            click.echo(
                f"已登记办公室 {other} 的公钥，指纹 {keys_module.fingerprint(public_key)}"
                "（请与对方电话核对指纹）"
            )
        if export_public:
            document = keys_module.public_key_document(conn, office)
            Path(export_public).write_text(
                json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            click.echo(f"已导出本办公室公钥到 {export_public}，指纹 {document['fingerprint']}")
        if not (generate or import_public or export_public):
            rows = keys_module.list_keys(conn)
            if not rows:
                click.echo("尚未登记任何公钥。")
            for other, fingerprint, added_at, note in rows:
                click.echo(f"{other}  {fingerprint}  {added_at}  {note or ''}")
    except SyncError as error:
        raise click.ClickException(error.message) from error
    finally:
        conn.close()


def status_command(db: str) -> None:
    conn = open_register(db)
    try:
        for line in read_status(conn).lines():
            click.echo(line)
    finally:
        conn.close()


def register(group: click.Group) -> None:
    """Add export/import/watch/keys to the ``datasette intake`` group."""
    db_path = click.Path(dir_okay=False)

    @group.command(name="export")
    @click.argument("db", type=db_path)
    @click.option(
        "--to",
        "to",
        required=True,
        type=click.Path(file_okay=False),
        help="写入变更文件的文件夹（U 盘、邮件附件文件夹）",
    )
    @click.option(
        "--destination",
        default=None,
        help="目的地名称（默认为 --to 文件夹的绝对路径）；按目的地记录已导出的变更",
    )
    @click.option("--key-file", default=None, help="本办公室私钥文件")
    def export_(db: str, to: str, destination: str | None, key_file: str | None) -> None:
        """导出尚未发往该目的地的全部变更，写成一个签名的变更文件。"""
        export_command(db, to, destination, key_file)

    @group.command(name="import")
    @click.argument("db", type=db_path)
    @click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
    def import_(db: str, files: tuple[str, ...]) -> None:
        """核验签名与校验和后导入变更文件；任一文件被拒收时退出码为 1。"""
        import_command(db, files)

    @group.command(name="watch", short_help="监视收件箱文件夹，自动导入放入的变更文件。")
    @click.argument("db", type=db_path)
    @click.argument("inbox", type=click.Path(file_okay=False))
    def watch_(db: str, inbox: str) -> None:
        watch_command(db, inbox)

    @group.command(name="sync-status")
    @click.argument("db", type=db_path)
    def sync_status_(db: str) -> None:
        """显示同步状态：所属办公室、公钥指纹、内容摘要、导出导入记录、待复核冲突。"""
        status_command(db)

    @group.command(name="keys")
    @click.argument("db", type=db_path)
    @click.option("--generate", is_flag=True, help="生成本办公室的私钥文件（权限 0600）")
    @click.option("--key-file", default=None, help="私钥文件路径（默认在登记簿文件旁）")
    @click.option(
        "--export-public",
        default=None,
        metavar="FILE",
        help="把本办公室公钥写入 FILE，交给其他办公室",
    )
    @click.option(
        "--import-public", multiple=True, metavar="FILE", help="导入其他办公室的公钥文件（可重复）"
    )
    @click.option("--replace", is_flag=True, help="允许替换该办公室已登记的另一把公钥（换钥时）")
    def keys_(
        db: str,
        generate: bool,
        key_file: str | None,
        export_public: str | None,
        import_public: tuple[str, ...],
        replace: bool,
    ) -> None:
        """管理签名密钥：生成本办公室密钥、导出本办公室公钥、导入其他办公室公钥、列出公钥。"""
        keys_command(db, generate, key_file, export_public, import_public, replace)
