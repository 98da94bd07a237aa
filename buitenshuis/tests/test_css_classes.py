# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""No class without styles (issue 10): every ``bh-`` or ``utrecht-`` class
a template or a form's widget uses is defined by a stylesheet the pages
load: the NL Design System components, the theme, buitenshuis.css,
admin.css, the letter's stylesheet. A class nobody styles is either a
mistake (an unread signal that does not look unread, a column header meant
to be hidden) or a copy of a component the library has under another name.

The classes are read from the templates' ``class="…"`` attributes. A
template expression inside one is resolved where that is possible:
``utrecht-alert--{% if … %}error{% else %}info{% endif %}`` checks
``utrecht-alert--error`` and ``utrecht-alert--info``; a class written by a
variable (``{{ table_class }}``) is checked where the variable is given
(``table_class="…"``)."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

from buitenshuis.portal.forms import TEXTBOX, WIDGET_CLASSES

APP = Path(__file__).resolve().parents[1]
TEMPLATES = APP / "templates"
OURS = ("bh-", "utrecht-")
TAG = "\x00"  # where a {% … %} tag stood inside a class attribute
VARIABLE = "\x01"  # where a {{ … }} variable stood


def stylesheets():
    """The text of every stylesheet a page or a letter may load."""
    found = [
        finders.find("npm/utrecht/index.css"),
        finders.find(settings.THEME_CSS),
    ]
    assert all(found), "the component library or the theme is not installed (npm ci)"
    paths = [Path(path) for path in found]
    paths += sorted((APP / "static").rglob("*.css"))
    paths += sorted(TEMPLATES.rglob("*.css"))
    texts = [path.read_text() for path in paths]
    # A <style> element of a template (if any is left).
    for template in TEMPLATES.rglob("*.html"):
        texts += re.findall(r"<style[^>]*>(.*?)</style>", template.read_text(), re.S)
    return texts


def defined_classes():
    classes = set()
    for text in stylesheets():
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        # The text before each "{" is a selector (or an at-rule's prelude).
        pieces = re.split(r"([{}])", text)
        for piece, brace in zip(pieces, pieces[1:], strict=False):
            if brace == "{":
                classes.update(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", piece))
    return classes


def classes_in(source):
    """The classes a template's class attributes (and the table_class of its
    scrolltable and listing tags) may give an element."""
    source = re.sub(r"\{% comment %\}.*?\{% endcomment %\}|\{#.*?#\}", "", source, flags=re.S)
    values = re.findall(r'(?<![\w-])(?:class|table_class)="([^"]*)"', source)
    found = set()
    for value in values:
        value = re.sub(r"\{%.*?%\}", TAG, re.sub(r"\{\{.*?\}\}", VARIABLE, value))
        for token in value.split():
            if VARIABLE in token:
                continue  # a variable: checked where it is given
            parts = token.split(TAG)
            words = [part for part in parts if part]
            if parts[0] and len(words) > 1:
                # A prefix and alternatives: utrecht-alert--{% if %}error{% else %}ok…
                found.update(parts[0] + word for word in words[1:])
            else:
                found.update(words)
    return found


def used_classes():
    used = {}
    for template in sorted(TEMPLATES.rglob("*.html")):
        for name in classes_in(template.read_text()):
            used.setdefault(name, set()).add(str(template.relative_to(TEMPLATES)))
    for css in [*WIDGET_CLASSES.values(), TEXTBOX]:
        for name in css.split():
            used.setdefault(name, set()).add("portal/forms.py")
    return {name: where for name, where in used.items() if name.startswith(OURS)}


def test_template_expressions_in_a_class_attribute_are_read_as_the_page_gets_them():
    source = (
        '<div class="utrecht-alert utrecht-alert--{% if a %}error{% else %}ok{% endif %}">'
        '<p class="bh-a{% if b %} bh-b{% endif %} {{ extra }}">'
        '<td class="{% if c %}bh-c{% else %}bh-d{% endif %}">'
        '{% scrolltable table_class="bh-table--stack" %}'
        '{# <p class="bh-commented-out"> #}'
    )
    assert classes_in(source) == {
        "utrecht-alert",
        "utrecht-alert--error",
        "utrecht-alert--ok",
        "bh-a",
        "bh-b",
        "bh-c",
        "bh-d",
        "bh-table--stack",
    }


def test_the_stylesheets_are_read():
    defined = defined_classes()
    # One of the library's, one of the theme's, one of ours, one of the letter's.
    assert {"utrecht-data-list__item-key", "voorbeeld-theme", "bh-unread", "bh-letter"} <= defined
    assert "bh-no-such-class" not in defined


def test_every_class_a_template_uses_has_styles():
    defined = defined_classes()
    unstyled = {
        name: sorted(where) for name, where in used_classes().items() if name not in defined
    }
    assert unstyled == {}
