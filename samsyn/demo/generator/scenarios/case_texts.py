"""Texts any deviation can use: follow-ups, decisions on no measure, notes and comments."""

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

OLD_NO_MEASURE_REASONS = [
    "Ingen åtgärd.",
    "Ingen åtgärd vidtas.",
    "Ingen åtgärd, återkopplat till enheten.",
    "Ingen åtgärd behövs.",
    "Ingen åtgärd – enstaka händelse.",
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
    "Kommunikationsbrist.",
    "Rutinen följdes inte.",
    "Utrett. Brist i informationsöverföringen.",
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
    "Samma brist finns hos flera kommuner i området; behöver lösas i delregional vårdsamverkan.",
    "Bristen gäller hela sjukhusets arbetssätt och kan inte lösas mellan enheterna.",
    "Frågan gäller tolkningen av överenskommelsen och behöver tas upp på länsnivå.",
]
# The receiver's view when it agrees only in part or disputes the description, and its answer
# with measures taken or planned (issue 17, decision 0012); {motpart} is the receiver,
# {rapportor} the reporting provider.
PARTLY_ACCOUNTS = [
    "Vi delar bilden av vad som hände men inte av orsaken: informationen fanns hos oss men "
    "nådde inte fram till {rapportor} i tid.",
    "Händelsen stämmer i stort, men tidpunkten var en annan enligt vår dokumentation.",
    "Vi känner igen bristen men den gällde bara en del av det som beskrivs.",
]
DISPUTE_ACCOUNTS = [
    "Enligt vår dokumentation skickades informationen enligt rutinen; vi menar att ansvaret "
    "för nästa steg låg hos {rapportor}.",
    "Vi delar inte beskrivningen: överenskommelsen lägger den här uppgiften på den "
    "rapporterande parten.",
]
ANSWERS = [
    "Vi har gått igenom händelsen med berörd personal och förtydligat rutinen. {motpart} "
    "följer upp att den används.",
    "Åtgärd: kontrollpunkt i utskrivningsplaneringen införs. Vi återkommer till {rapportor} "
    "med resultatet av uppföljningen.",
    "Orsaken var ett missförstånd om vem som skulle göra vad. Ansvarsfördelningen är nu "
    "tydliggjord på arbetsplatsträff.",
    "Vi har tagit upp ärendet i vår ledningsgrupp; en planerad åtgärd är utbildning i "
    "informationsöverföring under våren.",
    "Bristen är åtgärdad i vårt journalsystem. Vi ser inga fler fall av samma slag.",
]
