from buitenshuis.activities.views import children, locations, placements, signals

app_name = "activities"

urlpatterns = (
    locations.urlpatterns + placements.urlpatterns + children.urlpatterns + signals.urlpatterns
)
