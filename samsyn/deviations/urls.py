from django.urls import path

from samsyn.deviations import guidance_views, recoding_views, views

app_name = "deviations"
urlpatterns = [
    path("", views.deviation_list, name="list"),
    path("export.csv", views.deviation_export_csv, name="export_csv"),
    path("export.xlsx", views.deviation_export_xlsx, name="export_xlsx"),
    path("rapportera/", views.deviation_report, name="report"),
    path("mina-rapporter/", views.my_reports_page, name="my_reports"),
    path("avsnitt/", views.document_sections, name="sections"),
    path("rapportera/styrdokument/", views.report_documents, name="report_documents"),
    path("mottagare/", views.receivers_shown, name="receivers"),
    path("klassificering/", guidance_views.guidance_list, name="guidance"),
    path("kategoriforslag/", recoding_views.category_suggestions, name="suggestions"),
    path("omkodning/", recoding_views.recoding_queue_page, name="recoding"),
    path("klassificering/<slug:kind>/ny/", guidance_views.guidance_edit, name="guidance_create"),
    path(
        "klassificering/<slug:kind>/<int:pk>/",
        guidance_views.guidance_edit,
        name="guidance_edit",
    ),
    path("<int:pk>/", views.deviation_detail, name="detail"),
    path(
        "<int:pk>/patientens-identitet/",
        views.patient_reference_show,
        name="patient_reference",
    ),
    path("<int:pk>/<slug:action>/", views.deviation_action, name="action"),
    path("atgard/<int:pk>/klar/", views.measure_done, name="measure_done"),
]
