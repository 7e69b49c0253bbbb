from django.urls import path

from samsyn.parties import people_views, registry_views

app_name = "parties"

urlpatterns = [
    path("", people_views.people, name="people"),
    path("bjud-in/", people_views.invite, name="invite"),
    path("systemkonto/", people_views.machine_add, name="machine_add"),
    path("<int:person_id>/", people_views.person, name="person"),
    path("<int:person_id>/nycklar/", people_views.machine_token, name="machine_token"),
    path(
        "<int:person_id>/nycklar/<int:token_id>/aterkalla/",
        people_views.machine_token_revoke,
        name="machine_token_revoke",
    ),
    path(
        "<int:person_id>/roller/<int:membership_id>/ta-bort/",
        people_views.role_remove,
        name="role_remove",
    ),
    path("<int:person_id>/inaktivera/", people_views.deactivate, name="deactivate"),
    path("<int:person_id>/aktivera/", people_views.reactivate, name="reactivate"),
    path("<int:person_id>/skicka-lank/", people_views.link_send, name="link_send"),
    path("inloggningsparrar/", people_views.lockouts, name="lockouts"),
    path("<int:person_id>/las-upp/", people_views.unlock, name="unlock"),
    path("vardgivare/", registry_views.providers, name="providers"),
    path("vardgivare/ny/", registry_views.provider_edit, name="provider_create"),
    path("vardgivare/<int:provider_id>/", registry_views.provider_edit, name="provider_edit"),
    path("samverkansomraden/ny/", registry_views.area_edit, name="area_create"),
    path("samverkansomraden/<int:area_id>/", registry_views.area_edit, name="area_edit"),
    path("lan/<int:county_id>/forum/", registry_views.forum_edit, name="forum_edit"),
    path("enheter/", people_views.units, name="units"),
    path("enheter/<int:unit_id>/andra/", people_views.unit_edit, name="unit_edit"),
    path("enheter/<int:unit_id>/ta-bort/", people_views.unit_delete, name="unit_delete"),
]
