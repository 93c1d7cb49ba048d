"""The report profile: who publishes the report, their logo and their colour, set once for a
register or for a whole site and used by the HTML, the PDF and the Word file alike.

A profile is a small TOML file, ``rapportprofil.toml``::

    utgiver = "Statsforvalteren i Nordland"   # printed on the cover and in the colophon
    logo = "logo.png"                         # PNG, JPEG or SVG; relative to the file
    farge = "#00509e"                         # headings and rules; 4.5:1 contrast on white

Every key is optional. It is found, first match wins: beside the register (in a register folder,
or in the folder of a workbook or JSON register), then at the path in the environment variable
``SAMKART_RAPPORTPROFIL`` (a site's profile). It is not part of the register format: a register
is the mapping's data, the profile how one office prints it.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from samkart.i18n import gettext as _
from samkart.report.numbers import number

FILENAME = "rapportprofil.toml"
ENVIRONMENT = "SAMKART_RAPPORTPROFIL"
KEYS = ("utgiver", "logo", "farge")
LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
              ".svg": "image/svg+xml"}
SIGNATURES = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8"}
MIN_CONTRAST = 4.5  # WCAG 2.1 AA for text: the colour is used for headings


class ProfileError(ValueError):
    """A profile that cannot be used; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class ReportProfile:
    publisher: str = ""
    logo: bytes = b""
    logo_type: str = ""  # a MIME type, from the file's suffix
    colour: str = ""  # "#rrggbb"
    source: str = ""  # the file it was read from

    @property
    def logo_data_uri(self) -> str:
        """The logo inline, for the self-contained HTML."""
        import base64

        if not self.logo:
            return ""
        return f"data:{self.logo_type};base64,{base64.b64encode(self.logo).decode('ascii')}"


def find_profile(register: Path | None) -> Path | None:
    """The profile file for ``register`` (see the module's text), or None."""
    if register is not None:
        folder = register if register.is_dir() else register.parent
        if (folder / FILENAME).is_file():
            return folder / FILENAME
    site = os.environ.get(ENVIRONMENT)
    return Path(site) if site else None


def load_profile(path: Path) -> ReportProfile:
    """Read and check the profile at ``path``; :class:`ProfileError` names what is wrong."""
    where = str(path)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ProfileError(_("{file}: finnes ikke").format(file=where)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ProfileError(_("{file}: ikke gyldig TOML: {error}").format(file=where, error=e)
                           ) from None
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ProfileError(_("{file}: {key}: ukjent nøkkel; kjente nøkler er {keys}").format(
            file=where, key=unknown[0], keys=", ".join(KEYS)))
    for key in KEYS:
        if key in data and not isinstance(data[key], str):
            raise ProfileError(_("{file}: {key}: må være tekst").format(file=where, key=key))
    colour = data.get("farge", "").strip().lower()
    if colour:
        if not re.fullmatch(r"#[0-9a-f]{6}", colour):
            raise ProfileError(_("{file}: farge: {value!r} er ikke en farge på formen #rrggbb")
                               .format(file=where, value=colour))
        ratio = contrast(colour, "#ffffff")
        if ratio < MIN_CONTRAST:
            raise ProfileError(_("{file}: farge: {value} har kontrast {ratio}:1 mot hvitt; "
                                 "overskrifter trenger minst 4,5:1 for å kunne leses").format(
                                     file=where, value=colour, ratio=number(ratio, 1)))
    logo, logo_type = b"", ""
    if data.get("logo"):
        logo_path = (path.parent / data["logo"]).resolve()
        logo_type = LOGO_TYPES.get(logo_path.suffix.lower(), "")
        if not logo_type:
            raise ProfileError(_("{file}: logo: {name} må være PNG, JPEG eller SVG").format(
                file=where, name=data["logo"]))
        try:
            logo = logo_path.read_bytes()
        except OSError as e:
            raise ProfileError(_("{file}: logo: {name} kan ikke leses: {error}").format(
                file=where, name=data["logo"], error=e.strerror)) from None
        kind = {"image/png": "PNG", "image/jpeg": "JPEG"}.get(logo_type)
        if kind and not logo.startswith(SIGNATURES[logo_type]):
            raise ProfileError(_("{file}: logo: {name} er ikke et {kind}-bilde").format(
                file=where, name=data["logo"], kind=kind))
    return ReportProfile(data.get("utgiver", "").strip(), logo, logo_type, colour, where)


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two "#rrggbb" colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
