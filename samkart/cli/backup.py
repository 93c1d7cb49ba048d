"""``samkart backup`` and ``samkart restore``: the web registry's database to a file and back."""


import os
from pathlib import Path
from typing import Annotated

import typer

from samkart.cli.app import app, say
from samkart.i18n import gettext as _


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samkart.web.settings")
    import django

    django.setup()


def _show(title: str, contents) -> None:
    if contents.arrangements < 0:
        say(_("{title}: en PostgreSQL-sikkerhetskopi (pg_dump)").format(title=title))
        return
    say(_("{title}: {a} ordninger, {c} endringer, {u} brukere, siste endring {last}").format(
        title=title, a=contents.arrangements, c=contents.changes, u=contents.users,
        last=contents.last_change or "–"))


@app.command(help=_("Ta sikkerhetskopi av webregisterets database til FIL (SQLite: en kopi "
                    "tatt mens serveren går; PostgreSQL: pg_dump)."))
def backup(file: Annotated[Path, typer.Argument(help=_("Sikkerhetskopien som skrives."),
                                                show_default=False)]) -> None:
    _django()
    from samkart.web import backup as backups

    try:
        written = backups.backup(file)
    except backups.BackupError as e:
        say(_("feil: {error}").format(error=e))
        raise typer.Exit(1) from None
    _show(_("skrevet {path}").format(path=written), backups.describe(written))


@app.command(help=_("Gjenopprett webregisterets database fra en sikkerhetskopi. Uten --commit "
                    "vises bare hva kopien og databasen inneholder; med --commit erstattes "
                    "databasen, etter at den selv er kopiert ved siden av. Stopp serveren først."))
def restore(
    file: Annotated[Path, typer.Argument(help=_("Sikkerhetskopien."), show_default=False)],
    commit: Annotated[bool, typer.Option("--commit", help=_("Gjenopprett."))] = False,
) -> None:
    _django()
    from django.core.management import call_command

    from samkart.web import backup as backups

    try:
        _show(_("sikkerhetskopien"), backups.describe(file))
        call_command("migrate", interactive=False, verbosity=0)
        _show(_("databasen nå"), backups.contents_now())
        if not commit:
            say(_("ingenting er endret; gjenopprett med --commit"))
            return
        before = backups.restore(file)
    except backups.BackupError as e:
        say(_("feil: {error}").format(error=e))
        raise typer.Exit(1) from None
    call_command("migrate", interactive=False, verbosity=0)  # a backup from an older version
    _show(_("gjenopprettet"), backups.contents_now())
    say(_("databasen slik den var før, er kopiert til {path}").format(path=before))
