# The ladder's people (both parties' managers at each step) for the follow-up tests.
from samsyn.disagreements.tests.conftest import ladder  # noqa: F401
