from buitenshuis.activities.views import locations, placements, staff

app_name = "activities"

urlpatterns = locations.urlpatterns + placements.urlpatterns + staff.urlpatterns
