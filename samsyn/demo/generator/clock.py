"""Time in the generator: whole seconds since 1970 (UTC), and the text each database stores.

Building a datetime object per value and letting the driver format it costs more than
everything else a case needs, so times stay integers while a case is drawn and become text
once, from tables of day and time strings. Local days (Europe/Stockholm) are numbered from
the first day of the period, with each day's UTC offset looked up once.
"""

import datetime

DAY_SECONDS = 86_400
UTC = datetime.UTC


class Clock:
    def __init__(self, *, tz, first: datetime.date, last: datetime.date, postgres: bool):
        self.tz = tz
        self.first = first - datetime.timedelta(days=30)
        self.days = (last - self.first).days + 800  # room for moves planned past the end
        self._ordinal = self.first.toordinal()
        self.midnight = []  # epoch seconds of each local day's midnight
        self.local_str = []  # "YYYY-MM-DD" of each local day
        for i in range(self.days + 1):
            day = datetime.date.fromordinal(self._ordinal + i)
            moment = datetime.datetime(day.year, day.month, day.day, tzinfo=tz)
            self.midnight.append(int(moment.timestamp()))
            self.local_str.append(day.isoformat())
        self._utc_first = self.midnight[0] // DAY_SECONDS - 1
        self._utc_str = [
            datetime.date.fromordinal(
                datetime.date(1970, 1, 1).toordinal() + self._utc_first + i
            ).isoformat()
            for i in range(self.days + 3)
        ]
        self._times = [
            f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY_SECONDS)
        ]
        # PostgreSQL reads an explicit offset; Django keeps naive UTC text in SQLite.
        self._suffix = "+00" if postgres else ""

    # ---------------------------------------------------------------- days

    def day_of(self, date: datetime.date) -> int:
        return date.toordinal() - self._ordinal

    def date(self, day: int) -> datetime.date:
        return datetime.date.fromordinal(self._ordinal + day)

    def local_day(self, t: int) -> int:
        """The local day a moment falls on."""
        i = (t - self.midnight[0]) // DAY_SECONDS
        midnight = self.midnight
        if t < midnight[i]:
            return i - 1
        if i + 1 < len(midnight) and t >= midnight[i + 1]:
            return i + 1
        return i

    def at(self, day: int, seconds: int) -> int:
        """The moment `seconds` after local midnight of a day."""
        return self.midnight[day] + seconds

    # ---------------------------------------------------------------- text

    def day_text(self, day: int) -> str:
        return self.local_str[day]

    def ts(self, t: int) -> str:
        """A timestamp as the database stores it."""
        return (
            f"{self._utc_str[t // DAY_SECONDS - self._utc_first]} "
            f"{self._times[t % DAY_SECONDS]}{self._suffix}"
        )

    def json_ts(self, t: int) -> str:
        """A timestamp as audit_record stores it in `data` (DjangoJSONEncoder: ISO 8601, Z)."""
        day = self._utc_str[t // DAY_SECONDS - self._utc_first]
        return f"{day}T{self._times[t % DAY_SECONDS]}Z"

    def to_datetime(self, t: int) -> datetime.datetime:
        return datetime.datetime.fromtimestamp(t, UTC)

    @staticmethod
    def epoch(moment: datetime.datetime) -> int:
        return int(moment.timestamp())
