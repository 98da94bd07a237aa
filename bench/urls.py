# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The product's URLs plus the bench's floor views (``bench.floor``)."""

from django.urls import include, path

from bench import floor

urlpatterns = [
    path("bench/vloer/gezin/<int:pk>/", floor.FamilyFloorView.as_view(), name="bench_floor_family"),
    path("bench/vloer/kind/<int:pk>/", floor.ChildFloorView.as_view(), name="bench_floor_child"),
    path("bench/vloer/cijfers/", floor.FiguresFloorView.as_view(), name="bench_floor_figures"),
    path("bench/niets/", floor.nothing, name="bench_nothing"),
    path("", include("buitenshuis.urls")),
]

handler400 = "buitenshuis.portal.views.bad_request"
handler403 = "buitenshuis.portal.views.permission_denied"
handler404 = "buitenshuis.portal.views.page_not_found"
handler500 = "buitenshuis.portal.views.server_error"
