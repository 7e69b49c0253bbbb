"""Django admin permissions follow the permission table (core/access.py), model by model.

A county administrator reaches a model in the admin when they hold its Samsyn permission
somewhere; which rows they then see and choose is limited to their county by the model
admins (core/admin.py, CountyScopedAdminMixin). Groups, per-user permissions and the
superuser flag are not editable in the admin: superusers are made with `createsuperuser`.
"""

from django.contrib.auth.backends import BaseBackend

from samsyn.core.access import actor_for, can

ALL = frozenset({"view", "add", "change", "delete"})
VIEW = frozenset({"view"})

# "<app>.<model>": (Samsyn permission, the admin actions it allows). Models not listed here
# (groups, the audit trail, cases) are for superusers only.
ADMIN_MODEL_PERMISSIONS = {
    # People: created, changed and deactivated through parties.services; never deleted.
    "auth.user": ("parties.manage_people", frozenset({"view", "add", "change"})),
    "parties.membership": ("parties.manage_people", ALL),
    # Login lockouts of the people one manages (the admin limits the rows to them).
    "axes.accessattempt": ("parties.manage_people", frozenset({"view", "delete"})),
    "axes.accesslog": ("parties.manage_people", VIEW),
    "axes.accessfailurelog": ("parties.manage_people", VIEW),
    # The county's registry; the county itself is only shown.
    "parties.county": ("parties.edit", VIEW),
    "parties.subregion": ("parties.edit", ALL),
    "parties.party": ("parties.edit", ALL),
    "parties.cooperationarea": ("parties.edit", ALL),
    "parties.careprovider": ("parties.edit", ALL),
    "parties.careunit": ("parties.edit", ALL),
    # Governing documents (versions, decisions and terminations change on the registry pages).
    "agreements.governingdocument": ("agreements.edit", ALL),
    "agreements.documentsection": ("agreements.edit", ALL),
    "agreements.documentversion": ("agreements.edit", VIEW),
    "agreements.adoptiondecision": ("agreements.edit", VIEW),
    "agreements.termination": ("agreements.edit", VIEW),
    # Classification values are shared by every county.
    "deviations.category": ("classification.edit", ALL),
    "deviations.cause": ("classification.edit", ALL),
    "deviations.patientconsequence": ("classification.edit", ALL),
    "deviations.organisationconsequence": ("classification.edit", ALL),
    "disagreements.category": ("classification.edit", ALL),
    # The follow-up's data per county (issue 20): the areas' reflection deadline, the indicators.
    "followup.reflectiondeadline": ("parties.edit", ALL),
    "followup.indicator": ("parties.edit", ALL),
    # How an old system's export maps to the history layout (issue 21 item 5), per county.
    "history.importprofile": ("deviations.import_history", ALL),
    "history.columnmapping": ("deviations.import_history", ALL),
    "history.valuemapping": ("deviations.import_history", ALL),
}


def _split(perm: str) -> tuple[str, str] | None:
    """ "parties.change_careprovider" -> ("parties.careprovider", "change")."""
    app_label, _, codename = perm.partition(".")
    action, _, model = codename.partition("_")
    return (f"{app_label}.{model}", action) if model else None


class RoleBackend(BaseBackend):
    """Grants admin model permissions from the permission table (no per-user permission rows)."""

    def _holds(self, user_obj, samsyn_permission: str) -> bool:
        if not getattr(user_obj, "is_active", False) or not getattr(user_obj, "pk", None):
            return False
        cache = user_obj.__dict__.setdefault("_samsyn_admin_permissions", {})
        if samsyn_permission not in cache:
            cache[samsyn_permission] = can(actor_for(user_obj), samsyn_permission)
        return cache[samsyn_permission]

    def has_perm(self, user_obj, perm, obj=None):
        parts = _split(perm)
        if parts is None or parts[0] not in ADMIN_MODEL_PERMISSIONS:
            return False
        samsyn_permission, actions = ADMIN_MODEL_PERMISSIONS[parts[0]]
        return parts[1] in actions and self._holds(user_obj, samsyn_permission)

    def has_module_perms(self, user_obj, app_label):
        return any(
            label.startswith(f"{app_label}.") and self._holds(user_obj, samsyn_permission)
            for label, (samsyn_permission, _) in ADMIN_MODEL_PERMISSIONS.items()
        )
