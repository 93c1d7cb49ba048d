"""``samkart serve``: the web registry, on a production server by default."""


import os
from typing import Annotated

import typer

from samkart.cli.app import app, say, stderr_console
from samkart.i18n import gettext as _


@app.command(help=_("Start webregisteret på 127.0.0.1 med en produksjonsserver (gunicorn, én "
                    "prosess per kjerne). Databasen er SQLite i ./samkart-data, eller "
                    "DATABASE_URL. --demo laster demoregisteret og demobrukere inn i en tom "
                    "database; --dev starter Djangos utviklingsserver i stedet."))
def serve(
    demo: Annotated[bool, typer.Option(
        "--demo", help=_("Last demoregisteret inn i en tom database."))] = False,
    port: Annotated[int, typer.Option("--port", "-p", help=_("Porten (standard 8000)."),
                                      min=1, max=65535)] = 8000,
    host: Annotated[str, typer.Option(
        "--host", help=_("Adressen serveren lytter på (standard 127.0.0.1; bak en "
                         "omvendt proxy)."))] = "127.0.0.1",
    workers: Annotated[int, typer.Option(
        "--workers", "-w", help=_("Antall prosesser (standard: én per kjerne)."), min=0,
        max=64)] = 0,
    dev: Annotated[bool, typer.Option(
        "--dev", help=_("Djangos utviklingsserver med automatisk omstart, for utvikling; "
                        "aldri i produksjon."))] = False,
) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samkart.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    if demo:
        _load_demo()
    if dev:
        say(_("samkart kjører med utviklingsserveren på http://{host}:{port}/ (Ctrl+C "
              "avslutter)").format(host=host, port=port))
        call_command("runserver", f"{host}:{port}", use_reloader=True)
        return
    from django.db import connections

    from samkart.web.server import ServerSettings, run

    connections.close_all()  # the workers are forked: they must not share a connection
    settings = ServerSettings(host=host, port=port, workers=workers)
    say(_("samkart kjører på http://{host}:{port}/ med {workers} prosesser (Ctrl+C "
          "avslutter)").format(host=host, port=port,
                               workers=settings.gunicorn_options()["workers"]))
    run(settings)


def _load_demo() -> None:
    from rich.progress import Progress

    from samkart.web.registry import changes
    from samkart.web.registry import demo as web_demo

    if not web_demo.database_is_empty():
        say(_("databasen har allerede data; demoregisteret er ikke lastet"))
        return
    from samkart.demo import generate_demo

    register = generate_demo()
    with Progress(console=stderr_console(), transient=True) as progress:
        task = progress.add_task(_("laster demoregisteret"), total=len(register.arrangements))
        changes.load_into_empty_database(
            register, "demoregister (samkart serve --demo)",
            lambda done, total: progress.update(task, completed=done))
    made = web_demo.ensure_demo_users(register)
    say(_("demoregisteret er lastet ({n} ordninger, {users} demobrukere med passordet "
          "«{password}»)").format(n=len(register.arrangements), users=made,
                                  password=web_demo.DEMO_PASSWORD))
