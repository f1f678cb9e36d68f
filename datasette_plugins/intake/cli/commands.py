"""`datasette intake …` commands: init, demo, unit, batch, roster, config (+ sync's commands).

Thin click layer: parse arguments, call plain functions, print Chinese results; bad input ends
with a one-line message (exit status 1), never a traceback.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
from pathlib import Path

import click

from ..accounts.config import ACCOUNTS_FILE, PLUGIN, build_config, demo_accounts, write_config
from ..accounts.offices_check import office_problems, refusal
from ..accounts.passwords import hash_password, password_problem
from ..accounts.store import ROLES, Account, AccountStore
from ..domain.errors import IntakeError
from ..records import store
from ..records.demo import fill_demo
from ..records.roster_files import read_roster
from ..schema.registers import RegisterError, init_register, register_office, upgrade
from ..serving.workers import default_workers, serve_command
from ..sync.cli import register as register_sync_commands
from .register_file import open_register


def _default_actor() -> str:
    return "cli:" + (os.environ.get("USER") or getpass.getuser() or "unknown")


def _init(db: str, office: str) -> sqlite3.Connection:
    try:
        return init_register(db, office)
    except (RegisterError, ValueError) as error:
        raise click.ClickException(str(error)) from error


@click.group(name="intake")
def intake() -> None:
    """受理登记簿：建立、演示数据、导入花名册、生成服务配置。"""


actor_option = click.option(
    "--actor", default=_default_actor, show_default="cli:$USER", help="记入审计日志的操作人"
)


@intake.command()
@click.argument("db", type=click.Path(dir_okay=False))
@click.option(
    "--office", required=True, help="受理部门行政区划代码，如 330102；高评委办公室 330100"
)
def init(db: str, office: str) -> None:
    """建立（或升级）受理登记簿 DB。"""
    conn = _init(db, office)
    conn.close()
    click.echo(f"已建立受理登记簿 {db}（受理部门 {office}）")


@intake.command()
@click.argument("db", type=click.Path(dir_okay=False))
@click.option("--office", required=True, help="受理部门代码，如 330102")
@click.option("--applicants", default=200, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--seed", default=2023, show_default=True, type=int)
def demo(db: str, office: str, applicants: int, seed: int) -> None:
    """建立登记簿并填入虚构的演示单位和人员（非真实人员）。"""
    conn = _init(db, office)
    batches = fill_demo(conn, applicants, seed=seed)
    conn.close()
    click.echo(f"已在 {db} 中生成 {applicants} 名虚构申报人、{batches} 个批次")


@intake.command()
@click.argument("db", type=click.Path(dir_okay=False))
@click.argument("name")
@click.option("--credit-code", default="", help="统一社会信用代码（可选）")
@actor_option
def unit(db: str, name: str, credit_code: str, actor: str) -> None:
    """登记一个用人单位。"""
    conn = open_register(db)
    try:
        unit_id = store.add_unit(conn, actor, name, credit_code)
    except IntakeError as error:
        raise click.ClickException(str(error)) from error
    click.echo(unit_id)


@intake.command()
@click.argument("db", type=click.Path(dir_okay=False))
@click.option("--unit", "unit_name", required=True, help="用人单位名称")
@click.option("--courier", default="", help="送件人")
@actor_option
def batch(db: str, unit_name: str, courier: str, actor: str) -> None:
    """为某单位开一个批次（随后用 roster 导入其花名册），输出批次编号。"""
    conn = open_register(db)
    try:
        batch_id = store.open_batch(conn, actor, unit_name, courier)
    except IntakeError as error:
        raise click.ClickException(str(error)) from error
    click.echo(batch_id)


@intake.command()
@click.argument("db", type=click.Path(dir_okay=False))
@click.argument("batch_id", metavar="BATCH")
@click.argument("file", type=click.Path(dir_okay=False))
@actor_option
def roster(db: str, batch_id: str, file: str, actor: str) -> None:
    """导入花名册（.xlsx 或 .csv：序号、姓名、身份证号、工作单位、申报专业、申报类型）。"""
    conn = open_register(db)
    try:
        rows = read_roster(file)
        count = store.import_roster(conn, actor, batch_id, rows)
    except IntakeError as error:
        raise click.ClickException(f"花名册{error}，未导入任何人员") from error
    click.echo(f"已导入 {count} 人到批次 {batch_id}，收件时逐一核对")


def _parse_account(spec: str) -> tuple[str, str, str, str]:
    parts = spec.split(":")
    if len(parts) not in (2, 3, 4) or not parts[0] or not parts[1]:
        raise click.BadParameter("格式应为 用户名:受理部门代码[:显示名[:角色]]")
    role = parts[3] if len(parts) == 4 else "clerk"
    if role not in ROLES:
        raise click.BadParameter("角色应为 clerk（受理人员）或 supervisor（主管）")
    return parts[0], parts[1], parts[2] if len(parts) >= 3 and parts[2] else parts[0], role


def _new_password(username: str) -> str:
    password = os.environ.get(f"INTAKE_PASSWORD_{username.upper()}") or click.prompt(
        f"{username} 的密码", hide_input=True, confirmation_prompt=True
    )
    problem = password_problem(password, username)
    if problem:
        raise click.ClickException(f"{username}：{problem}")
    return password


@intake.command()
@click.argument("dbs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option(
    "--demo", "use_demo", is_flag=True,
    help="加入演示账号 clerk1、clerk2、chief1（演示密码见 README）",
)  # fmt: skip
@click.option(
    "--account",
    "accounts",
    multiple=True,
    help="用户名:受理部门代码[:显示名[:角色]]（角色 clerk 或 supervisor）；"
    "密码取自环境变量 INTAKE_PASSWORD_<用户名> 或交互输入",
)
@click.option("--port", default=8001, show_default=True, type=int)
def config(
    dbs: tuple[str, ...], output: str, use_demo: bool, accounts: tuple[str, ...], port: int
) -> None:
    """生成 datasette.yaml 和旁边的账号文件 accounts.db（只存密码哈希），并打印启动命令。"""
    registers: dict[str, str] = {}
    for db in dbs:
        conn = open_register(db)
        office = register_office(conn)
        conn.close()
        registers[Path(db).stem] = str(office)
    chosen: list[Account] = []
    if use_demo:
        chosen.extend(demo_accounts(next(iter(registers.values()))))
    for spec in accounts:
        username, office, label, role = _parse_account(spec)
        chosen.append(
            Account(username, office, label, hash_password(_new_password(username)), role)
        )
    accounts_path = Path(output).parent / ACCOUNTS_FILE
    if not chosen and not accounts_path.exists():
        raise click.ClickException("至少需要一个账号（--demo 或 --account）")
    problems = office_problems(registers, dict(registers), chosen)
    if problems:
        raise click.ClickException(refusal(problems).replace("启动登记簿服务", "生成配置"))
    path = write_config(output, build_config(registers, chosen, accounts_path))
    click.echo(f"已写入 {path} 和账号文件 {accounts_path}")
    click.echo("启动：" + " ".join(serve_command([Path(d) for d in dbs], path, port)))


@intake.command()
@click.option(
    "-c", "--config", "config_path", required=True, help="由 config 命令生成的 datasette.yaml"
)
@click.argument("username")
def passwd(config_path: str, username: str) -> None:
    """设置（重置）一个账号的密码；该账号在各处的登录随即结束。"""
    store = AccountStore(_accounts_file(_read_config(config_path)))
    try:
        if store.account(username) is None:
            raise click.ClickException(f"没有账号 {username}")
        store.set_password(username, hash_password(_new_password(username)), "cli")
    finally:
        store.close()
    click.echo(f"已设置 {username} 的新密码，其原有登录已全部结束")


def _read_config(config_path: str) -> dict[str, object]:
    import yaml

    try:
        config = yaml.safe_load(Path(config_path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise click.ClickException(f"无法读取配置文件 {config_path}（{error}）") from error
    if not isinstance(config, dict):
        raise click.ClickException(f"配置文件 {config_path} 不是有效的 datasette.yaml")
    return config


def _accounts_file(config: dict[str, object]) -> Path:
    plugin = (config.get("plugins") or {}).get(PLUGIN) or {}  # type: ignore[union-attr]
    path = plugin.get("accounts")
    if not path or not Path(path).is_file():
        raise click.ClickException(
            f"配置文件中的账号文件不存在：{path}（先运行 datasette intake config）"
        )
    return Path(path)


@intake.command()
@click.argument("dbs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "-c", "--config", "config_path", required=True, help="由 config 命令生成的 datasette.yaml"
)
@click.option("-h", "--host", default="127.0.0.1", show_default=True)
@click.option("-p", "--port", default=8001, show_default=True, type=int)
@click.option(
    "--workers", default=default_workers, show_default="CPU 核数", type=click.IntRange(1, 64)
)
def serve(dbs: tuple[str, ...], config_path: str, host: str, port: int, workers: int) -> None:
    """提供登记簿网页服务：每个 CPU 核一个 Datasette 进程，匿名访问一律拒绝。

    启动前核对：每个登记簿自己的 register 表所写的受理部门与配置一致，每个账号的受理部门都有登记簿。
    """
    from ..serving import workers as worker_processes

    actual: dict[str, str | None] = {}
    for db in dbs:
        conn = open_register(db)
        try:
            upgrade(conn)
            actual[Path(db).stem] = register_office(conn)
        except RegisterError as error:  # a register of another notice
            raise click.ClickException(f"{db}：{error}") from None
        finally:
            conn.close()
    config = _read_config(config_path)
    plugin = (config.get("plugins") or {}).get(PLUGIN) or {}  # type: ignore[union-attr]
    accounts = []
    if plugin.get("accounts"):  # without an accounts file nobody can sign in (sync inbox only)
        store = AccountStore(_accounts_file(config))
        accounts = store.accounts()
        store.close()
    problems = office_problems(plugin.get("registers") or {}, actual, accounts)
    if problems:
        raise click.ClickException(refusal(problems))
    worker_processes.serve([Path(d) for d in dbs], Path(config_path), host, port, workers)


register_sync_commands(intake)  # export, import, watch, keys, sync-status
