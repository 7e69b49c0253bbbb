"""The column layout of history files (docs/history-import.md): what the import reads and the
export writes, in this order. The headers are the file format, in Swedish, and do not change
with the page's language; an old system's own headers are mapped to them (ColumnMapping).

Each column says which kind of value it holds: a text, a date (YYYY-MM-DD, or an Excel date),
or a value looked up by name in Samsyn (a care provider, a document by its short code, a
classification value), after the profile's value mapping.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    key: str  # the field of deviations.services.ImportedCase it fills
    header: str  # the header in a file of the layout
    kind: str  # text | date | provider | document | category | consequence | ...
    required: bool = False
    label: str = ""


TEXT, DATE = "text", "date"
PROVIDER, DOCUMENT, CATEGORY = "provider", "document", "category"
CONSEQUENCE, ORGANISATION, EVENT_TYPE = "consequence", "organisation_consequence", "event_type"

COLUMNS = (
    Column("source_id", "Id", TEXT, True, _("id in the old system")),
    Column("import_source", "Källa", TEXT, False, _("source system")),
    Column("reporting_provider", "Rapporterande vårdgivare", PROVIDER, True),
    Column("counterpart_provider", "Mottagande vårdgivare", PROVIDER, True),
    Column("event_date", "Händelsedatum", DATE, True),
    Column("registered_on", "Registrerad", DATE),
    Column("closed_on", "Avslutad", DATE, True),
    Column("event_type", "Typ", EVENT_TYPE),
    Column("title", "Rubrik", TEXT, True),
    Column("description", "Beskrivning", TEXT, True),
    Column("document", "Styrdokument", DOCUMENT, True),
    Column("category", "Kategori", CATEGORY, True),
    Column("secondary_category", "Sekundär kategori", CATEGORY),
    Column("patient_consequence", "Konsekvens fysisk", CONSEQUENCE),
    Column("psychological_consequence", "Konsekvens psykisk", CONSEQUENCE),
    Column("potential_consequence", "Möjlig konsekvens", CONSEQUENCE),
    Column("organisation_consequence", "Konsekvens för organisationen", ORGANISATION),
    Column("other_explanation", "Förklaring av annat", TEXT),
    Column("analysis", "Analys", TEXT),
    Column("answer", "Svar", TEXT),
)
BY_KEY = {c.key: c for c in COLUMNS}
HEADERS = [c.header for c in COLUMNS]
# The kinds of value a profile maps from the old system's words to Samsyn's.
MAPPED_KINDS = (PROVIDER, DOCUMENT, CATEGORY, CONSEQUENCE, ORGANISATION, EVENT_TYPE)
# What the export writes for a case reported in Samsyn (its id is the case number).
SAMSYN_SOURCE = "Samsyn"
