"""``samkart demo``: the calibrated demo register as CSV files."""


from pathlib import Path
from typing import Annotated

import typer

from samkart.cli.app import app, say
from samkart.i18n import gettext as _

DEMO_README = """\
Demoregister for samkart
========================

Dette er SYNTETISKE DATA, ikke en ekte kartlegging. Registeret er laget av `samkart demo` og
kalibrert til tallene NIVI Analyse publiserte for Nord-Trøndelag 2012, Sør-Trøndelag 2013,
Møre og Romsdal 2013 og Nordland 2014 (tabell 4.1-4.5, veksten i kap. 4.2): antall ordninger per
kommune og fylke fordelt på nivå stemmer med rapporten. Navn, sektorer, tilknytningsformer, år,
oppgavefelt og vertskommuner er oppdiktet.

This is SYNTHETIC data calibrated to NIVI Analyse's published tables; it is not a real mapping.
"""
DEMO_FILES = {"ordninger.csv", "deltakere.csv", "kartlegginger.csv", "tekster.csv", "LES_MEG.txt"}


@app.command(help=_("Skriv demoregisteret (syntetiske data kalibrert til NIVI Analyses tabeller "
                    "4.1-4.5) som CSV-filer i DIR."))
def demo(
    out: Annotated[Path, typer.Option("--out", "-o",
                                      help=_("Mappen demoregisteret skrives til."))],
) -> None:
    from samkart.demo import generate_demo
    from samkart.register.write import write_csv_folder

    if out.exists():
        foreign = sorted(p.name for p in out.iterdir()) if out.is_dir() else [out.name]
        foreign = [name for name in foreign if name not in DEMO_FILES]
        if foreign:
            say(_("feil: {path} finnes og inneholder annet enn et demoregister ({files}); velg "
                  "en ny eller tom mappe").format(path=out, files=", ".join(foreign[:5])))
            raise typer.Exit(2)
    register = generate_demo()
    write_csv_folder(register, out)
    (out / "LES_MEG.txt").write_text(DEMO_README, "utf-8")
    say(_("skrevet: {path} ({arrangements} ordninger, {participations} deltakelser; syntetiske "
          "data kalibrert til NIVI Analyse)").format(
        path=out, arrangements=len(register.arrangements),
        participations=len(register.participations)))
