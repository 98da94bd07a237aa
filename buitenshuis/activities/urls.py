from buitenshuis.activities.views import locations, placements, staff, start

app_name = "activities"

urlpatterns = locations.urlpatterns + placements.urlpatterns + start.urlpatterns + staff.urlpatterns
