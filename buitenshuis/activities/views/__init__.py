"""Views of the activity, one module per part, each with its own
``urlpatterns`` (joined in activities/urls.py):

* ``locations``: locations and their contracts (coordinator, administrator).
* ``placements``: suggesting locations and placing a child (linking pin),
  the coordinator's override for a location without trained staff.
* ``start``: the first day of the family's activity (linking pin).
* ``staff``: the location staff's children and their signals, and the
  linking pin's signal inbox.
"""
