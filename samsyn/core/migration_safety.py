"""Migrations are safe to run against a database in use (issue 22 item 6).

Every migration after those reviewed below must pass django-migration-linter, which flags
what breaks the code still running during a deploy: a dropped or renamed column or table,
NOT NULL without a default, a unique constraint on rows that exist. An initial migration
creates new tables, which nothing running yet reads, and is not linted. A migration the linter
flags either changes, or is added to REVIEWED with the reason it is safe, read by a second
person. `manage.py lint_migrations` runs it; the test suite runs that command.
"""

from django.apps import apps
from django_migration_linter import MigrationLinter

# (app, migration): why it is safe although the linter flags it. These ran before Samsyn's
# first day in production (2027-01-01), on databases without users; none may be added after
# without a reason that holds for a database in use.
BEFORE_PRODUCTION = "ran before the first production day, on databases without users"
REVIEWED: dict[tuple[str, str], str] = {
    ("agreements", "0005_receiving_side"): BEFORE_PRODUCTION,
    ("audit", "0005_keyed_chain"): BEFORE_PRODUCTION,
    ("deviations", "0004_status_changes_moved_to_case_history"): BEFORE_PRODUCTION,
    ("deviations", "0008_receiving_side"): BEFORE_PRODUCTION,
    ("deviations", "0009_classification_people_can_trust"): BEFORE_PRODUCTION,
    ("deviations", "0009_the_patient_and_the_regulator"): BEFORE_PRODUCTION,
    ("deviations", "0011_one_not_known_yet"): BEFORE_PRODUCTION,
    ("deviations", "0015_imported_history"): BEFORE_PRODUCTION,
    ("disagreements", "0005_submission_token"): BEFORE_PRODUCTION,
    ("disagreements", "0007_step_protocols_claims_patient"): BEFORE_PRODUCTION,
    ("parties", "0003_receiving_side"): BEFORE_PRODUCTION,
    ("parties", "0005_county_patient_safety_forum"): BEFORE_PRODUCTION,
    # A nullable unique column (every row NULL): PostgreSQL adds it without rewriting the table
    # and the linter passes it there; on SQLite it flags the table copy SQLite always makes.
    ("systemic", "0002_new_issue_form_submitted_once"): BEFORE_PRODUCTION,
}


class ReviewedLinter(MigrationLinter):
    """The linter, passing over the migrations of REVIEWED."""

    def should_ignore_migration(self, app_label, migration_name, operations=(), is_initial=False):
        return (app_label, migration_name) in REVIEWED or super().should_ignore_migration(
            app_label, migration_name, operations, is_initial=is_initial
        )


def migrations_lint(*, database: str = "default") -> ReviewedLinter:
    """Lint every migration (it prints each result); the linter's counts say what it found."""
    ours = [c.label for c in apps.get_app_configs() if c.name.startswith("samsyn.")]
    linter = ReviewedLinter(
        database=database, include_apps=ours, no_cache=True, ignore_initial_migrations=True
    )
    linter.lint_all_migrations()
    return linter
