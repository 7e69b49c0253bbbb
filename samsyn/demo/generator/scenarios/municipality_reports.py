"""Deviations a municipality reports about the region's hospital, primary care or dental care
(the 2024 report on deviations in cooperation: for the municipalities most often "Läkemedel i
vårdens övergångar")."""

from samsyn.demo.generator.county_profiles import DENTAL, HOSPITAL, PRIMARY_CARE
from samsyn.demo.generator.scenarios.base import (
    ADHERENCE,
    CARE_DOCS,
    COMMUNICATION,
    CONTACT_DOCS,
    DISCHARGE_DOCS,
    DOCUMENTATION,
    ECONOMIC,
    HOME_CARE_DOCS,
    IT,
    KNOWLEDGE,
    MEDICATION_REVIEW_DOCS,
    MILD,
    MODERATE,
    MUNICIPALITY,
    NEAR_MISS,
    NO_ROUTINE,
    NONE,
    ORAL_DOCS,
    ORG_NONE,
    PHYSICIAN_DOCS,
    PSYCH_DOCS,
    SEVERE,
    SIP_DOCS,
    STAFFING,
    TRUST,
    WORKLOAD,
    DeviationScenario,
)

MUNICIPALITY_REPORTS = [
    DeviationScenario(
        key="discharge_medication_list",
        reported_by=MUNICIPALITY,
        region_side=HOSPITAL,
        category="Läkemedel i vårdens övergångar",
        weight=16,
        topic="läkemedelslistan vid utskrivning",
        causes={COMMUNICATION: 5, ADHERENCE: 4, DOCUMENTATION: 2, IT: 1},
        patient={NONE: 2, NEAR_MISS: 6, MILD: 2, MODERATE: 0.6, SEVERE: 0.1},
        organisation={WORKLOAD: 6, TRUST: 2, ORG_NONE: 1},
        citations=DISCHARGE_DOCS,
        disagreement="In- och utskrivning",
        titles=[
            "Läkemedelslista saknades vid utskrivning",
            "Inaktuell läkemedelslista följde med från {avdelning}",
            "Läkemedelslistan stämde inte med ordinationen vid hemgång",
        ],
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
        proposals=[
            "Skicka alltid den aktuella läkemedelslistan digitalt innan patienten "
            "lämnar avdelningen.",
            "Inför en kontroll av läkemedelslistan mot ordinationen vid utskrivning.",
            "Ring {enhet} när ordinationen ändrats under vårdtiden.",
        ],
        analyses=[
            "Läkemedelslistan uppdateras först när epikrisen signeras, vilket ofta sker efter "
            "att patienten lämnat avdelningen. Det saknas en gemensam kontrollpunkt där båda "
            "vårdgivarna bekräftar att listan har kommit fram.",
            "Rutinen för läkemedelsavstämning vid utskrivning finns men är inte känd hos "
            "vikarier och nyanställda på {avdelning}. Kvällsutskrivningar saknar en ansvarig "
            "sjuksköterska för avstämningen.",
        ],
        measures=[
            "Läkemedelslistan skickas digitalt innan patienten lämnar avdelningen; "
            "ansvarig sjuksköterska kvitterar i checklistan.",
            "Introduktionen för nyanställda på {avdelning} kompletteras med rutinen för "
            "läkemedelsavstämning.",
            "Gemensam genomgång av rutinen med {enhet} på nästa samverkansmöte.",
        ],
    ),
    DeviationScenario(
        key="weekend_medicines",
        reported_by=MUNICIPALITY,
        region_side=HOSPITAL,
        category="Läkemedel i vårdens övergångar",
        weight=7,
        topic="läkemedel inför helg",
        causes={COMMUNICATION: 3, ADHERENCE: 4, NO_ROUTINE: 2},
        patient={NEAR_MISS: 5, MILD: 3, MODERATE: 0.7, NONE: 1},
        organisation={WORKLOAD: 5, ECONOMIC: 1, TRUST: 2},
        citations=DISCHARGE_DOCS,
        disagreement="Hjälpmedel och läkemedel",
        titles=[
            "Läkemedel saknades över helgen efter utskrivning",
            "Inga läkemedel med vid hemgång {tid}",
            "Recept på {lakemedel} var inte utfärdat vid utskrivning",
        ],
        descriptions=[
            "Patienten skrevs ut {tid} utan läkemedel för helgen. Recept på {lakemedel} var "
            "inte utfärdat, och apoteket hade stängt när {enhet} upptäckte det.",
            "{Enhet} tog emot en patient från {avdelning} som saknade {lakemedel} till och "
            "med måndagen. Jourläkare fick kontaktas för en tillfällig ordination.",
        ],
        proposals=[
            "Skicka med läkemedel till första vardagen vid utskrivning före helg.",
            "Utfärda recept senast dagen före planerad utskrivning.",
        ],
        analyses=[
            "Utskrivningar inför helg planeras sent, och ansvaret för att läkemedel finns "
            "till första vardagen är inte beskrivet i den gemensamma rutinen.",
            "Läkaren utfärdade receptet först efter ronden, efter att patienten redan åkt. "
            "Rutinen följdes inte eftersom avdelningen hade hög arbetsbelastning.",
        ],
        measures=[
            "Vid utskrivning fredag efter klockan 12 skickar avdelningen med läkemedel "
            "till och med måndag.",
            "Recept utfärdas vid beslut om utskrivning, inte efter ronden.",
        ],
    ),
    DeviationScenario(
        key="unclear_prescription",
        reported_by=MUNICIPALITY,
        region_side=HOSPITAL,
        category="Läkemedel i vårdens övergångar",
        weight=6,
        topic="otydlig ordination",
        causes={DOCUMENTATION: 5, COMMUNICATION: 3, KNOWLEDGE: 1},
        patient={NEAR_MISS: 5, MILD: 2, MODERATE: 1, NONE: 1},
        organisation={WORKLOAD: 6, ORG_NONE: 1},
        citations=DISCHARGE_DOCS,
        titles=[
            "Otydlig ordination av {lakemedel} vid utskrivning",
            "Två olika doser angavs i utskrivningshandlingarna",
        ],
        descriptions=[
            "Ordinationen vid utskrivning angav två olika doser {lakemedel}. Sjuksköterskan i "
            "{enhet} fick ringa {avdelning}, som inte kunde svara förrän nästa dag.",
            "Epikrisen och läkemedelslistan gav olika besked om {lakemedel}. {Enhet} gav den "
            "lägre dosen i väntan på besked från sjukhuset.",
        ],
        proposals=[
            "Dubbelkontroll av ordinationer innan utskrivning.",
            "Ett direktnummer till avdelningens läkare för frågor om ordinationer.",
        ],
        analyses=[
            "Ordinationen ändrades under vårdtiden men ändringen fördes inte över till "
            "läkemedelslistan. Ingen kontroll görs av att epikris och lista stämmer överens.",
        ],
        measures=[
            "Sjuksköterska och läkare stämmer av läkemedelslistan mot epikrisen före utskrivning.",
            "Avdelningen inför ett direktnummer för frågor om ordinationer dygnet runt.",
        ],
    ),
    DeviationScenario(
        key="discharge_without_notice",
        reported_by=MUNICIPALITY,
        region_side=HOSPITAL,
        category="In- och utskrivning",
        weight=12,
        topic="utskrivning utan besked",
        causes={COMMUNICATION: 6, ADHERENCE: 3, IT: 1},
        patient={NONE: 3, NEAR_MISS: 5, MILD: 2},
        organisation={WORKLOAD: 5, TRUST: 3},
        citations=DISCHARGE_DOCS,
        disagreement="In- och utskrivning",
        titles=[
            "Utskrivningsmeddelande kom efter hemkomst",
            "Patient utskriven utan att kommunen fått besked",
            "Planering inför utskrivning påbörjades inte i tid",
        ],
        descriptions=[
            "Meddelande om utskrivningsklar patient kom till kommunen {timmar} timmar efter att "
            "patienten redan var hemma. {Enhet} var inte planerad och fick ordnas i efterhand.",
            "Patienten skrevs ut från {avdelning} {tid} utan att kommunen hade fått något "
            "utskrivningsmeddelande. Anhöriga ringde {enhet} och berättade att patienten var "
            "på väg hem.",
            "Inskrivningsmeddelandet kom till kommunen först dagen före utskrivning. Planeringen "
            "kunde inte göras i tid och hemtjänsten var inte bemannad för det ökade behovet.",
        ],
        proposals=[
            "Följ tidsgränsen för utskrivningsmeddelande i överenskommelsen.",
            "Skicka utskrivningsmeddelande senast dagen före planerad utskrivning.",
        ],
        analyses=[
            "Utskrivningsmeddelandet skickas när epikrisen är klar, inte när beslutet om "
            "utskrivning fattas. Det saknas en kontroll av att kommunen har fått meddelandet "
            "innan patienten lämnar avdelningen.",
            "Meddelandet skrevs i journalen men skickades aldrig i det gemensamma IT-stödet. "
            "Personalen på {avdelning} kände inte till att det är två olika steg.",
        ],
        measures=[
            "Utskrivningsmeddelande skickas senast vid beslut om utskrivning; "
            "avdelningen kontrollerar att det är mottaget.",
            "Utbildning i det gemensamma IT-stödet för planering för personalen på {avdelning}.",
        ],
    ),
    DeviationScenario(
        key="late_evening_discharge",
        reported_by=MUNICIPALITY,
        region_side=HOSPITAL,
        category="In- och utskrivning",
        weight=6,
        topic="sen utskrivning",
        causes={COMMUNICATION: 3, STAFFING: 4, ADHERENCE: 2},
        patient={NEAR_MISS: 4, MILD: 3, NONE: 2},
        organisation={WORKLOAD: 5, TRUST: 3},
        citations=DISCHARGE_DOCS,
        disagreement="In- och utskrivning",
        titles=[
            "Utskrivning sent på kvällen utan kontakt",
            "Patient hemskickad {tid} till {enhet}",
        ],
        descriptions=[
            "Patienten skrevs ut från {avdelning} {tid} och kom hem utan att {enhet} var "
            "kontaktad. Ingen personal fanns på plats, och patienten satt ensam i "
            "{timmar} timmar.",
            "{Enhet} fick en patient {tid} med ett ökat omvårdnadsbehov som inte var "
            "förmedlat. Nattpersonalen kunde inte ta emot på ett säkert sätt.",
        ],
        proposals=[
            "Undvik utskrivningar efter klockan 18 om inte kommunen bekräftat att "
            "mottagandet är ordnat."
        ],
        analyses=[
            "Platsbristen på sjukhuset gör att utskrivningar sker sent på dagen. Det finns "
            "ingen gemensam överenskommelse om tider för utskrivning till {enhet}.",
        ],
        measures=[
            "Utskrivning efter klockan 18 sker bara efter telefonkontakt med kommunens "
            "sjuksköterska.",
            "Avdelningen planerar utskrivningar till förmiddagen i sitt dagliga platsmöte.",
        ],
    ),
    DeviationScenario(
        key="missing_aids",
        reported_by=MUNICIPALITY,
        region_side=HOSPITAL,
        category="In- och utskrivning",
        weight=6,
        topic="hjälpmedel vid hemgång",
        causes={COMMUNICATION: 3, NO_ROUTINE: 4, ADHERENCE: 2},
        patient={NEAR_MISS: 5, MILD: 2, NONE: 1},
        organisation={WORKLOAD: 5, ECONOMIC: 1},
        citations=DISCHARGE_DOCS,
        disagreement="Hjälpmedel och läkemedel",
        titles=[
            "Hjälpmedel saknades vid hemgång",
            "{Hjalpmedel} var inte beställd före utskrivning",
        ],
        descriptions=[
            "Patienten skickades hem utan den {hjalpmedel} som arbetsterapeuten på sjukhuset "
            "bedömt nödvändig. Fallrisk i hemmet första natten.",
            "Enligt vårdplanen skulle {hjalpmedel} finnas i hemmet vid hemkomsten, men ingen "
            "beställning var gjord. {Enhet} fick låna från korttidsboendet.",
        ],
        proposals=[
            "Checklista för hjälpmedel före hemgång.",
            "Beställ hjälpmedel samtidigt som utskrivningsmeddelandet skickas.",
        ],
        analyses=[
            "Ansvaret för att beställa hjälpmedel före hemgång är inte beskrivet i den "
            "gemensamma rutinen; sjukhusets arbetsterapeut och kommunen trodde båda att den "
            "andra skulle göra det.",
        ],
        measures=[
            "Ansvaret för beställning av hjälpmedel förs in i den lokala rutinen för utskrivning.",
            "Checklista för hjälpmedel före hemgång införs på {avdelning}.",
        ],
    ),
    DeviationScenario(
        key="discharge_summary_care_needs",
        reported_by=MUNICIPALITY,
        region_side=HOSPITAL,
        category="Informationsöverföring",
        weight=10,
        topic="omvårdnadsinformation i epikrisen",
        causes={DOCUMENTATION: 5, COMMUNICATION: 4, IT: 1},
        patient={NONE: 2, NEAR_MISS: 4, MILD: 3, MODERATE: 0.5},
        organisation={WORKLOAD: 5, ORG_NONE: 2},
        citations=DISCHARGE_DOCS,
        disagreement="Informationsöverföring",
        titles=[
            "Epikris saknade uppgift om sårbehandling",
            "Omvårdnadsinformation saknades vid utskrivning",
            "Information om kateter följde inte med från {avdelning}",
        ],
        descriptions=[
            "Epikrisen nämnde inte att patienten hade ett trycksår som behövde omläggning "
            "varannan dag. {Enhet} upptäckte det vid första hembesöket.",
            "Patienten kom hem med kvarliggande kateter. Varken epikrisen eller "
            "omvårdnadsepikrisen angav när katetern skulle bytas eller tas bort.",
            "Uppgift om att patienten behövde syrgas via {hjalpmedel} fanns inte i "
            "utskrivningshandlingarna. {Enhet} fick veta det av anhöriga.",
        ],
        proposals=[
            "Standardiserad rubrik för omvårdnadsbehov i epikrisen.",
            "Omvårdnadsepikris skickas alltid vid utskrivning till kommunal hälso- och sjukvård.",
        ],
        analyses=[
            "Omvårdnadsepikris skrivs bara när det finns tid; det finns ingen kontroll av att "
            "den följer med. Mallen saknar rubrik för sår, katetrar och andra "
            "behandlingar som fortsätter i hemmet.",
            "Informationen fanns i journalen men fördes inte över, eftersom {avdelning} och "
            "kommunen använder olika journalsystem och överföringen görs manuellt.",
        ],
        measures=[
            "Mallen för omvårdnadsepikris kompletteras med rubriker för pågående behandlingar.",
            "Omvårdnadsepikrisen kontrolleras vid utskrivningssamtalet av ansvarig sjuksköterska.",
        ],
    ),
    DeviationScenario(
        key="unreachable_ward",
        reported_by=MUNICIPALITY,
        region_side=HOSPITAL,
        category="Informationsöverföring",
        weight=4,
        topic="kontakt med avdelningen",
        causes={COMMUNICATION: 5, STAFFING: 3},
        patient={NONE: 4, NEAR_MISS: 3},
        organisation={WORKLOAD: 4, TRUST: 4},
        citations=CONTACT_DOCS,
        titles=[
            "Telefonkontakt med avdelningen omöjlig",
            "Ingen svarade på {avdelning} under {timmar} timmar",
        ],
        descriptions=[
            "Kommunens sjuksköterska försökte under {timmar} timmar nå {avdelning} för att "
            "stämma av en utskrivning. Ingen svarade och ingen ringde tillbaka.",
            "{Enhet} behövde besked om en ordination efter hemgång men nådde varken "
            "avdelningen eller ansvarig läkare under hela eftermiddagen.",
        ],
        proposals=[
            "Ett direktnummer för vårdplanering som bemannas dagtid.",
            "Återuppringning inom en timme när kommunen söker avdelningen.",
        ],
        analyses=[
            "Avdelningens telefon bemannas av den sjuksköterska som också har patientansvar. "
            "Det finns ingen särskild kontaktväg för samverkan med kommunen.",
        ],
        measures=[
            "Ett direktnummer för samverkan och vårdplanering inrättas och bemannas vardagar 8–16.",
            "Rutin för återuppringning inom en timme införs.",
        ],
    ),
    DeviationScenario(
        key="patient_transport",
        reported_by=MUNICIPALITY,
        region_side=HOSPITAL,
        category="Annat",
        weight=2,
        always_other=True,
        topic="transport mellan vårdgivare",
        causes={COMMUNICATION: 3, DOCUMENTATION: 3, IT: 1},
        patient={MILD: 3, NEAR_MISS: 3, NONE: 1},
        organisation={WORKLOAD: 3, TRUST: 2},
        citations=DISCHARGE_DOCS,
        titles=["Transport beställdes till fel adress", "Liggande transport kom inte till {enhet}"],
        descriptions=[
            "Liggande transport hämtade patienten på {avdelning} men körde till den gamla "
            "adressen. Patienten väntade en timme i fordonet innan rätt adress var klar.",
            "Sjukhuset beställde transport hem {tid}, men {enhet} fick inte veta tiden. "
            "Patienten kom till ett låst boende och fick vänta utanför.",
        ],
        proposals=[
            "Kontrollera adressen i journalen mot folkbokföringen vid beställning.",
            "Meddela kommunen tiden för transporten när den är bokad.",
        ],
        analyses=[
            "Adressen i sjukhusets journal hade inte uppdaterats efter flytten till "
            "{enhet}. Transportbeställningen hämtar adressen automatiskt utan kontroll.",
            "Transporttiden bokas av sjukhuset men meddelas inte kommunen; rutinen säger inget "
            "om vem som ska informera mottagaren.",
        ],
        measures=[
            "Adressen kontrolleras med patienten eller kommunen vid beställning av transport.",
            "Kommunen får bokad transporttid i utskrivningsmeddelandet.",
        ],
    ),
    DeviationScenario(
        key="palliative_prescription",
        reported_by=MUNICIPALITY,
        region_side=HOSPITAL,
        category="Vård och behandling",
        weight=3,
        topic="ordination i livets slutskede",
        causes={COMMUNICATION: 3, DOCUMENTATION: 3, KNOWLEDGE: 1},
        patient={MILD: 3, MODERATE: 2, NEAR_MISS: 2, SEVERE: 0.3},
        organisation={WORKLOAD: 3, TRUST: 3},
        citations=CARE_DOCS,
        titles=[
            "Vid behovs-ordinationer saknades i livets slutskede",
            "Palliativ patient utskriven utan ordination vid behov",
        ],
        descriptions=[
            "En patient i livets slutskede skrevs ut till {enhet} utan ordinationer vid "
            "behov mot smärta och oro. Jourläkare fick kontaktas samma natt.",
            "Brytpunktssamtal var genomfört på {avdelning}, men det framgick inte av "
            "utskrivningshandlingarna. {Enhet} saknade underlag för vården i hemmet.",
        ],
        proposals=["Ordinationer vid behov ska alltid finnas vid utskrivning i palliativt skede."],
        analyses=[
            "Det saknas en gemensam checklista för utskrivning i livets slutskede, och "
            "ansvaret för ordinationer vid behov är otydligt mellan sjukhuset och "
            "primärvården.",
        ],
        measures=[
            "Checklista för utskrivning i palliativt skede införs på {avdelning}.",
            "Gemensam utbildning om brytpunktssamtal för sjukhuset och kommunen.",
        ],
    ),
    DeviationScenario(
        key="self_care_assessment",
        reported_by=MUNICIPALITY,
        region_side=HOSPITAL,
        category="Egenvård",
        weight=1.5,
        topic="egenvårdsbedömning",
        causes={NO_ROUTINE: 3, KNOWLEDGE: 3, COMMUNICATION: 2},
        patient={NEAR_MISS: 4, MILD: 2, NONE: 1},
        organisation={WORKLOAD: 4},
        citations=HOME_CARE_DOCS,
        titles=[
            "Egenvårdsbedömning gjordes inte före hemgång",
            "Oklart om {lakemedel} var egenvård",
        ],
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
        key="psychiatry_discharge",
        reported_by=MUNICIPALITY,
        region_side=HOSPITAL,
        category="Informationsöverföring",
        weight=3,
        topic="utskrivning från psykiatrin",
        causes={COMMUNICATION: 5, NO_ROUTINE: 2},
        patient={NEAR_MISS: 4, MILD: 2, NONE: 2},
        organisation={WORKLOAD: 4, TRUST: 2},
        citations=PSYCH_DOCS,
        disagreement="Psykisk funktionsnedsättning och beroende",
        titles=[
            "Utskrivning från psykiatrin utan samordning",
            "Boendestödet fick inte veta att patienten skrivits ut",
        ],
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
        measures=[
            "Psykiatrins utskrivningsrutin kompletteras med kontakt med kommunens boendestöd.",
            "Kallelse till SIP skickas när utskrivning planeras.",
        ],
    ),
    DeviationScenario(
        key="complaint_treatment",
        reported_by=MUNICIPALITY,
        region_side=HOSPITAL,
        category="Synpunkter och klagomål",
        weight=1.5,
        topic="synpunkter på bemötande i samverkan",
        causes={COMMUNICATION: 4, STAFFING: 1},
        patient={NONE: 6},
        organisation={TRUST: 5, ORG_NONE: 1},
        citations=CONTACT_DOCS,
        titles=[
            "Synpunkter och klagomål: bemötande vid telefonkontakt",
            "Synpunkter och klagomål på återkopplingen från {motpart}",
        ],
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
        key="physician_visit_missed",
        reported_by=MUNICIPALITY,
        region_side=PRIMARY_CARE,
        category="Avtal och överenskommelser",
        weight=8,
        topic="läkarmedverkan i hemsjukvården",
        causes={ADHERENCE: 4, STAFFING: 4, COMMUNICATION: 2},
        patient={NEAR_MISS: 5, MILD: 2, NONE: 2, MODERATE: 0.5},
        organisation={WORKLOAD: 4, TRUST: 4},
        citations=PHYSICIAN_DOCS,
        disagreement="Läkaransvar i kommunal primärvård",
        titles=[
            "Avtalad läkarkontakt uteblev",
            "Hembesök av läkare gjordes inte inom avtalad tid",
            "Läkare från vårdcentralen kom inte på planerat hembesök",
        ],
        descriptions=[
            "Läkare från vårdcentralen skulle enligt överenskommelsen göra hembesök inom en "
            "vecka efter utskrivning. Inget besök gjordes på {veckor} veckor trots påminnelser "
            "från {enhet}.",
            "Planerat hembesök av läkare ställdes in utan att {enhet} fick besked. Patienten "
            "väntade på en bedömning av {lakemedel} som inte blev av.",
        ],
        proposals=[
            "Bevaka hembesök i vårdcentralens planering.",
            "Ett fast veckomöte mellan vårdcentralens läkare och kommunens sjuksköterskor.",
        ],
        analyses=[
            "Vårdcentralen har haft vakanser och hyrläkare som inte känner till åtagandet "
            "om hembesök i kommunal hälso- och sjukvård.",
            "Bokningen av hembesök görs i två olika system, och ändringar når inte kommunen.",
        ],
        measures=[
            "Vårdcentralen utser en fast läkare för hembesök i kommunal hälso- och sjukvård.",
            "Inställda hembesök meddelas {enhet} samma dag.",
        ],
    ),
    DeviationScenario(
        key="medication_review_missing",
        reported_by=MUNICIPALITY,
        region_side=PRIMARY_CARE,
        category="Läkemedel i vårdens övergångar",
        weight=4,
        topic="läkemedelsgenomgång",
        causes={ADHERENCE: 4, STAFFING: 3, NO_ROUTINE: 1},
        patient={NEAR_MISS: 4, NONE: 3, MILD: 1},
        organisation={WORKLOAD: 4},
        citations=MEDICATION_REVIEW_DOCS,
        disagreement="Läkaransvar i kommunal primärvård",
        titles=[
            "Läkemedelsgenomgång genomfördes inte",
            "Ingen läkemedelsgenomgång efter inflyttning på {enhet}",
        ],
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
        measures=[
            "Nyinflyttade på {enhet} anmäls till vårdcentralen med en fast blankett; "
            "genomgång bokas inom fyra veckor."
        ],
    ),
    DeviationScenario(
        key="no_physician_reachable",
        reported_by=MUNICIPALITY,
        region_side=PRIMARY_CARE,
        category="Vård och behandling",
        weight=5,
        topic="läkare nåbar för kommunens sjuksköterskor",
        causes={STAFFING: 4, COMMUNICATION: 3, NO_ROUTINE: 1},
        patient={NEAR_MISS: 4, MILD: 3, MODERATE: 1},
        organisation={WORKLOAD: 5},
        citations=PHYSICIAN_DOCS,
        disagreement="Läkaransvar i kommunal primärvård",
        titles=[
            "Ingen läkare nåbar för ordination {tid}",
            "Kommunens sjuksköterska fick ingen läkarkontakt",
        ],
        descriptions=[
            "Sjuksköterskan i {enhet} behövde en ordination {tid} när patienten försämrades. "
            "Ingen läkare från vårdcentralen gick att nå, och patienten skickades till akuten.",
            "Vid försämring sökte {enhet} vårdcentralens läkare under {timmar} timmar utan "
            "svar. Patienten fick vänta på bedömning till nästa dag.",
        ],
        proposals=[
            "Läkare nåbar för kommunens sjuksköterskor dygnet runt enligt överenskommelsen."
        ],
        analyses=[
            "Vårdcentralens jourlinje är inte känd hos kommunens sjuksköterskor, och "
            "vårdcentralens telefonlista var inaktuell.",
        ],
        measures=[
            "En uppdaterad kontaktlista för läkare dygnet runt skickas till alla "
            "kommunens enheter.",
            "Vårdcentralen följer upp nåbarheten månadsvis tillsammans med kommunen.",
        ],
    ),
    DeviationScenario(
        key="sip_primary_care_absent",
        reported_by=MUNICIPALITY,
        region_side=PRIMARY_CARE,
        category="SIP",
        weight=3,
        topic="SIP-möte",
        causes={COMMUNICATION: 3, STAFFING: 3, ADHERENCE: 2},
        patient={NONE: 5, NEAR_MISS: 2},
        organisation={WORKLOAD: 4, TRUST: 2},
        citations=SIP_DOCS,
        disagreement="Samordnad individuell plan (SIP)",
        titles=["Ingen SIP trots kallelse", "Vårdcentralen deltog inte i SIP-möte"],
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
        key="oral_health_assessment",
        reported_by=MUNICIPALITY,
        region_side=DENTAL,
        category="Avtal och överenskommelser",
        weight=2,
        topic="munhälsobedömning",
        causes={ADHERENCE: 3, COMMUNICATION: 3},
        patient={NONE: 5, NEAR_MISS: 2},
        organisation={WORKLOAD: 2, TRUST: 2},
        citations=ORAL_DOCS,
        disagreement="Munhälsa och tandvård",
        titles=["Munhälsobedömning uteblev på {enhet}", "Uppsökande tandvård kom inte enligt plan"],
        descriptions=[
            "Den årliga munhälsobedömningen på {enhet} genomfördes inte. {Antal} boende med "
            "intyg om nödvändig tandvård väntar fortfarande.",
            "Tandvården ställde in det planerade besöket på {enhet} utan att boka en ny tid.",
        ],
        proposals=["Planera munhälsobedömningarna i god tid och meddela ny tid vid förhinder."],
        analyses=[
            "Tandvårdens planering av uppsökande verksamhet bygger på listor som inte "
            "uppdaterats med nya boende."
        ],
        measures=[
            "Kommunen skickar uppdaterade listor kvartalsvis; tandvården bokar om inom "
            "två veckor vid inställt besök."
        ],
    ),
]
