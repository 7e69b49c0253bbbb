from django.urls import path

from samsyn.followup import settings_views, views

app_name = "followup"
urlpatterns = [
    path("", views.index, name="index"),
    path("par/", views.pairs, name="pairs"),
    path("kommun/<str:code>/", views.pair, name="pair"),
    path("omrade/<int:pk>/", views.area, name="area"),
    path("delregion/<int:pk>/", views.sub_region, name="sub_region"),
    path("vardgivare/", views.compilation_latest, name="compilation_latest"),
    path("vardgivare/<int:pk>/<int:year>/", views.compilation, name="compilation"),
    path("vardgivare/<int:pk>/<int:year>.pdf", views.compilation_pdf, name="compilation_pdf"),
    path("vardgivare/<int:pk>/<int:year>.xlsx", views.compilation_xlsx, name="compilation_xlsx"),
    path("arsrapport/", views.report_latest, name="report_latest"),
    path("arsrapport/<int:year>/", views.report, name="report"),
    path("arsrapport/<int:year>.pdf", views.report_pdf, name="report_pdf"),
    path("arsrapport/<int:year>.xlsx", views.report_xlsx, name="report_xlsx"),
    path("arsrapport/<int:year>/reflektion/<int:pk>/", views.reflection, name="reflection"),
    # The county's indicators and reflection deadlines (county administrators).
    path("installningar/", settings_views.settings_page, name="settings"),
    path("installningar/indikator/ny/", settings_views.indicator_edit, name="indicator_create"),
    path("installningar/indikator/<int:pk>/", settings_views.indicator_edit, name="indicator_edit"),
    path("installningar/tidsfrist/ny/", settings_views.deadline_edit, name="deadline_create"),
    path("installningar/tidsfrist/<int:pk>/", settings_views.deadline_edit, name="deadline_edit"),
]
