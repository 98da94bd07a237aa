from buitenshuis.training import views

app_name = "training"

urlpatterns = views.urlpatterns
