"""The sync subcommands of ``datasette intake``: export, import, watch, keys, directory,
sync-status, review.

The register engineer's click group calls ``register(group)``. Messages are Chinese (clerks run
these); errors are ``click.ClickException`` (one line, no traceback), exit status 1.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from ..cli.register_file import open_register
from ..schema.connection import transaction
from . import directory as directory_module
from . import export as export_module
from . import keys as keys_module
from . import review, schema
from .errors import SyncError
from .inbox import STATUS_REJECTED, STATUS_WAITING, import_and_log, notice_id
from .status import read_status


def _key_path(conn: sqlite3.Connection, db: str, given: str | None) -> Path:
    if given:
        return Path(given)
    row = conn.execute("SELECT key_file FROM _sync_state WHERE id = 1").fetchone()
    if row and row[0]:
        return Path(row[0])
    return keys_module.default_key_path(Path(db))


def _office_key(conn: sqlite3.Connection, db: str, key_file: str | None) -> keys_module.OfficeKey:
    office = schema.get_office(conn)
    assert office is not None
    return keys_module.load_signing_key(_key_path(conn, db, key_file), office)


def export_command(db: str, to: str, destinations: tuple[str, ...], for_office: str | None,
                   key_file: str | None) -> None:  # fmt: skip
    conn = open_register(db)
    try:
        key = _office_key(conn, db, key_file)
        result = export_module.export_changes(
            conn,
            Path(to),
            key,
            notice_id=notice_id(),
            destinations=destinations,
            for_office=for_office,
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
    """Import the files in the order given (any order gives the same register)."""
    conn = open_register(db)
    refused = 0
    try:
        for name in files:
            path = Path(name)
            try:
                outcome = import_and_log(conn, path)
            except sqlite3.Error as error:
                raise click.ClickException(
                    f"登记簿暂时无法写入（{error}），{path.name} 未导入，请稍后重试。"
                ) from error
            if outcome.status in (STATUS_REJECTED, STATUS_WAITING):
                refused += 1
                mark = "✗ 已拒收" if outcome.status == STATUS_REJECTED else "… 暂未导入"
                click.echo(f"{mark} {path.name}：{outcome.message}")
                if outcome.todo:
                    click.echo(f"  怎么办：{outcome.todo}")
            else:
                click.echo(f"✓ {path.name}：{outcome.message}")
        count = review.open_count(conn)
        if count:
            click.echo(f"登记簿现有 {count} 项待复核事项，请在网页“同步复核”中处理。")
    finally:
        conn.close()
    if refused:
        raise SystemExit(1)


def watch_command(db: str, inbox: str) -> None:
    from .watcher import InboxBusy, watch_forever

    conn = open_register(db)
    conn.close()
    click.echo(
        f"正在监视 {inbox}（处理过的文件移入 done/、rejected/ 或 waiting/），按 Ctrl-C 停止。"
    )
    try:
        watch_forever(db, inbox, echo=click.echo)
    except InboxBusy as error:
        raise click.ClickException(f"{error}，无需再次监视") from error


def _write_key_change(conn: sqlite3.Connection, change) -> object:  # type: ignore[no-untyped-def]
    with transaction(conn):
        return change()


def keys_command(
    db: str,
    generate: bool,
    key_file: str | None,
    export_public: str | None,
    trust_central: str | None,
    import_directory: str | None,
    replace: bool,
) -> None:
    conn = open_register(db)
    office = schema.get_office(conn)
    assert office is not None
    phone = directory_module.committee_phone()
    try:
        if generate:
            path = Path(key_file) if key_file else keys_module.default_key_path(Path(db))
            key = _write_key_change(conn, lambda: keys_module.generate(conn, office, path))
            click.echo(f"已生成办公室 {office} 的私钥：{path}（权限 0600，切勿拷贝给他人）")
            click.echo(f"公钥指纹：{keys_module.fingerprint(key.public_key)}")  # type: ignore[attr-defined]
        if trust_central:
            text = _read(trust_central, "中心公钥文件")
            public_key = directory_module.parse_central_document(text)
            shown = _write_key_change(
                conn, lambda: directory_module.trust_central(conn, public_key, replace=replace)
            )
            click.echo(f"已信任高评委办公室的中心公钥，指纹 {shown}。")
            click.echo(
                f"请立即致电高评委办公室 {phone}，"
                "请对方念出中心公钥指纹，逐字核对；不一致时不要使用。"
            )
        if import_directory:
            text = _read(import_directory, "密钥目录文件")
            found = _write_key_change(
                conn, lambda: directory_module.import_directory(conn, text, notice_id())
            )
            click.echo(
                f"已导入密钥目录第 {found.version} 版（{len(found.entries)} 把公钥，签名已核验）。"
            )  # type: ignore[attr-defined]
            own = conn.execute(
                "SELECT 1 FROM _sync_keys WHERE office = ? AND directory_version > 0"
                " AND status = 'active'",
                (office,),
            ).fetchone()
            if own is None:
                click.echo("注意：本办公室现用的公钥不在这份目录中，其他办公室将无法核验本办公室的文件；"
                           "请把公钥文件交给高评委办公室。")  # fmt: skip
        if export_public:
            key = _office_key(conn, db, key_file)
            Path(export_public).write_text(keys_module.public_key_text(key), encoding="utf-8")
            click.echo(
                f"已导出本办公室公钥到 {export_public}，"
                f"指纹 {keys_module.fingerprint(key.public_key)}"
            )
            click.echo(f"请把文件交给高评委办公室，并致电 {phone} 念出指纹供对方核对。")
        if not (generate or export_public or trust_central or import_directory):
            central = directory_module.central_key(conn)
            click.echo("中心公钥：" + (keys_module.fingerprint(central) if central else "尚未信任"))
            rows = directory_module.listing(conn)
            if not rows:
                click.echo("尚未登记任何公钥。")
            for row in rows:
                click.echo(
                    f"{row['office']}  {row['fingerprint']}  {row['status_label']}"
                    f"  {row['note'] or ''}"
                )
    except SyncError as error:
        raise click.ClickException(error.message) from error
    finally:
        conn.close()


def _read(name: str, what: str) -> str:
    try:
        return Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise click.ClickException(f"无法读取{what} {name}（{error}）") from error


def _load_directory(path: str, central: keys_module.OfficeKey) -> directory_module.Directory:
    if not Path(path).exists():
        return directory_module.new_directory()
    found, _, _ = directory_module.read_directory(
        _read(path, "密钥目录文件"), central.public_key, notice_id()
    )
    return found


def _publish(path: str, found: directory_module.Directory, central: keys_module.OfficeKey) -> None:
    found.version += 1
    found.issued_at = directory_module._now()
    Path(path).write_text(found.sign(central, notice_id()), encoding="utf-8")
    click.echo(f"已发布密钥目录第 {found.version} 版：{path}（请发给各受理点导入）")


def status_command(db: str) -> None:
    conn = open_register(db)
    try:
        for line in read_status(conn).lines():
            click.echo(line)
    finally:
        conn.close()


def register(group: click.Group) -> None:
    """Add the sync commands to the ``datasette intake`` group."""
    db_path = click.Path(dir_okay=False)

    @group.command(name="export")
    @click.argument("db", type=db_path)
    @click.option("--to", "to", required=True, type=click.Path(file_okay=False),
                  help="写入变更文件的文件夹（U 盘、邮件附件文件夹）")  # fmt: skip
    @click.option("--destination", "destinations", multiple=True, required=True,
                  help="收件办公室代码（可重复）：文件只有它们能解密")  # fmt: skip
    @click.option("--for-office", default=None,
                  help="恢复用：导出本登记簿中该办公室的全部记录（给重建的登记簿）")  # fmt: skip
    @click.option("--key-file", default=None, help="本办公室私钥文件")
    def export_(db: str, to: str, destinations: tuple[str, ...], for_office: str | None,
                key_file: str | None) -> None:  # fmt: skip
        """导出尚未发往这些收件办公室的变更，写成签名并加密的变更文件。"""
        export_command(db, to, destinations, for_office, key_file)

    @group.command(name="import")
    @click.argument("db", type=db_path)
    @click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
    def import_(db: str, files: tuple[str, ...]) -> None:
        """核验签名、解密后导入变更文件；任一文件未导入时退出码为 1。"""
        import_command(db, files)

    @group.command(name="watch", short_help="监视收件箱文件夹，自动导入放入的变更文件。")
    @click.argument("db", type=db_path)
    @click.argument("inbox", type=click.Path(file_okay=False))
    def watch_(db: str, inbox: str) -> None:
        watch_command(db, inbox)

    @group.command(name="sync-status")
    @click.argument("db", type=db_path)
    def sync_status_(db: str) -> None:
        """显示同步状态：密钥、内容摘要、导出导入记录、等待或被拒收的文件、待复核事项。"""
        status_command(db)

    @group.command(name="review")
    @click.argument("db", type=db_path)
    def review_(db: str) -> None:
        """列出待复核事项（在网页“同步复核”中处理）。"""
        conn = open_register(db)
        try:
            found = review.items(conn)
            click.echo(f"待复核事项 {len(found)} 项。")
            for item in found:
                click.echo(f"[{item.kind_label}] {item.title}")
        finally:
            conn.close()

    @group.command(name="keys")
    @click.argument("db", type=db_path)
    @click.option("--generate", is_flag=True, help="生成本办公室的私钥文件（权限 0600）")
    @click.option("--key-file", default=None, help="私钥文件路径（默认在登记簿文件旁）")
    @click.option("--export-public", default=None, metavar="FILE",
                  help="把本办公室公钥写入 FILE，交给高评委办公室")  # fmt: skip
    @click.option("--trust-central", default=None, metavar="FILE",
                  help="信任高评委办公室的中心公钥（随后电话核对指纹）")  # fmt: skip
    @click.option("--import-directory", default=None, metavar="FILE",
                  help="导入高评委办公室签发的密钥目录")  # fmt: skip
    @click.option("--replace", is_flag=True, help="允许更换已信任的中心公钥")
    def keys_(
        db: str,
        generate: bool,
        key_file: str | None,
        export_public: str | None,
        trust_central: str | None,
        import_directory: str | None,
        replace: bool,
    ) -> None:
        """管理密钥：生成本办公室密钥、导出公钥、信任中心公钥、导入密钥目录、列出公钥。"""
        keys_command(db, generate, key_file, export_public, trust_central, import_directory,
                     replace)  # fmt: skip

    @group.group(name="directory")
    def directory_() -> None:
        """高评委办公室：中心密钥与密钥目录（签发、换钥、吊销）。"""

    @directory_.command(name="init")
    @click.option("--central-key", required=True, type=click.Path(dir_okay=False),
                  help="中心私钥文件（新建，权限 0600，请离线保管）")  # fmt: skip
    @click.option("--public", "public", required=True, type=click.Path(dir_okay=False),
                  help="写出中心公钥文件，发给各受理点")  # fmt: skip
    def directory_init(central_key: str, public: str) -> None:
        """生成中心密钥。"""
        import json

        try:
            central = keys_module.create_key_file(Path(central_key), keys_module.CENTRAL)
        except SyncError as error:
            raise click.ClickException(error.message) from error
        document = directory_module.central_document(central)
        Path(public).write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n",
                                encoding="utf-8")  # fmt: skip
        click.echo(
            f"已生成中心密钥 {central_key}，中心公钥 {public}，指纹 {document['fingerprint']}"
        )

    @directory_.command(name="add")
    @click.argument("directory_file", type=click.Path(dir_okay=False))
    @click.option("--central-key", required=True, type=click.Path(dir_okay=False))
    @click.argument("public_files", nargs=-1, required=True, type=click.Path(dir_okay=False))
    def directory_add(directory_file: str, central_key: str, public_files: tuple[str, ...]) -> None:
        """把各办公室的公钥加入密钥目录（同一办公室的旧密钥改为“已更换”），发布新版。"""
        try:
            central = keys_module.load_signing_key(Path(central_key), keys_module.CENTRAL)
            found = _load_directory(directory_file, central)
            texts = [_read(name, "公钥文件") for name in public_files]
            for office, public_key in directory_module.parse_public_documents(texts):
                found.add_key(office, public_key)
                click.echo(
                    f"已加入 {office}：指纹 {keys_module.fingerprint(public_key)}（"
                    "请确认已电话核对）"
                )
        except SyncError as error:
            raise click.ClickException(error.message) from error
        _publish(directory_file, found, central)

    @directory_.command(name="revoke")
    @click.argument("directory_file", type=click.Path(dir_okay=False))
    @click.option("--central-key", required=True, type=click.Path(dir_okay=False))
    @click.option("--office", required=True, help="密钥遗失或泄露的办公室代码")
    @click.option("--fingerprint", default=None, help="要吊销的公钥指纹（默认该办公室最新的一把）")
    @click.option("--register", "register_db", default=None, type=click.Path(dir_okay=False),
                  help="高评委办公室的登记簿：此前已收到的该密钥签名的数据仍然有效")  # fmt: skip
    def directory_revoke(directory_file: str, central_key: str, office: str,
                         fingerprint: str | None, register_db: str | None) -> None:  # fmt: skip
        """吊销一把密钥，发布新版目录。"""
        try:
            central = keys_module.load_signing_key(Path(central_key), keys_module.CENTRAL)
            found = _load_directory(directory_file, central)
            valid_until = None
            if register_db:
                conn = open_register(register_db)
                try:
                    key_ids = [keys_module.key_id(e.public_key) for e in found.entries
                               if e.office == office]  # fmt: skip
                    (valid_until,) = conn.execute(
                        "SELECT MAX(json_extract(header, '$.max_clock')) FROM _sync_parts"
                        f" WHERE author = ? AND key_id IN ({','.join('?' * len(key_ids))})",
                        (office, *key_ids),
                    ).fetchone()
                finally:
                    conn.close()
            entry = found.revoke(office, fingerprint, valid_until)
        except SyncError as error:
            raise click.ClickException(error.message) from error
        click.echo(f"已吊销 {office} 的公钥 {keys_module.fingerprint(entry.public_key)}"
                   + ("；此前已收到的数据仍有效" if valid_until else ""))  # fmt: skip
        _publish(directory_file, found, central)
