# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A test-only urlconf: the product's URLs plus a form page that shows
what ExpiredSessionFormMiddleware restored."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.urls import include, path

from buitenshuis.accounts.middleware import restored_form_data


@login_required
def note_form(request):
    if request.method == "POST":
        return HttpResponse("opgeslagen")
    data = restored_form_data(request)
    return JsonResponse({"restored": dict(data.lists()) if data is not None else None})


urlpatterns = [
    path("test/notitie/", note_form, name="test_note"),
    path("", include("buitenshuis.urls")),
]
