"""Words the Swedish templates are filled with, so two cases of one kind read differently.

No names of patients or staff, no identity numbers: the privacy guard would refuse them,
and generated data must pass the same rules as typed data.
"""

import random

WARDS = [
    "medicinavdelningen",
    "ortopedavdelningen",
    "geriatriska avdelningen",
    "kirurgavdelningen",
    "strokeenheten",
    "kardiologiska avdelningen",
    "infektionsavdelningen",
    "akutvårdsavdelningen",
    "lungmedicinska avdelningen",
    "njurmedicinska avdelningen",
    "neurologiska avdelningen",
    "urologiska avdelningen",
]
MUNICIPAL_UNITS = [
    "hemsjukvården",
    "korttidsboendet",
    "det särskilda boendet",
    "hemtjänsten",
    "rehabenheten",
    "växelvårdsboendet",
    "nattpatrullen",
    "den kommunala primärvården",
]
TIMES = [
    "en fredag eftermiddag",
    "sent på kvällen",
    "en lördag förmiddag",
    "strax före midnatt",
    "dagen före en helgdag",
    "på söndagskvällen",
    "mitt i natten",
    "vid lunchtid",
    "en vardag efter klockan 16",
]
MEDICINES = [
    "blodförtunnande läkemedel",
    "insulin",
    "smärtstillande läkemedel",
    "antibiotika",
    "vätskedrivande läkemedel",
    "inhalationsläkemedel",
    "läkemedel mot Parkinsons sjukdom",
    "epilepsiläkemedel",
    "hjärtmedicin",
    "läkemedel mot diabetes",
]
# The last aid is rare on purpose: the benchmark searches for a word few cases contain.
AIDS = [
    ("rullator", 10),
    ("toalettförhöjning", 8),
    ("hygienstol", 8),
    ("vårdsäng", 8),
    ("personlyft", 5),
    ("tryckavlastande madrass", 6),
    ("rullstol", 8),
    ("duschpall", 4),
    ("syrgaskoncentrator", 0.15),
]
RARE_WORD = "syrgaskoncentrator"
COMMON_WORD = "utskrivning"
HOURS = ["två", "tre", "fyra", "fem", "sex"]
DAYS = ["två", "tre", "fyra", "fem"]
WEEKS = ["två", "tre", "fyra", "sex"]
COUNTS = ["tre", "fyra", "fem", "sex", "åtta", "tio"]


def _aid(rng: random.Random) -> str:
    x = rng.random() * _AID_TOTAL
    for aid, weight in AIDS:
        x -= weight
        if x < 0:
            return aid
    return AIDS[0][0]


_AID_TOTAL = sum(w for _a, w in AIDS)
_WORDS = {
    "avdelning": WARDS,
    "enhet": MUNICIPAL_UNITS,
    "tid": TIMES,
    "lakemedel": MEDICINES,
    "timmar": HOURS,
    "dagar": DAYS,
    "veckor": WEEKS,
    "antal": COUNTS,
}


class Slots(dict):
    """The words of one case, drawn when a template first names them (so a case draws only
    what its texts use); a capitalised name ({Enhet}) gives the word with a capital letter,
    for the start of a sentence."""

    __slots__ = ("rng",)

    def __init__(self, rng: random.Random, **fixed):
        super().__init__(fixed)
        self.rng = rng

    def __missing__(self, key):
        if key[:1].isupper():
            word = self[key[:1].lower() + key[1:]]
            return word[:1].upper() + word[1:]
        if key == "hjalpmedel":
            word = _aid(self.rng)
        else:
            words = _WORDS[key]
            word = words[int(self.rng.random() * len(words))]
        self[key] = word
        return word


def slots_for(rng: random.Random, **fixed) -> Slots:
    return Slots(rng, **fixed)


def fill(rng: random.Random, templates: list[str], slots: Slots) -> str:
    text = templates[int(rng.random() * len(templates))].format_map(slots)
    return text[:1].upper() + text[1:]
