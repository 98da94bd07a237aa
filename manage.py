#!/usr/bin/env python
# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buitenshuis.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
