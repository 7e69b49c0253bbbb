"""Deviations the region's providers report about a municipality (the 2024 report on deviations in
cooperation: for the region
most often "Vård och behandling")."""

from samsyn.demo.generator.county_profiles import DENTAL, HOSPITAL, PRIMARY_CARE
from samsyn.demo.generator.scenarios.base import (
    ADHERENCE,
    ADMISSION_DOCS,
    COMMUNICATION,
    DISCHARGE_DOCS,
    DOCUMENTATION,
    ECONOMIC,
    HOME_CARE_DOCS,
    KNOWLEDGE,
    MILD,
    MODERATE,
    NEAR_MISS,
    NO_ROUTINE,
    NONE,
    ORAL_DOCS,
    PHYSICIAN_DOCS,
    REGION,
    SIP_DOCS,
    STAFFING,
    TRUST,
    WORKLOAD,
    DeviationScenario,
)

REGION_REPORTS = [
    DeviationScenario(
        key="discharge_ready_not_collected",
        reported_by=REGION,
        region_side=HOSPITAL,
        category="In- och utskrivning",
        weight=14,
        topic="utskrivningsklar patient",
        causes={COMMUNICATION: 3, STAFFING: 4, ADHERENCE: 2},
        patient={NONE: 4, NEAR_MISS: 3, MILD: 1},
        organisation={ECONOMIC: 4, WORKLOAD: 3, TRUST: 1},
        citations=DISCHARGE_DOCS,
        disagreement="Betalningsansvar",
        titles=[
            "Utskrivningsklar patient kunde inte skrivas ut",
            "Kommunen tog inte emot utskrivningsklar patient i tid",
            "Vårdplaneringen startade inte efter inskrivningsmeddelande",
        ],
        descriptions=[
            "Patienten bedömdes utskrivningsklar på {avdelning} men kommunen kunde inte ta "
            "emot förrän {dagar} dagar senare. Patienten låg kvar i slutenvård utan "
            "medicinskt behov.",
            "Inskrivningsmeddelande skickades till kommunen dagen efter inläggning, men "
            "kommunens planering startade inte. Patienten fick vänta på korttidsplats.",
        ],
        proposals=["Kommunen bekräftar mottagandet av inskrivningsmeddelande samma dag."],
        analyses=[
            "Kommunen hade brist på korttidsplatser under perioden och ingen plan för "
            "tillfälliga lösningar.",
            "Inskrivningsmeddelandet lästes inte över helgen, eftersom kommunens "
            "planeringsenhet inte bevakar det gemensamma IT-stödet på lördagar och söndagar.",
        ],
        measures=[
            "Kommunens planeringsenhet bevakar IT-stödet även helger.",
            "Kommunen tar fram en plan för tillfälliga korttidsplatser vid hög belastning.",
        ],
    ),
    DeviationScenario(
        key="admission_information_missing",
        reported_by=REGION,
        region_side=HOSPITAL,
        category="Informationsöverföring",
        weight=10,
        topic="information vid inskrivning",
        causes={COMMUNICATION: 5, DOCUMENTATION: 3},
        patient={NONE: 3, NEAR_MISS: 4, MILD: 1},
        organisation={WORKLOAD: 5},
        citations=ADMISSION_DOCS,
        disagreement="Informationsöverföring",
        titles=[
            "Information från hemsjukvården saknades vid inläggning",
            "Ingen överrapportering när patienten kom till akuten från {enhet}",
        ],
        descriptions=[
            "Patienten kom till akuten från {enhet} {tid} utan någon information om "
            "aktuella läkemedel eller funktionsnivå. {Avdelning} fick söka uppgifterna i "
            "{timmar} timmar.",
            "Vid inläggningen saknades uppgift om att patienten hade hemsjukvård och "
            "{hjalpmedel}. Informationen kom först dagen efter.",
        ],
        proposals=["Överrapportering följer alltid med när patienten skickas till sjukhus."],
        analyses=[
            "Kommunens rutin för överrapportering vid akut transport är inte känd av "
            "nattpersonalen.",
        ],
        measures=[
            "Kommunen inför ett överrapporteringsblad som följer med patienten till sjukhus.",
            "Rutinen gås igenom med nattpersonalen i {enhet}.",
        ],
    ),
    DeviationScenario(
        key="municipal_medication_list_outdated",
        reported_by=REGION,
        region_side=HOSPITAL,
        category="Läkemedel i vårdens övergångar",
        weight=7,
        topic="kommunens läkemedelslista",
        causes={DOCUMENTATION: 4, COMMUNICATION: 3, ADHERENCE: 2},
        patient={NEAR_MISS: 5, MILD: 2, NONE: 1},
        organisation={WORKLOAD: 5},
        citations=ADMISSION_DOCS,
        titles=[
            "Inaktuell läkemedelslista från kommunen vid inläggning",
            "Dosetten stämde inte med läkemedelslistan",
        ],
        descriptions=[
            "Läkemedelslistan som följde med från {enhet} var inte uppdaterad. {Lakemedel} "
            "hade satts ut vid förra vårdtillfället men gavs fortfarande i hemmet.",
            "Patienten kom till {avdelning} med en dosett som inte stämde med den bifogade "
            "läkemedelslistan.",
        ],
        proposals=["Kommunen uppdaterar läkemedelslistan efter varje ändrad ordination."],
        analyses=[
            "Ändrade ordinationer förs in i kommunens lista först vid nästa "
            "dosettdelning; det finns ingen kontroll däremellan."
        ],
        measures=[
            "Kommunens sjuksköterska uppdaterar läkemedelslistan samma dag som en "
            "ordination ändras."
        ],
    ),
    DeviationScenario(
        key="sent_to_emergency_without_assessment",
        reported_by=REGION,
        region_side=HOSPITAL,
        category="Vård och behandling",
        weight=12,
        topic="akut transport utan bedömning",
        causes={KNOWLEDGE: 3, STAFFING: 3, COMMUNICATION: 3},
        patient={NEAR_MISS: 3, NONE: 3, MILD: 2},
        organisation={WORKLOAD: 4, ECONOMIC: 1},
        citations=HOME_CARE_DOCS,
        disagreement="Tolkning av avtal eller överenskommelse",
        titles=[
            "Patient skickad till akuten utan sjuksköterskebedömning",
            "Kommunen skickade patient till sjukhus {tid} utan kontakt",
            "Onödig akut transport från {enhet}",
        ],
        descriptions=[
            "Patienten skickades med ambulans från {enhet} {tid} utan att kommunens "
            "sjuksköterska gjort en bedömning. Besöket på akuten hade kunnat undvikas.",
            "En boende på {enhet} kom till akuten för en åkomma som kunde ha behandlats på "
            "plats. Ingen kontakt togs med ansvarig läkare innan.",
        ],
        proposals=[
            "Kommunens sjuksköterska bedömer alltid innan ambulans beställs, om inte "
            "läget är livshotande."
        ],
        analyses=[
            "Nattpersonalen i {enhet} har inte tillgång till sjuksköterska på plats och "
            "ringer ambulans när de är osäkra.",
            "Det saknas en gemensam rutin för bedömning före akut transport från särskilt boende.",
        ],
        measures=[
            "Kommunen inför en rutin för telefonbedömning av sjuksköterska innan "
            "ambulans beställs.",
            "Utbildning för nattpersonal i att bedöma akut försämring.",
        ],
    ),
    DeviationScenario(
        key="nurse_not_available",
        reported_by=REGION,
        region_side=HOSPITAL,
        category="Vård och behandling",
        weight=4,
        topic="kommunens sjuksköterska",
        causes={STAFFING: 5, COMMUNICATION: 1},
        patient={NEAR_MISS: 3, NONE: 2, MILD: 1},
        organisation={WORKLOAD: 3, ECONOMIC: 2},
        citations=HOME_CARE_DOCS,
        disagreement="Tolkning av avtal eller överenskommelse",
        titles=[
            "Kommunen kunde inte ta emot patient med {lakemedel} intravenöst",
            "Ingen sjuksköterska i hemsjukvården för planerad behandling",
        ],
        descriptions=[
            "Patienten kunde inte skrivas ut från {avdelning} eftersom kommunen saknade "
            "sjuksköterska som kunde ge {lakemedel} i hemmet. Vårdtiden förlängdes med "
            "{dagar} dagar.",
        ],
        proposals=["Kommunen säkerställer sjuksköterskekompetens för behandling i hemmet."],
        analyses=[
            "Kommunens hemsjukvård har vakanta sjukskötersketjänster och saknar "
            "kompetens för intravenös behandling kvällstid."
        ],
        measures=[
            "Kommunen tar fram en plan för kompetens i intravenös behandling.",
            "Sjukhuset och kommunen stämmer av behandlingar i hemmet vid planeringsmötet.",
        ],
    ),
    DeviationScenario(
        key="sip_municipality_did_not_convene",
        reported_by=REGION,
        region_side=HOSPITAL,
        category="SIP",
        weight=3,
        topic="kallelse till SIP",
        causes={COMMUNICATION: 3, ADHERENCE: 3},
        patient={NONE: 4, NEAR_MISS: 2},
        organisation={WORKLOAD: 3, TRUST: 2},
        citations=SIP_DOCS,
        disagreement="Samordnad individuell plan (SIP)",
        titles=[
            "Kommunen kallade inte till SIP trots begäran",
            "Kallelse till SIP-möte kom med en dags varsel",
        ],
        descriptions=[
            "Sjukhuset begärde SIP inför utskrivning, men kommunen kallade inte till något "
            "möte. Patienten skrevs ut utan plan.",
            "Kallelsen till SIP kom dagen före mötet. Ansvarig läkare kunde inte delta.",
        ],
        proposals=["Kallelse till SIP skickas minst fem arbetsdagar före mötet."],
        analyses=[
            "Kommunens biståndshandläggare känner inte till att sjukhuset kan begära "
            "SIP; begäran hamnade hos fel funktion."
        ],
        measures=["Kommunen utser en funktion som tar emot begäran om SIP från sjukhuset."],
    ),
    DeviationScenario(
        key="ordered_treatment_not_done",
        reported_by=REGION,
        region_side=PRIMARY_CARE,
        category="Vård och behandling",
        weight=9,
        topic="ordination som inte utfördes",
        causes={COMMUNICATION: 3, ADHERENCE: 4, DOCUMENTATION: 2},
        patient={NEAR_MISS: 4, MILD: 2, NONE: 2, MODERATE: 0.5},
        organisation={WORKLOAD: 3, TRUST: 2},
        citations=PHYSICIAN_DOCS,
        titles=[
            "Ordinerad provtagning utfördes inte av hemsjukvården",
            "Läkarens ordination om {lakemedel} verkställdes inte",
            "Uppföljande blodtryckskontroll blev inte av",
        ],
        descriptions=[
            "Vårdcentralens läkare ordinerade provtagning inom en vecka. {Enhet} utförde den "
            "inte, och justeringen av {lakemedel} dröjde {veckor} veckor.",
            "Ändrad dos av {lakemedel} ordinerades efter hembesöket, men ändringen infördes "
            "inte i kommunens läkemedelslista.",
        ],
        proposals=["Ordinationer till hemsjukvården kvitteras när de är mottagna."],
        analyses=[
            "Ordinationen skickades via telefon till en sjuksköterska som gick av sitt "
            "pass; den fördes inte vidare."
        ],
        measures=[
            "Ordinationer till hemsjukvården skickas skriftligt och kvitteras.",
            "Kommunen inför en överlämningsrutin mellan arbetspassen.",
        ],
    ),
    DeviationScenario(
        key="dental_no_access",
        reported_by=REGION,
        region_side=DENTAL,
        category="Avtal och överenskommelser",
        weight=2,
        topic="uppsökande tandvård",
        causes={COMMUNICATION: 4, NO_ROUTINE: 2},
        patient={NONE: 5},
        organisation={WORKLOAD: 3, ECONOMIC: 1},
        citations=ORAL_DOCS,
        disagreement="Munhälsa och tandvård",
        titles=[
            "Tandvården kunde inte genomföra bokat besök på {enhet}",
            "Ingen kontaktperson för munhälsa på {enhet}",
        ],
        descriptions=[
            "Tandhygienisten kom till {enhet} enligt bokning, men ingen personal visste om "
            "besöket och de boende var inte förberedda.",
        ],
        proposals=["Varje boende utser en kontaktperson för munhälsa."],
        analyses=["Bokningen skickades till en enhetschef som slutat; ingen ersättare fanns."],
        measures=["Kommunen utser kontaktpersoner för munhälsa och meddelar tandvården vid byte."],
    ),
]
