"""The intake register plugin for Datasette 1.0a41 (entry point "intake").

Hooks stay a few lines each; the logic lives in plain modules (see README.md "Layout").
"""

from __future__ import annotations

from datasette import hookimpl

from .schema import actor as _actor
from .web import common


@hookimpl
def prepare_connection(conn):
    _actor.prepare_connection(conn)


@hookimpl
def write_wrapper(datasette, database, request, transaction):
    """Every write made for an HTTP request is attributed to the request's actor."""
    label = common.actor_label(request.actor) if request is not None else None
    if label is None:
        return None

    def wrapper(conn):
        with _actor.acting_as(label):
            yield

    return wrapper


@hookimpl
def register_routes():
    from .sync.pages import routes as sync_routes
    from .web.routes import routes

    return routes() + sync_routes()


@hookimpl
def register_commands(cli):
    from .cli.commands import intake

    cli.add_command(intake)


@hookimpl
def startup(datasette):
    from .serving.startup import prepare

    return prepare(datasette)


@hookimpl
def actor_from_request(datasette, request):
    from .web import auth

    return auth.resolve(datasette, request.scope)


@hookimpl
def permission_resources_sql(datasette, actor, action):
    from .accounts.permissions import permission_sql
    from .web.state import active, state

    if not active(datasette):
        return None
    return permission_sql(actor, action, state(datasette).offices)


@hookimpl
def asgi_wrapper(datasette):
    from .web.gate import wrap

    return wrap(datasette)


@hookimpl
def forbidden(datasette, request, message):
    """Anonymous visitors of a page go to the Chinese login page (JSON clients get the 403)."""
    from .web.state import active

    wants_json = request.path.endswith(".json") or "json" in request.headers.get("accept", "")
    if active(datasette) and not request.actor and not wants_json and request.method == "GET":
        return common.login_redirect(request)
    return None


@hookimpl
def prepare_jinja2_environment(env, datasette):
    env.globals.update(common.GLOBALS)


@hookimpl
def handle_exception(datasette, request, exception):
    """Error pages in Chinese with the clerk's layout (JSON and CSV clients: Datasette's own)."""
    from .web.errors import error_page

    return error_page(datasette, request, exception)


@hookimpl
def extra_template_vars(template, request, datasette):
    """The clerk's layout on the register's templates and on Datasette's error pages."""
    if template.startswith("intake_") or template in common.LAYOUT_TEMPLATES:
        return common.layout(datasette, request)
    return None


@hookimpl
def menu_links(datasette, actor, request):
    """Datasette's own pages (supervisors): the way back to the register's pages."""
    if not actor:
        return None
    return [{"href": f"{common.BASE}/", "label": "回到受理登记簿"}]
