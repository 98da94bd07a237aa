# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""publiccode.yml, our entry in the public-sector software catalogues
(standard 0.7, https://yml.publiccode.tools/). No validator of the standard
installs here, so ``problems()`` checks what the standard's parser refuses or
warns about: the mandatory keys, no unknown and no deprecated key (the parser
refuses unknown keys), the lengths of the descriptions, the allowed values,
uppercase ISO 3166-1 country codes, the ``supports`` identifiers, dates as
YYYY-MM-DD. Beyond the standard it holds the file in step with the project:
the version is pyproject.toml's, the licence is the one in LICENSES/, the
languages are the ones the screens offer, and the screenshots it names exist
as images. The tests on altered copies show that each check can fail."""

import copy
import datetime
import re
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
FILE = ROOT / "publiccode.yml"

VERSIONS = {"0.7", "0.7.0"}  # the current version of the standard
DEVELOPMENT_STATUS = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
MAINTENANCE_TYPES = {"internal", "contract", "community", "none"}
PLATFORMS = {"web", "windows", "mac", "linux", "ios", "android"}
# The standard's list of aliases for `supports`.
ALIASES = {"gdpr", "eidas", "nis2", "cra", "spid", "cie", "anpr", "pagopa", "io"}
# The standard's controlled vocabularies (categories-list.rst, scope-list.rst).
CATEGORIES = set(
    """accounting agile-project-management applicant-tracking application-development
    appointment-scheduling backup billing-and-invoicing blog budgeting business-intelligence
    business-process-management cad call-center-management cloud-management collaboration
    communications compliance-management contact-management content-management crm
    customer-service-and-support data-analytics data-collection data-visualization design
    design-system digital-asset-management digital-citizenship document-management
    donor-management e-commerce e-signature educational-content email-management
    email-marketing employee-management enterprise-project-management
    enterprise-social-networking erp event-management facility-management
    feedback-and-reviews-management financial-reporting fleet-management fundraising
    gamification geographic-information-systems grant-management graphic-design help-desk hr
    ide identity-management instant-messaging integrated-library-system inventory-management
    it-asset-management it-development it-management it-security it-service-management
    knowledge-management learning-management-system marketing mind-mapping mobile-marketing
    mobile-payment network-management office online-booking online-community payment-gateway
    payroll predictive-analysis procurement productivity-suite project-collaboration
    project-management property-management real-estate-management regulations-and-directives
    remote-support resource-management sales-management seo service-desk
    social-media-management survey talent-management task-management taxes-management
    test-management time-management time-tracking translation video-conferencing video-editing
    visitor-management voip warehouse-management web-collaboration web-conferencing
    website-builder whistleblowing workflow-management other""".split()
)
SCOPES = set(
    """agriculture culture defence education emergency-services employment energy environment
    finance-and-economic-development foreign-affairs government healthcare infrastructures
    justice local-authorities manufacturing research science-and-technology security society
    sport tourism transportation welfare""".split()
)
# ISO 3166-1 alpha-2 (Debian's iso-codes).
COUNTRIES = set(
    """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK
    DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR
    GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM
    KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP
    MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL
    PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST
    SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG
    VI VN VU WF WS YE YT ZA ZM ZW""".split()
)

# Every key of the standard: the top level, then per section.
KEYS = {
    "publiccodeYmlVersion",
    "name",
    "applicationSuite",
    "url",
    "landingURL",
    "isBasedOn",
    "softwareVersion",
    "releaseDate",
    "logo",
    "platforms",
    "categories",
    "usedBy",
    "fundedBy",
    "roadmap",
    "developmentStatus",
    "softwareType",
    "supports",
    "organisation",
    "intendedAudience",
    "description",
    "legal",
    "maintenance",
    "localisation",
    "dependsOn",
}
SECTION_KEYS = {
    "organisation": {"uri", "name"},
    "intendedAudience": {"countries", "unsupportedCountries", "scope"},
    "legal": {"license", "mainCopyrightOwner"},
    "maintenance": {"type", "contractors", "contacts"},
    "localisation": {"localisationReady", "availableLanguages"},
    "dependsOn": {"open", "proprietary", "hardware"},
}
DESCRIPTION_KEYS = {
    "localisedName",
    "shortDescription",
    "longDescription",
    "documentation",
    "apiDocumentation",
    "features",
    "screenshots",
    "videos",
    "awards",
}
CONTACT_KEYS = {"name", "email", "phone", "affiliation"}
CONTRACTOR_KEYS = {"name", "until", "email", "website"}
DEPENDENCY_KEYS = {"name", "versionMin", "versionMax", "version", "optional"}
# Deprecated by the standard (schema.core.rst, country.rst, CHANGELOG.rst):
# still parsed with a warning, to be removed in 1.0. Also deprecated: the
# country-specific sections (IT, it), replaced by supports and organisation,
# description.[lang].genericName and lowercase country codes.
DEPRECATED_TOP = {"monochromeLogo", "inputTypes", "outputTypes"}
DEPRECATED_LEGAL = {"repoOwner", "authorsFile"}

BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URN = re.compile(r"^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$", re.IGNORECASE)
SPDX_OPERATORS = {"AND", "OR", "WITH"}


def _is_url(value):
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def _is_uri(value):
    return _is_url(value) or (isinstance(value, str) and bool(URN.match(value)))


def _is_date(value):
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_country_section(key):
    return isinstance(key, str) and len(key) == 2 and key.upper() in COUNTRIES


def _unknown(found, allowed, where):
    return [f"{where}{key}: not a key of the standard" for key in found if key not in allowed]


def _objects(items, where, allowed, required=("name",)):
    found = []
    if not isinstance(items, list) or not items:
        return [f"{where}: must be a non-empty list"]
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            found.append(f"{where}[{i}]: must be a mapping")
            continue
        found += _unknown(item, allowed, f"{where}[{i}].")
        found += [f"{where}[{i}].{key}: missing" for key in required if not item.get(key)]
        if "email" in item and not EMAIL.match(str(item["email"])):
            found.append(f"{where}[{i}].email: not an e-mail address")
    return found


def _deprecated(data):
    found = [f"{key}: deprecated" for key in sorted(DEPRECATED_TOP) if key in data]
    legal = data.get("legal") or {}
    found += [f"legal.{key}: deprecated" for key in sorted(DEPRECATED_LEGAL) if key in legal]
    for lang, text in (data.get("description") or {}).items():
        if isinstance(text, dict) and "genericName" in text:
            found.append(f"description.{lang}.genericName: deprecated")
    for key in data:
        if _is_country_section(key):
            found.append(f"{key}: country-specific sections are deprecated (use supports)")
    audience = data.get("intendedAudience") or {}
    for key in ("countries", "unsupportedCountries"):
        for code in audience.get(key) or []:
            if isinstance(code, str) and code.islower():
                found.append(f"intendedAudience.{key}: lowercase {code!r} is deprecated")
    return found


def _descriptions(descriptions):
    found = []
    if not isinstance(descriptions, dict) or not descriptions:
        return ["description: at least one language is mandatory"]
    for lang, text in descriptions.items():
        where = f"description.{lang}"
        if not BCP47.match(str(lang)):
            found.append(f"{where}: not a BCP 47 language tag")
        if not isinstance(text, dict):
            found.append(f"{where}: must be a mapping")
            continue
        found += _unknown(text, DESCRIPTION_KEYS | {"genericName"}, f"{where}.")
        short, long = text.get("shortDescription"), text.get("longDescription")
        if not isinstance(short, str) or not short.strip():
            found.append(f"{where}.shortDescription: missing")
        elif len(short) > 150:
            found.append(f"{where}.shortDescription: {len(short)} characters, at most 150")
        if not isinstance(long, str) or not long.strip():
            found.append(f"{where}.longDescription: missing")
        elif not 150 <= len(long) <= 10000:
            found.append(f"{where}.longDescription: {len(long)} characters, 150 to 10000")
        features = text.get("features")
        if not isinstance(features, list) or not features:
            found.append(f"{where}.features: missing")
        elif not all(isinstance(f, str) and f.strip() for f in features):
            found.append(f"{where}.features: each feature is a text")
        for key in ("documentation", "apiDocumentation"):
            if key in text and not _is_url(text[key]):
                found.append(f"{where}.{key}: not an http(s) URL")
        for i, path in enumerate(text.get("screenshots") or []):
            found += _screenshot(path, f"{where}.screenshots[{i}]")
    return found


def _screenshot(path, where):
    """A path inside the repository to a PNG or JPEG that exists and is one."""
    if not isinstance(path, str) or _is_url(path) or path.startswith("/"):
        return [f"{where}: {path!r} is not a path relative to the repository"]
    file = (ROOT / path).resolve()
    if ROOT not in file.parents:
        return [f"{where}: {path!r} lies outside the repository"]
    if not file.is_file():
        return [f"{where}: {path} does not exist"]
    head = file.read_bytes()[:8]
    if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
        return [f"{where}: {path} is not a PNG or JPEG image"]
    return []


def problems(data):
    """What the standard's parser would refuse or warn about, as a list of
    texts naming the key; empty when the file is valid."""
    if not isinstance(data, dict):
        return ["the file is not a mapping"]
    top = [key for key in data if not _is_country_section(key)]
    found = _unknown(top, KEYS | DEPRECATED_TOP, "")
    found += _deprecated(data)
    for section, allowed in SECTION_KEYS.items():
        if isinstance(data.get(section), dict):
            extra = DEPRECATED_LEGAL if section == "legal" else set()
            found += _unknown(data[section], allowed | extra, f"{section}.")

    mandatory = (
        "publiccodeYmlVersion name url platforms developmentStatus softwareType description "
        "legal maintenance localisation"
    ).split()
    found += [f"{key}: missing" for key in mandatory if key not in data]

    if "publiccodeYmlVersion" in data and data["publiccodeYmlVersion"] not in VERSIONS:
        found.append(f"publiccodeYmlVersion: {data['publiccodeYmlVersion']!r} is not 0.7")
    if "name" in data and not (isinstance(data["name"], str) and data["name"].strip()):
        found.append("name: empty")
    for key in ("url", "landingURL", "roadmap"):
        if key in data and not _is_url(data[key]):
            found.append(f"{key}: not an http(s) URL")
    platforms = data.get("platforms")
    if "platforms" in data and not (isinstance(platforms, list) and platforms):
        found.append("platforms: must be a non-empty list")
    for key, allowed in (("categories", CATEGORIES), ("platforms", PLATFORMS)):
        for value in data.get(key) or []:
            if value not in allowed:
                found.append(f"{key}: {value!r} is not in the standard's list")
    for key, allowed in (
        ("developmentStatus", DEVELOPMENT_STATUS),
        ("softwareType", SOFTWARE_TYPES),
    ):
        if key in data and data[key] not in allowed:
            found.append(f"{key}: {data[key]!r} is not one of {sorted(allowed)}")
    if "releaseDate" in data and not _is_date(data["releaseDate"]):
        found.append("releaseDate: not a date as YYYY-MM-DD")

    organisation = data.get("organisation")
    if organisation is not None:
        if not isinstance(organisation, dict) or not _is_uri(organisation.get("uri")):
            found.append("organisation.uri: missing or not a URI")
    if "fundedBy" in data:
        found += _objects(data["fundedBy"], "fundedBy", {"name", "uri"})

    for i, item in enumerate(data.get("supports") or []):
        ident = item.get("id") if isinstance(item, dict) else None
        if isinstance(item, dict):
            found += _unknown(item, {"id"}, f"supports[{i}].")
        if isinstance(ident, str) and ident.startswith("alias:"):
            if ident.removeprefix("alias:") not in ALIASES:
                found.append(f"supports[{i}].id: unknown alias {ident!r}")
        elif not _is_uri(ident):
            found.append(f"supports[{i}].id: not an alias or a URI")

    audience = data.get("intendedAudience") or {}
    for key in ("countries", "unsupportedCountries"):
        for code in audience.get(key) or []:
            if not isinstance(code, str) or code.upper() not in COUNTRIES:
                found.append(f"intendedAudience.{key}: {code!r} is not an ISO 3166-1 code")
    for value in audience.get("scope") or []:
        if value not in SCOPES:
            found.append(f"intendedAudience.scope: {value!r} is not in the standard's list")

    found += _descriptions(data.get("description"))

    legal = data.get("legal") or {}
    if not (isinstance(legal.get("license"), str) and legal["license"].strip()):
        found.append("legal.license: missing")

    maintenance = data.get("maintenance") or {}
    kind = maintenance.get("type")
    if kind not in MAINTENANCE_TYPES:
        found.append(f"maintenance.type: {kind!r} is not one of {sorted(MAINTENANCE_TYPES)}")
    if kind in {"internal", "community"} or "contacts" in maintenance:
        found += _objects(maintenance.get("contacts"), "maintenance.contacts", CONTACT_KEYS)
    if kind == "contract":
        found += _objects(
            maintenance.get("contractors"),
            "maintenance.contractors",
            CONTRACTOR_KEYS,
            required=("name", "until"),
        )
        for i, item in enumerate(maintenance.get("contractors") or []):
            if isinstance(item, dict) and item.get("until") and not _is_date(item["until"]):
                found.append(f"maintenance.contractors[{i}].until: not a date as YYYY-MM-DD")
    elif "contractors" in maintenance:
        found.append("maintenance.contractors: only when the type is contract")

    localisation = data.get("localisation") or {}
    if not isinstance(localisation.get("localisationReady"), bool):
        found.append("localisation.localisationReady: missing, true or false")
    languages = localisation.get("availableLanguages")
    if not (isinstance(languages, list) and languages):
        found.append("localisation.availableLanguages: missing")
    else:
        found += [
            f"localisation.availableLanguages: {lang!r} is not a BCP 47 language tag"
            for lang in languages
            if not BCP47.match(str(lang))
        ]

    for key in ("open", "proprietary", "hardware"):
        if key in (data.get("dependsOn") or {}):
            found += _objects(data["dependsOn"][key], f"dependsOn.{key}", DEPENDENCY_KEYS)
    return found


def _load():
    return yaml.safe_load(FILE.read_text(encoding="utf-8"))


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_file_has_the_name_the_catalogues_look_for():
    assert FILE.is_file()
    assert not (ROOT / "publiccode.yaml").exists(), "one file, named publiccode.yml"


def test_the_file_is_valid_at_standard_0_7():
    assert problems(_load()) == []


def test_the_version_is_the_project_version():
    assert _load()["softwareVersion"] == _pyproject()["version"]


def test_the_licence_is_the_projects_and_its_text_is_in_licenses():
    expression = _load()["legal"]["license"]
    assert expression == _pyproject()["license"]
    identifiers = [t for t in re.split(r"[\s()]+", expression) if t and t not in SPDX_OPERATORS]
    assert identifiers
    for identifier in identifiers:
        assert (ROOT / "LICENSES" / f"{identifier}.txt").is_file(), identifier


def test_the_languages_are_the_ones_the_screens_offer():
    data = _load()
    offered = {code for code, _name in settings.LANGUAGES}
    assert set(data["localisation"]["availableLanguages"]) == offered
    assert set(data["description"]) == offered


def test_every_language_describes_the_same_features_and_screenshots():
    descriptions = _load()["description"].values()
    assert len({len(text["features"]) for text in descriptions}) == 1
    assert len({tuple(text.get("screenshots", [])) for text in descriptions}) == 1


def test_the_python_it_names_is_the_one_pyproject_requires():
    python = next(d for d in _load()["dependsOn"]["open"] if d["name"] == "Python")
    assert _pyproject()["requires-python"] == f">={python['versionMin']}"


def test_the_catalogue_supports_gdpr_wcag_en_301_549_and_nen_7513():
    ids = " ".join(item["id"] for item in _load()["supports"])
    assert "alias:gdpr" in ids
    assert "WCAG21" in ids
    assert "301549" in ids
    assert "nen-7513" in ids


def _without(data, path):
    *parents, last = path.split(".")
    node = data
    for key in parents:
        node = node[key]
    del node[last]
    return data


@pytest.mark.parametrize(
    "path",
    [
        "publiccodeYmlVersion",
        "name",
        "url",
        "platforms",
        "developmentStatus",
        "softwareType",
        "description",
        "legal",
        "legal.license",
        "maintenance",
        "maintenance.type",
        "maintenance.contacts",
        "localisation",
        "localisation.localisationReady",
        "localisation.availableLanguages",
        "description.nl.shortDescription",
        "description.nl.longDescription",
        "description.en.features",
        "organisation.uri",
    ],
)
def test_a_missing_mandatory_key_is_found(path):
    data = _without(copy.deepcopy(_load()), path)
    found = problems(data)
    assert any(problem.startswith(path) for problem in found), found


def _altered(change):
    data = copy.deepcopy(_load())
    change(data)
    return problems(data)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["description"]["nl"].update(genericName="Werksysteem"), "genericName"),
        (lambda d: d["legal"].update(repoOwner="Gemeente"), "legal.repoOwner"),
        (lambda d: d["legal"].update(authorsFile="AUTHORS"), "legal.authorsFile"),
        (lambda d: d.update(monochromeLogo="logo.svg"), "monochromeLogo"),
        (lambda d: d.update(inputTypes=["text/plain"]), "inputTypes"),
        (lambda d: d.update(outputTypes=["text/plain"]), "outputTypes"),
        (lambda d: d.update(IT={"countryExtensionVersion": "1.0"}), "IT:"),
        (lambda d: d.update(it={"countryExtensionVersion": "1.0"}), "it:"),
        (lambda d: d["intendedAudience"].update(countries=["nl"]), "lowercase 'nl'"),
    ],
)
def test_a_deprecated_key_is_found(change, expected):
    found = _altered(change)
    assert any(expected in problem and "deprecated" in problem for problem in found), found


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(publiccodeYmlVersion="0.4"), "publiccodeYmlVersion"),
        (lambda d: d.update(developmentStatus="production"), "developmentStatus"),
        (lambda d: d.update(softwareType="standalone"), "softwareType"),
        (lambda d: d["maintenance"].update(type="commercial"), "maintenance.type"),
        (lambda d: d.update(categories=["case-management"]), "categories"),
        (lambda d: d["intendedAudience"].update(countries=["XX"]), "countries"),
        (lambda d: d["intendedAudience"].update(scope=["youth"]), "scope"),
        (lambda d: d.update(releaseDate="22-11-2026"), "releaseDate"),
        (lambda d: d.update(releaseDate="2026-02-30"), "releaseDate"),
        (lambda d: d["description"]["nl"].update(shortDescription="x" * 151), "151 characters"),
        (lambda d: d["description"]["en"].update(longDescription="x" * 149), "149 characters"),
        (lambda d: d["description"]["en"].update(longDescription="x" * 10001), "10001 char"),
        (lambda d: d["description"]["nl"].update(documentation="docs/"), "documentation"),
        (lambda d: d["supports"].append({"id": "alias:wcag"}), "unknown alias"),
        (lambda d: d["supports"].append({"id": "NEN 7513"}), "not an alias or a URI"),
        (lambda d: d["organisation"].update(uri="Buitenshuis"), "organisation.uri"),
        (lambda d: d["maintenance"]["contacts"][0].update(email="nobody"), "e-mail"),
        (lambda d: d["maintenance"].update(contractors=[]), "only when the type is contract"),
        (lambda d: d.update(supports_gdpr=True), "supports_gdpr: not a key"),
        (lambda d: d["legal"].update(licence="EUPL-1.2"), "legal.licence: not a key"),
        (lambda d: d["description"]["nl"].update(feature=["x"]), "nl.feature: not a key"),
        (lambda d: d["localisation"].update(localisationReady="yes"), "localisationReady"),
        (lambda d: d["localisation"].update(availableLanguages=["NL"]), "'NL'"),
    ],
)
def test_a_wrong_value_is_found(change, expected):
    found = _altered(change)
    assert any(expected in problem for problem in found), found


def test_contract_maintenance_needs_contractors_until_a_date():
    def contract(d):
        d["maintenance"] = {"type": "contract", "contractors": [{"name": "Leverancier BV"}]}

    assert "maintenance.contractors[0].until: missing" in _altered(contract)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("docs/screenshots/missing.png", "does not exist"),
        ("README.md", "not a PNG or JPEG"),
        ("../outside.png", "outside the repository"),
        ("https://example.org/shot.png", "not a path relative"),
    ],
)
def test_a_screenshot_that_is_no_image_in_the_repository_is_found(path, expected):
    found = _altered(lambda d: d["description"]["nl"]["screenshots"].append(path))
    assert any(expected in problem for problem in found), found
