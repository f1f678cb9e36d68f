"""The intake register plugin for Datasette 1.0a41 (entry point "intake").

Hooks stay a few lines each; the logic lives in plain modules (store, copies, receipts, …).
"""

from __future__ import annotations

from html import escape

from datasette import hookimpl

from .schema import actor as _actor
from .web import pages


@hookimpl
def prepare_connection(conn):
    _actor.prepare_connection(conn)


@hookimpl
def write_wrapper(datasette, database, request, transaction):
    """Every write made for an HTTP request is attributed to the request's actor."""
    label = pages.actor_label(request.actor) if request is not None else None
    if label is None:
        return None

    def wrapper(conn):
        with _actor.acting_as(label):
            yield

    return wrapper


@hookimpl
def register_routes():
    return pages.routes()


@hookimpl
def register_commands(cli):
    from .cli.commands import intake

    cli.add_command(intake)


@hookimpl
def startup(datasette):
    from .serving.inline_reads import install

    install(datasette)

    async def migrate_registers() -> None:
        from .schema.registers import register_office, upgrade

        for db in list(datasette.databases.values()):
            if not db.is_mutable or db.is_memory or not db.path:
                continue
            if await db.execute_fn(register_office) is None:
                continue
            await db.execute_write_fn(upgrade, transaction=False)
        from .watcher import start_configured_watchers

        start_configured_watchers(datasette)

    return migrate_registers


@hookimpl
def top_homepage(datasette, request):
    """After logging in, clerks land on the homepage: point them at the intake pages."""
    if not request.actor:
        return None
    links = "".join(
        f'<li><a href="{pages.BASE}/{escape(name)}">收件登记 {escape(name)}</a> · '
        f'<a href="{pages.BASE}/{escape(name)}/dashboard">收件概况</a></li>'
        for name in datasette.databases
        if not name.startswith("_")
    )
    return f'<section lang="zh-CN"><h2>受理登记簿</h2><ul>{links}</ul></section>'


@hookimpl
def menu_links(datasette, actor, request):
    if not actor:
        return None
    links = []
    for name in datasette.databases:
        if name.startswith("_"):
            continue
        links.append({"href": f"{pages.BASE}/{name}", "label": f"收件登记（{name}）"})
        links.append({"href": f"{pages.BASE}/{name}/dashboard", "label": f"收件概况（{name}）"})
    return links
