"""What every drill adds to the one summary line and drills/results.json."""

from dataclasses import asdict, dataclass, field


@dataclass
class Figures:
    scenarios: int = 0
    requests: int = 0
    faults: int = 0
    lost: int = 0
    duplicated: int = 0
    server_errors: int = 0
    failures: list[str] = field(default_factory=list)

    def answered(self, answers) -> None:
        """Counts requests; a 5xx other than the 503 of an outage drill is a server error."""
        for answer in answers:
            self.requests += 1
            if answer.status >= 500 or answer.status == 0:  # noqa: PLR2004
                self.server_errors += 1

    def check(self, ok: bool, what: str) -> None:
        """An invariant: a broken one fails the run (and says which)."""
        if not ok:
            self.failures.append(what)

    def line(self) -> str:
        return (
            f"drills: {self.scenarios} scenarios, {self.requests} conflicting requests, "
            f"{self.faults} faults injected, {self.lost} lost, {self.duplicated} duplicated, "
            f"{self.server_errors} server errors"
        )

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("failures")
        return data
