"""The share of "Annat" before and after working the re-coding queue (issue 19, "Done when"):

    .venv/bin/python -m bench.recoding_queue /tmp/demo.sqlite3 [--threshold 0.5]

The database is one `make run` built (migrate, load_reference_data, load_agreement_registry,
load_demo_data, train_category_suggestions). It is copied first, so the re-coding is done on the
copy only. As the demo's county analyst `analytiker`, every case of the queue whose first
suggestion (from the stored model, as the queue page shows it) is at least `--threshold` likely
is re-coded to it through the queue's own service, `deviations_recode`, one bulk submit per
category. It prints the share of "Annat" among the reports (good cooperation apart, as the
quality shares count) before and after, what the history and the trail kept, and how many
re-codings agree with the category other cases of the same title were classified under (the
generator's scenarios show through their titles), as JSON.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _other_share() -> dict:
    from samsyn.deviations.models import Deviation, EventType

    reports = Deviation.objects.exclude(event_type=EventType.GOOD_COOPERATION)
    total, other = reports.count(), reports.filter(category__is_other=True).count()
    return {"reports": total, "annat": other, "share_percent": round(100 * other / total, 1)}


def _recode_queue(threshold: float) -> dict:
    from django.contrib.auth import get_user_model

    from samsyn.core.access import actor_for
    from samsyn.deviations.quality import recoding_queue
    from samsyn.deviations.services.recoding import deviations_recode
    from samsyn.deviations.suggestions import case_text, suggest_many

    analyst = actor_for(get_user_model().objects.get(username="analytiker"))
    queue = list(recoding_queue(analyst).select_related("reporting_provider__party"))
    by_category = defaultdict(list)
    for county_id in {c.reporting_provider.party.county_id for c in queue}:
        cases = [c for c in queue if c.reporting_provider.party.county_id == county_id]
        texts = [case_text(c.title, f"{c.description}\n{c.other_explanation}") for c in cases]
        for case, found in zip(cases, suggest_many(county_id=county_id, texts=texts), strict=True):
            if found and found[0].probability >= threshold:
                by_category[found[0].category].append(case)
    changed = sum(
        deviations_recode(actor=analyst, deviations=cases, category=category, note="Från kön.")
        for category, cases in by_category.items()
    )
    return {"queue": len(queue), "recoded": changed, "bulk_submits": len(by_category)}


def _kept() -> dict:
    from samsyn.audit.models import AuditEvent
    from samsyn.cases.models import Transition
    from samsyn.deviations.models import Deviation

    titles = defaultdict(Counter)
    classified = Deviation.objects.filter(reported_category__isnull=True, category__is_other=False)
    for title, category in classified.values_list("title", "category_id"):
        titles[title][category] += 1
    agree = differ = unknown = 0
    recoded = Deviation.objects.filter(reported_category__isnull=False)
    for title, category in recoded.values_list("title", "category_id"):
        if not titles[title]:
            unknown += 1
        elif titles[title].most_common(1)[0][0] == category:
            agree += 1
        else:
            differ += 1
    return {
        "history_rows": Transition.objects.filter(move="recode").count(),
        "audit_events": AuditEvent.objects.filter(action="deviations.deviation.recoded").count(),
        "reported_category_kept": recoded.count(),
        "same_title_agrees": agree,
        "same_title_differs": differ,
        "title_never_classified": unknown,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", type=Path, help="a SQLite database `make run` built")
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.sqlite3"
        shutil.copyfile(args.database, copy)
        os.environ["DATABASE_URL"] = f"sqlite:///{copy}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samsyn.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        result = {"threshold": args.threshold, "before": _other_share()}
        result |= _recode_queue(args.threshold)
        result |= {"after": _other_share(), "kept": _kept()}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
