"""The first text of the statements the law asks for. It is the organisation's text (data),
in Swedish; county administrators change it on the pages themselves (/tillganglighet/andra/,
/personuppgifter/andra/). Fill in the contact addresses before going live."""

from django.db import migrations

ACCESSIBILITY = """Region Västra Götaland och kommunerna i Västra Götaland står bakom Samsyn, systemet för avvikelser, oenighet och tvist mellan vårdgivare enligt hälso- och sjukvårdsavtalet. Vi vill att så många som möjligt ska kunna använda det. Här beskriver vi hur Samsyn uppfyller lagen om tillgänglighet till digital offentlig service (DOS-lagen), kända brister och hur du kan rapportera problem så att vi kan åtgärda dem.

## Hur tillgängligt är Samsyn?
Samsyn är byggt för att uppfylla WCAG 2.1 nivå AA. Vi känner inte till några brister just nu. Om du hittar en brist vill vi gärna veta det.

## Vad kan du göra om du inte kan använda delar av Samsyn?
Om du behöver innehåll från Samsyn i ett annat format, eller inte kan registrera eller läsa ett ärende, kontakta Samsyns förvaltning:
- E-post: samsyn@vgregion.se
- Ange vilken sida det gäller och vad som inte fungerar.

## Rapportera brister i Samsyns tillgänglighet
Vi strävar hela tiden efter att förbättra tillgängligheten. Om du upptäcker problem som inte är beskrivna på den här sidan, eller om du anser att vi inte uppfyller lagens krav, meddela oss på samsyn@vgregion.se så att vi får veta att problemet finns. Vi svarar inom två veckor.

## Tillsyn
Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg och påtala det: https://www.digg.se/tdosanmalan

## Teknisk information om Samsyns tillgänglighet
Samsyn är helt förenligt med WCAG 2.1 nivå AA, så långt vi känner till.

## Hur vi testat Samsyn
Varje sida kontrolleras automatiskt med verktyget axe i en riktig webbläsare varje gång systemet ändras, och flödena provas med tangentbord. Sidorna fungerar utan skript i sidan och med förstoring till 400 procent.

Redogörelsen upprättades när Samsyn togs i bruk och ses över minst en gång om året."""

PRIVACY = """Här beskriver vi vilka personuppgifter Samsyn behandlar, varför, hur länge och vilka rättigheter du har.

## Vem ansvarar?
Varje huvudman (regionen och varje kommun) är personuppgiftsansvarig för uppgifterna om sina egna medarbetare och för de ärenden den själv registrerar. Region Västra Götaland förvaltar systemet som personuppgiftsbiträde åt kommunerna enligt ett biträdesavtal.

## Vilka uppgifter om dig finns i Samsyn?
- Namn, e-postadress och användarnamn.
- Ditt HSA-id eller ditt id hos den inloggningstjänst du loggar in med (SITHS via Inera eller kommunens konto).
- Dina roller hos vårdgivare och enheter.
- Vad du har gjort i systemet: händelseloggen (vem ändrade vad och när) och läsloggen (vem öppnade vilket ärende och när).
- Aviseringar som skickats till dig.

## Uppgifter om patienter
Samsyn är inte en patientjournal. Ärenden beskriver händelser mellan vårdgivare. Personnummer och andra uppgifter som pekar ut en patient får inte skrivas i fritext, och systemet vägrar ta emot personnummer. Om en patients identitet behövs finns den i respektive vårdgivares journal.

## Varför behandlas uppgifterna?
För att vårdgivarna ska kunna rapportera, utreda och lära av avvikelser och lösa oenigheter och tvister enligt hälso- och sjukvårdsavtalet, och för att kunna visa vem som gjort vad (spårbarhet). Den rättsliga grunden är uppgift av allmänt intresse och myndighetsutövning (dataskyddsförordningen artikel 6.1 e) enligt hälso- och sjukvårdslagen och kommunallagen.

## Hur länge sparas uppgifterna?
- Fritext i avslutade ärenden gallras tio år efter att ärendet avslutades.
- Händelseloggen och läsloggen sparas så länge arkivlagstiftningen och huvudmännens dokumenthanteringsplaner kräver.
- Ett konto tas inte bort när du slutar: det inaktiveras, så att historiken fortfarande visar vem som gjorde vad.

## Dina rättigheter
Du har rätt att få veta vilka uppgifter om dig som behandlas (registerutdrag), att få felaktiga uppgifter rättade och i vissa fall att invända mot behandlingen. Kontakta dataskyddsombudet hos din huvudman. Om du anser att uppgifterna behandlas felaktigt kan du klaga hos Integritetsskyddsmyndigheten (IMY): https://www.imy.se

## Kontakt
Samsyns förvaltning: samsyn@vgregion.se"""


def forwards(apps, schema_editor):
    Statement = apps.get_model("core", "Statement")
    Statement.objects.get_or_create(
        kind="accessibility",
        defaults={"title": "Tillgänglighetsredogörelse för Samsyn", "body": ACCESSIBILITY},
    )
    Statement.objects.get_or_create(
        kind="privacy",
        defaults={"title": "Så behandlar Samsyn personuppgifter", "body": PRIVACY},
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0003_statement")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
