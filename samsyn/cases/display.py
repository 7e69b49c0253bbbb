"""How the keys the case engine writes into the audit trail are shown: states by their labels,
a case's comment by what it says (registered in CasesConfig.ready())."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from samsyn.audit.display import DataKey, field_names_shown, row_names
from samsyn.cases.workflow import WORKFLOWS


def state_shown(value, model=None) -> str:
    """A state code ("step2", "received") by its label in the case type's workflow."""
    workflow = WORKFLOWS.get(model)
    try:
        return workflow.state_label(value) if workflow else str(value)
    except ValueError:
        return str(value)


def row_of_case_app(model_name: str):
    """Ids of a row of the event's own app (a deviation's comment, a disagreement's comment)."""

    def show(value, model=None) -> str:
        try:
            related = apps.get_model(model._meta.app_label, model_name)
        except (AttributeError, LookupError):
            return str(value)
        return row_names(related._meta.label_lower, value) or str(value)

    return show


DATA_KEYS = {
    "from": DataKey(_("from state"), show=state_shown),
    "to": DataKey(_("to state"), show=state_shown),
    "note_written": DataKey(_("note written")),
    "reason_written": DataKey(_("reason written")),
    "comment": DataKey(_("comment"), show=row_of_case_app("comment")),
    "comment_id": DataKey(_("comment"), show=row_of_case_app("comment")),
    "changed": DataKey(_("changed"), show=field_names_shown),
}
