# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The English translation: the screens switch to English once a user chooses
it, and the catalogue in buitenshuis/locale is complete and keeps every
placeholder. The .po is parsed here without extra dependencies."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")

# Python-format placeholders (%(name)s, %(count)d, %s) and HTML entities
# (&euro;); {{ counter }} in templates becomes %(counter)s in the catalogue.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|&\w+;")


def _parse_po(path):
    """Return the entries of a .po file as dicts with the keys msgid,
    msgid_plural, msgstr and msgstr[N] (strings), plus flags (a set) and
    obsolete (bool). Enough of the format for what makemessages writes."""
    entries = []
    entry = {}
    key = None

    def finish():
        nonlocal entry, key
        if "msgid" in entry:
            entry.setdefault("flags", set())
            entry.setdefault("obsolete", False)
            entries.append(entry)
        entry, key = {}, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            entry["obsolete"] = True
            continue
        if line.startswith("#,"):
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line)
        if match:
            starts_new = match.group(1) in ("msgctxt", "msgid")
            if starts_new and any(k.startswith("msgstr") for k in entry):
                finish()
            key = match.group(1)
            entry[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            entry[key] += ast.literal_eval(line)
        else:
            raise AssertionError(f"Unexpected line in {path.name}: {raw!r}")
    finish()
    return entries


@pytest.fixture(scope="module")
def catalogue():
    assert PO_FILE.exists(), f"{PO_FILE} is missing; run makemessages -l en"
    entries = [e for e in _parse_po(PO_FILE) if not e["obsolete"]]
    header = [e for e in entries if e["msgid"] == ""]
    assert len(header) == 1
    messages = [e for e in entries if e["msgid"] != ""]
    assert len(messages) > 100
    return {"header": header[0], "messages": messages}


def _translations(entry):
    """(source, translation) pairs of an entry; for plurals, the singular
    with msgstr[0] and the plural with every other form."""
    if "msgid_plural" in entry:
        forms = sorted(k for k in entry if k.startswith("msgstr["))
        assert forms, entry["msgid"]
        return [(entry["msgid"], entry[forms[0]])] + [
            (entry["msgid_plural"], entry[form]) for form in forms[1:]
        ]
    return [(entry["msgid"], entry.get("msgstr", ""))]


def test_the_catalogue_exists_compiled_next_to_the_po():
    assert PO_FILE.exists()
    assert MO_FILE.exists(), "run compilemessages; the .mo is committed on purpose"


def test_the_catalogue_is_declared_as_english_with_english_plurals(catalogue):
    header = catalogue["header"]["msgstr"]
    assert "Language: en\\n" in header.replace("\n", "\\n")
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header
    assert "fuzzy" not in catalogue["header"]["flags"]


def test_every_string_is_translated(catalogue):
    untranslated = [
        entry["msgid"]
        for entry in catalogue["messages"]
        if any(not translation.strip() for _, translation in _translations(entry))
    ]
    assert untranslated == []


def test_no_translation_is_marked_fuzzy(catalogue):
    # Django ignores fuzzy entries, so they would silently show Dutch.
    fuzzy = [e["msgid"] for e in catalogue["messages"] if "fuzzy" in e["flags"]]
    assert fuzzy == []


def test_every_placeholder_is_kept(catalogue):
    broken = []
    for entry in catalogue["messages"]:
        for source, translation in _translations(entry):
            expected = sorted(set(PLACEHOLDER.findall(source)))
            if sorted(set(PLACEHOLDER.findall(translation))) != expected:
                broken.append((source, translation))
            elif source.count("\n") != translation.count("\n"):
                broken.append((source, translation))
    assert broken == []


MARKING_FUNCTIONS = {
    "gettext": 0,
    "gettext_lazy": 0,
    "gettext_noop": 0,
    "ngettext": 0,
    "ngettext_lazy": 0,
    "pgettext": 1,
    "pgettext_lazy": 1,
    "npgettext": 1,
    "npgettext_lazy": 1,
}
SOURCE_ROOT = Path(settings.BASE_DIR)


def _skipped(path):
    parts = path.relative_to(SOURCE_ROOT).parts
    return "tests" in parts or "migrations" in parts or "locale" in parts


def _python_msgids():
    """Every string literal passed to a gettext function imported from
    django.utils.translation, under whatever name it is imported (such as
    gettext_lazy as _lazy, which makemessages does not recognise)."""
    found = {}
    for path in sorted(SOURCE_ROOT.rglob("*.py")):
        if _skipped(path):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                for alias in node.names:
                    if alias.name in MARKING_FUNCTIONS:
                        names[alias.asname or alias.name] = MARKING_FUNCTIONS[alias.name]
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                index = names.get(node.func.id)
                if index is not None and len(node.args) > index:
                    arg = node.args[index]
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.setdefault(
                            arg.value, f"{path.relative_to(SOURCE_ROOT)}:{node.lineno}"
                        )
    return found


TEMPLATE_CALL = re.compile(r"\b(n?p?gettext)\(((?:u'(?:[^'\\]|\\.)*'(?:, )?)+)")
TEMPLATE_STRING = re.compile(r"u'(?:[^'\\]|\\.)*'")


def _template_msgids():
    """Every {% translate %} and {% blocktranslate %} text in the templates,
    as makemessages sees it (via Django's own templatize)."""
    from django.utils.translation.template import templatize

    found = {}
    for path in sorted((SOURCE_ROOT / "templates").rglob("*.html")):
        for match in TEMPLATE_CALL.finditer(templatize(path.read_text(encoding="utf-8"))):
            strings = [ast.literal_eval(s) for s in TEMPLATE_STRING.findall(match.group(2))]
            msgid = strings[1] if match.group(1).startswith(("p", "np")) else strings[0]
            found.setdefault(msgid, str(path.relative_to(SOURCE_ROOT)))
    return found


def test_every_marked_string_in_the_code_is_in_the_catalogue(catalogue):
    """A string marked for translation but missing from the .po stays Dutch
    on the English screens. Run makemessages and translate the new strings."""
    known = {entry["msgid"] for entry in catalogue["messages"]}
    marked = {**_template_msgids(), **_python_msgids()}
    assert len(marked) > 100
    missing = {msgid: where for msgid, where in marked.items() if msgid not in known}
    assert missing == {}


def _choose_english(client, next_url="/"):
    response = client.post(reverse("set_language"), {"language": "en", "next": next_url})
    assert response.status_code == 302


def test_login_page_is_dutch_by_default(db, client):
    body = client.get(reverse("accounts:login")).content.decode()
    assert "<h1" in body and ">Inloggen</h1>" in body
    assert "Gebruikersnaam" in body
    assert "Wachtwoord" in body


def test_login_page_in_english_after_choosing_english(db, client):
    _choose_english(client, reverse("accounts:login"))
    body = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="en"' in body
    assert ">Sign in</h1>" in body
    assert "Username" in body
    assert "Password" in body
    assert "Next" in body
    assert "authenticator app" in body
    assert "Inloggen" not in body
    assert "Gebruikersnaam" not in body
    assert "Wachtwoord" not in body


def test_start_page_in_english_after_choosing_english(world, client, sign_in):
    sign_in(world.users["linking_pin"])
    _choose_english(client)
    body = client.get(reverse("portal:start")).content.decode()
    assert "My families" in body
    assert "Sign out" in body
    assert "Language" in body
    assert "Mijn gezinnen" not in body
    assert "Uitloggen" not in body


def test_english_plural_forms_are_used(world, client, sign_in):
    sign_in(world.users["coordinator"])
    _choose_english(client)
    body = client.get(reverse("casework:family_list")).content.decode()
    assert "2 families" in body
