# The ladder's people (both parties' managers at each step) for the attachment tests.
from samsyn.disagreements.tests.conftest import ladder  # noqa: F401
