# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Links of 0.1 (English URL prefixes) keep working after the move to Dutch ones."""

import pytest


@pytest.mark.parametrize(
    "old,new",
    [
        ("/casework/gezinnen/", "/gezinnen/"),
        ("/casework/gezinnen/12/", "/gezinnen/12/"),
        ("/casework/gezinnen/?q=Pietersen&page=2", "/gezinnen/?q=Pietersen&page=2"),
        ("/audit/gezin/?reference=BH-2026-0001", "/logboek/gezin/?reference=BH-2026-0001"),
        ("/audit/lidmaatschappen/", "/logboek/lidmaatschappen/"),
    ],
)
def test_an_old_link_is_redirected_permanently_to_the_dutch_prefix(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response.url == new


def test_the_redirect_reveals_nothing_to_someone_not_signed_in(client):
    """The redirect only rewrites the path; the page it leads to asks for a
    sign-in as before."""
    response = client.get("/casework/gezinnen/12/", follow=True)
    assert response.redirect_chain[0] == ("/gezinnen/12/", 301)
    assert response.redirect_chain[-1][0].startswith("/account/")
