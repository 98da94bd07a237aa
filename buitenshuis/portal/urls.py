from django.urls import path

from buitenshuis.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.StartView.as_view(), name="start"),
]
