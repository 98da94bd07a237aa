from django.urls import path

from buitenshuis.casework import views

app_name = "casework"

urlpatterns = [
    path("gezinnen/", views.FamilyListView.as_view(), name="family_list"),
    path("gezinnen/<int:pk>/", views.FamilyDetailView.as_view(), name="family_detail"),
]
