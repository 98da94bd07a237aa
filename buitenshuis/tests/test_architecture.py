# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Dependencies point one way (docs/architecture.md, "Layers"): an app imports
only from its own layer and the layers below, also inside a function. The
contracts are import-linter's, in pyproject.toml; `make lint` runs them, and
so does `make test` here. A first-party import inside a function says why
it is there."""

import ast
import copy
import io
import subprocess
import sys
import tokenize
from pathlib import Path

import grimp
import pytest
from importlinter import api
from importlinter.contracts.layers import LayersContract

PROJECT_DIR = Path(__file__).resolve().parents[2]
PACKAGE_DIR = PROJECT_DIR / "buitenshuis"
PYPROJECT = PROJECT_DIR / "pyproject.toml"


def test_the_contracts_hold():
    """What `make lint` runs, run the same way."""
    result = subprocess.run(
        [Path(sys.executable).with_name("lint-imports"), "--no-cache", "--no-logo"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def graph():
    """The import graph of the project as it is, tests included."""
    return grimp.build_graph("buitenshuis", cache_dir=None)


def layers_contract():
    config = api.read_configuration(str(PYPROJECT))
    [options] = [c for c in config["contracts_options"] if c.get("id") == "layers"]
    return LayersContract(
        name=options["name"],
        session_options=config["session_options"],
        contract_options=options,
    )


def check(graph, *extra_imports):
    changed = copy.deepcopy(graph)
    for importer, imported in extra_imports:
        changed.add_import(importer=importer, imported=imported, line_number=1, line_contents="")
    return layers_contract().check(changed, verbose=False)


def test_the_layers_contract_holds_for_the_project(graph):
    assert check(graph).kept


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        # The person's model reaching up into the referral that created it.
        ("buitenshuis.casework.models", "buitenshuis.referrals.models"),
        # The access policy asking casework directly for the linking pin's families.
        ("buitenshuis.access.policy", "buitenshuis.casework.models"),
        # The bottom app reaching the access log.
        ("buitenshuis.organisations.models", "buitenshuis.audit.log"),
        # An app reaching the start page that sits on top of everything.
        ("buitenshuis.activities.forms_locations", "buitenshuis.portal.templatetags.dutch"),
    ],
)
def test_an_import_the_wrong_way_breaks_the_contract(graph, importer, imported):
    assert not check(graph, (importer, imported)).kept


def test_an_indirect_import_the_wrong_way_breaks_it_too(graph):
    """casework -> core is fine and core -> referrals is not; the chain
    casework -> core -> referrals is refused as well."""
    assert not check(graph, ("buitenshuis.core.formats", "buitenshuis.referrals.models")).kept


def test_imports_made_by_tests_do_not_count(graph):
    """An app's tests build whole families with the shared factories."""
    test_module = "buitenshuis.core.tests.test_formats"
    assert check(graph, (test_module, "buitenshuis.referrals.models")).kept


def test_an_import_downwards_is_allowed(graph):
    assert check(graph, ("buitenshuis.referrals.views.entry", "buitenshuis.core.formats")).kept


def _comment_lines(source):
    return {
        token.start[0]
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }


def unexplained_imports_in_functions(path):
    """First-party imports inside a function (``line: module``) without a
    comment on the line itself or directly above the import (or above the
    block of imports it belongs to)."""
    source = path.read_text(encoding="utf-8")
    comments = _comment_lines(source)
    imports = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for statement in ast.walk(node):
            if isinstance(statement, ast.ImportFrom) and statement.level == 0:
                modules = [statement.module or ""]
            elif isinstance(statement, ast.Import):
                modules = [alias.name for alias in statement.names]
            else:
                continue
            if any(m == "buitenshuis" or m.startswith("buitenshuis.") for m in modules):
                imports.append((statement.lineno, statement.end_lineno, modules))
    found, explained_until = [], None
    for lineno, end_lineno, modules in sorted(imports):
        above = lineno - 1
        while above in comments:
            above -= 1
        explained = above < lineno - 1 or lineno in comments or explained_until == lineno - 1
        if explained:
            explained_until = end_lineno
        else:
            found.append(f"{lineno}: {', '.join(modules)}")
    return found


def _modules():
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = path.relative_to(PACKAGE_DIR).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path.relative_to(PROJECT_DIR).as_posix(), path


def test_a_first_party_import_inside_a_function_says_why():
    unexplained = {
        name: found
        for name, path in _modules()
        if (found := unexplained_imports_in_functions(path))
    }
    assert not unexplained, (
        "Import at the top of the module, or say in a comment why it must be late "
        f"(for example: AppConfig.ready imports models): {unexplained}"
    )


def test_the_check_finds_an_unexplained_import(tmp_path):
    module = tmp_path / "example.py"
    module.write_text(
        "def late():\n"
        "    from buitenshuis.core import formats\n"
        "\n"
        "\n"
        "def explained():\n"
        "    # Models can be imported only once the app registry is ready.\n"
        "    from buitenshuis.casework import models\n"
        "    from buitenshuis.casework import rules\n"
        "\n"
        "    from buitenshuis.casework import views\n"
        "\n"
        "\n"
        "def outside():\n"
        "    from django.conf import settings\n"
    )
    # The comment covers the block of imports under it, not one further down.
    assert unexplained_imports_in_functions(module) == [
        "2: buitenshuis.core",
        "10: buitenshuis.casework",
    ]
