"""What two parties disagree about, and how it goes on the ladder (the addendum presentation,
#HoSavtal2027, DOMAIN.md §3).

Each scenario says who raises it against whom (a disagreement about the physician
responsibility is raised against the region's primary care, never against a hospital), the
documents it rests on, the positions, the temporary solution when a patient is affected,
the reasons to escalate and the solutions at each step, and the lesson for the library.
"""

from dataclasses import dataclass

from samsyn.demo.generator.county_profiles import DENTAL, HOSPITAL, PRIMARY_CARE
from samsyn.demo.generator.scenarios.base import MUNICIPALITY, REGION


@dataclass(frozen=True)
class DisagreementScenario:
    category: str
    raised_by: str  # MUNICIPALITY or REGION
    region_side: str
    weight: float
    citations: list[tuple[str, str]]
    titles: list[str]
    question: str
    position_raiser: str
    position_other: str
    temporary_solution: str  # "" when no patient is directly affected
    escalate_reasons: tuple[str, str]  # step 1 → 2, step 2 → 3
    solutions: tuple[str, str, str]  # agreed at step 1, 2, 3
    lesson_title: str
    lesson: str
    settlement_basis: str = ""  # "" when money is not what the dispute is about
    settlement_range: tuple[int, int] = (20_000, 250_000)


DISAGREEMENT_SCENARIOS = [
    DisagreementScenario(
        category="Betalningsansvar",
        raised_by=REGION,
        region_side=HOSPITAL,
        weight=4,
        citations=[("OK-BETALNINGSANSVAR", "4"), ("OK-BETALNINGSANSVAR", "3"), ("HSA-2017", "2")],
        titles=[
            "Betalningsansvar för utskrivningsklara patienter",
            "Vårddygn efter utskrivningsklar – vem betalar?",
        ],
        question="Sjukhuset kräver ersättning för vårddygn efter att patienter bedömts "
        "utskrivningsklara. Kommunen menar att planeringen inte kunde starta i tid.",
        position_raiser="Patienterna var utskrivningsklara och kommunen har betalningsansvar "
        "från dagen efter.",
        position_other="Inskrivningsmeddelandet kom för sent; betalningsansvaret började "
        "senare än sjukhuset räknar med.",
        temporary_solution="",
        escalate_reasons=(
            "Enhetscheferna är oense om från vilket datum ansvaret gäller.",
            "Verksamhetscheferna når ingen samsyn om beloppet.",
        ),
        solutions=(
            "Parterna räknar betalningsansvaret från det datum då "
            "inskrivningsmeddelandet var komplett.",
            "Kommunen betalar för de vårddygn då planeringen kunde ha startat; övriga dygn stryks.",
            "Parterna delar kostnaden för vårddygnen enligt beslut på högsta nivå.",
        ),
        lesson_title="Betalningsansvar räknas från komplett inskrivningsmeddelande",
        lesson="Skicka inskrivningsmeddelandet komplett samma dag. Stäm av oklara datum på "
        "steg 1 innan beloppen växer.",
        settlement_basis="Kommunen betalar för de vårddygn då inskrivningsmeddelande och "
        "planering fanns, enligt överenskommelsen om betalningsansvar.",
        settlement_range=(40_000, 400_000),
    ),
    DisagreementScenario(
        category="In- och utskrivning",
        raised_by=MUNICIPALITY,
        region_side=HOSPITAL,
        weight=4,
        citations=[("OK-BETALNINGSANSVAR", "3"), ("HSA-2027", "4"), ("HSA-2017", "2")],
        titles=[
            "Utskrivningsinformation når hemsjukvården för sent",
            "Utskrivningar sent på dagen utan planering",
        ],
        question="Hemsjukvården får vårdplanen först efter att patienten kommit hem. "
        "Parterna är oense om när informationen ska skickas enligt rutinen.",
        position_raiser="Vårdplanen ska finnas hos hemsjukvården senast vid utskrivningen.",
        position_other="Sjukhuset skickar när läkaren signerat, vilket rutinen tillåter.",
        temporary_solution="Avdelningen ringer hemsjukvårdens samordnare före varje "
        "utskrivning och läser upp läkemedelslistan.",
        escalate_reasons=(
            "Ingen samsyn mellan enhetscheferna efter två möten.",
            "Frågan gäller sjukhusets arbetssätt i stort och kräver beslut högre upp.",
        ),
        solutions=(
            "Vårdplanen skickas senast klockan 12 dagen före utskrivning.",
            "Sjukhuset inför en kontrollpunkt: ingen utskrivning innan kommunen "
            "bekräftat att vårdplanen är mottagen.",
            "Parterna tar fram en gemensam rutin för utskrivningstider i området.",
        ),
        lesson_title="Vårdplanen före patienten: en kontrollpunkt vid utskrivning",
        lesson="En enkel bekräftelse från kommunen innan utskrivning löste det som möte "
        "efter möte inte löste. Bestäm klockslag, inte principer.",
    ),
    DisagreementScenario(
        category="Läkaransvar i kommunal primärvård",
        raised_by=MUNICIPALITY,
        region_side=PRIMARY_CARE,
        weight=4,
        citations=[("OK-LAKARANSVAR", "3"), ("HSA-2027", "2.2"), ("HSA-2017", "3"), ("PVA", "1")],
        titles=[
            "Läkarmedverkan i hemsjukvården under helger",
            "Hembesök av läkare inom avtalad tid",
        ],
        question="Vem ska göra läkarbesök hos patienter i hemsjukvården under helger och "
        "inom vilken tid?",
        position_raiser="Regionens läkaransvar gäller alla dagar; kommunen ska inte behöva "
        "skicka patienter till akuten.",
        position_other="Vårdcentralen ansvarar vardagar; helger ska kommunen larma jourläkare "
        "via 1177.",
        temporary_solution="Jourläkare gör hembesök helger efter samtal från kommunens "
        "sjuksköterska, tills frågan är löst.",
        escalate_reasons=(
            "Vårdcentralen och kommunen tolkar överenskommelsen olika.",
            "Frågan gäller hela primärvårdens uppdrag och kan inte lösas lokalt.",
        ),
        solutions=(
            "Vårdcentralen avsätter en läkare för helgbesök i hemsjukvården.",
            "Primärvården och kommunen inför en gemensam jourlinje för helger.",
            "Regionen förtydligar läkaransvaret dygnet runt i uppdraget till primärvården.",
        ),
        lesson_title="Läkaransvaret gäller även helger: en gemensam jourlinje",
        lesson="Överenskommelsen om läkaransvar gäller dygnet runt. En namngiven jourlinje "
        "gör ansvaret konkret för kommunens sjuksköterskor.",
        settlement_basis="Regionen ersätter kommunens merkostnad för akuta transporter när "
        "läkare inte fanns tillgänglig.",
        settlement_range=(15_000, 120_000),
    ),
    DisagreementScenario(
        category="Hjälpmedel och läkemedel",
        raised_by=MUNICIPALITY,
        region_side=HOSPITAL,
        weight=3,
        citations=[("OK-BETALNINGSANSVAR", "3"), ("HSA-2017", "2")],
        titles=[
            "Läkemedel saknas vid hemgång före helg",
            "Hjälpmedel ska finnas på plats vid hemkomsten",
        ],
        question="Patienter skrivs ut på fredag eftermiddag utan läkemedel och hjälpmedel "
        "för helgen.",
        position_raiser="Sjukhuset ska skicka med läkemedel till första vardagen och beställa "
        "hjälpmedel före utskrivning.",
        position_other="Apoteket ska kunna lösa ut recepten samma dag; hjälpmedel är "
        "kommunens ansvar.",
        temporary_solution="Avdelningen skickar med läkemedel till måndag tills frågan är löst.",
        escalate_reasons=(
            "Oense om vem som beställer hjälpmedel.",
            "Verksamhetscheferna kan inte enas om kostnadsansvaret.",
        ),
        solutions=(
            "Vid utskrivning fredag efter klockan 12 skickar avdelningen med "
            "läkemedel till och med måndag.",
            "Sjukhusets arbetsterapeut beställer hjälpmedel som behövs första dygnet.",
            "Kostnaden för hjälpmedel första dygnet delas lika.",
        ),
        lesson_title="Läkemedel till första vardagen vid utskrivning före helg",
        lesson="Ett enkelt klockslag i rutinen löste frågan på första linjens nivå.",
    ),
    DisagreementScenario(
        category="Samordnad individuell plan (SIP)",
        raised_by=MUNICIPALITY,
        region_side=PRIMARY_CARE,
        weight=2,
        citations=[("RL-SIP", "3"), ("RUTIN-SIP", "1"), ("HSL", "16 kap. 4 §")],
        titles=["Kallelse till SIP-möte besvaras inte", "Vem kallar till SIP efter utskrivning?"],
        question="Kallelser till samordnad individuell plan besvaras inte, och möten får "
        "ställas in.",
        position_raiser="Den som kallas ska svara inom fem arbetsdagar och delta.",
        position_other="Vårdcentralen har inte resurser att delta i alla möten och vill "
        "delta digitalt.",
        temporary_solution="",
        escalate_reasons=(
            "Fråga om bemanning som enhetscheferna inte råder över.",
            "Parterna är oense om hur riktlinjen ska tolkas.",
        ),
        solutions=(
            "Vårdcentralen deltar digitalt och svarar på kallelser inom fem arbetsdagar.",
            "Kallelse minst fem arbetsdagar före; vid brådska ringer den kallande "
            "parten och erbjuder digitalt möte.",
            "Parterna följer riktlinjen och rapporterar uteblivna möten kvartalsvis.",
        ),
        lesson_title="SIP-kallelse: fem arbetsdagar, annars telefon och digitalt möte",
        lesson="Brådskande SIP-möten behöver en egen väg i rutinen.",
    ),
    DisagreementScenario(
        category="Informationsöverföring",
        raised_by=REGION,
        region_side=HOSPITAL,
        weight=3,
        citations=[("OK-BETALNINGSANSVAR", "2"), ("HSA-2017", "2")],
        titles=[
            "Information från hemsjukvården vid akut inläggning",
            "Överrapportering när patienter kommer till akuten",
        ],
        question="Patienter kommer till akuten från kommunens boenden utan information om "
        "läkemedel och funktionsnivå.",
        position_raiser="Kommunen ska alltid skicka med en överrapportering.",
        position_other="Ambulanspersonalen hämtar informationen; kommunen saknar personal "
        "nattetid.",
        temporary_solution="",
        escalate_reasons=(
            "Ingen samsyn om vem som ansvarar nattetid.",
            "Frågan kräver beslut om bemanning på boendena.",
        ),
        solutions=(
            "Kommunen inför ett överrapporteringsblad som följer med patienten.",
            "Sjukhuset får läsbehörighet till kommunens läkemedelslista.",
            "Parterna inför gemensam digital överrapportering i hela området.",
        ),
        lesson_title="Överrapporteringsblad följer patienten till akuten",
        lesson="Ett papper i rätt hand löser mer än ett nytt IT-system. Börja med "
        "överrapporteringsbladet.",
    ),
    DisagreementScenario(
        category="Psykisk funktionsnedsättning och beroende",
        raised_by=MUNICIPALITY,
        region_side=HOSPITAL,
        weight=1.5,
        citations=[("OK-PSYKISK", "2"), ("RL-SIP", "5"), ("HSA-2017", "2")],
        titles=["Samordning vid utskrivning från psykiatrisk heldygnsvård"],
        question="Personer skrivs ut från psykiatrin utan att kommunens boendestöd är förberett.",
        position_raiser="Psykiatrin ska kalla till SIP innan utskrivning.",
        position_other="Utskrivningen kan inte vänta på ett möte; kommunen ska ha beredskap.",
        temporary_solution="Psykiatrin ringer kommunens boendestöd dagen före utskrivning.",
        escalate_reasons=(
            "Oense om vem som kallar till SIP.",
            "Frågan gäller överenskommelsens tolkning och kräver beslut på högsta nivå.",
        ),
        solutions=(
            "Psykiatrin kallar till SIP när utskrivning planeras.",
            "Gemensam rutin för utskrivning med boendestöd, följs upp varje kvartal.",
            "Parterna förtydligar ansvarsfördelningen i överenskommelsen.",
        ),
        lesson_title="Utskrivning från psykiatrin: kontakt med boendestödet dagen före",
        lesson="En telefonkontakt dagen före utskrivning förhindrade glapp i stödet.",
    ),
    DisagreementScenario(
        category="Munhälsa och tandvård",
        raised_by=MUNICIPALITY,
        region_side=DENTAL,
        weight=1,
        citations=[("OK-MUNHALSA", "2"), ("OK-MUNHALSA", "3")],
        titles=["Uppsökande munhälsobedömningar på särskilt boende"],
        question="Munhälsobedömningar på särskilt boende genomförs inte enligt plan.",
        position_raiser="Tandvården ska genomföra bedömningarna årligen enligt överenskommelsen.",
        position_other="Kommunen skickar inte uppdaterade listor över vilka som har rätt till "
        "bedömning.",
        temporary_solution="",
        escalate_reasons=("Ingen samsyn om listorna.", "Frågan kräver beslut om resurser."),
        solutions=(
            "Kommunen skickar listor kvartalsvis; tandvården bokar inom två veckor.",
            "Gemensam plan för bedömningar per boende.",
            "Parterna följer upp planen i delregional vårdsamverkan.",
        ),
        lesson_title="Munhälsobedömningar: uppdaterade listor varje kvartal",
        lesson="Planeringen av uppsökande tandvård bygger på kommunens listor; håll dem aktuella.",
    ),
    DisagreementScenario(
        category="Tolkning av avtal eller överenskommelse",
        raised_by=REGION,
        region_side=HOSPITAL,
        weight=2,
        citations=[("HSA-2027", "3"), ("HSA-2027", "2.3"), ("HSA-2017", "2"), ("RBA", "2")],
        titles=[
            "Hälso- och sjukvård i hemmet vid kortvarigt behov",
            "Kommunens ansvar för behandling i hemmet",
        ],
        question="Parterna tolkar ansvaret för hälso- och sjukvård i hemmet vid kortvarigt "
        "behov olika.",
        position_raiser="Kommunen ansvarar enligt avtalet när behovet är i hemmet.",
        position_other="Vid kortvarigt behov ansvarar regionen; kommunen tar över först vid "
        "långvarigt behov.",
        temporary_solution="Sjukhusets mobila team gör behandlingen tills ansvaret är utrett.",
        escalate_reasons=(
            "Oense om avtalets tolkning.",
            "Principfrågan gäller alla kommuner i området.",
        ),
        solutions=(
            "Parterna gör en helhetsbedömning i varje enskilt fall.",
            "Gemensam tolkning av avtalet tas fram i delregional vårdsamverkan.",
            "Frågan avgörs genom beslut på politisk nivå hos båda parterna.",
        ),
        lesson_title="Kortvarigt eller långvarigt behov: helhetsbedömning i varje fall",
        lesson="Avtalet ger utrymme för tolkning; en gemensam helhetsbedömning tidigt "
        "förhindrar att patienten hamnar mellan stolarna.",
        settlement_basis="Kommunen ersätter regionen för behandling i hemmet under perioden "
        "då ansvaret var kommunens.",
    ),
]

MEETING_NOTES = [
    "Parterna gick igenom händelserna och sina ståndpunkter. Överens om att ta fram underlag "
    "till nästa möte.",
    "Mötet klargjorde vad parterna är oense om. Båda parter tar frågan till sin ledning.",
    "Genomgång av avtalstexten. Parterna står fast vid sina tolkningar.",
    "Förslag på lösning diskuterades; parterna återkommer inom två veckor.",
]
THREAD_COMMENTS = [
    "Vi skickar vårt underlag inför mötet senast på fredag.",
    "Kan vi bjuda in samordnaren från delregional vårdsamverkan till nästa möte?",
    "Vi har stämt av med vår ledning och kan gå vidare med förslaget.",
]
ECONOMIC_AGREEMENT_AREAS = [
    (
        "Korttidsplatser vid utskrivning",
        "Kommunen tar emot utskrivningsklara patienter på korttidsboende inom tre dagar.",
        "Regionen betalar 2 400 kr per dygn för de två första dygnen.",
    ),
    (
        "Jourläkare i kommunal hemsjukvård",
        "Regionen ansvarar för jourläkare till kommunens hemsjukvård kvällar och helger.",
        "Kommunen betalar en fast avgift per kvartal för telefonrådgivning.",
    ),
    (
        "Intravenös behandling i hemmet",
        "Kommunens hemsjukvård ger intravenös behandling efter ordination från sjukhuset.",
        "Regionen ersätter kommunen med 950 kr per behandlingstillfälle.",
    ),
]
