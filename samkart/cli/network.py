"""``samkart table network|regions|...``: who cooperates with whom (``docs/spec/cli.md``), and the
measures built on the network: swing municipalities, councils against the regions, cross-border
pull, and the dependency profile."""


from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from samkart.cli.app import (
    FormatOpt,
    OutputFormat,
    RegisterArg,
    YearOpt,
    contract_data,
    county_option,
    emit,
    load_or_exit,
    print_problems,
    say,
    table_app,
)
from samkart.domain.codes import Level, Sector
from samkart.i18n import gettext as _

if TYPE_CHECKING:  # the analyses are imported inside the commands (see cli/tables.py)
    from samkart.analysis.network import NetworkScope

CountyOpt = Annotated[str | None, typer.Option("--county", "-c", help=_("Bare fylket NN."))]
LevelOpt = Annotated[str | None, typer.Option(
    "--level", help=_("Bare ordninger på dette nivået: lokal, regional eller hoyere."))]
SectorOpt = Annotated[str | None, typer.Option(
    "--sector", help=_("Bare ordninger i denne sektoren (kode, f.eks. helse)."))]
ResolutionOpt = Annotated[float, typer.Option(
    "--resolution", help=_("Oppløsning for regionene: over 1 gir flere og mindre regioner, under 1 "
                           "færre og større."), min=0.01, max=100.0)]
SeedOpt = Annotated[int, typer.Option(
    "--seed", help=_("Startverdi for tilfeldig rekkefølge; samme verdi gir samme regioner."))]
MethodOpt = Annotated[str, typer.Option(
    "--method", help=_("Algoritme for regionene: louvain (standard) eller leiden (krever "
                       "samkart[leiden])."))]
SwingOpt = Annotated[str, typer.Option(
    "--swing-share", help=_("Vippekommune når den svakeste av de to sterkeste regionene (eller "
                            "regionrådene) har minst denne andelen av de to til sammen, f.eks. "
                            "1/3 eller 0.4 (høyst 1/2)."))]


def _scope(level: str | None, sector: str | None) -> "NetworkScope":
    from samkart.analysis.network import NetworkScope

    chosen_level = Level.parse(level) if level else None
    if level and chosen_level is None:
        raise typer.BadParameter(_("ukjent nivå «{value}»; gyldige: {codes}").format(
            value=level, codes=", ".join(Level.codes())), param_hint="--level")
    chosen_sector = Sector.parse(sector) if sector else None
    if sector and chosen_sector is None:
        raise typer.BadParameter(_("ukjent sektor «{value}»; gyldige: {codes}").format(
            value=sector, codes=", ".join(Sector.codes())), param_hint="--sector")
    return NetworkScope(chosen_level, chosen_sector)


def _settings(method: str, resolution: float, seed: int, swing_share: str):
    from samkart.analysis.regions import METHODS, RegionSettings

    if method not in METHODS:
        raise typer.BadParameter(_("ukjent metode «{value}»; gyldige: {codes}").format(
            value=method, codes=", ".join(METHODS)), param_hint="--method")
    try:
        share = Fraction(swing_share.strip().replace(",", "."))
    except (ValueError, ZeroDivisionError):
        share = Fraction(-1)
    if not 0 < share <= Fraction(1, 2):
        raise typer.BadParameter(_("«{value}» er ikke en andel over 0 og høyst 1/2").format(
            value=swing_share), param_hint="--swing-share")
    return RegionSettings(method, resolution, seed, share)


def _regions(register: Path, year: int, level: str | None, sector: str | None, method: str,
             resolution: float, seed: int, swing_share: str):
    from samkart.analysis.network import cooperation_network
    from samkart.analysis.regions import MissingLeiden, functional_regions
    from samkart.analysis.yearview import YearView

    scope = _scope(level, sector)
    settings = _settings(method, resolution, seed, swing_share)
    view = YearView(load_or_exit(register), year)
    network = cooperation_network(view, scope)
    try:
        return view, network, functional_regions(view, network, settings)
    except MissingLeiden:
        say(_("feil: Leiden krever leidenalg og igraph: pip install 'samkart[leiden]' (begge er "
              "GPL), eller bruk --method louvain"))
        raise typer.Exit(1) from None


@table_app.command("network", help=_("Samarbeidsnettverket: ett kommunepar per rad med antall "
                                     "felles tellende ordninger."))
def table_network(
    register: RegisterArg, year: YearOpt, county: CountyOpt = None, level: LevelOpt = None,
    sector: SectorOpt = None, format: FormatOpt = OutputFormat.table,
) -> None:
    from samkart.analysis.network import cooperation_network, network_table
    from samkart.analysis.yearview import YearView

    nn = county_option(county)
    scope = _scope(level, sector)
    view = YearView(load_or_exit(register), year)
    with contract_data():
        emit(network_table(view, cooperation_network(view, scope), nn), format)


@table_app.command("regions", help=_("Funksjonelle regioner (grupper i nettverket) mot "
                                     "regionrådene, med avvikere og vippekommuner."))
def table_regions(
    register: RegisterArg, year: YearOpt, county: CountyOpt = None, level: LevelOpt = None,
    sector: SectorOpt = None, resolution: ResolutionOpt = 1.0, seed: SeedOpt = 1,
    method: MethodOpt = "louvain", swing_share: SwingOpt = "1/3",
    format: FormatOpt = OutputFormat.table,
) -> None:
    from samkart.analysis.regions import regions_table

    nn = county_option(county)
    _, _n, regions = _regions(register, year, level, sector, method, resolution, seed, swing_share)
    with contract_data():
        emit(regions_table(regions, nn), format)


@table_app.command("swing", help=_("Vippekommunene med tallene bak: de to sterkeste regionene og "
                                   "regionrådene, med forbindelser og medlemmer."))
def table_swing(
    register: RegisterArg, year: YearOpt, county: CountyOpt = None, level: LevelOpt = None,
    sector: SectorOpt = None, resolution: ResolutionOpt = 1.0, seed: SeedOpt = 1,
    method: MethodOpt = "louvain", swing_share: SwingOpt = "1/3",
    format: FormatOpt = OutputFormat.table,
) -> None:
    from samkart.analysis.regions import swing_table

    nn = county_option(county)
    _, _n, regions = _regions(register, year, level, sector, method, resolution, seed, swing_share)
    with contract_data():
        emit(swing_table(regions, nn), format)


@table_app.command("council-regions", help=_("Regionrådene mot de funksjonelle regionene: hvor "
                                             "mange av medlemmene som er i samme region."))
def table_council_regions(
    register: RegisterArg, year: YearOpt, level: LevelOpt = None, sector: SectorOpt = None,
    resolution: ResolutionOpt = 1.0, seed: SeedOpt = 1, method: MethodOpt = "louvain",
    format: FormatOpt = OutputFormat.table,
) -> None:
    from samkart.analysis.regions import council_fit_table

    _, _n, regions = _regions(register, year, level, sector, method, resolution, seed, "1/3")
    with contract_data():
        emit(council_fit_table(regions), format)


@table_app.command("region-summary", help=_("Per fylke: andel av forbindelsene innenfor samme "
                                            "regionråd og samme region, regioner, avvikere og "
                                            "vippekommuner."))
def table_region_summary(
    register: RegisterArg, year: YearOpt, level: LevelOpt = None, sector: SectorOpt = None,
    resolution: ResolutionOpt = 1.0, seed: SeedOpt = 1, method: MethodOpt = "louvain",
    swing_share: SwingOpt = "1/3", format: FormatOpt = OutputFormat.table,
) -> None:
    from samkart.analysis.regions import county_structure, county_structure_table

    view, network, regions = _regions(register, year, level, sector, method, resolution, seed,
                                      swing_share)
    with contract_data():
        emit(county_structure_table(county_structure(view, network, regions)), format)


@table_app.command("cross-border", help=_("Samarbeid over fylkesgrensen per kommune: andel av "
                                          "forbindelsene og hvilket fylke, regionråd og region "
                                          "de går til."))
def table_cross_border(
    register: RegisterArg, year: YearOpt, county: CountyOpt = None, level: LevelOpt = None,
    sector: SectorOpt = None,
    all_: Annotated[bool, typer.Option("--all", help=_("Også kommuner uten forbindelser over "
                                                       "grensen."))] = False,
    format: FormatOpt = OutputFormat.table,
) -> None:
    from samkart.analysis.regions import cross_border_pull, cross_border_table

    nn = county_option(county)
    view, network, regions = _regions(register, year, level, sector, "louvain", 1.0, 1, "1/3")
    with contract_data():
        emit(cross_border_table(view, cross_border_pull(view, network, regions), nn,
                                only_across=not all_), format)


@table_app.command("dependency", help=_("Avhengighetsprofil per kommune: lovpålagte oppgavefelt "
                                        "løst i samarbeid, per vertskommune, og andel av økonomi "
                                        "og årsverk."))
def table_dependency(
    register: RegisterArg, year: YearOpt, county: CountyOpt = None,
    totals: Annotated[Path | None, typer.Option(
        "--totals", help=_("CSV med kommunenes brutto driftsutgifter og årsverk per år (se "
                           "README: KOSTRA)."))] = None,
    format: FormatOpt = OutputFormat.table,
) -> None:
    import sys

    from samkart.analysis.dependency import dependency_profiles, dependency_table
    from samkart.analysis.yearview import YearView
    from samkart.register.municipal_totals import load_municipal_totals

    nn = county_option(county)
    loaded = load_or_exit(register)
    figures = None
    if totals is not None:
        figures, problems = load_municipal_totals(totals, loaded.municipalities)
        print_problems(problems, sys.stderr)
        if figures is None:
            raise typer.Exit(1)
    view = YearView(loaded, year)
    with contract_data():
        emit(dependency_table(view, dependency_profiles(view, figures, nn)), format)
