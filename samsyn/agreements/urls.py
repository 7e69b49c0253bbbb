from django.urls import path

from samsyn.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.document_list, name="documents"),
    path("nytt-dokument/", views.document_edit, name="document_create"),
    path("dokument/<str:code>/", views.document_detail, name="document"),
    path("dokument/<str:code>/andra/", views.document_edit, name="document_edit"),
    path("dokument/<str:code>/ny-paragraf/", views.section_edit, name="section_create"),
    path("dokument/<str:code>/paragraf/<int:pk>/", views.section_edit, name="section_edit"),
    path("dokument/<str:code>/ny-version/", views.version_edit, name="version_create"),
    path("dokument/<str:code>/version/<int:pk>/", views.version_edit, name="version_edit"),
    path("beslutslage/", views.adoption_overview, name="overview"),
    path("beslut/", views.decision_record, name="decision_record"),
    path("uppsagning/", views.termination_create, name="termination_create"),
    path("regim/", views.regime_lookup, name="regime"),
    path("api/regim/", views.regime_json, name="regime_json"),
]
