# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Synthetic demo data: one invented region with three invented
municipalities and one programme. Every name, address, telephone number and
citizen service number is obviously made up.

The demo shows every feature that exists: families with two
parents and children of every age band, each child with an invented BSN;
referrals at every step of the route, each from a referring organisation
that matches its route; provisional placements before the decision, a
rejection that ended one; children at the demo location today and one
arriving; signals read and unread; training spread over months as the guide
describes it.

Dates that a feature compares with "now" (arriving children, the
programme's norms, ages on the consent bands) are relative to the day of the
first load; they are stored once and never moved.

``load()`` is idempotent: running it twice changes nothing. Each family is
built in one go the first time (keyed by its reference) and left alone
afterwards. Where practical the rows are written by the rule functions
themselves (``activities.rules.place``, ``referrals.rules.decide``,
``referrals.rules.withdraw``), so the demo holds what the software would
store; their timestamps are then moved into the past, consistently.

Sections the integrator can extend (each a function below): ``_load_places``,
``_load_accounts``, ``_load_training``, ``_load_families`` (referrals,
intake, consent, decisions), ``_load_placements``, ``_load_signals``,
``_load_contacts``."""

import contextlib
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from buitenshuis.accounts import rules as membership_rules
from buitenshuis.activities import rules as activity_rules
from buitenshuis.activities.models import Contract, Placement, Signal
from buitenshuis.casework import workflow as enrolment_workflow
from buitenshuis.casework.models import Contact, Enrolment, Family, Person
from buitenshuis.core.dates import add_months
from buitenshuis.demo import questionnaires, two_years
from buitenshuis.monitoring import research
from buitenshuis.monitoring import rules_feed as feed_rules
from buitenshuis.monitoring.models import ResearchExport
from buitenshuis.monitoring.models_exports import FeedToken
from buitenshuis.organisations import geocoding
from buitenshuis.organisations.models import (
    ActivityType,
    FontChoice,
    GeocodeCache,
    HouseStyle,
    Location,
    Membership,
    Municipality,
    Organisation,
    OrganisationType,
    Programme,
    Region,
    Role,
)
from buitenshuis.programmes import assignment, budget
from buitenshuis.programmes import rules as programme_rules
from buitenshuis.programmes.models import (
    Assignment,
    AssignmentRule,
    Budget,
    BudgetModel,
    MeetingKind,
    PartnerRole,
    ProgrammeSettings,
)
from buitenshuis.referrals import rules as referral_rules
from buitenshuis.referrals import workflow as referral_workflow
from buitenshuis.referrals.models import (
    Consent,
    Decision,
    Intake,
    LegalBasis,
    LetterTemplate,
    Referral,
    Route,
    VeiligThuisStatus,
)
from buitenshuis.referrals.rules import required_consenters
from buitenshuis.training import rules as training_rules
from buitenshuis.training.models import Module, TrainingOverride, TrainingRecord, TrainingSession

DEMO_PASSWORD = "demo"

# username, first name, last name, role, organisation key, telephone
ACCOUNTS = [
    ("coordinator", "Cora", "Coördinatorius", Role.COORDINATOR, "municipality", "0123-456781"),
    ("beleid", "Bram", "Beleidsma", Role.POLICY_OFFICER, "municipality", "0123-456782"),
    ("linkingpin", "Lisa", "Linkerman", Role.LINKING_PIN, "youth_care", "06-00000001"),
    ("opvang", "Otto", "Opvanger", Role.LOCATION_STAFF, "childcare", "0123-456783"),
    ("verwijzer", "Vera", "Verwijsma", Role.REFERRER, "ggz", "0123-456784"),
    ("onderzoeker", "Olaf", "Onderzoekstra", Role.RESEARCHER, "research", ""),
    ("beheer", "Bea", "Beheerders", Role.ADMINISTRATOR, "municipality", ""),
]
# A colleague linking pin without a password: shows that a linking pin sees
# only their own families, and a training that is not yet complete.
COLLEAGUE = (
    "linkingpin2",
    "Lotte",
    "Lindeboomsma",
    Role.LINKING_PIN,
    "youth_care",
    "06-00000002",
)
# Referrers of the other routes, without a password (their referrals show
# the matching referring organisation).
OTHER_REFERRERS = [
    ("sociaalteam", "Stijn", "Sociaalsma", Role.REFERRER, "social_team", "0123-456785"),
    ("veiligthuis", "Wout", "Waakzaam", Role.REFERRER, "veilig_thuis", "0123-456786"),
]

MUNICIPALITIES = [
    ("Verzonnenstad", "GM9991"),
    ("Fantasiedorp", "GM9992"),
    ("Denkbeeldrecht", "GM9993"),
]

# key: (name, type, municipality index)
ORGANISATIONS = {
    "municipality": ("Gemeente Verzonnenstad", OrganisationType.MUNICIPALITY, 0),
    "youth_care": ("Jeugdhulp Denkbeeld", OrganisationType.YOUTH_CARE, 0),
    "childcare": ("Kinderopvang Het Verzonnen Nest", OrganisationType.CHILDCARE, 0),
    "ggz": ("GGZ Fictief", OrganisationType.ADULT_MENTAL_HEALTH, 0),
    "research": ("Onderzoeksbureau Proefkonijn", OrganisationType.RESEARCH, 0),
    "social_team": ("Sociaal Team Fantasiedorp", OrganisationType.SOCIAL_TEAM, 1),
    "veilig_thuis": ("Veilig Thuis Regio Verzonnenland", OrganisationType.VEILIG_THUIS, 0),
}

# Invented citizen service numbers for the demo children, in the order the
# children appear in FAMILIES. Each passes the 11-test (checked by the demo
# test); the series starts with 0990, so none looks like a famous example.
DEMO_BSNS = [
    "099000222",
    "099001147",
    "099001184",
    "099001998",
    "099002516",
    "099002553",
    "099002590",
    "099003478",
    "099003922",
    "099004033",
    "099004070",
    "099004847",
    "099004884",
    "099005402",
    "099006327",
    "099006364",
    "099007289",
    "099007733",
    "099007770",
    "099008658",
    "099008683",
    "099008713",
    "099008737",
    "099008749",
]


# Places for the programme: the demo location is an after-school
# club where the trained demo staff member ("opvang") works; a second,
# invented day care has a contract but no trained staff yet (not ready): the
# coordinator allowed one placement there, with a reason.
# name, street, number, postcode, type, LRK number, ages, tariff, unit, places
LOCATIONS = [
    (
        "Locatie Fantasietuin",
        "Speelweide",
        "2",
        "9991 AC",
        ActivityType.AFTER_SCHOOL,
        "999999901",
        (4, 12),
        "9.98",
        Contract.TariffUnit.HOUR,
        8,
    ),
    (
        "Kinderdagverblijf Wolkenkoekoek",
        "Luchtspiegeling",
        "14",
        "9992 BE",
        ActivityType.DAY_CARE,
        "999999902",
        (0, 3),
        "1450.00",
        Contract.TariffUnit.MONTH,
        3,
    ),
]
FANTASIETUIN, WOLKENKOEKOEK = 0, 1


@dataclass
class Member:
    """A family member; the age (years, months) is on the day of the load."""

    kind: str
    first_name: str
    years: int
    months: int = 3
    problems: list = field(default_factory=list)
    authority: bool = True


@dataclass
class PlacementSpec:
    """``start``: days from today (negative: in the past)."""

    child: str
    location: int
    start: int
    days: list
    hours: str
    pickup: str
    activity_type: str = ActivityType.AFTER_SCHOOL
    contribution: str = "0"


@dataclass
class SignalSpec:
    child: str
    kind: str
    text: str
    days_ago: int
    read_days_ago: int | None = None


@dataclass
class FamilySpec:
    """One family and how far its referral got. Day counts are days before
    the load (0: today). ``consent``: "complete", "partial" or None."""

    reference: str
    family_name: str
    street: str
    number: str
    postcode: str
    municipality: int
    coordinates: tuple
    members: list
    route: str
    referrer: str
    worries: str
    help_involved: str = ""
    referrer_name: str = ""
    veilig_thuis: str = VeiligThuisStatus.NONE
    linking_pin: str | None = None
    received: int = 0
    assigned: int | None = None
    intake: int | None = None
    consent: str | None = None
    provisional: list = field(default_factory=list)
    decision: tuple | None = None  # (outcome, days ago, reason)
    placements: list = field(default_factory=list)
    withdrawn: int | None = None
    signals: list = field(default_factory=list)
    contacts: list = field(default_factory=list)  # (days ago, minutes, kind, notes)


AFTER_SCHOOL_DAYS = ["mon", "wed", "thu"]
PICKUP_PARENTS = "Verzonnen: vader of moeder haalt; oma Fictief mag ook ophalen (0123-456799)."

FAMILIES = [
    # Accepted eight months ago, after a provisional start: two children at
    # the demo location today, the youngest at the second location (with the
    # coordinator's permission), signals read and unread.
    FamilySpec(
        reference="BH-DEMO-0001",
        family_name="Testerman",
        street="Nepstraat",
        number="1",
        postcode="9991 AA",
        municipality=0,
        coordinates=(53.2012, 6.5101),
        members=[
            Member("parent", "Tamara", 38, 2, ["kopp"]),
            Member("parent", "Tobias", 40, 7),
            Member("child", "Timo", 7, 5),
            Member("child", "Tess", 10, 2),
            Member("child", "Tijn", 1, 4),
        ],
        route=Route.GGZ_KINDCHECK,
        referrer="verwijzer",
        worries="Verzonnen zorgen: moeder is opgenomen geweest; de kinderen zijn veel alleen.",
        help_involved="Verzonnen: FACT-team van GGZ Fictief en de huisarts zijn betrokken.",
        linking_pin="linkingpin",
        received=250,
        assigned=249,
        intake=246,
        consent="complete",
        provisional=[
            PlacementSpec("Timo", FANTASIETUIN, -245, AFTER_SCHOOL_DAYS, "9", PICKUP_PARENTS),
            PlacementSpec("Tess", FANTASIETUIN, -245, AFTER_SCHOOL_DAYS, "9", PICKUP_PARENTS),
        ],
        decision=(Decision.Outcome.ACCEPTED, 240, ""),
        placements=[
            PlacementSpec(
                "Tijn",
                WOLKENKOEKOEK,
                -238,
                ["tue", "thu"],
                "16",
                "Verzonnen: vader brengt om 8.30 uur, moeder haalt om 17.00 uur.",
                activity_type=ActivityType.DAY_CARE,
                contribution="25.00",
            ),
        ],
        signals=[
            SignalSpec(
                "Timo",
                Signal.Kind.POSITIVE,
                "Verzonnen: Timo speelde vandaag voor het eerst met de andere kinderen mee.",
                30,
                read_days_ago=29,
            ),
            SignalSpec(
                "Timo",
                Signal.Kind.WORRY,
                "Verzonnen: Timo was stil en wilde niet naar huis; moeder was laat.",
                1,
            ),
        ],
        contacts=[
            (249, 60, "home_visit", "Kennismaking bij het gezin thuis (verzonnen verslag)."),
            (200, 90, "network", "Netwerkoverleg met FACT-team en school (verzonnen verslag)."),
            (20, 30, "activity", "Bij de BSO meegekeken (verzonnen verslag)."),
        ],
    ),
    # Accepted three days ago; the youngest starts at the demo location in
    # six days (arriving), the oldest (14) has no activity yet.
    FamilySpec(
        reference="BH-DEMO-0002",
        family_name="Voorbeeldsma",
        street="Fictieweg",
        number="12",
        postcode="9991 AB",
        municipality=0,
        coordinates=(53.2031, 6.5188),
        members=[
            Member("parent", "Victor", 43, 1, ["kov"]),
            Member("parent", "Vlinder", 41, 9),
            Member("child", "Vince", 14, 3),
            Member("child", "Valentijn", 5, 8),
        ],
        route=Route.SOCIAL_TEAM,
        referrer="sociaalteam",
        worries="Verzonnen zorgen: vader drinkt veel; Vince zorgt vaak voor zijn broertje.",
        help_involved="Verzonnen: het sociaal team begeleidt het gezin.",
        linking_pin="linkingpin",
        received=12,
        assigned=11,
        intake=8,
        consent="complete",
        decision=(Decision.Outcome.ACCEPTED, 3, ""),
        placements=[
            PlacementSpec(
                "Valentijn",
                FANTASIETUIN,
                6,
                ["mon", "tue", "fri"],
                "8",
                "Verzonnen: moeder haalt; Vince (14) mag Valentijn niet alleen ophalen.",
            ),
        ],
        contacts=[(11, 45, "home_visit", "Kennismaking (verzonnen verslag).")],
    ),
    # The colleague linking pin's family: assigned with the coordinator's
    # permission (training not complete), accepted four months ago.
    FamilySpec(
        reference="BH-DEMO-0003",
        family_name="Proefhuis",
        street="Bedachtplein",
        number="3",
        postcode="9993 CD",
        municipality=2,
        coordinates=(53.1504, 6.6120),
        members=[
            Member("parent", "Petra", 39, 11, ["kopp", "kov"]),
            Member("parent", "Paul", 42, 6),
            Member("child", "Pim", 10, 6),
            Member("child", "Puck", 17, 2),
        ],
        route=Route.VEILIG_THUIS,
        referrer="veiligthuis",
        veilig_thuis=VeiligThuisStatus.REPORTED,
        worries="Verzonnen zorgen: melding bij Veilig Thuis; ouders staan open voor hulp.",
        linking_pin="linkingpin2",
        received=130,
        assigned=129,
        intake=125,
        consent="complete",
        decision=(Decision.Outcome.ACCEPTED, 120, ""),
        placements=[
            PlacementSpec(
                "Pim", FANTASIETUIN, -118, ["tue", "thu"], "6", "Verzonnen: Puck (17) haalt."
            ),
        ],
        contacts=[(128, 60, "home_visit", "Kennismaking (verzonnen verslag).")],
    ),
    # Received three days ago, no linking pin yet: waits for the coordinator
    # and is past the norm of 48 hours ("Te laat").
    FamilySpec(
        reference="BH-DEMO-0101",
        family_name="Verzinsma",
        street="Kaartenhuislaan",
        number="5",
        postcode="9991 AD",
        municipality=0,
        coordinates=(53.2055, 6.5142),
        members=[
            Member("parent", "Fenna", 37, 8, ["kopp"]),
            Member("parent", "Frank", 39, 1),
            Member("child", "Floor", 9, 9),
            Member("child", "Fedde", 16, 5),
        ],
        route=Route.GGZ_KINDCHECK,
        referrer="verwijzer",
        worries="Verzonnen zorgen: moeder is opgenomen geweest; Fedde zorgt voor Floor.",
        help_involved="Verzonnen: de Kindcheck van GGZ Fictief.",
        received=3,
    ),
    # Assigned yesterday by the coordinator: waits for the intake.
    FamilySpec(
        reference="BH-DEMO-0102",
        family_name="Bedenkhof",
        street="Luchtkasteelweg",
        number="21",
        postcode="9992 BD",
        municipality=1,
        coordinates=(53.1840, 6.5580),
        members=[
            Member("parent", "Gijs", 41, 3, ["kov"]),
            Member("parent", "Gerda", 36, 10),
            Member("child", "Guusje", 13, 1),
            Member("child", "Gerrit", 6, 6),
            Member("child", "Gijsje", 2, 2),
        ],
        route=Route.SOCIAL_TEAM,
        referrer="sociaalteam",
        worries="Verzonnen zorgen: vader drinkt veel; de oudste zorgt voor de jongsten.",
        help_involved="Verzonnen: het sociaal team en de huisarts zijn betrokken.",
        linking_pin="linkingpin",
        received=2,
        assigned=1,
    ),
    # Intake ten days ago, consent not complete (Hidde, 12, has not given his
    # own); received 16 days ago: past the decision norm of 14 days.
    FamilySpec(
        reference="BH-DEMO-0103",
        family_name="Nepstra",
        street="Spiegelplein",
        number="9",
        postcode="9991 AE",
        municipality=0,
        coordinates=(53.1990, 6.5230),
        members=[
            Member("parent", "Hanna", 34, 11, ["kopp", "kovb"]),
            Member("parent", "Henk", 36, 4, authority=False),
            Member("child", "Hidde", 12, 4),
            Member("child", "Huub", 3, 1),
        ],
        route=Route.VEILIG_THUIS,
        referrer="veiligthuis",
        veilig_thuis=VeiligThuisStatus.CLOSE,
        worries="Verzonnen zorgen: spanningen thuis, dicht bij een melding bij Veilig Thuis.",
        linking_pin="linkingpin",
        received=16,
        assigned=15,
        intake=10,
        consent="partial",
    ),
    # A referral the linking pin took by phone: intake and consent two days
    # ago, placed provisionally yesterday; waits for the policy officer.
    FamilySpec(
        reference="BH-DEMO-0104",
        family_name="Luchtspiegel",
        street="Zeepbelstraat",
        number="8",
        postcode="9991 AF",
        municipality=0,
        coordinates=(53.2021, 6.5166),
        members=[
            Member("parent", "Iris", 31, 6, ["kopp"]),
            Member("parent", "Ivo", 33, 2),
            Member("child", "Isa", 8, 1),
            Member("child", "Ilse", 0, 7),
        ],
        route=Route.PHONE,
        referrer="linkingpin",
        referrer_name="Huisarts dr. H. Verzonnen (telefonisch, 0123-456790)",
        worries="Verzonnen zorgen: moeder is somber en komt de deur niet uit.",
        help_involved="Verzonnen: de huisarts en de POH-GGZ.",
        linking_pin="linkingpin",
        received=4,
        intake=2,
        consent="complete",
        provisional=[
            PlacementSpec(
                "Isa",
                FANTASIETUIN,
                -1,
                ["mon", "tue", "thu"],
                "9",
                "Verzonnen: moeder brengt en haalt; buurvrouw Fictief mag ook halen.",
            ),
        ],
        contacts=[(2, 75, "home_visit", "Intake bij het gezin thuis (verzonnen verslag).")],
    ),
    # From the linking pin's own caseload: placed provisionally, then
    # rejected today; the placement ended with the days used recorded.
    FamilySpec(
        reference="BH-DEMO-0105",
        family_name="Schijnveld",
        street="Droomstraat",
        number="45",
        postcode="9993 CE",
        municipality=2,
        coordinates=(53.1527, 6.6183),
        members=[
            Member("parent", "Sanne", 33, 7, ["other"]),
            Member("parent", "Sjoerd", 35, 0),
            Member("child", "Sem", 11, 2),
        ],
        route=Route.CASELOAD,
        referrer="linkingpin",
        worries="Verzonnen zorgen: moeder heeft veel stress door schulden.",
        linking_pin="linkingpin",
        received=20,
        intake=17,
        consent="complete",
        provisional=[
            PlacementSpec(
                "Sem", FANTASIETUIN, -16, ["tue", "wed", "fri"], "7.5", "Verzonnen: Sem fietst."
            ),
        ],
        decision=(
            Decision.Outcome.REJECTED,
            0,
            "Verzonnen: het gezin valt buiten de doelgroep van dit programma; de "
            "schuldhulpverlening van de gemeente past beter.",
        ),
    ),
    # Withdrawn by the referrer five days after the referral.
    FamilySpec(
        reference="BH-DEMO-0106",
        family_name="Wolkenveld",
        street="Regenboogpad",
        number="17",
        postcode="9992 BF",
        municipality=1,
        coordinates=(53.1855, 6.5511),
        members=[
            Member("parent", "Kim", 29, 5, ["kopp"]),
            Member("child", "Kai", 4, 6),
        ],
        route=Route.GGZ_KINDCHECK,
        referrer="verwijzer",
        worries="Verzonnen zorgen: moeder is net ontslagen uit de kliniek.",
        linking_pin="linkingpin",
        received=25,
        assigned=24,
        withdrawn=20,
    ),
    # Received today from Veilig Thuis: Floor of BH-DEMO-0101 again (same
    # BSN, name and date of birth). The referral is received like any
    # other; the coordinator finds a possible duplicate to link or dismiss.
    FamilySpec(
        reference="BH-DEMO-0107",
        family_name="Verzinsma",
        street="Kaartenhuislaan",
        number="5",
        postcode="9991 AD",
        municipality=0,
        coordinates=(53.2055, 6.5142),
        members=[
            Member("parent", "Fenna", 37, 8, ["kopp"]),
            Member("child", "Floor", 9, 9),
        ],
        route=Route.VEILIG_THUIS,
        referrer="veiligthuis",
        veilig_thuis=VeiligThuisStatus.REPORTED,
        worries="Verzonnen zorgen: melding bij Veilig Thuis over de thuissituatie.",
        received=0,
    ),
    # Two years with the family (demo/two_years.py adds contacts, meetings,
    # goals, reviews): in month 22 of 24, the review of month 22 due within
    # two weeks, the end within three months.
    FamilySpec(
        reference="BH-DEMO-0004",
        family_name="Bedachtzaam",
        street="Droomdijk",
        number="8",
        postcode="9991 AE",
        municipality=0,
        coordinates=(53.2021, 6.5230),
        members=[
            Member("parent", "Babette", 35, 4, ["kovb"]),
            Member("parent", "Boris", 37, 10),
            Member("child", "Bo", 8, 1),
            Member("child", "Bas", 13, 6),
        ],
        route=Route.SOCIAL_TEAM,
        referrer="sociaalteam",
        worries="Verzonnen zorgen: moeder overziet het huishouden niet; Bas zorgt voor Bo.",
        help_involved="Verzonnen: het sociaal team en de MEE-consulent.",
        linking_pin="linkingpin",
        received=675,
        assigned=674,
        intake=670,
        consent="complete",
        decision=(Decision.Outcome.ACCEPTED, 660, ""),
        placements=[
            PlacementSpec("Bo", FANTASIETUIN, -655, ["tue", "fri"], "6", PICKUP_PARENTS),
        ],
        contacts=[(672, 60, "home_visit", "Kennismaking bij het gezin thuis (verzonnen verslag).")],
    ),
    # Two years done: the linking pin closes today with a continuation and a
    # parental contribution built up over a schedule; the continuation
    # waits for the policy officer's decision.
    FamilySpec(
        reference="BH-DEMO-0005",
        family_name="Fictiehoeve",
        street="Schijnlaan",
        number="30",
        postcode="9993 CE",
        municipality=2,
        coordinates=(53.1511, 6.6133),
        members=[
            Member("parent", "Fleur", 41, 1, ["kopp"]),
            Member("child", "Fien", 9, 11),
            Member("child", "Fos", 15, 2),
        ],
        route=Route.GGZ_KINDCHECK,
        referrer="verwijzer",
        worries="Verzonnen zorgen: moeder heeft een bipolaire stoornis en is vaak opgenomen.",
        help_involved="Verzonnen: het FACT-team van GGZ Fictief.",
        linking_pin="linkingpin",
        received=740,
        assigned=739,
        intake=735,
        consent="complete",
        decision=(Decision.Outcome.ACCEPTED, 725, ""),
        placements=[
            PlacementSpec("Fien", FANTASIETUIN, -722, ["mon", "wed"], "6", PICKUP_PARENTS),
        ],
        contacts=[(736, 45, "home_visit", "Kennismaking (verzonnen verslag).")],
    ),
    # Stopped early: the family moved away after a year; closed forty days
    # ago without a follow-up (the placement ended with it).
    FamilySpec(
        reference="BH-DEMO-0006",
        family_name="Waanzee",
        street="Nergensweg",
        number="4",
        postcode="9992 EG",
        municipality=1,
        coordinates=(53.1912, 6.5388),
        members=[
            Member("parent", "Wendy", 29, 5, ["kov"]),
            Member("parent", "Willem", 33, 8, ["kov"]),
            Member("child", "Wies", 6, 3),
        ],
        route=Route.VEILIG_THUIS,
        referrer="veiligthuis",
        veilig_thuis=VeiligThuisStatus.CLOSE,
        worries="Verzonnen zorgen: beide ouders gebruiken; Wies is vaak alleen thuis.",
        linking_pin="linkingpin",
        received=420,
        assigned=419,
        intake=415,
        consent="complete",
        decision=(Decision.Outcome.ACCEPTED, 410, ""),
        placements=[
            PlacementSpec("Wies", FANTASIETUIN, -405, ["tue", "thu"], "6", PICKUP_PARENTS),
        ],
        contacts=[(414, 60, "home_visit", "Kennismaking (verzonnen verslag).")],
    ),
]

# Invented coordinates for the invented demo locations, so that distances
# show without the national address service (the demo works offline).
LOCATION_COORDINATES = {
    ("9991 AC", "2"): (53.2004, 6.5202),
    ("9992 BE", "14"): (53.1901, 6.5402),
}


class Context:
    """What the sections share: the programme, its municipalities, the
    organisations, the users, the locations, today."""

    def __init__(self):
        self.today = timezone.localdate()
        self.programme = None
        self.municipalities = []
        self.organisations = {}
        self.users = {}
        self.locations = []
        self.parent_numbers = []
        self.assignment_rules = []

    def day(self, offset):
        """The day ``offset`` days from today."""
        return self.today + datetime.timedelta(days=offset)

    def at(self, days_ago, hour=10):
        """A moment ``days_ago`` days before today, at ``hour`` o'clock
        (never later than now)."""
        moment = timezone.make_aware(
            datetime.datetime.combine(self.day(-days_ago), datetime.time(hour))
        )
        return min(moment, timezone.now())

    def born(self, member):
        return add_months(self.today, -(12 * member.years + member.months))


def _load_programme(ctx):
    region, _ = Region.objects.get_or_create(name="Regio Verzonnenland")
    for name, code in MUNICIPALITIES:
        municipality, _ = Municipality.objects.update_or_create(
            cbs_code=code, defaults={"name": name, "region": region}
        )
        ctx.municipalities.append(municipality)
    ctx.programme, _ = Programme.objects.get_or_create(
        name="Buitenshuisproject Regio Verzonnenland", defaults={"region": region}
    )
    ctx.programme.municipalities.add(*ctx.municipalities)
    _load_letterhead(ctx)
    ProgrammeSettings.objects.get_or_create(
        programme=ctx.programme,
        defaults={
            "municipality_reference": "VERZ-BH-2026",
            "retention_days": 365,
            "start_before_decision": True,
        },
    )
    ctx.organisations = {
        key: Organisation.objects.get_or_create(
            name=name, type=kind, defaults={"municipality": ctx.municipalities[index]}
        )[0]
        for key, (name, kind, index) in ORGANISATIONS.items()
    }


def _demo_logo(name):
    """An invented logo: the municipality's name on a coloured band (made
    here, so no real coat of arms is ever shipped)."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 120), (21, 66, 115))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 100, 600, 120), fill=(240, 180, 0))
    draw.text((24, 40), f"Gemeente {name} (demo)", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _load_letterhead(ctx):
    """Each demo municipality's letterhead for the decision letter, and the
    programme's letter texts with an invented signer (set once)."""
    from django.core.files.base import ContentFile

    for index, municipality in enumerate(ctx.municipalities):
        if municipality.postal_address:
            continue
        municipality.postal_address = (
            f"Postbus {1000 + index}\n999{index + 1} ZZ {municipality.name}"
        )
        municipality.phone = f"0123 45670{index}"
        municipality.website = f"https://{municipality.name.lower()}.demo.invalid"
        municipality.logo.save(
            f"{municipality.cbs_code.lower()}-demo.png",
            ContentFile(_demo_logo(municipality.name)),
            save=False,
        )
        municipality.save()
    _load_house_style(ctx)
    LetterTemplate.objects.get_or_create(
        programme=ctx.programme,
        defaults={
            "signer_name": "W. Verzonnen-Wethouder",
            "signer_function": "wethouder Jeugd (verzonnen)",
        },
    )


def _demo_style_logo():
    """An invented logo for the programme's house style: a plain mark with
    the word "Verzonnenland" (made here; nothing real is shipped)."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 64), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 56, 56), fill=(14, 94, 63))
    draw.text((68, 24), "Verzonnenland (demo)", fill=(14, 94, 63))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _load_house_style(ctx):
    """The programme's own look on top of the theme (set once): a green
    brand colour, a link colour and a logo, on every screen of the
    programme's people and on its letters."""
    from django.core.files.base import ContentFile

    if ctx.programme.house_style_id:
        return
    style = HouseStyle(
        name="Regio Verzonnenland (demo)",
        brand_colour="#0e5e3f",
        link_colour="#0b5394",
        font=FontChoice.SANS,
    )
    style.logo.save("verzonnenland-demo.png", ContentFile(_demo_style_logo()), save=False)
    style.save()
    ctx.programme.house_style = style
    ctx.programme.save(update_fields=["house_style"])


def _load_places(ctx):
    """The demo locations with their contracts and the coordinates of every
    demo address. Contracts run from the January before the oldest demo
    family to three years ahead (set once)."""
    organisation = ctx.organisations["childcare"]
    valid_from = datetime.date(ctx.day(-800).year, 1, 1)
    valid_to = datetime.date(ctx.today.year + 2, 12, 31)
    for spec in LOCATIONS:
        name, street, number, postcode, kind, lrk, (low, high), tariff, unit, places = spec
        in_first = postcode.startswith("9991")
        municipality = ctx.municipalities[0] if in_first else ctx.municipalities[1]
        location, _ = Location.objects.get_or_create(
            organisation=organisation,
            name=name,
            defaults={
                "street": street,
                "house_number": number,
                "postcode": postcode,
                "city": municipality.name,
                "municipality": municipality,
                "activity_type": kind,
                "lrk_number": lrk,
                "age_min": low,
                "age_max": high,
            },
        )
        Contract.objects.get_or_create(
            location=location,
            programme=ctx.programme,
            defaults={
                "places": places,
                "tariff": tariff,
                "tariff_unit": unit,
                "invoicing": Contract.Invoicing.YEARLY,
                "valid_from": valid_from,
                "valid_to": valid_to,
            },
        )
        ctx.locations.append(location)
    coordinates = dict(LOCATION_COORDINATES)
    coordinates.update({(f.postcode, f.number): f.coordinates for f in FAMILIES})
    for (postcode, number), (latitude, longitude) in coordinates.items():
        GeocodeCache.objects.get_or_create(
            query=geocoding.cache_key(postcode, number),
            defaults={"found": True, "latitude": latitude, "longitude": longitude},
        )


def _load_accounts(ctx):
    User = get_user_model()
    with_password = {username for username, *_ in ACCOUNTS}
    for username, first, last, role, org_key, phone in ACCOUNTS + [COLLEAGUE] + OTHER_REFERRERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.invalid",
                "phone": phone,
                "is_demo": True,
            },
        )
        if created:
            if username in with_password:
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save()
        membership, _ = Membership.objects.get_or_create(
            user=user,
            organisation=ctx.organisations[org_key],
            role=role,
            programme=None if role == Role.ADMINISTRATOR else ctx.programme,
            defaults={"is_privacy_officer": role == Role.ADMINISTRATOR},
        )
        if role == Role.LOCATION_STAFF:
            membership.locations.add(ctx.locations[FANTASIETUIN])
        ctx.users[username] = user


# Training as the guide has it (seed 001, "Stap 1 Training"): linking pins
# e-learning, then the 8-hour day, then the 4-hour return session months
# later; location staff e-learning and a face-to-face session. Training
# comes before guiding families. (module, months ago, place) per session.
TRAINER = "Trainer T. Fictief (Verzonnen Trainingsbureau)"
SESSIONS = {
    "lp_day": (Module.LP_DAY, 29, "Buurthuis De Verzonnen Vonk, Verzonnenstad"),
    "staff_session": (Module.STAFF_SESSION, 27, "Locatie Fantasietuin, Verzonnenstad"),
    "lp_return": (Module.LP_RETURN, 26, "Buurthuis De Verzonnen Vonk, Verzonnenstad"),
    "lp_day_2": (Module.LP_DAY, 4, "Gemeentehuis Fantasiedorp, zaal Droomkamer"),
    # Planned: the colleague's return session, next month.
    "lp_return_2": (Module.LP_RETURN, -1, "Gemeentehuis Fantasiedorp, zaal Droomkamer"),
}
# username, module, months ago, session key (None: e-learning)
TRAINING = [
    ("linkingpin", Module.LP_ELEARNING, 30, None),
    ("linkingpin", Module.LP_DAY, 29, "lp_day"),
    ("linkingpin", Module.LP_RETURN, 26, "lp_return"),
    ("opvang", Module.STAFF_ELEARNING, 28, None),
    ("opvang", Module.STAFF_SESSION, 27, "staff_session"),
    ("linkingpin2", Module.LP_ELEARNING, 5, None),
    ("linkingpin2", Module.LP_DAY, 4, "lp_day_2"),
]


def _load_training(ctx):
    """Sessions with attendance and e-learning records spread over the
    months before the first family; the colleague linking pin still misses
    the return session (planned next month)."""
    sessions = {}
    for key, (module, months_ago, place) in SESSIONS.items():
        sessions[key], _ = TrainingSession.objects.get_or_create(
            programme=ctx.programme,
            module=module,
            place=place,
            defaults={
                "date": add_months(ctx.today, -months_ago),
                "trainer": TRAINER,
                # The budget's training post (programmes.budget).
                "cost": Decimal("1250.00"),
            },
        )
    for username, module, months_ago, session_key in TRAINING:
        session = sessions[session_key] if session_key else None
        TrainingRecord.objects.get_or_create(
            user=ctx.users[username],
            module=module,
            defaults={
                "completed_on": session.date if session else add_months(ctx.today, -months_ago),
                "session": session,
                "recorded_by": ctx.users["coordinator"],
            },
        )


# Who takes which family (programmes.assignment): Lotte takes Verzonnenstad
# (9991) for the social team, Veilig Thuis, schools and GPs; Fantasiedorp
# and Droomdorp (9992-9993) go to the colleague linking pin first, who is
# skipped until the return session is done, and meanwhile to Lotte. A
# referral from GGZ via the Kindcheck in Verzonnenstad fits no rule: it
# waits for the coordinator (the browser walk of Voorbeeld 3 and 4 relies
# on that). (linking pin, ranges, routes, max caseload, order)
ASSIGNMENT_RULES = [
    (
        "linkingpin",
        [[9991, 9991]],
        [Route.SOCIAL_TEAM, Route.VEILIG_THUIS, Route.SCHOOL, Route.GP],
        15,
        10,
    ),
    ("linkingpin2", [[9992, 9993]], [], 12, 10),
    ("linkingpin", [[9992, 9993]], [], 15, 20),
]


def _load_assignment_rules(ctx):
    ctx.assignment_rules = []
    for username, ranges, routes, maximum, order in ASSIGNMENT_RULES:
        rule, _ = AssignmentRule.objects.get_or_create(
            programme=ctx.programme,
            linking_pin=ctx.users[username],
            order=order,
            defaults={"postcode_ranges": ranges, "routes": routes, "max_caseload": maximum},
        )
        ctx.assignment_rules.append(rule)


def _record_assignment(ctx, referral, pin, when):
    """How the demo family got its linking pin, as the referral page shows
    it: by the first demo rule that fits and names this linking pin, else
    by the coordinator's hand."""
    family = referral.family
    number = assignment.postcode_number(family.postcode)
    ruled = next(
        (
            rule
            for rule in sorted(ctx.assignment_rules, key=lambda r: (r.order, r.pk))
            if rule.linking_pin_id == pin.pk
            and assignment.Candidate.of(rule).fits(number, referral.route)
        ),
        None,
    )
    Assignment.objects.create(
        enrolment=referral.enrolment,
        linking_pin=pin,
        automatic=ruled is not None,
        rule=ruled,
        rule_text=assignment.describe(ruled) if ruled else "",
        assigned_by=referral.referred_by if ruled else ctx.users["coordinator"],
        assigned_at=when,
    )


def _child_bsns():
    """Every demo child's invented BSN, by (family reference, first name):
    fixed, whatever was loaded before."""
    children = [
        (spec.reference, member.first_name)
        for spec in FAMILIES
        for member in spec.members
        if member.kind == Person.Kind.CHILD
    ]
    bsns = dict(zip(children, DEMO_BSNS, strict=False))
    for copy, original in SAME_CHILD.items():
        bsns[copy] = bsns[original]
    return bsns


# A child referred twice (the possible duplicate of the demo).
SAME_CHILD = {("BH-DEMO-0107", "Floor"): ("BH-DEMO-0101", "Floor")}


def _load_families(ctx):
    """Every demo family, built once through its route. Returns the specs
    of the families created now."""
    bsns = _child_bsns()
    created = []
    for spec in FAMILIES:
        if Family.objects.filter(reference=spec.reference).exists():
            continue
        _load_family(ctx, spec, bsns)
        created.append(spec)
    return created


def _load_family(ctx, spec, bsns):
    users = ctx.users
    municipality = ctx.municipalities[spec.municipality]
    referrer = users[spec.referrer]
    family = Family.objects.create(
        reference=spec.reference,
        programme=ctx.programme,
        family_name=spec.family_name,
        street=spec.street,
        house_number=spec.number,
        postcode=spec.postcode,
        city=municipality.name,
        municipality=municipality,
        created_by=referrer,
    )
    for member in spec.members:
        person = Person(
            family=family,
            kind=member.kind,
            first_name=member.first_name,
            last_name=spec.family_name,
            date_of_birth=ctx.born(member),
            problem_categories=list(member.problems),
            has_parental_authority=member.authority and member.kind == Person.Kind.PARENT,
        )
        if member.kind == Person.Kind.CHILD:
            person.set_bsn(bsns[(spec.reference, member.first_name)])
        else:
            _contact_details(person, spec, len(ctx.parent_numbers))
            ctx.parent_numbers.append(person.first_name)
        person.save()
    # A linking pin who enters the referral is assigned on receipt.
    self_entered = referrer == users.get(spec.linking_pin)
    enrolment = Enrolment.objects.create(
        family=family,
        status=Enrolment.Status.REFERRED,
        linking_pin=referrer if self_entered else None,
    )
    referrer_membership = Membership.objects.get(
        user=referrer, programme=ctx.programme, role__in=referral_rules.ENTRY_ROLES
    )
    referral = Referral.objects.create(
        programme=ctx.programme,
        family=family,
        enrolment=enrolment,
        referred_by=referrer,
        referrer_organisation=referrer_membership.organisation,
        referrer_name=spec.referrer_name,
        route=spec.route,
        veilig_thuis=spec.veilig_thuis,
        worries=spec.worries,
        help_involved=spec.help_involved,
        status=Referral.Status.RECEIVED,
    )
    Referral.objects.filter(pk=referral.pk).update(received_at=ctx.at(spec.received, 9))
    referral.refresh_from_db()
    if spec.assigned is not None:
        _assign(ctx, referral, users[spec.linking_pin], spec.assigned)
    if spec.intake is not None:
        _intake(ctx, referral, spec)
    if spec.provisional:
        _load_placements(ctx, referral, spec.provisional)
    if spec.decision:
        _decide(ctx, referral, *spec.decision)
    if spec.placements:
        _load_placements(ctx, referral, spec.placements)
    if spec.withdrawn is not None:
        referral_rules.withdraw(referrer, referral)
        Referral.objects.filter(pk=referral.pk).update(closed_at=ctx.at(spec.withdrawn, 15))
    if spec.signals:
        _load_signals(ctx, referral, spec.signals)
    if spec.contacts:
        _load_contacts(ctx, referral, spec.contacts)
    if any((spec.reference, m.first_name) in SAME_CHILD for m in spec.members):
        referral_rules.flag_possible_duplicates(referral, referrer)


# Parents' contact details: invented numbers (06 00000xxx) and addresses
# at demo.invalid; one parent needs an interpreter, and the parent of the
# newest referral has no known date of birth (the intake completes it).
INTERPRETER = {"Gerda": "Pools"}
UNKNOWN_BIRTH_DATE = {("BH-DEMO-0107", "Fenna")}


def _contact_details(person, spec, number):
    person.phone = f"06 00000{100 + number:03d}"
    person.email = f"{person.first_name.lower()}.{spec.family_name.lower()}@demo.invalid"
    if person.first_name in INTERPRETER:
        person.interpreter_needed = True
        person.interpreter_language = INTERPRETER[person.first_name]
    if (spec.reference, person.first_name) in UNKNOWN_BIRTH_DATE:
        person.date_of_birth = None


def _assign(ctx, referral, pin, days_ago):
    """The coordinator assigns the linking pin, as the assignment page does;
    a linking pin whose training is not complete needs the coordinator's
    permission with a reason (listed under "Uitzonderingen")."""
    enrolment = referral.enrolment
    if training_rules.linking_pin_refusal(enrolment, pin):
        TrainingOverride.objects.create(
            kind=TrainingOverride.Kind.LINKING_PIN_UNTRAINED,
            enrolment=enrolment,
            linking_pin=pin,
            reason="Verzonnen: Lotte rondt de terugkombijeenkomst binnenkort af en kent het "
            "gezin al; het gezin kan niet wachten.",
            granted_by=ctx.users["coordinator"],
        )
    enrolment.linking_pin = pin
    enrolment.save(update_fields=["linking_pin"])
    referral_rules.mark_assigned(referral, now=ctx.at(days_ago, 11))
    _record_assignment(ctx, referral, pin, ctx.at(days_ago, 11))


def _intake(ctx, referral, spec):
    """The intake (as the intake page stores it) and the consents: all that
    the rules require, or (``partial``) only the parents' for the youngest
    child, so the referral page names who is missing."""
    pin = ctx.users[spec.linking_pin]
    held_on = ctx.day(-spec.intake)
    Intake.objects.create(
        referral=referral,
        conversation="Verzonnen intakegesprek bij het gezin thuis, met beide ouders.",
        criteria_met=["Casus van het sociaal (wijk)team"]
        if spec.route == Route.SOCIAL_TEAM
        else [
            "EPA-cliënt (ernstige psychiatrische aandoening) zonder verbetering op korte termijn"
        ],
        legal_basis=LegalBasis.CONSENT,
        held_on=held_on,
        recorded_by=pin,
    )
    # The statuses move as recording the intake moves them (the tables of
    # referrals.workflow and casework.workflow).
    referral_workflow.move(referral, Referral.Status.INTAKE)
    enrolment_workflow.move(referral.enrolment, Enrolment.Status.INTAKE)
    members = list(referral.family.members.all())
    parents = [m for m in members if m.kind == Person.Kind.PARENT]
    children = [m for m in members if m.kind == Person.Kind.CHILD]
    if spec.consent == "partial":
        youngest = max(children, key=lambda child: child.date_of_birth)
        wanted = [(youngest, p) for p in parents if p.has_parental_authority]
    else:
        wanted = []
        for child in children:
            # Who must consent on the day of the intake and today (an age
            # band may have changed since): the rules check today.
            people = {
                p.pk: p
                for day in (held_on, ctx.today)
                for p in required_consenters(child, parents, day)
            }
            wanted.extend((child, person) for person in people.values())
    for child, person in wanted:
        Consent.objects.create(
            referral=referral, child=child, given_by=person, given_on=held_on, recorded_by=pin
        )
    referral_rules.mark_ready(referral, now=ctx.at(spec.intake, 14))


def _decide(ctx, referral, outcome, days_ago, reason):
    """The decision by the policy officer through ``referrals.rules.decide``
    (which ends or confirms provisional placements), moved to its day."""
    start = ctx.day(-days_ago)
    decision = referral_rules.decide(
        ctx.users["beleid"],
        referral,
        outcome,
        reason=reason,
        start_date=start if outcome == Decision.Outcome.ACCEPTED else None,
    )
    if days_ago:
        decided_at = ctx.at(days_ago, 16)
        Decision.objects.filter(pk=decision.pk).update(decided_at=decided_at)
        changes = {"decided_at": decided_at}
        if outcome == Decision.Outcome.REJECTED:
            changes["closed_at"] = decided_at
        Referral.objects.filter(pk=referral.pk).update(**changes)
    referral.refresh_from_db()
    referral.enrolment.refresh_from_db()


def _load_placements(ctx, referral, specs):
    """Places children through ``activities.rules.place`` (provisional
    before the decision, regular after it). A location without trained staff
    first gets the coordinator's permission, with a reason."""
    enrolment = Enrolment.objects.get(pk=referral.enrolment_id)
    children = {m.first_name: m for m in referral.family.members.filter(kind=Person.Kind.CHILD)}
    pin = enrolment.linking_pin
    for spec in specs:
        location = ctx.locations[spec.location]
        if not training_rules.is_ready(location) and not activity_rules.readiness_override(
            enrolment, location
        ):
            activity_rules.override_readiness(
                ctx.users["coordinator"],
                enrolment,
                location,
                "Verzonnen: het jongste kind kan niet wachten; de medewerker van de groep volgt "
                "de training in het volgende kwartaal.",
            )
        start = ctx.day(spec.start)
        placement = activity_rules.place(
            pin,
            enrolment,
            children[spec.child],
            location,
            activity_type=spec.activity_type,
            days=spec.days,
            hours_per_week=spec.hours,
            start_date=start,
            parental_contribution=spec.contribution,
            pickup_arrangements=spec.pickup,
        )
        # Recorded the working day before the first day (or today).
        Placement.objects.filter(pk=placement.pk).update(
            created=ctx.at(max(-spec.start + 1, 0), 12)
        )
        enrolment.refresh_from_db()


def _load_signals(ctx, referral, specs):
    """Signals of the demo location's staff member to the linking pin: one
    read (acknowledged), one unread."""
    pin = referral.enrolment.linking_pin
    for spec in specs:
        placement = Placement.objects.get(
            enrolment=referral.enrolment, child__first_name=spec.child
        )
        signal = Signal.objects.create(
            placement=placement,
            kind=spec.kind,
            text=spec.text,
            created_by=ctx.users["opvang"],
        )
        changes = {"created": ctx.at(spec.days_ago, 17)}
        if spec.read_days_ago is not None:
            changes.update(acknowledged_by=pin, acknowledged_at=ctx.at(spec.read_days_ago, 9))
        Signal.objects.filter(pk=signal.pk).update(**changes)


def _load_contacts(ctx, referral, specs):
    pin = referral.enrolment.linking_pin
    for days_ago, minutes, kind, notes in specs:
        Contact.objects.create(
            enrolment=referral.enrolment,
            date=ctx.day(-days_ago),
            minutes=minutes,
            kind=kind,
            notes=notes,
            author=pin,
        )


@contextlib.contextmanager
def _no_mail():
    """The rules tell people on commit that something waits for them; the
    demo accounts have invented addresses, so loading sends nothing."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        yield


def load():
    """Create the demo data once; returns the demo accounts (those with a
    password)."""
    with _no_mail():
        return _load()


@transaction.atomic
def _load():
    ctx = Context()
    _load_programme(ctx)
    _load_places(ctx)
    _load_accounts(ctx)
    _load_training(ctx)
    _load_assignment_rules(ctx)
    _load_families(ctx)
    two_years.load(ctx)
    questionnaires.load(ctx)
    _load_setup(ctx)
    _load_budget(ctx)
    _load_membership_request(ctx)
    _load_feed_tokens(ctx)
    _load_research_export(ctx)
    return [ctx.users[username] for username, *_ in ACCOUNTS]


def _load_research_export(ctx):
    """A research export of the demo programme, requested and released by
    the coordinator, for the researcher Olaf to download (free text left
    out; docs/research-export.md)."""
    if ResearchExport.objects.filter(programme=ctx.programme).exists():
        return
    coordinator = ctx.users["coordinator"]
    export = research.request_export(coordinator, ctx.programme)
    research.release(coordinator, export, confirmed=True)


# The programme's partners: (organisation key, role, contact, days ago the
# declaration of intent was signed or None).
PARTNERS = (
    ("ggz", PartnerRole.REFERRER, "Gerda Verwijsma", 75),
    ("social_team", PartnerRole.REFERRER, "Sander Wijkhuis", 75),
    ("childcare", PartnerRole.EXECUTION, "Nina Nestbouwer", 60),
    ("veilig_thuis", PartnerRole.CARE, "Victor Veiligman", None),
)


def _load_setup(ctx):
    """The programme's set-up: the exploring phase done and the first tasks
    of the preparing phase, one overdue task of the coordinator's, four
    partners (three signed the declaration of intent), the kick-off two
    months ago and a partner meeting next week organised by the demo
    coordinator (in her work queue). Set once."""
    coordinator = ctx.users["coordinator"]
    programme = ctx.programme
    ProgrammeSettings.objects.filter(programme=programme, contribution_policy="").update(
        contribution_policy=(
            "In de eerste twee jaar vragen we geen ouderbijdrage. Bij voortzetting daarna "
            "bouwen we een kleine bijdrage op, naar draagkracht."
        )
    )
    tasks = programme_rules.checklist(programme)
    if not any(task.done for task in tasks):
        done_keys = {
            "know_the_approach",
            "existing_help",
            "project_leader",
            "involve_parties",
            "project_plan",
            "support",
            "no_single_person",
            "target_group",
            "referral_route",
            "partner_agreements",
            "training",
            "kick_off",
        }
        for task in tasks:
            if task.key in done_keys:
                programme_rules.update_task(
                    coordinator, task, owner=coordinator, due_date=None, done=True, notes=""
                )
            elif task.key == "buy_places":
                programme_rules.update_task(
                    coordinator,
                    task,
                    owner=coordinator,
                    due_date=ctx.day(-3),
                    done=False,
                    notes="Overeenkomst met jaarlijkse declaratie ligt bij de BSO.",
                )
            elif task.key == "sustainability":
                programme_rules.update_task(
                    coordinator,
                    task,
                    owner=ctx.users["beleid"],
                    due_date=ctx.day(30),
                    done=False,
                    notes="",
                )
    for key, role, contact, signed in PARTNERS:
        organisation = ctx.organisations[key]
        if not programme.partners.filter(organisation=organisation, role=role).exists():
            programme_rules.add_partner(
                coordinator,
                programme,
                organisation=organisation,
                role=role,
                contact_name=contact,
                declaration_signed_on=None if signed is None else ctx.day(-signed),
            )
    if not programme.meetings.filter(kind=MeetingKind.KICK_OFF).exists():
        programme_rules.save_meeting(
            coordinator,
            programme,
            kind=MeetingKind.KICK_OFF,
            starts_at=ctx.at(60, hour=15),
            place="Gemeentehuis Verzonnenstad, raadzaal",
            organiser=coordinator,
            attendees=[ctx.users["beleid"], ctx.users["linkingpin"]],
            other_attendees=(
                "GGZ Fictief\nSociaal Team Fantasiedorp\nKinderopvang Het Verzonnen Nest"
            ),
            notes="Aftrap met uitleg over de aanleiding en het project; kennismaking.",
            decisions="Drie partners tekenen de intentieverklaring.",
        )
    if not programme.meetings.filter(kind=MeetingKind.PARTNERS).exists():
        next_week = timezone.make_aware(datetime.datetime.combine(ctx.day(7), datetime.time(14)))
        programme_rules.save_meeting(
            coordinator,
            programme,
            kind=MeetingKind.PARTNERS,
            starts_at=next_week,
            place="Jeugdhulp Denkbeeld, vergaderzaal",
            organiser=coordinator,
            attendees=[ctx.users["beleid"]],
            other_attendees="GGZ Fictief\nVeilig Thuis Regio Verzonnenland",
            notes="Agenda: eerste ervaringen, aanmeldingen per route, de intentieverklaring van "
            "Veilig Thuis.",
        )


def _load_feed_tokens(ctx):
    """Two tokens of the aggregated feed, issued by the coordinator: one in
    use by an invented reporting tool, one revoked (the tokens page shows
    both; the token values themselves are not kept, as in real use)."""
    if FeedToken.objects.filter(programme=ctx.programme).exists():
        return
    coordinator = ctx.users["coordinator"]
    in_use, _token = feed_rules.issue(coordinator, ctx.programme, "Rapportagetool Fantasia")
    FeedToken.objects.filter(pk=in_use.pk).update(
        use_count=12, last_used_at=timezone.now() - datetime.timedelta(hours=3)
    )
    old, _token = feed_rules.issue(coordinator, ctx.programme, "Oude koppeling (proef)")
    feed_rules.revoke(coordinator, old)


def _load_membership_request(ctx):
    """A second administrator (no password) asked for a coordinator role
    for the colleague linking pin: it waits for the approval of "beheer"
    (the four-eyes rule for roles that open case files)."""
    User = get_user_model()
    second, created = User.objects.get_or_create(
        username="beheer2",
        defaults={
            "first_name": "Bart",
            "last_name": "Beheerstra",
            "email": "beheer2@demo.invalid",
            "is_demo": True,
        },
    )
    if created:
        second.set_unusable_password()
        second.save()
    Membership.objects.get_or_create(
        user=second,
        organisation=ctx.organisations["municipality"],
        role=Role.ADMINISTRATOR,
        programme=None,
    )
    colleague = ctx.users[COLLEAGUE[0]]
    if Membership.objects.filter(user=colleague, role=Role.COORDINATOR).exists():
        return
    membership_rules.grant_membership(
        second,
        Membership(
            user=colleague,
            organisation=ctx.organisations["municipality"],
            role=Role.COORDINATOR,
            programme=ctx.programme,
        ),
    )


# How much of each municipality's share of this year's budget the demo has
# committed: Verzonnenstad past the 80% warning (the policy officer's and
# the coordinator's work queue show it), the others well within.
SHARE_USED = (Decimal("0.85"), Decimal("0.50"), Decimal("0.40"))


def _load_budget(ctx):
    """This year's budget as a fixed amount, split over the region's three
    municipalities, with the linking pin's hourly rate and planned hours,
    and the shares set from what the demo families have committed (see
    ``SHARE_USED``); next year's budget as a fixed number of families."""
    year = ctx.today.year
    values = {
        "model": BudgetModel.FIXED_AMOUNT,
        "families": None,
        "hourly_rate": Decimal("78.50"),
        "planned_hours_per_month": Decimal("6.0"),
        "note": "Verzonnen begroting voor de demo.",
        "activity_amount": Decimal("0"),
        "linking_pin_amount": Decimal("0"),
        "training_amount": Decimal("0"),
    }
    plan, _ = Budget.objects.update_or_create(programme=ctx.programme, year=year, defaults=values)
    statement = budget.committed(plan, ctx.programme.pk, *budget.year_bounds(year))
    # Room for two more families in every share whatever the month, so that
    # the demo's referrals can still be accepted (early in the year that
    # keeps Verzonnenstad under the warning).
    settings = ProgrammeSettings.for_programme(ctx.programme)
    room = 2 * budget.expected_family_cost(settings, ctx.today)
    shares = {}
    for municipality, used in zip(ctx.municipalities, SHARE_USED, strict=True):
        committed = statement.municipalities.get(municipality.pk, budget.Committed()).total
        wanted = max(committed / used, committed + room, Decimal(1000))
        # Whole thousands, so that the share is easy to read.
        amount = (wanted / 1000).to_integral_value(ROUND_CEILING) * 1000
        shares[municipality.pk] = (Decimal(amount), None)
    total = sum(amount for amount, _families in shares.values())
    training = Decimal("5000")
    linking_pin = (total * Decimal("0.25")).quantize(Decimal("1"))
    values.update(
        activity_amount=total - training - linking_pin,
        linking_pin_amount=linking_pin,
        training_amount=training,
    )
    budget.save_budget(ctx.users["coordinator"], ctx.programme, year, values, shares)
    budget.save_budget(
        ctx.users["coordinator"],
        ctx.programme,
        year + 1,
        {
            **values,
            "model": BudgetModel.FIXED_FAMILIES,
            "families": 8,
            "activity_amount": Decimal("240000"),
            "linking_pin_amount": Decimal("60000"),
            "training_amount": Decimal("4000"),
        },
    )
