# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""WSGI entry point. Refuses to serve when production settings are unsafe."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buitenshuis.settings")

application = get_wsgi_application()

from buitenshuis.accounts.safety import assert_safe_to_serve  # noqa: E402

assert_safe_to_serve()
