"""`revision site -o DIR`: the organisation overview as a static HTML site."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..i18n import N_


class SiteLanguage(str, Enum):
    sv = "sv"
    en = "en"


HELP = N_("""\
Write the organisation overview as a static, self-contained HTML site.

index.html holds a grid of units × sub-areas in each unit's latest colours and the
status table; audits/SLUG.html each audit's report; units/UNIT.html a unit's audits
over time; status.html the status table. Relative links, no scripts, no external
files: the folder can be zipped and mailed or published as it is. Nothing is written
(exit 1) when a text on any page holds personal data, as for `revision report`.

Example: revision site -o oversikt --lang sv""")


def site_command(
    output: Annotated[str, typer.Option("-o", "--output", help="Folder to write the site into (created if missing; "
                                                             "pages already there are replaced).")],
    lang: Annotated[Optional[SiteLanguage], typer.Option(
        "--lang", help="sv or en (default: revision.yaml's language).")] = None,
    today: Annotated[Optional[str], typer.Option(
        "--today", help="The date to judge overdue actions and follow-ups by, YYYY-MM-DD (default: today).")] = None,
) -> None:
    import datetime as dt

    from ..errors import UsageError
    from ..site import build_site, write_site
    from ..targets import output_folder
    from ..workspace import open_repository

    if today is None:
        day = dt.date.today()
    else:
        try:
            day = dt.date.fromisoformat(today)
        except ValueError:
            raise UsageError(f"--today {today!r} is not a date; write it as YYYY-MM-DD") from None
    folder = output_folder(output)
    repo = open_repository(Path.cwd())
    language = lang.value if lang else repo.config.language
    pages = build_site(repo, language, day)
    written = write_site(pages, folder, repo.root)
    typer.echo(f"Wrote {len(written)} pages into {folder}; start at {folder / 'index.html'}", err=True)
