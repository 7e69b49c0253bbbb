"""`make run`'s demo: the demo people, invented council decisions, and two years of a county's
cases from the generator with the demo people's own stories on top (in well under a minute)."""

from samsyn.demo.decisions import decisions_load
from samsyn.demo.generator import Options, generate, generated_marker
from samsyn.demo.people import DEMO_PASSWORD, DEMO_PEOPLE, demo_people_load
from samsyn.demo.receiving import receiving_stories_load
from samsyn.demo.stories import demo_stories

DEMO_SEED = 2027
DEMO_DEVIATIONS = 3000
DEMO_YEARS = 2


def demo_load(*, stdout=None, cases: bool = True) -> None:
    """Load the demo once; a second run finds it (by its seed) and adds nothing."""
    say = stdout.write if stdout else (lambda _text: None)
    created = demo_people_load(DEMO_PEOPLE)
    say(f"Demoanvändare: {len(DEMO_PEOPLE)} st ({created} nya), lösenord {DEMO_PASSWORD}")
    say(f"Demobeslut och uppsägningar om avtalet: {decisions_load()} nya.")
    if not cases:
        return
    if generated_marker(DEMO_SEED) is not None:
        say("Demoärenden finns redan; inget nytt.")
        receiving_stories_load()
        return
    report = generate(
        Options(deviations=DEMO_DEVIATIONS, years=DEMO_YEARS, seed=DEMO_SEED), stories=demo_stories
    )
    say(
        f"Demoärenden: {report.rows.get('deviations.Deviation', 0)} avvikelser och "
        f"{report.rows.get('disagreements.Disagreement', 0)} oenigheter på "
        f"{report.seconds:.1f} s."
    )
    say(f"Demoärenden för den mottagande sidan: {receiving_stories_load()} nya.")
