"""`make run`'s demo: the demo people, invented council decisions, and a county's cases from
1 January two years back to today from the generator, with the demo people's own stories on top
(in well under a minute)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext, ngettext

from samsyn.demo.decisions import decisions_load
from samsyn.demo.generator import Options, generate, generated_marker
from samsyn.demo.indicators import indicators_load
from samsyn.demo.people import DEMO_PASSWORD, DEMO_PEOPLE, demo_people_load
from samsyn.demo.receiving import receiving_stories_load
from samsyn.demo.reflections import reflections_load
from samsyn.demo.stories import demo_stories
from samsyn.demo.systemic import systemic_load
from samsyn.history.demo import medcontrol_profile_load

DEMO_SEED = 2027
# Whole calendar years before this one (the annual report compares whole years; a first year
# that held only its last month read "+1227,5 %"), about 1,350 cases in the last whole year.
DEMO_DEVIATIONS = 4000
DEMO_YEARS = 2


def deviations_counted(n: int) -> str:
    return ngettext("{n} deviation", "{n} deviations", n).format(n=n)


def disagreements_counted(n: int) -> str:
    return ngettext("{n} disagreement", "{n} disagreements", n).format(n=n)


def demo_load(*, stdout=None, cases: bool = True) -> None:
    """Load the demo once; a second run finds it (by its seed) and adds nothing."""
    say = stdout.write if stdout else (lambda _text: None)
    created = demo_people_load(DEMO_PEOPLE)
    say(
        gettext("Demo users: {count} ({created} new), password {password}").format(
            count=len(DEMO_PEOPLE), created=created, password=DEMO_PASSWORD
        )
    )
    say(
        gettext("Demo decisions and terminations of the agreement: {count} new.").format(
            count=decisions_load()
        )
    )
    medcontrol_profile_load()  # the import profile of the old system (issue 21 item 5)
    say(
        gettext("Demo reflections of the cooperation areas: {count} new.").format(
            count=reflections_load()
        )
    )
    say(gettext("Demo indicators: {count} new.").format(count=indicators_load()))
    if not cases:
        return
    if generated_marker(DEMO_SEED) is not None:
        say(gettext("Demo cases already exist; nothing new."))
        receiving_stories_load()
        systemic_load()
        return
    start = datetime.date(timezone.localdate().year - DEMO_YEARS, 1, 1)
    report = generate(
        Options(deviations=DEMO_DEVIATIONS, years=DEMO_YEARS, start=start, seed=DEMO_SEED),
        stories=demo_stories,
    )
    say(
        gettext("Demo cases: {deviations} and {disagreements} in {seconds} s.").format(
            deviations=deviations_counted(report.rows.get("deviations.Deviation", 0)),
            disagreements=disagreements_counted(report.rows.get("disagreements.Disagreement", 0)),
            seconds=f"{report.seconds:.1f}",
        )
    )
    say(
        gettext("Demo cases of the receiving side: {count} new.").format(
            count=receiving_stories_load()
        )
    )
    say(gettext("Demo systemic issues in cooperation: {count} new.").format(count=systemic_load()))
