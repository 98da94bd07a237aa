"""Training screens; see training/models.py."""

urlpatterns = []
