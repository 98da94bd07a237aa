"""See activities/views/__init__.py."""

urlpatterns = []
