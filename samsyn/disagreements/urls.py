from django.urls import path

from samsyn.disagreements.from_deviation import disagreement_from_deviation_view
from samsyn.disagreements.views import cases, library, organisation

app_name = "disagreements"
urlpatterns = [
    path("", cases.disagreement_list, name="list"),
    path("ny/", cases.disagreement_create, name="create"),
    path("fran-avvikelse/<int:pk>/", disagreement_from_deviation_view, name="from_deviation"),
    path("<int:pk>/", cases.disagreement_detail, name="detail"),
    path("<int:pk>/kommentar/", cases.disagreement_action, {"action": "kommentar"}, name="comment"),
    path("<int:pk>/<slug:action>/", cases.disagreement_action, name="action"),
    path("<int:pk>/protokoll/<int:protocol_id>/", cases.protocol_detail, name="protocol"),
    path(
        "<int:pk>/protokoll/<int:protocol_id>/pdf/",
        cases.protocol_pdf_download,
        name="protocol_pdf",
    ),
    path("vagledande-losningar/", library.lesson_list, name="lessons"),
    path("vagledande-losningar/liknande/", library.lessons_similar_partial, name="similar"),
    path("vagledande-losningar/<int:pk>/", library.lesson_detail, name="lesson"),
    path(
        "ekonomiska-overenskommelser/", library.economic_agreement_list, name="economic_agreements"
    ),
    path(
        "ekonomiska-overenskommelser/ny/",
        library.economic_agreement_create,
        name="economic_agreement_create",
    ),
    path("organisation/", organisation.organisation, name="organisation"),
    path(
        "organisation/<int:membership_id>/ta-bort/",
        organisation.organisation_remove,
        name="organisation_remove",
    ),
]
