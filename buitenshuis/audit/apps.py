# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "buitenshuis.audit"
