# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Links into the case hub from templates: ``{% load hub %}{% hub_url
family_id "agreements" %}`` is ``casework.panels.hub_url``, the section of
the hub that holds the panel, with its anchor."""

from django import template

from buitenshuis.casework import panels

register = template.Library()


@register.simple_tag
def hub_url(family_id, key):
    return panels.hub_url(family_id, key)
