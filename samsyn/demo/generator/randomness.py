"""Seeded randomness shared by every part of the generator.

Each kind of record draws from its own named stream (`seeds.stream("deviations", 2025)`),
derived from the seed and the name with SHA-256, so the same seed gives the same data and a
part added later (units, answers …) draws from a new stream without shifting the others.
"""

import bisect
import hashlib
import itertools
import random


class Seeds:
    def __init__(self, seed: int):
        self.seed = seed

    def stream(self, *names) -> random.Random:
        key = ":".join(str(n) for n in (self.seed, *names)).encode()
        # Repeatable demo data, never secrets: a seeded PRNG is what is wanted here.
        return random.Random(int.from_bytes(hashlib.sha256(key).digest()[:8], "big"))  # noqa: S311


class Weighted:
    """A fixed weighted choice, drawn in O(log n): `Weighted([(item, weight), …]).pick(rng)`."""

    __slots__ = ("items", "cumulative", "total")

    def __init__(self, pairs):
        pairs = [(item, weight) for item, weight in pairs if weight > 0]
        if not pairs:
            raise ValueError("a weighted choice needs at least one positive weight")
        self.items = [item for item, _weight in pairs]
        self.cumulative = list(itertools.accumulate(weight for _item, weight in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cumulative, rng.random() * self.total)]

    def __len__(self):
        return len(self.items)


_V4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_V4_SET = (0x4000 << 64) | (0x8000 << 48)


def uuid_hex(rng: random.Random, salt: int = 0) -> str:
    """A version-4 UUID from the stream, as 32 hex digits (uuid.uuid4() would not repeat);
    the row's id as salt keeps a second run with the same seed in one database unique."""
    return f"{(rng.getrandbits(128) ^ salt) & _V4_CLEAR | _V4_SET:032x}"


def pick(rng: random.Random, seq):
    """rng.choice without its overhead (it runs a few hundred thousand times a second)."""
    return seq[int(rng.random() * len(seq))]


def chance(rng: random.Random, probability: float) -> bool:
    return rng.random() < probability
