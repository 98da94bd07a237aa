# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

import datetime

import pytest
from django.utils import timezone


class Clock:
    def __init__(self):
        self.start = timezone.now()
        self.offset = datetime.timedelta()

    def now(self):
        return self.start + self.offset

    def advance(self, **kwargs):
        self.offset += datetime.timedelta(**kwargs)


@pytest.fixture
def clock(monkeypatch):
    """The server's clock (``timezone.now``: the idle rule and the session
    rows' expiry), standing still until a test moves it forward. Codes of
    the second factor keep real time, so signing in still works."""
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock.now)
    return clock
