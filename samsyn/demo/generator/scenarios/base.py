"""What a deviation scenario is, and the values and citations scenarios share."""

from dataclasses import dataclass, field

MUNICIPALITY, REGION = "municipality", "region"

COMMUNICATION = "Kommunikationsbrist mellan vårdgivare"
ADHERENCE = "Bristande rutinföljsamhet"
NO_ROUTINE = "Rutin saknas eller är oklar"
DOCUMENTATION = "Bristande dokumentation"
KNOWLEDGE = "Kunskap eller utbildning saknas"
STAFFING = "Bemanning eller arbetsbelastning"
IT = "Teknik eller IT-stöd"

NONE, NEAR_MISS, MILD, MODERATE, SEVERE, DEATH = (
    "Ingen",
    "Risk för vårdskada (tillbud)",
    "Lindrig vårdskada",
    "Måttlig vårdskada",
    "Allvarlig vårdskada",
    "Dödsfall",
)
WORKLOAD, TRUST, ECONOMIC, ORG_NONE = "Ökad arbetsinsats", "Förtroendeskada", "Ekonomisk", "Ingen"


@dataclass(frozen=True)
class DeviationScenario:
    key: str
    reported_by: str  # MUNICIPALITY or REGION: whose staff writes the report
    region_side: str  # HOSPITAL, PRIMARY_CARE or DENTAL: the regional provider involved
    category: str
    weight: float
    topic: str  # a few words for a terse "Annat" explanation in the old system's style
    causes: dict[str, float]
    patient: dict[str, float]
    organisation: dict[str, float]
    # (document code, section number, weight); only documents governing the pair are cited
    citations: list[tuple[str, str, float]]
    titles: list[str]
    descriptions: list[str]
    proposals: list[str]
    analyses: list[str]
    measures: list[str]
    disagreement: str = ""  # the disagreement category this kind of case can grow into
    always_other: bool = field(default=False)  # the category is "Annat" in every era

    @property
    def failing_side(self) -> str:
        """Who did not follow the agreement: always the side that did not report."""
        return REGION if self.reported_by == MUNICIPALITY else MUNICIPALITY


DISCHARGE_DOCS = [
    ("OK-BETALNINGSANSVAR", "3", 3),
    ("RL-AVVIKELSER", "5", 2),
    ("HSA-2027", "4", 1),
    ("HSA-2017", "2", 3),
    ("RBA", "2", 1),
]
ADMISSION_DOCS = [
    ("OK-BETALNINGSANSVAR", "2", 3),
    ("RL-AVVIKELSER", "5", 1),
    ("HSA-2027", "4", 1),
    ("HSA-2017", "2", 3),
    ("RBA", "2", 1),
]
PHYSICIAN_DOCS = [
    ("OK-LAKARANSVAR", "3", 3),
    ("HSA-2027", "2.2", 2),
    ("HSA-2017", "3", 3),
    ("PVA", "1", 1),
]
MEDICATION_REVIEW_DOCS = [
    ("OK-LAKARANSVAR", "2", 3),
    ("HSA-2027", "2.2", 1),
    ("HSA-2017", "3", 3),
    ("PVA", "1", 1),
]
SIP_DOCS = [
    ("RL-SIP", "3", 3),
    ("RUTIN-SIP", "1", 2),
    ("HSA-2027", "4", 1),
    ("HSA-2017", "2", 1),
    ("HSL", "16 kap. 4 §", 1),
]
ORAL_DOCS = [("OK-MUNHALSA", "2", 3), ("HSA-2017", "2", 1), ("RBA", "1", 1)]
PSYCH_DOCS = [("OK-PSYKISK", "2", 3), ("RL-SIP", "5", 1), ("HSA-2017", "2", 2), ("RBA", "1", 1)]
HOME_CARE_DOCS = [
    ("HSA-2027", "3", 2),
    ("HSA-2027", "2.3", 1),
    ("HSA-2017", "2", 3),
    ("HSL", "12 kap. 1 §", 1),
    ("RBA", "2", 1),
]
CARE_DOCS = [
    ("HSA-2027", "3", 2),
    ("RL-AVVIKELSER", "3", 1),
    ("HSA-2017", "2", 3),
    ("HSL", "5 kap. 1 §", 1),
    ("RBA", "2", 1),
]
CONTACT_DOCS = [
    ("RL-AVVIKELSER", "4", 2),
    ("HSA-2027", "4", 1),
    ("HSA-2017", "4", 2),
    ("RBA", "2", 1),
]
