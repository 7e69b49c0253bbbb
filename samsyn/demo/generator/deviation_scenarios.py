"""What goes wrong between whom: the catalogue each generated case is drawn from.

A scenario holds everything that must agree within one case (seed 004, DOMAIN.md §2): who
reports whom (a municipality reports the region's hospital, primary care or dental care for
*their* failure, and the region reports the municipality for the municipality's), the
category, the likely causes and consequences, the documents that can be cited, and the
Swedish texts for the report, the analysis and the measures. Shares follow the county's 2024
report: municipalities most often report "Läkemedel i vårdens övergångar", the region
"Vård och behandling"; discharge and information transfer are the most common events;
communication between providers is the most common cause.

Texts use the slots of vocabulary.py ({avdelning}, {enhet}, {tid} …) and
{motpart}/{rapportor} for the two providers' names.
"""

from dataclasses import dataclass, field

from samsyn.demo.generator.county_profiles import DENTAL, HOSPITAL, PRIMARY_CARE

MUNICIPALITY, REGION = "municipality", "region"

COMMUNICATION = "Kommunikationsbrist mellan vårdgivare"
ADHERENCE = "Bristande rutinföljsamhet"
NO_ROUTINE = "Rutin saknas eller är oklar"
DOCUMENTATION = "Bristande dokumentation"
KNOWLEDGE = "Kunskap eller utbildning saknas"
STAFFING = "Bemanning eller arbetsbelastning"
IT = "Teknik eller IT-stöd"

NONE, NEAR_MISS, MILD, MODERATE, SEVERE, DEATH = (
    "Ingen", "Risk för vårdskada (tillbud)", "Lindrig vårdskada", "Måttlig vårdskada",
    "Allvarlig vårdskada", "Dödsfall",
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


DISCHARGE_DOCS = [("OK-BETALNINGSANSVAR", "3", 3), ("RL-AVVIKELSER", "5", 2), ("HSA-2027", "4", 1),
                  ("HSA-2017", "2", 3), ("RBA", "2", 1)]
ADMISSION_DOCS = [("OK-BETALNINGSANSVAR", "2", 3), ("RL-AVVIKELSER", "5", 1), ("HSA-2027", "4", 1),
                  ("HSA-2017", "2", 3), ("RBA", "2", 1)]
PHYSICIAN_DOCS = [("OK-LAKARANSVAR", "3", 3), ("HSA-2027", "2.2", 2), ("HSA-2017", "3", 3),
                  ("PVA", "1", 1)]
MEDICATION_REVIEW_DOCS = [("OK-LAKARANSVAR", "2", 3), ("HSA-2027", "2.2", 1), ("HSA-2017", "3", 3),
                          ("PVA", "1", 1)]
SIP_DOCS = [("RL-SIP", "3", 3), ("RUTIN-SIP", "1", 2), ("HSA-2027", "4", 1), ("HSA-2017", "2", 1),
            ("HSL", "16 kap. 4 §", 1)]
ORAL_DOCS = [("OK-MUNHALSA", "2", 3), ("HSA-2017", "2", 1), ("RBA", "1", 1)]
PSYCH_DOCS = [("OK-PSYKISK", "2", 3), ("RL-SIP", "5", 1), ("HSA-2017", "2", 2), ("RBA", "1", 1)]
HOME_CARE_DOCS = [("HSA-2027", "3", 2), ("HSA-2027", "2.3", 1), ("HSA-2017", "2", 3),
                  ("HSL", "12 kap. 1 §", 1), ("RBA", "2", 1)]
CARE_DOCS = [("HSA-2027", "3", 2), ("RL-AVVIKELSER", "3", 1), ("HSA-2017", "2", 3),
             ("HSL", "5 kap. 1 §", 1), ("RBA", "2", 1)]
CONTACT_DOCS = [("RL-AVVIKELSER", "4", 2), ("HSA-2027", "4", 1), ("HSA-2017", "4", 2),
                ("RBA", "2", 1)]

GENERIC_FOLLOW_UPS = [
    "Stickprov på {antal} utskrivningar de senaste {veckor} veckorna visar att det nya "
    "arbetssättet följs. Inga nya avvikelser av samma slag har rapporterats.",
    "Åtgärden följdes upp på arbetsplatsträff och i samverkansmöte med {rapportor}. "
    "Arbetssättet fungerar; en ny uppföljning görs om ett halvår.",
    "Uppföljning efter {veckor} veckor: rutinen är känd och används. En liknande händelse "
    "har inträffat en gång och hanterades enligt den nya rutinen.",
    "Genomgång av {antal} ärenden visar att bristen är åtgärdad. Frågan lyfts även i "
    "delregional vårdsamverkan för att andra ska kunna lära av den.",
]

DEVIATION_SCENARIOS = [
    # ---------------------------------------------------------------- municipality reports
    DeviationScenario(
        key="discharge_medication_list", reported_by=MUNICIPALITY, region_side=HOSPITAL,
        category="Läkemedel i vårdens övergångar", weight=16,
        topic="läkemedelslistan vid utskrivning",
        causes={COMMUNICATION: 5, ADHERENCE: 4, DOCUMENTATION: 2, IT: 1},
        patient={NONE: 2, NEAR_MISS: 6, MILD: 2, MODERATE: 0.6, SEVERE: 0.1},
        organisation={WORKLOAD: 6, TRUST: 2, ORG_NONE: 1},
        citations=DISCHARGE_DOCS, disagreement="In- och utskrivning",
        titles=["Läkemedelslista saknades vid utskrivning",
                "Inaktuell läkemedelslista följde med från {avdelning}",
                "Läkemedelslistan stämde inte med ordinationen vid hemgång"],
        descriptions=[
            "Patienten skrevs ut från {avdelning} till {enhet} {tid}. Ingen aktuell "
            "läkemedelslista följde med, och kvällens doser av {lakemedel} kunde inte ges "
            "enligt ordination förrän sjuksköterskan nått avdelningen.",
            "Vid hemkomsten från {avdelning} fanns en läkemedelslista som inte var uppdaterad. "
            "{Lakemedel} hade satts ut på sjukhuset men stod kvar på listan, och {enhet} "
            "fick vänta {timmar} timmar på besked.",
            "Patienten kom till {enhet} med en läkemedelslista där {lakemedel} saknades, trots "
            "att epikrisen nämnde att behandlingen skulle fortsätta. Sjuksköterskan upptäckte "
            "skillnaden vid kontrollen av dosetten.",
        ],
        proposals=["Skicka alltid den aktuella läkemedelslistan digitalt innan patienten "
                   "lämnar avdelningen.",
                   "Inför en kontroll av läkemedelslistan mot ordinationen vid utskrivning.",
                   "Ring {enhet} när ordinationen ändrats under vårdtiden."],
        analyses=[
            "Läkemedelslistan uppdateras först när epikrisen signeras, vilket ofta sker efter "
            "att patienten lämnat avdelningen. Det saknas en gemensam kontrollpunkt där båda "
            "vårdgivarna bekräftar att listan har kommit fram.",
            "Rutinen för läkemedelsavstämning vid utskrivning finns men är inte känd hos "
            "vikarier och nyanställda på {avdelning}. Kvällsutskrivningar saknar en ansvarig "
            "sjuksköterska för avstämningen.",
        ],
        measures=["Läkemedelslistan skickas digitalt innan patienten lämnar avdelningen; "
                  "ansvarig sjuksköterska kvitterar i checklistan.",
                  "Introduktionen för nyanställda på {avdelning} kompletteras med rutinen för "
                  "läkemedelsavstämning.",
                  "Gemensam genomgång av rutinen med {enhet} på nästa samverkansmöte."],
    ),
    DeviationScenario(
        key="weekend_medicines", reported_by=MUNICIPALITY, region_side=HOSPITAL,
        category="Läkemedel i vårdens övergångar", weight=7,
        topic="läkemedel inför helg",
        causes={COMMUNICATION: 3, ADHERENCE: 4, NO_ROUTINE: 2},
        patient={NEAR_MISS: 5, MILD: 3, MODERATE: 0.7, NONE: 1},
        organisation={WORKLOAD: 5, ECONOMIC: 1, TRUST: 2},
        citations=DISCHARGE_DOCS, disagreement="Hjälpmedel och läkemedel",
        titles=["Läkemedel saknades över helgen efter utskrivning",
                "Inga läkemedel med vid hemgång {tid}",
                "Recept på {lakemedel} var inte utfärdat vid utskrivning"],
        descriptions=[
            "Patienten skrevs ut {tid} utan läkemedel för helgen. Recept på {lakemedel} var "
            "inte utfärdat, och apoteket hade stängt när {enhet} upptäckte det.",
            "{Enhet} tog emot en patient från {avdelning} som saknade {lakemedel} till och "
            "med måndagen. Jourläkare fick kontaktas för en tillfällig ordination.",
        ],
        proposals=["Skicka med läkemedel till första vardagen vid utskrivning före helg.",
                   "Utfärda recept senast dagen före planerad utskrivning."],
        analyses=[
            "Utskrivningar inför helg planeras sent, och ansvaret för att läkemedel finns "
            "till första vardagen är inte beskrivet i den gemensamma rutinen.",
            "Läkaren utfärdade receptet först efter ronden, efter att patienten redan åkt. "
            "Rutinen följdes inte eftersom avdelningen hade hög arbetsbelastning.",
        ],
        measures=["Vid utskrivning fredag efter klockan 12 skickar avdelningen med läkemedel "
                  "till och med måndag.",
                  "Recept utfärdas vid beslut om utskrivning, inte efter ronden."],
    ),
    DeviationScenario(
        key="unclear_prescription", reported_by=MUNICIPALITY, region_side=HOSPITAL,
        category="Läkemedel i vårdens övergångar", weight=6,
        topic="otydlig ordination",
        causes={DOCUMENTATION: 5, COMMUNICATION: 3, KNOWLEDGE: 1},
        patient={NEAR_MISS: 5, MILD: 2, MODERATE: 1, NONE: 1},
        organisation={WORKLOAD: 6, ORG_NONE: 1},
        citations=DISCHARGE_DOCS,
        titles=["Otydlig ordination av {lakemedel} vid utskrivning",
                "Två olika doser angavs i utskrivningshandlingarna"],
        descriptions=[
            "Ordinationen vid utskrivning angav två olika doser {lakemedel}. Sjuksköterskan i "
            "{enhet} fick ringa {avdelning}, som inte kunde svara förrän nästa dag.",
            "Epikrisen och läkemedelslistan gav olika besked om {lakemedel}. {Enhet} gav den "
            "lägre dosen i väntan på besked från sjukhuset.",
        ],
        proposals=["Dubbelkontroll av ordinationer innan utskrivning.",
                   "Ett direktnummer till avdelningens läkare för frågor om ordinationer."],
        analyses=[
            "Ordinationen ändrades under vårdtiden men ändringen fördes inte över till "
            "läkemedelslistan. Ingen kontroll görs av att epikris och lista stämmer överens.",
        ],
        measures=["Sjuksköterska och läkare stämmer av läkemedelslistan mot epikrisen före "
                  "utskrivning.",
                  "Avdelningen inför ett direktnummer för frågor om ordinationer dygnet runt."],
    ),
    DeviationScenario(
        key="discharge_without_notice", reported_by=MUNICIPALITY, region_side=HOSPITAL,
        category="In- och utskrivning", weight=12,
        topic="utskrivning utan besked",
        causes={COMMUNICATION: 6, ADHERENCE: 3, IT: 1},
        patient={NONE: 3, NEAR_MISS: 5, MILD: 2},
        organisation={WORKLOAD: 5, TRUST: 3},
        citations=DISCHARGE_DOCS, disagreement="In- och utskrivning",
        titles=["Utskrivningsmeddelande kom efter hemkomst",
                "Patient utskriven utan att kommunen fått besked",
                "Planering inför utskrivning påbörjades inte i tid"],
        descriptions=[
            "Meddelande om utskrivningsklar patient kom till kommunen {timmar} timmar efter att "
            "patienten redan var hemma. {Enhet} var inte planerad och fick ordnas i efterhand.",
            "Patienten skrevs ut från {avdelning} {tid} utan att kommunen hade fått något "
            "utskrivningsmeddelande. Anhöriga ringde {enhet} och berättade att patienten var "
            "på väg hem.",
            "Inskrivningsmeddelandet kom till kommunen först dagen före utskrivning. Planeringen "
            "kunde inte göras i tid och hemtjänsten var inte bemannad för det ökade behovet.",
        ],
        proposals=["Följ tidsgränsen för utskrivningsmeddelande i överenskommelsen.",
                   "Skicka utskrivningsmeddelande senast dagen före planerad utskrivning."],
        analyses=[
            "Utskrivningsmeddelandet skickas när epikrisen är klar, inte när beslutet om "
            "utskrivning fattas. Det saknas en kontroll av att kommunen har fått meddelandet "
            "innan patienten lämnar avdelningen.",
            "Meddelandet skrevs i journalen men skickades aldrig i det gemensamma IT-stödet. "
            "Personalen på {avdelning} kände inte till att det är två olika steg.",
        ],
        measures=["Utskrivningsmeddelande skickas senast vid beslut om utskrivning; "
                  "avdelningen kontrollerar att det är mottaget.",
                  "Utbildning i det gemensamma IT-stödet för planering för personalen på "
                  "{avdelning}."],
    ),
    DeviationScenario(
        key="late_evening_discharge", reported_by=MUNICIPALITY, region_side=HOSPITAL,
        category="In- och utskrivning", weight=6,
        topic="sen utskrivning",
        causes={COMMUNICATION: 3, STAFFING: 4, ADHERENCE: 2},
        patient={NEAR_MISS: 4, MILD: 3, NONE: 2},
        organisation={WORKLOAD: 5, TRUST: 3},
        citations=DISCHARGE_DOCS, disagreement="In- och utskrivning",
        titles=["Utskrivning sent på kvällen utan kontakt",
                "Patient hemskickad {tid} till {enhet}"],
        descriptions=[
            "Patienten skrevs ut från {avdelning} {tid} och kom hem utan att {enhet} var "
            "kontaktad. Ingen personal fanns på plats, och patienten satt ensam i "
            "{timmar} timmar.",
            "{Enhet} fick en patient {tid} med ett ökat omvårdnadsbehov som inte var "
            "förmedlat. Nattpersonalen kunde inte ta emot på ett säkert sätt.",
        ],
        proposals=["Undvik utskrivningar efter klockan 18 om inte kommunen bekräftat att "
                   "mottagandet är ordnat."],
        analyses=[
            "Platsbristen på sjukhuset gör att utskrivningar sker sent på dagen. Det finns "
            "ingen gemensam överenskommelse om tider för utskrivning till {enhet}.",
        ],
        measures=["Utskrivning efter klockan 18 sker bara efter telefonkontakt med kommunens "
                  "sjuksköterska.",
                  "Avdelningen planerar utskrivningar till förmiddagen i sitt dagliga "
                  "platsmöte."],
    ),
    DeviationScenario(
        key="missing_aids", reported_by=MUNICIPALITY, region_side=HOSPITAL,
        category="In- och utskrivning", weight=6,
        topic="hjälpmedel vid hemgång",
        causes={COMMUNICATION: 3, NO_ROUTINE: 4, ADHERENCE: 2},
        patient={NEAR_MISS: 5, MILD: 2, NONE: 1},
        organisation={WORKLOAD: 5, ECONOMIC: 1},
        citations=DISCHARGE_DOCS, disagreement="Hjälpmedel och läkemedel",
        titles=["Hjälpmedel saknades vid hemgång",
                "{Hjalpmedel} var inte beställd före utskrivning"],
        descriptions=[
            "Patienten skickades hem utan den {hjalpmedel} som arbetsterapeuten på sjukhuset "
            "bedömt nödvändig. Fallrisk i hemmet första natten.",
            "Enligt vårdplanen skulle {hjalpmedel} finnas i hemmet vid hemkomsten, men ingen "
            "beställning var gjord. {Enhet} fick låna från korttidsboendet.",
        ],
        proposals=["Checklista för hjälpmedel före hemgång.",
                   "Beställ hjälpmedel samtidigt som utskrivningsmeddelandet skickas."],
        analyses=[
            "Ansvaret för att beställa hjälpmedel före hemgång är inte beskrivet i den "
            "gemensamma rutinen; sjukhusets arbetsterapeut och kommunen trodde båda att den "
            "andra skulle göra det.",
        ],
        measures=["Ansvaret för beställning av hjälpmedel förs in i den lokala rutinen för "
                  "utskrivning.",
                  "Checklista för hjälpmedel före hemgång införs på {avdelning}."],
    ),
    DeviationScenario(
        key="discharge_summary_care_needs", reported_by=MUNICIPALITY, region_side=HOSPITAL,
        category="Informationsöverföring", weight=10,
        topic="omvårdnadsinformation i epikrisen",
        causes={DOCUMENTATION: 5, COMMUNICATION: 4, IT: 1},
        patient={NONE: 2, NEAR_MISS: 4, MILD: 3, MODERATE: 0.5},
        organisation={WORKLOAD: 5, ORG_NONE: 2},
        citations=DISCHARGE_DOCS, disagreement="Informationsöverföring",
        titles=["Epikris saknade uppgift om sårbehandling",
                "Omvårdnadsinformation saknades vid utskrivning",
                "Information om kateter följde inte med från {avdelning}"],
        descriptions=[
            "Epikrisen nämnde inte att patienten hade ett trycksår som behövde omläggning "
            "varannan dag. {Enhet} upptäckte det vid första hembesöket.",
            "Patienten kom hem med kvarliggande kateter. Varken epikrisen eller "
            "omvårdnadsepikrisen angav när katetern skulle bytas eller tas bort.",
            "Uppgift om att patienten behövde syrgas via {hjalpmedel} fanns inte i "
            "utskrivningshandlingarna. {Enhet} fick veta det av anhöriga.",
        ],
        proposals=["Standardiserad rubrik för omvårdnadsbehov i epikrisen.",
                   "Omvårdnadsepikris skickas alltid vid utskrivning till kommunal hälso- och "
                   "sjukvård."],
        analyses=[
            "Omvårdnadsepikris skrivs bara när det finns tid; det finns ingen kontroll av att "
            "den följer med. Mallen saknar rubrik för sår, katetrar och andra "
            "behandlingar som fortsätter i hemmet.",
            "Informationen fanns i journalen men fördes inte över, eftersom {avdelning} och "
            "kommunen använder olika journalsystem och överföringen görs manuellt.",
        ],
        measures=["Mallen för omvårdnadsepikris kompletteras med rubriker för pågående "
                  "behandlingar.",
                  "Omvårdnadsepikrisen kontrolleras vid utskrivningssamtalet av ansvarig "
                  "sjuksköterska."],
    ),
    DeviationScenario(
        key="unreachable_ward", reported_by=MUNICIPALITY, region_side=HOSPITAL,
        category="Informationsöverföring", weight=4,
        topic="kontakt med avdelningen",
        causes={COMMUNICATION: 5, STAFFING: 3},
        patient={NONE: 4, NEAR_MISS: 3},
        organisation={WORKLOAD: 4, TRUST: 4},
        citations=CONTACT_DOCS,
        titles=["Telefonkontakt med avdelningen omöjlig",
                "Ingen svarade på {avdelning} under {timmar} timmar"],
        descriptions=[
            "Kommunens sjuksköterska försökte under {timmar} timmar nå {avdelning} för att "
            "stämma av en utskrivning. Ingen svarade och ingen ringde tillbaka.",
            "{Enhet} behövde besked om en ordination efter hemgång men nådde varken "
            "avdelningen eller ansvarig läkare under hela eftermiddagen.",
        ],
        proposals=["Ett direktnummer för vårdplanering som bemannas dagtid.",
                   "Återuppringning inom en timme när kommunen söker avdelningen."],
        analyses=[
            "Avdelningens telefon bemannas av den sjuksköterska som också har patientansvar. "
            "Det finns ingen särskild kontaktväg för samverkan med kommunen.",
        ],
        measures=["Ett direktnummer för samverkan och vårdplanering inrättas och bemannas "
                  "vardagar 8–16.",
                  "Rutin för återuppringning inom en timme införs."],
    ),
    DeviationScenario(
        key="patient_transport", reported_by=MUNICIPALITY, region_side=HOSPITAL,
        category="Annat", weight=2, always_other=True,
        topic="transport mellan vårdgivare",
        causes={COMMUNICATION: 3, DOCUMENTATION: 3, IT: 1},
        patient={MILD: 3, NEAR_MISS: 3, NONE: 1},
        organisation={WORKLOAD: 3, TRUST: 2},
        citations=DISCHARGE_DOCS,
        titles=["Transport beställdes till fel adress",
                "Liggande transport kom inte till {enhet}"],
        descriptions=[
            "Liggande transport hämtade patienten på {avdelning} men körde till den gamla "
            "adressen. Patienten väntade en timme i fordonet innan rätt adress var klar.",
            "Sjukhuset beställde transport hem {tid}, men {enhet} fick inte veta tiden. "
            "Patienten kom till ett låst boende och fick vänta utanför.",
        ],
        proposals=["Kontrollera adressen i journalen mot folkbokföringen vid beställning.",
                   "Meddela kommunen tiden för transporten när den är bokad."],
        analyses=[
            "Adressen i sjukhusets journal hade inte uppdaterats efter flytten till "
            "{enhet}. Transportbeställningen hämtar adressen automatiskt utan kontroll.",
            "Transporttiden bokas av sjukhuset men meddelas inte kommunen; rutinen säger inget "
            "om vem som ska informera mottagaren.",
        ],
        measures=["Adressen kontrolleras med patienten eller kommunen vid beställning av "
                  "transport.",
                  "Kommunen får bokad transporttid i utskrivningsmeddelandet."],
    ),
    DeviationScenario(
        key="palliative_prescription", reported_by=MUNICIPALITY, region_side=HOSPITAL,
        category="Vård och behandling", weight=3,
        topic="ordination i livets slutskede",
        causes={COMMUNICATION: 3, DOCUMENTATION: 3, KNOWLEDGE: 1},
        patient={MILD: 3, MODERATE: 2, NEAR_MISS: 2, SEVERE: 0.3},
        organisation={WORKLOAD: 3, TRUST: 3},
        citations=CARE_DOCS,
        titles=["Vid behovs-ordinationer saknades i livets slutskede",
                "Palliativ patient utskriven utan ordination vid behov"],
        descriptions=[
            "En patient i livets slutskede skrevs ut till {enhet} utan ordinationer vid "
            "behov mot smärta och oro. Jourläkare fick kontaktas samma natt.",
            "Brytpunktssamtal var genomfört på {avdelning}, men det framgick inte av "
            "utskrivningshandlingarna. {Enhet} saknade underlag för vården i hemmet.",
        ],
        proposals=["Ordinationer vid behov ska alltid finnas vid utskrivning i palliativt "
                   "skede."],
        analyses=[
            "Det saknas en gemensam checklista för utskrivning i livets slutskede, och "
            "ansvaret för ordinationer vid behov är otydligt mellan sjukhuset och "
            "primärvården.",
        ],
        measures=["Checklista för utskrivning i palliativt skede införs på {avdelning}.",
                  "Gemensam utbildning om brytpunktssamtal för sjukhuset och kommunen."],
    ),
    DeviationScenario(
        key="self_care_assessment", reported_by=MUNICIPALITY, region_side=HOSPITAL,
        category="Egenvård", weight=1.5,
        topic="egenvårdsbedömning",
        causes={NO_ROUTINE: 3, KNOWLEDGE: 3, COMMUNICATION: 2},
        patient={NEAR_MISS: 4, MILD: 2, NONE: 1},
        organisation={WORKLOAD: 4},
        citations=HOME_CARE_DOCS,
        titles=["Egenvårdsbedömning gjordes inte före hemgång",
                "Oklart om {lakemedel} var egenvård"],
        descriptions=[
            "Patienten förväntades sköta sin behandling med {lakemedel} själv, men ingen "
            "egenvårdsbedömning var gjord och patienten klarade det inte. {Enhet} fick ta "
            "över utan ordination.",
        ],
        proposals=["Egenvårdsbedömning dokumenteras innan utskrivning."],
        analyses=[
            "Egenvårdsbedömning görs inte rutinmässigt på {avdelning}; personalen känner inte "
            "till den gemensamma rutinen för egenvård.",
        ],
        measures=["Egenvårdsbedömning läggs in som en punkt i checklistan inför utskrivning."],
    ),
    DeviationScenario(
        key="psychiatry_discharge", reported_by=MUNICIPALITY, region_side=HOSPITAL,
        category="Informationsöverföring", weight=3,
        topic="utskrivning från psykiatrin",
        causes={COMMUNICATION: 5, NO_ROUTINE: 2},
        patient={NEAR_MISS: 4, MILD: 2, NONE: 2},
        organisation={WORKLOAD: 4, TRUST: 2},
        citations=PSYCH_DOCS, disagreement="Psykisk funktionsnedsättning och beroende",
        titles=["Utskrivning från psykiatrin utan samordning",
                "Boendestödet fick inte veta att patienten skrivits ut"],
        descriptions=[
            "En person med psykisk funktionsnedsättning skrevs ut från psykiatrisk vård utan "
            "att kommunens boendestöd kontaktades. Det dröjde {dagar} dagar innan stödet "
            "kom i gång.",
            "Planerad SIP inför utskrivning från psykiatrin genomfördes inte. Kommunen fick "
            "besked först när personen redan var hemma.",
        ],
        proposals=["SIP-möte före utskrivning från psykiatrisk heldygnsvård."],
        analyses=[
            "Psykiatrins rutin för utskrivning hänvisar inte till överenskommelsen om "
            "samverkan kring personer med psykisk funktionsnedsättning.",
        ],
        measures=["Psykiatrins utskrivningsrutin kompletteras med kontakt med kommunens "
                  "boendestöd.",
                  "Kallelse till SIP skickas när utskrivning planeras."],
    ),
    DeviationScenario(
        key="complaint_treatment", reported_by=MUNICIPALITY, region_side=HOSPITAL,
        category="Synpunkter och klagomål", weight=1.5,
        topic="synpunkter på bemötande i samverkan",
        causes={COMMUNICATION: 4, STAFFING: 1},
        patient={NONE: 6},
        organisation={TRUST: 5, ORG_NONE: 1},
        citations=CONTACT_DOCS,
        titles=["Synpunkter och klagomål: bemötande vid telefonkontakt",
                "Synpunkter och klagomål på återkopplingen från {motpart}"],
        descriptions=[
            "Kommunens sjuksköterska upplevde att hon inte blev lyssnad på när hon ringde "
            "{avdelning} om en patients försämring. Samtalet avslutades utan besked.",
            "Kommunen har vid flera tillfällen inte fått någon återkoppling på rapporterade "
            "avvikelser från {motpart}.",
        ],
        proposals=["Samverkansmöte om hur parterna kontaktar varandra."],
        analyses=[
            "Det saknas en gemensam bild av hur kontakter mellan vårdgivarna ska tas emot. "
            "Hög belastning på avdelningen bidrog till bemötandet.",
        ],
        measures=["Frågan tas upp på samverkansmöte och på avdelningens arbetsplatsträff."],
    ),
    DeviationScenario(
        key="physician_visit_missed", reported_by=MUNICIPALITY, region_side=PRIMARY_CARE,
        category="Avtal och överenskommelser", weight=8,
        topic="läkarmedverkan i hemsjukvården",
        causes={ADHERENCE: 4, STAFFING: 4, COMMUNICATION: 2},
        patient={NEAR_MISS: 5, MILD: 2, NONE: 2, MODERATE: 0.5},
        organisation={WORKLOAD: 4, TRUST: 4},
        citations=PHYSICIAN_DOCS, disagreement="Läkaransvar i kommunal primärvård",
        titles=["Avtalad läkarkontakt uteblev",
                "Hembesök av läkare gjordes inte inom avtalad tid",
                "Läkare från vårdcentralen kom inte på planerat hembesök"],
        descriptions=[
            "Läkare från vårdcentralen skulle enligt överenskommelsen göra hembesök inom en "
            "vecka efter utskrivning. Inget besök gjordes på {veckor} veckor trots påminnelser "
            "från {enhet}.",
            "Planerat hembesök av läkare ställdes in utan att {enhet} fick besked. Patienten "
            "väntade på en bedömning av {lakemedel} som inte blev av.",
        ],
        proposals=["Bevaka hembesök i vårdcentralens planering.",
                   "Ett fast veckomöte mellan vårdcentralens läkare och kommunens "
                   "sjuksköterskor."],
        analyses=[
            "Vårdcentralen har haft vakanser och hyrläkare som inte känner till åtagandet "
            "om hembesök i kommunal hälso- och sjukvård.",
            "Bokningen av hembesök görs i två olika system, och ändringar når inte kommunen.",
        ],
        measures=["Vårdcentralen utser en fast läkare för hembesök i kommunal hälso- och "
                  "sjukvård.",
                  "Inställda hembesök meddelas {enhet} samma dag."],
    ),
    DeviationScenario(
        key="medication_review_missing", reported_by=MUNICIPALITY, region_side=PRIMARY_CARE,
        category="Läkemedel i vårdens övergångar", weight=4,
        topic="läkemedelsgenomgång",
        causes={ADHERENCE: 4, STAFFING: 3, NO_ROUTINE: 1},
        patient={NEAR_MISS: 4, NONE: 3, MILD: 1},
        organisation={WORKLOAD: 4},
        citations=MEDICATION_REVIEW_DOCS, disagreement="Läkaransvar i kommunal primärvård",
        titles=["Läkemedelsgenomgång genomfördes inte",
                "Ingen läkemedelsgenomgång efter inflyttning på {enhet}"],
        descriptions=[
            "Patienten flyttade till {enhet} och skulle enligt rutinen få en "
            "läkemedelsgenomgång inom {veckor} veckor. Den är fortfarande inte gjord.",
            "Patienten använder {antal} läkemedel, bland annat {lakemedel}. Kommunens "
            "sjuksköterska har begärt läkemedelsgenomgång utan att få någon tid.",
        ],
        proposals=["Läkemedelsgenomgång planeras vid inflyttning på särskilt boende."],
        analyses=[
            "Vårdcentralen saknar en rutin för att fånga upp nyinflyttade på särskilt "
            "boende, och begäran från kommunen registreras inte.",
        ],
        measures=["Nyinflyttade på {enhet} anmäls till vårdcentralen med en fast blankett; "
                  "genomgång bokas inom fyra veckor."],
    ),
    DeviationScenario(
        key="no_physician_reachable", reported_by=MUNICIPALITY, region_side=PRIMARY_CARE,
        category="Vård och behandling", weight=5,
        topic="läkare nåbar för kommunens sjuksköterskor",
        causes={STAFFING: 4, COMMUNICATION: 3, NO_ROUTINE: 1},
        patient={NEAR_MISS: 4, MILD: 3, MODERATE: 1},
        organisation={WORKLOAD: 5},
        citations=PHYSICIAN_DOCS, disagreement="Läkaransvar i kommunal primärvård",
        titles=["Ingen läkare nåbar för ordination {tid}",
                "Kommunens sjuksköterska fick ingen läkarkontakt"],
        descriptions=[
            "Sjuksköterskan i {enhet} behövde en ordination {tid} när patienten försämrades. "
            "Ingen läkare från vårdcentralen gick att nå, och patienten skickades till akuten.",
            "Vid försämring sökte {enhet} vårdcentralens läkare under {timmar} timmar utan "
            "svar. Patienten fick vänta på bedömning till nästa dag.",
        ],
        proposals=["Läkare nåbar för kommunens sjuksköterskor dygnet runt enligt "
                   "överenskommelsen."],
        analyses=[
            "Vårdcentralens jourlinje är inte känd hos kommunens sjuksköterskor, och "
            "vårdcentralens telefonlista var inaktuell.",
        ],
        measures=["En uppdaterad kontaktlista för läkare dygnet runt skickas till alla "
                  "kommunens enheter.",
                  "Vårdcentralen följer upp nåbarheten månadsvis tillsammans med kommunen."],
    ),
    DeviationScenario(
        key="sip_primary_care_absent", reported_by=MUNICIPALITY, region_side=PRIMARY_CARE,
        category="SIP", weight=3,
        topic="SIP-möte",
        causes={COMMUNICATION: 3, STAFFING: 3, ADHERENCE: 2},
        patient={NONE: 5, NEAR_MISS: 2},
        organisation={WORKLOAD: 4, TRUST: 2},
        citations=SIP_DOCS, disagreement="Samordnad individuell plan (SIP)",
        titles=["Ingen SIP trots kallelse",
                "Vårdcentralen deltog inte i SIP-möte"],
        descriptions=[
            "Kommunen kallade till SIP {antal} gånger under en månad; ingen från "
            "vårdcentralen deltog och ingen återkoppling gavs.",
            "SIP-mötet fick ställas in eftersom vårdcentralen inte svarade på kallelsen. "
            "Personen och anhöriga hade tagit ledigt för mötet.",
        ],
        proposals=["Utse en kontaktperson för SIP på vårdcentralen."],
        analyses=[
            "Kallelser till SIP når vårdcentralens funktionsbrevlåda, som inte bevakas "
            "regelbundet. Det finns ingen utsedd kontaktperson för SIP.",
        ],
        measures=["Vårdcentralen utser en kontaktperson för SIP och bevakar brevlådan dagligen."],
    ),
    DeviationScenario(
        key="oral_health_assessment", reported_by=MUNICIPALITY, region_side=DENTAL,
        category="Avtal och överenskommelser", weight=2,
        topic="munhälsobedömning",
        causes={ADHERENCE: 3, COMMUNICATION: 3},
        patient={NONE: 5, NEAR_MISS: 2},
        organisation={WORKLOAD: 2, TRUST: 2},
        citations=ORAL_DOCS, disagreement="Munhälsa och tandvård",
        titles=["Munhälsobedömning uteblev på {enhet}",
                "Uppsökande tandvård kom inte enligt plan"],
        descriptions=[
            "Den årliga munhälsobedömningen på {enhet} genomfördes inte. {Antal} boende med "
            "intyg om nödvändig tandvård väntar fortfarande.",
            "Tandvården ställde in det planerade besöket på {enhet} utan att boka en ny tid.",
        ],
        proposals=["Planera munhälsobedömningarna i god tid och meddela ny tid vid "
                   "förhinder."],
        analyses=["Tandvårdens planering av uppsökande verksamhet bygger på listor som inte "
                  "uppdaterats med nya boende."],
        measures=["Kommunen skickar uppdaterade listor kvartalsvis; tandvården bokar om inom "
                  "två veckor vid inställt besök."],
    ),
    # ---------------------------------------------------------------- the region reports
    DeviationScenario(
        key="discharge_ready_not_collected", reported_by=REGION, region_side=HOSPITAL,
        category="In- och utskrivning", weight=14,
        topic="utskrivningsklar patient",
        causes={COMMUNICATION: 3, STAFFING: 4, ADHERENCE: 2},
        patient={NONE: 4, NEAR_MISS: 3, MILD: 1},
        organisation={ECONOMIC: 4, WORKLOAD: 3, TRUST: 1},
        citations=DISCHARGE_DOCS, disagreement="Betalningsansvar",
        titles=["Utskrivningsklar patient kunde inte skrivas ut",
                "Kommunen tog inte emot utskrivningsklar patient i tid",
                "Vårdplaneringen startade inte efter inskrivningsmeddelande"],
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
        measures=["Kommunens planeringsenhet bevakar IT-stödet även helger.",
                  "Kommunen tar fram en plan för tillfälliga korttidsplatser vid hög "
                  "belastning."],
    ),
    DeviationScenario(
        key="admission_information_missing", reported_by=REGION, region_side=HOSPITAL,
        category="Informationsöverföring", weight=10,
        topic="information vid inskrivning",
        causes={COMMUNICATION: 5, DOCUMENTATION: 3},
        patient={NONE: 3, NEAR_MISS: 4, MILD: 1},
        organisation={WORKLOAD: 5},
        citations=ADMISSION_DOCS, disagreement="Informationsöverföring",
        titles=["Information från hemsjukvården saknades vid inläggning",
                "Ingen överrapportering när patienten kom till akuten från {enhet}"],
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
        measures=["Kommunen inför ett överrapporteringsblad som följer med patienten till "
                  "sjukhus.",
                  "Rutinen gås igenom med nattpersonalen i {enhet}."],
    ),
    DeviationScenario(
        key="municipal_medication_list_outdated", reported_by=REGION, region_side=HOSPITAL,
        category="Läkemedel i vårdens övergångar", weight=7,
        topic="kommunens läkemedelslista",
        causes={DOCUMENTATION: 4, COMMUNICATION: 3, ADHERENCE: 2},
        patient={NEAR_MISS: 5, MILD: 2, NONE: 1},
        organisation={WORKLOAD: 5},
        citations=ADMISSION_DOCS,
        titles=["Inaktuell läkemedelslista från kommunen vid inläggning",
                "Dosetten stämde inte med läkemedelslistan"],
        descriptions=[
            "Läkemedelslistan som följde med från {enhet} var inte uppdaterad. {Lakemedel} "
            "hade satts ut vid förra vårdtillfället men gavs fortfarande i hemmet.",
            "Patienten kom till {avdelning} med en dosett som inte stämde med den bifogade "
            "läkemedelslistan.",
        ],
        proposals=["Kommunen uppdaterar läkemedelslistan efter varje ändrad ordination."],
        analyses=["Ändrade ordinationer förs in i kommunens lista först vid nästa "
                  "dosettdelning; det finns ingen kontroll däremellan."],
        measures=["Kommunens sjuksköterska uppdaterar läkemedelslistan samma dag som en "
                  "ordination ändras."],
    ),
    DeviationScenario(
        key="sent_to_emergency_without_assessment", reported_by=REGION, region_side=HOSPITAL,
        category="Vård och behandling", weight=12,
        topic="akut transport utan bedömning",
        causes={KNOWLEDGE: 3, STAFFING: 3, COMMUNICATION: 3},
        patient={NEAR_MISS: 3, NONE: 3, MILD: 2},
        organisation={WORKLOAD: 4, ECONOMIC: 1},
        citations=HOME_CARE_DOCS, disagreement="Tolkning av avtal eller överenskommelse",
        titles=["Patient skickad till akuten utan sjuksköterskebedömning",
                "Kommunen skickade patient till sjukhus {tid} utan kontakt",
                "Onödig akut transport från {enhet}"],
        descriptions=[
            "Patienten skickades med ambulans från {enhet} {tid} utan att kommunens "
            "sjuksköterska gjort en bedömning. Besöket på akuten hade kunnat undvikas.",
            "En boende på {enhet} kom till akuten för en åkomma som kunde ha behandlats på "
            "plats. Ingen kontakt togs med ansvarig läkare innan.",
        ],
        proposals=["Kommunens sjuksköterska bedömer alltid innan ambulans beställs, om inte "
                   "läget är livshotande."],
        analyses=[
            "Nattpersonalen i {enhet} har inte tillgång till sjuksköterska på plats och "
            "ringer ambulans när de är osäkra.",
            "Det saknas en gemensam rutin för bedömning före akut transport från särskilt "
            "boende.",
        ],
        measures=["Kommunen inför en rutin för telefonbedömning av sjuksköterska innan "
                  "ambulans beställs.",
                  "Utbildning för nattpersonal i att bedöma akut försämring."],
    ),
    DeviationScenario(
        key="nurse_not_available", reported_by=REGION, region_side=HOSPITAL,
        category="Vård och behandling", weight=4,
        topic="kommunens sjuksköterska",
        causes={STAFFING: 5, COMMUNICATION: 1},
        patient={NEAR_MISS: 3, NONE: 2, MILD: 1},
        organisation={WORKLOAD: 3, ECONOMIC: 2},
        citations=HOME_CARE_DOCS, disagreement="Tolkning av avtal eller överenskommelse",
        titles=["Kommunen kunde inte ta emot patient med {lakemedel} intravenöst",
                "Ingen sjuksköterska i hemsjukvården för planerad behandling"],
        descriptions=[
            "Patienten kunde inte skrivas ut från {avdelning} eftersom kommunen saknade "
            "sjuksköterska som kunde ge {lakemedel} i hemmet. Vårdtiden förlängdes med "
            "{dagar} dagar.",
        ],
        proposals=["Kommunen säkerställer sjuksköterskekompetens för behandling i hemmet."],
        analyses=["Kommunens hemsjukvård har vakanta sjukskötersketjänster och saknar "
                  "kompetens för intravenös behandling kvällstid."],
        measures=["Kommunen tar fram en plan för kompetens i intravenös behandling.",
                  "Sjukhuset och kommunen stämmer av behandlingar i hemmet vid "
                  "planeringsmötet."],
    ),
    DeviationScenario(
        key="sip_municipality_did_not_convene", reported_by=REGION, region_side=HOSPITAL,
        category="SIP", weight=3,
        topic="kallelse till SIP",
        causes={COMMUNICATION: 3, ADHERENCE: 3},
        patient={NONE: 4, NEAR_MISS: 2},
        organisation={WORKLOAD: 3, TRUST: 2},
        citations=SIP_DOCS, disagreement="Samordnad individuell plan (SIP)",
        titles=["Kommunen kallade inte till SIP trots begäran",
                "Kallelse till SIP-möte kom med en dags varsel"],
        descriptions=[
            "Sjukhuset begärde SIP inför utskrivning, men kommunen kallade inte till något "
            "möte. Patienten skrevs ut utan plan.",
            "Kallelsen till SIP kom dagen före mötet. Ansvarig läkare kunde inte delta.",
        ],
        proposals=["Kallelse till SIP skickas minst fem arbetsdagar före mötet."],
        analyses=["Kommunens biståndshandläggare känner inte till att sjukhuset kan begära "
                  "SIP; begäran hamnade hos fel funktion."],
        measures=["Kommunen utser en funktion som tar emot begäran om SIP från sjukhuset."],
    ),
    DeviationScenario(
        key="ordered_treatment_not_done", reported_by=REGION, region_side=PRIMARY_CARE,
        category="Vård och behandling", weight=9,
        topic="ordination som inte utfördes",
        causes={COMMUNICATION: 3, ADHERENCE: 4, DOCUMENTATION: 2},
        patient={NEAR_MISS: 4, MILD: 2, NONE: 2, MODERATE: 0.5},
        organisation={WORKLOAD: 3, TRUST: 2},
        citations=PHYSICIAN_DOCS,
        titles=["Ordinerad provtagning utfördes inte av hemsjukvården",
                "Läkarens ordination om {lakemedel} verkställdes inte",
                "Uppföljande blodtryckskontroll blev inte av"],
        descriptions=[
            "Vårdcentralens läkare ordinerade provtagning inom en vecka. {Enhet} utförde den "
            "inte, och justeringen av {lakemedel} dröjde {veckor} veckor.",
            "Ändrad dos av {lakemedel} ordinerades efter hembesöket, men ändringen infördes "
            "inte i kommunens läkemedelslista.",
        ],
        proposals=["Ordinationer till hemsjukvården kvitteras när de är mottagna."],
        analyses=["Ordinationen skickades via telefon till en sjuksköterska som gick av sitt "
                  "pass; den fördes inte vidare."],
        measures=["Ordinationer till hemsjukvården skickas skriftligt och kvitteras.",
                  "Kommunen inför en överlämningsrutin mellan arbetspassen."],
    ),
    DeviationScenario(
        key="dental_no_access", reported_by=REGION, region_side=DENTAL,
        category="Avtal och överenskommelser", weight=2,
        topic="uppsökande tandvård",
        causes={COMMUNICATION: 4, NO_ROUTINE: 2},
        patient={NONE: 5},
        organisation={WORKLOAD: 3, ECONOMIC: 1},
        citations=ORAL_DOCS, disagreement="Munhälsa och tandvård",
        titles=["Tandvården kunde inte genomföra bokat besök på {enhet}",
                "Ingen kontaktperson för munhälsa på {enhet}"],
        descriptions=[
            "Tandhygienisten kom till {enhet} enligt bokning, men ingen personal visste om "
            "besöket och de boende var inte förberedda.",
        ],
        proposals=["Varje boende utser en kontaktperson för munhälsa."],
        analyses=["Bokningen skickades till en enhetschef som slutat; ingen ersättare fanns."],
        measures=["Kommunen utser kontaktpersoner för munhälsa och meddelar tandvården vid "
                  "byte."],
    ),
]

# The old system's terse "no measure" (seed 004: "Ingen åtgärd" chosen most often).
OLD_NO_MEASURE_REASONS = [
    "Ingen åtgärd.", "Ingen åtgärd vidtas.", "Ingen åtgärd, återkopplat till enheten.",
    "Ingen åtgärd behövs.", "Ingen åtgärd – enstaka händelse.",
]
NO_MEASURE_REASONS = [
    "Engångshändelse vid ett avbrott i journalsystemet; leverantören har åtgärdat felet och "
    "rutinen fungerar i övrigt.",
    "Rutinen följdes, men händelsen berodde på att patienten själv avböjde insatsen. "
    "Ingen ytterligare åtgärd behövs.",
    "Samma brist åtgärdas redan i ett pågående förbättringsarbete i delregional samverkan; "
    "ärendet har lagts till där.",
    "Händelsen berodde på en tillfällig vakans som nu är tillsatt. Bedömningen är att "
    "risken för upprepning är liten.",
]
OLD_ANALYSES = [
    "Kommunikationsbrist.", "Rutinen följdes inte.", "Utrett. Brist i informationsöverföringen.",
    "Händelsen är utredd och återkopplad.",
]
COMMENTS_REPORTER = [
    "Tack för snabb återkoppling. Hör gärna av er om ni behöver mer underlag.",
    "Vi har fler liknande händelser under våren; vill ni att vi samlar dem?",
    "Kan ni meddela när åtgärden är genomförd, så informerar vi vår personal?",
    "Vi ser gärna att frågan tas upp på nästa samverkansmöte.",
]
COMMENTS_HANDLER = [
    "Vi har tagit upp ärendet på arbetsplatsträffen och återkommer efter analysen.",
    "Vi behöver veta ungefär vilken tid på dygnet det hände för att kunna utreda vidare.",
    "Analysen är klar; se åtgärderna i ärendet.",
    "Vi har kontaktat ansvarig enhet och utreder händelsen.",
]
ACK_NOTES = [
    "Vi har tagit emot ärendet och återkommer efter analys.",
    "Mottaget, vi utreder.",
    "",
    "",
]
CLOSE_NOTES = ["Avslutas efter uppföljning.", "", "Åtgärden fungerar.", ""]
LIFT_REASONS = [
    "Samma brist finns hos flera kommuner i området; behöver lösas i delregional "
    "vårdsamverkan.",
    "Bristen gäller hela sjukhusets arbetssätt och kan inte lösas mellan enheterna.",
    "Frågan gäller tolkningen av överenskommelsen och behöver tas upp på länsnivå.",
]
