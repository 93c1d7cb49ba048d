"""``samkart serve``: the web registry."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from samkart.cli.app import app, say, stderr_console
from samkart.i18n import gettext as _


@app.command(help=_("Start webregisteret på 127.0.0.1. Databasen er SQLite i ./samkart-data, eller "
                    "DATABASE_URL. --demo laster demoregisteret og demobrukere inn i en tom "
                    "database."))
def serve(
    demo: Annotated[bool, typer.Option(
        "--demo", help=_("Last demoregisteret inn i en tom database."))] = False,
    port: Annotated[int, typer.Option("--port", "-p", help=_("Porten (standard 8000)."),
                                      min=1, max=65535)] = 8000,
) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samkart.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    from rich.progress import Progress

    from samkart.web.registry import changes
    from samkart.web.registry import demo as web_demo

    call_command("migrate", interactive=False, verbosity=0)
    if demo:
        if web_demo.database_is_empty():
            from samkart.demo import generate_demo

            register = generate_demo()
            with Progress(console=stderr_console(), transient=True) as progress:
                task = progress.add_task(_("laster demoregisteret"),
                                         total=len(register.arrangements))
                changes.load_into_empty_database(
                    register, "demoregister (samkart serve --demo)",
                    lambda done, total: progress.update(task, completed=done))
            made = web_demo.ensure_demo_users(register)
            say(_("demoregisteret er lastet ({n} ordninger, {users} demobrukere med passordet "
                  "«{password}»)").format(n=len(register.arrangements), users=made,
                                          password=web_demo.DEMO_PASSWORD))
        else:
            say(_("databasen har allerede data; demoregisteret er ikke lastet"))
    say(_("samkart kjører på http://127.0.0.1:{port}/ (Ctrl+C avslutter)").format(port=port))
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, insecure_serving=True)
