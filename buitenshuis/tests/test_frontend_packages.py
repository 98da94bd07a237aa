# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What `npm ci` installs (package-lock.json): open licences only, and
no municipality's own house style (issue 10: Gemeente Utrecht's design
tokens are not open source; its licence says the open licence does not
apply to them)."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Licences compatible with distributing Buitenshuis under the EUPL-1.2.
OPEN = {"EUPL-1.2", "MIT", "0BSD", "ISC", "BSD-2-Clause", "BSD-3-Clause", "Apache-2.0"}
# House styles of one organisation: never shipped, whatever their
# package.json claims.
PROPRIETARY = (
    "@utrecht/design-tokens",
    "@gemeente-denhaag/design-tokens",
    "@amsterdam/design-tokens",
)


def installed():
    lock = json.loads((ROOT / "package-lock.json").read_text())
    return {
        path.removeprefix("node_modules/"): meta
        for path, meta in lock["packages"].items()
        if path  # "" is the project itself
    }


def test_every_front_end_package_has_an_open_licence():
    packages = installed()
    assert packages, "package-lock.json lists no packages"
    closed = {
        name: meta.get("license")
        for name, meta in packages.items()
        if meta.get("license") not in OPEN
    }
    assert closed == {}


def test_no_house_style_of_one_organisation_is_installed():
    packages = installed()
    assert not [name for name in packages if name in PROPRIETARY or name.endswith("/design-tokens")]
    # The theme is the NL Design System community's open example theme.
    assert "@nl-design-system-unstable/voorbeeld-design-tokens" in packages


def test_the_project_declares_only_what_it_locks():
    declared = json.loads((ROOT / "package.json").read_text())["dependencies"]
    packages = installed()
    for name, version in declared.items():
        assert packages[name]["version"] == version, name
