# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The research export: pseudonymised rows of one programme, its codebook,
the k-anonymity report, and the rules for requesting, releasing and
downloading it (docs/research-export.md).

* ``data.csv``: one row per child per enrolment. No names, citizen service numbers,
  addresses, telephone numbers, e-mail addresses or dates of birth: the age
  in years (or an age band), the postcode's four digits at most, dates as
  months (YYYY-MM), durations in days.
* ``questionnaires.csv``: one row per filled-in questionnaire of the
  programme's enrolments (who answered as a pseudonym and a role, a child's
  age band, the instrument, the moment, the month, the score), and
  ``answers.csv``: one row per answer (the item's number and the value).
* Pseudonyms are HMAC-SHA256 over the person's (family's, enrolment's) id
  with a key per programme, derived from ``settings.RESEARCH_PSEUDONYM_KEY``
  and the programme's id: the same child has the same code in every export
  of the programme, and no code can be linked to one of another programme.
* Free text is left out, or passed through Deduce (Dutch de-identification)
  and then scrubbed of every name, address, number and date of the family
  that is still in it.
* Each column's treatment (kept, generalised, pseudonymised, de-identified)
  and every source field left out (dropped) is in the codebook inside the
  ZIP, with its version; ``COLUMNS``, ``QUESTIONNAIRE_COLUMNS`` and
  ``ANSWER_COLUMNS`` are the single definition of both.
"""

import csv
import datetime
import hashlib
import hmac
import importlib.util
import io
import json
import re
import threading
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework import protected
from buitenshuis.casework.models import Closure, Contact, Enrolment, Goal, Person, Review
from buitenshuis.core.errors import RuleError
from buitenshuis.core.formats import long_date
from buitenshuis.monitoring.models_questionnaires import (
    Answer,
    Instrument,
    Moment,
    Respondent,
    Response,
)
from buitenshuis.monitoring.models_research import FreeText, ResearchExport
from buitenshuis.organisations.models import ActivityType, OrganisationType
from buitenshuis.programmes.routes import Route
from buitenshuis.referrals.models import Decision, Referral

CODEBOOK_VERSION = "2"
# What changed in each version of the codebook, so that a multi-year study
# can follow a renamed or added column.
CODEBOOK_CHANGES = {
    "1": "Eerste versie.",
    "2": (
        "Vragenlijsten toegevoegd: questionnaires.csv (een rij per ingevulde vragenlijst) en "
        "answers.csv (een rij per antwoord), met hun kolommen onder 'tables', de vragenlijsten "
        "en hun vragen onder 'instruments', en een eigen rapport over k-anonimiteit "
        "('k_anonymity_questionnaires'). data.csv, 'columns' en 'k_anonymity' zijn ongewijzigd "
        "(ze beschrijven data.csv, zoals in versie 1). De versie van Deduce staat er alleen "
        "als vrije tekst is gekozen."
    ),
}
DATA, QUESTIONNAIRES, ANSWERS = "data.csv", "questionnaires.csv", "answers.csv"
K = 5
REMOVED = "[VERWIJDERD]"

KEPT, GENERALISED, PSEUDONYMISED, DEIDENTIFIED, DROPPED = (
    "kept",
    "generalised",
    "pseudonymised",
    "deidentified",
    "dropped",
)

# How the screens name a treatment (the codebook keeps the English code).
TREATMENT_LABELS = {
    KEPT: gettext_lazy("behouden"),
    GENERALISED: gettext_lazy("gegeneraliseerd"),
    PSEUDONYMISED: gettext_lazy("gepseudonimiseerd"),
    DEIDENTIFIED: gettext_lazy("ontdaan van persoonsgegevens (Deduce)"),
    DROPPED: gettext_lazy("weggelaten"),
}

# Age bands when the coordinator generalises further.
AGE_BANDS = ((0, 3), (4, 7), (8, 11), (12, 15), (16, 17))


# -- Pseudonyms -------------------------------------------------------------


def programme_key(programme_id):
    """The programme's own key, derived from the project's secret."""
    secret = settings.RESEARCH_PSEUDONYM_KEY.encode()
    return hmac.new(secret, f"programme:{programme_id}".encode(), hashlib.sha256).digest()


def pseudonym(programme_id, kind, object_id):
    """The code of a child, family or enrolment within a programme: 16
    hexadecimal characters of HMAC-SHA256 under the programme's key."""
    digest = hmac.new(
        programme_key(programme_id), f"{kind}:{object_id}".encode(), hashlib.sha256
    ).hexdigest()
    return digest[:16].upper()


def configuration_problems():
    """Production needs its own key (registered with accounts.safety in
    MonitoringConfig.ready)."""
    if settings.DEMO_MODE:
        return []
    key = settings.RESEARCH_PSEUDONYM_KEY
    if getattr(settings, "INSECURE_RESEARCH_PSEUDONYM_KEY", True):
        return [
            "RESEARCH_PSEUDONYM_KEY is not set; production needs a long random key for "
            "the research export's pseudonyms, kept outside the database."
        ]
    if len(key) < protected.MIN_KEY_LENGTH:
        return [f"RESEARCH_PSEUDONYM_KEY is shorter than {protected.MIN_KEY_LENGTH} characters."]
    if key in (settings.SECRET_KEY, settings.ACCESS_LOG_KEY, settings.BSN_LOOKUP_KEY):
        return ["RESEARCH_PSEUDONYM_KEY must differ from the other keys."]
    return []


# -- Generalising -----------------------------------------------------------


def month(value):
    """A date (or date and time) as its month, YYYY-MM."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return f"{value:%Y-%m}"


def age_in_years(born, on):
    if born is None or on is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_band(age):
    if age is None:
        return ""
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low}-{high}"
    return f"{AGE_BANDS[-1][1] + 1}+"


def postcode4(postcode):
    digits = re.sub(r"\D", "", postcode or "")[:4]
    return digits if len(digits) == 4 else ""


def days_between(start, end):
    if start is None or end is None:
        return ""
    if isinstance(start, datetime.datetime):
        start = timezone.localtime(start).date()
    if isinstance(end, datetime.datetime):
        end = timezone.localtime(end).date()
    return (end - start).days


def _months_between(start, end):
    """Months (of 30.4375 days) from ``start`` to ``end``, one decimal."""
    days = max((end - start).days + 1, 0)
    return (Decimal(days) / Decimal("30.4375")).quantize(Decimal("0.1"), ROUND_HALF_UP)


# -- Free text --------------------------------------------------------------

_deduce = None
_deduce_lock = threading.Lock()


def deduce_available():
    """Whether the Deduce library is installed (it needs no download at
    run time; its word lists ship with it)."""
    return importlib.util.find_spec("deduce") is not None


def _deducer():
    global _deduce
    with _deduce_lock:
        if _deduce is None:
            # Imported here: Deduce builds its word lists on first use
            # (seconds), which only an export with free text needs.
            from deduce import Deduce

            _deduce = Deduce()
    return _deduce


def _identifiers(members, family):
    """Every direct identifier of the family, as text that may occur in a
    note: names, street, postcode, telephone, e-mail, BSN, dates of birth."""
    values = {family.family_name, family.street, family.postcode}
    values.add(f"{family.street} {family.house_number}".strip())
    values.add((family.postcode or "").replace(" ", ""))
    for person in members:
        values.update({person.first_name, person.last_name, person.phone, person.email})
        if person.bsn_encrypted:
            values.add(protected.decrypt(person.bsn_encrypted))
        born = person.date_of_birth
        if born:
            values.update(
                {born.isoformat(), f"{born:%d-%m-%Y}", f"{born.day}-{born.month}-{born:%Y}"}
            )
    return sorted((v for v in values if v and len(v.strip()) >= 2), key=len, reverse=True)


def deidentify(text, members, family):
    """``text`` with every person, place, date, number and address that
    Deduce finds replaced by its tag ("[PERSOON-1]"), and then every
    identifier of the family still in it replaced by "[VERWIJDERD]"."""
    if not text:
        return ""
    children = [p for p in members if p.kind == Person.Kind.CHILD] or list(members)
    metadata = {}
    if children:
        from deduce.person import Person as DeducePerson  # with the lazy import above

        first = children[0]
        metadata["patient"] = DeducePerson(first_names=[first.first_name], surname=first.last_name)
    result = _deducer().deidentify(text, metadata=metadata).deidentified_text
    for value in _identifiers(members, family):
        pattern = r"(?<!\w)" + re.escape(value.strip()) + r"(?!\w)"
        result = re.sub(pattern, REMOVED, result, flags=re.IGNORECASE)
    return result


# -- The columns ------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    treatment: str
    description: str
    source: str
    values: tuple = ()  # (code, Dutch label) for a column of codes
    # Which exports have it: "all", "detailed" (not generalised),
    # "generalised", "free_text" (Deduce chosen).
    when: str = "all"
    quasi_identifier: bool = False

    @property
    def treatment_label(self):
        return TREATMENT_LABELS[self.treatment]

    def applies(self, generalised, free_text):
        return {
            "all": True,
            "detailed": not generalised,
            "generalised": generalised,
            "free_text": free_text == FreeText.DEDUCE,
        }[self.when]


def _choices(choices):
    return tuple((value, str(label)) for value, label in choices)


COLUMNS = (
    Column("child", PSEUDONYMISED, "Code van het kind (HMAC-SHA256, per programma).", "Person.id"),
    Column(
        "family", PSEUDONYMISED, "Code van het gezin (HMAC-SHA256, per programma).", "Family.id"
    ),
    Column(
        "enrolment",
        PSEUDONYMISED,
        "Code van het traject (een vervolgtraject is een eigen traject).",
        "Enrolment.id",
    ),
    Column(
        "continuation",
        KEPT,
        "1 als het traject een vervolg op een eerder traject is, anders 0.",
        "Enrolment.previous",
    ),
    Column(
        "age_years",
        GENERALISED,
        "Leeftijd in hele jaren op de dag van de aanmelding.",
        "Person.date_of_birth, Referral.received_at",
        when="detailed",
        quasi_identifier=True,
    ),
    Column(
        "age_band",
        GENERALISED,
        "Leeftijdsklasse op de dag van de aanmelding (0-3, 4-7, 8-11, 12-15, 16-17, 18+).",
        "Person.date_of_birth, Referral.received_at",
        when="generalised",
        quasi_identifier=True,
    ),
    Column(
        "postcode4",
        GENERALISED,
        "De vier cijfers van de postcode van het gezin.",
        "Family.postcode",
        when="detailed",
        quasi_identifier=True,
    ),
    Column(
        "municipality_cbs",
        KEPT,
        "CBS-code van de woongemeente.",
        "Family.municipality.cbs_code",
        quasi_identifier=True,
    ),
    Column(
        "referral_month", GENERALISED, "Maand van de aanmelding (JJJJ-MM).", "Referral.received_at"
    ),
    Column(
        "referral_route",
        KEPT,
        "Route van de aanmelding.",
        "Referral.route",
        _choices(Route.choices),
    ),
    Column(
        "referrer_type",
        KEPT,
        "Soort verwijzende organisatie.",
        "Referral.referrer_organisation.type",
        _choices(OrganisationType.choices),
    ),
    Column(
        "parent_problems",
        KEPT,
        "Problematiek van de ouders (codes gescheiden door ;).",
        "Person.problem_categories (ouders)",
    ),
    Column(
        "referral_status",
        KEPT,
        "Status van de aanmelding.",
        "Referral.status",
        _choices(Referral.Status.choices),
    ),
    Column(
        "decision",
        KEPT,
        "Besluit op de aanmelding.",
        "Decision.outcome",
        _choices(Decision.Outcome.choices),
    ),
    Column(
        "decision_month", GENERALISED, "Maand van het besluit (JJJJ-MM).", "Decision.decided_at"
    ),
    Column(
        "days_to_decision",
        GENERALISED,
        "Dagen van de aanmelding tot het besluit.",
        "Referral.received_at, Decision.decided_at",
    ),
    Column(
        "capacity_overridden",
        KEPT,
        "1 als de coördinator de capaciteit overschreed, anders 0.",
        "Decision.capacity_overridden",
    ),
    Column(
        "start_month", GENERALISED, "Maand van de start van het traject.", "Enrolment.start_date"
    ),
    Column("end_month", GENERALISED, "Maand van het geplande einde.", "Enrolment.end_date"),
    Column(
        "first_day_month",
        GENERALISED,
        "Maand van de eerste dag van de activiteit.",
        "Enrolment.first_activity_date",
    ),
    Column(
        "days_to_first_day",
        GENERALISED,
        "Dagen van de aanmelding tot de eerste dag van de activiteit.",
        "Referral.received_at, Enrolment.first_activity_date",
    ),
    Column("placements", KEPT, "Aantal plaatsingen van het kind.", "Placement"),
    Column(
        "activity_types",
        KEPT,
        "Soorten activiteit van het kind (codes gescheiden door ;).",
        "Placement.activity_type",
        _choices(ActivityType.choices),
    ),
    Column(
        "provisional_start",
        KEPT,
        "1 als een plaatsing voorlopig startte (voor het besluit), anders 0.",
        "Placement.provisional",
    ),
    Column(
        "hours_per_week",
        KEPT,
        "Uren per week, opgeteld over de plaatsingen van het kind die tegelijk liepen (hoogste).",
        "Placement.hours_per_week",
    ),
    Column(
        "placement_months",
        GENERALISED,
        "Maanden geplaatst (tot vandaag of het einde), opgeteld over de plaatsingen.",
        "Placement.start_date, Placement.end_date",
    ),
    Column("contacts", KEPT, "Aantal contacten van de linking pin met het gezin.", "Contact"),
    Column(
        "contact_minutes_per_month",
        GENERALISED,
        "Minuten contact per maand dat het traject liep.",
        "Contact.minutes, Enrolment.start_date",
    ),
    Column("goals", KEPT, "Aantal doelen van het traject.", "Goal"),
    Column("goals_reached", KEPT, "Aantal bereikte doelen.", "Goal.status"),
    Column("reviews", KEPT, "Aantal gehouden evaluaties.", "Review"),
    Column("closure_month", GENERALISED, "Maand van de afsluiting.", "Closure.closed_on"),
    Column(
        "closure_reason",
        KEPT,
        "Reden van de afsluiting (ook: reden van vroegtijdig stoppen).",
        "Closure.reason",
        _choices(Closure.Reason.choices),
    ),
    Column(
        "way_on",
        KEPT,
        "Vervolg na de afsluiting.",
        "Closure.way_on",
        _choices(Closure.WayOn.choices),
    ),
    Column(
        "out_of_home_prevented",
        KEPT,
        "Uithuisplaatsing voorkomen volgens de professionals.",
        "Closure.out_of_home_prevented",
        _choices(Closure.Prevented.choices),
    ),
    Column(
        "referral_worries",
        DEIDENTIFIED,
        "Zorgen bij de aanmelding, ontdaan van persoonsgegevens (Deduce, daarna "
        "gegevens van het gezin verwijderd).",
        "Referral.worries",
        when="free_text",
    ),
    Column(
        "decision_reason",
        DEIDENTIFIED,
        "Motivering van het besluit, ontdaan van persoonsgegevens.",
        "Decision.reason",
        when="free_text",
    ),
    Column(
        "closure_explanation",
        DEIDENTIFIED,
        "Toelichting bij de afsluiting, ontdaan van persoonsgegevens.",
        "Closure.explanation",
        when="free_text",
    ),
)

# The questionnaires (codebook version 2): one row per filled-in
# questionnaire, and one row per answer. The same codes as in data.csv: the
# family, the enrolment, and a person (a child's ``respondent`` is its
# ``child`` in data.csv).
QUESTIONNAIRE_COLUMNS = (
    Column(
        "response",
        PSEUDONYMISED,
        "Code van de ingevulde vragenlijst (de sleutel naar answers.csv).",
        "Response.id",
    ),
    Column(
        "family",
        PSEUDONYMISED,
        "Code van het gezin, dezelfde als in data.csv.",
        "Enrolment.family",
    ),
    Column(
        "enrolment",
        PSEUDONYMISED,
        "Code van het traject, dezelfde als in data.csv.",
        "Response.enrolment",
    ),
    Column(
        "respondent",
        PSEUDONYMISED,
        "Code van wie invulde: een ouder of een kind (bij een kind dezelfde code als 'child' "
        "in data.csv); leeg bij een professional.",
        "Response.person",
    ),
    Column(
        "respondent_role",
        KEPT,
        "Wie invulde: ouder, kind of professional (de functie van de professional is weggelaten).",
        "Response.person.kind",
        _choices(Respondent.choices),
        quasi_identifier=True,
    ),
    Column(
        "respondent_age_band",
        GENERALISED,
        "Leeftijdsklasse van een kind dat zelf invulde, op de dag van invullen (0-3, 4-7, "
        "8-11, 12-15, 16-17, 18+); leeg bij een ouder of een professional.",
        "Person.date_of_birth, Response.submitted_at",
        quasi_identifier=True,
    ),
    Column(
        "instrument",
        KEPT,
        "Sleutel van de vragenlijst; de vragen, schalen en scoring staan onder 'instruments'.",
        "Instrument.key",
    ),
    Column(
        "moment",
        KEPT,
        "Moment van de vragenlijst, gerekend vanaf de start van het traject.",
        "Response.moment",
        _choices(Moment.choices),
        quasi_identifier=True,
    ),
    Column(
        "submitted_month",
        GENERALISED,
        "Maand waarin de vragenlijst is ingevuld (JJJJ-MM).",
        "Response.submitted_at",
    ),
    Column(
        "entered_by_linking_pin",
        KEPT,
        "1 als de linking pin de antwoorden invoerde, 0 als de invuller zelf invulde via de link.",
        "Response.entered_by",
    ),
    Column(
        "score",
        KEPT,
        "Score volgens de vragenlijst (gemiddelde of som van de items, omgekeerde items "
        "omgerekend; zie 'instruments'); leeg als de vragenlijst geen score heeft of te weinig "
        "is beantwoord.",
        "Response.score",
    ),
)

ANSWER_COLUMNS = (
    Column(
        "response",
        PSEUDONYMISED,
        "Code van de ingevulde vragenlijst, dezelfde als in questionnaires.csv.",
        "Answer.response",
    ),
    Column("instrument", KEPT, "Sleutel van de vragenlijst.", "Instrument.key"),
    Column(
        "item",
        KEPT,
        "Nummer van de vraag in de vragenlijst (zie 'instruments').",
        "Item.order",
    ),
    Column(
        "value",
        KEPT,
        "Het gekozen antwoord: de waarde op de schaal van de vraag, zoals gegeven (ook bij "
        "een omgekeerd gescoorde vraag); leeg bij een open vraag.",
        "Answer.value",
    ),
    Column(
        "text",
        DEIDENTIFIED,
        "Antwoord op een open vraag, ontdaan van persoonsgegevens (Deduce, daarna gegevens "
        "van het gezin verwijderd).",
        "Answer.text",
        when="free_text",
    ),
)

# The rows each file holds, for the codebook.
TABLE_ROWS = {
    DATA: "Een rij per kind per traject.",
    QUESTIONNAIRES: "Een rij per ingevulde vragenlijst.",
    ANSWERS: "Een rij per beantwoorde vraag (open vragen alleen als vrije tekst is gekozen).",
}
TABLE_COLUMNS = {DATA: COLUMNS, QUESTIONNAIRES: QUESTIONNAIRE_COLUMNS, ANSWERS: ANSWER_COLUMNS}

# Every source field that never leaves the product this way.
DROPPED_FIELDS = (
    ("Family.family_name, Person.first_name, Person.last_name", "Naam: direct identificerend."),
    ("Person.bsn_encrypted", "Burgerservicenummer: direct identificerend."),
    ("Family.street, Family.house_number, Family.city", "Adres: direct identificerend."),
    ("Family.postcode (letters)", "Alleen de vier cijfers, of niets bij generaliseren."),
    ("Person.phone, Person.email", "Contactgegevens: direct identificerend."),
    ("Person.date_of_birth", "Alleen de leeftijd in jaren of een leeftijdsklasse."),
    ("Family.reference", "Het kenmerk is te koppelen aan het dossier."),
    ("Referral.referrer_name, gebruikers", "Namen van professionals."),
    ("Placement.location", "De locatie maakt kinderen herkenbaar; alleen de soort activiteit."),
    (
        "Contact.notes, Intake.conversation, GoalNote.text, Review.notes, SafetyPlan, "
        "NetworkMeeting.minutes_text, Signal.text",
        "Verslagen en notities: nooit in de export.",
    ),
    (
        "Response.professional, Invitation.professional",
        "Functie van een professional die invulde: vrije tekst die een persoon of locatie kan "
        "noemen; alleen de rol 'professional'.",
    ),
    (
        "Response.entered_by, Response.submitted_at (dag en tijd), Invitation",
        "Wie invoerde (alleen of het de linking pin was), de dag van invullen (alleen de "
        "maand) en de links: nooit in de export.",
    ),
)
FREE_TEXT_DROPPED = (
    "Referral.worries, Decision.reason, Closure.explanation, Answer.text (open vragen)",
    "Vrije tekst: weggelaten (de coördinator koos niet voor Deduce).",
)


def columns_for(generalised, free_text, table=DATA):
    """The columns of ``table`` (a file name) in an export with these
    options, in the file's order."""
    return [column for column in TABLE_COLUMNS[table] if column.applies(generalised, free_text)]


def tables_for(generalised, free_text):
    """Every file's columns: {file name: columns}, data.csv first."""
    return {table: columns_for(generalised, free_text, table) for table in TABLE_COLUMNS}


def quasi_identifiers(columns):
    return [column.name for column in columns if column.quasi_identifier]


# -- The rows ---------------------------------------------------------------


def _one(obj, name):
    """A reverse one-to-one that may not exist (a referral's decision)."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def _counts(model, programme, **extra):
    rows = (
        model.objects.filter(enrolment__family__programme=programme)
        .values("enrolment_id")
        .annotate(**extra)
    )
    return {row["enrolment_id"]: row for row in rows}


def export_rows(programme, generalised=False, free_text=FreeText.EXCLUDED, today=None):
    """The export's rows (dicts by column name) and the ids of the families
    in it. A fixed number of queries, whatever the size of the programme."""
    today = today or timezone.localdate()
    pid = programme.pk
    enrolments = (
        Enrolment.objects.filter(family__programme=programme)
        .select_related(
            "family__municipality",
            "referral__referrer_organisation",
            "referral__decision",
            "closure",
        )
        .prefetch_related("family__members", "placements")
        .order_by("pk")
    )
    contacts = _counts(Contact, programme, n=Count("pk"), minutes=Sum("minutes"))
    goals = _counts(
        Goal, programme, n=Count("pk"), reached=Count("pk", filter=Q(status=Goal.Status.REACHED))
    )
    reviews = _counts(Review, programme, n=Count("pk"))
    wanted = [column.name for column in columns_for(generalised, free_text)]
    rows, families = [], set()
    for enrolment in enrolments:
        family = enrolment.family
        members = list(family.members.all())
        referral = _one(enrolment, "referral")
        decision = _one(referral, "decision") if referral else None
        closure = _one(enrolment, "closure")
        received = timezone.localtime(referral.received_at).date() if referral else None
        until = min(
            filter(None, [today, closure.closed_on if closure else None, enrolment.end_date])
        )
        contact = contacts.get(enrolment.pk, {})
        minutes_per_month = ""
        if enrolment.start_date and until >= enrolment.start_date:
            months = max(_months_between(enrolment.start_date, until), Decimal(1))
            minutes = Decimal(contact.get("minutes") or 0)
            minutes_per_month = int((minutes / months).quantize(Decimal(1), ROUND_HALF_UP))
        parents = sorted(
            {c for p in members if p.kind == Person.Kind.PARENT for c in p.problem_categories or []}
        )
        texts = {}
        if free_text == FreeText.DEDUCE:
            texts = {
                "referral_worries": deidentify(
                    referral.worries if referral else "", members, family
                ),
                "decision_reason": deidentify(decision.reason if decision else "", members, family),
                "closure_explanation": deidentify(
                    closure.explanation if closure else "", members, family
                ),
            }
        placements_of = defaultdict(list)
        for placement in enrolment.placements.all():
            placements_of[placement.child_id].append(placement)
        for child in (p for p in members if p.kind == Person.Kind.CHILD):
            placements = placements_of[child.pk]
            age = age_in_years(child.date_of_birth, received or enrolment.start_date)
            placement_months = sum(
                (
                    _months_between(p.start_date, min(p.end_date, today))
                    for p in placements
                    if p.start_date <= today
                ),
                Decimal("0.0"),
            )
            row = {
                "child": pseudonym(pid, "person", child.pk),
                "family": pseudonym(pid, "family", family.pk),
                "enrolment": pseudonym(pid, "enrolment", enrolment.pk),
                "continuation": int(enrolment.previous_id is not None),
                "age_years": "" if age is None else age,
                "age_band": age_band(age),
                "postcode4": postcode4(family.postcode),
                "municipality_cbs": family.municipality.cbs_code,
                "referral_month": month(received),
                "referral_route": referral.route if referral else "",
                "referrer_type": referral.referrer_organisation.type if referral else "",
                "parent_problems": ";".join(parents),
                "referral_status": referral.status if referral else "",
                "decision": decision.outcome if decision else "",
                "decision_month": month(decision.decided_at) if decision else "",
                "days_to_decision": days_between(received, decision.decided_at) if decision else "",
                "capacity_overridden": int(bool(decision and decision.capacity_overridden)),
                "start_month": month(enrolment.start_date),
                "end_month": month(enrolment.end_date),
                "first_day_month": month(enrolment.first_activity_date),
                "days_to_first_day": days_between(received, enrolment.first_activity_date),
                "placements": len(placements),
                "activity_types": ";".join(sorted({p.activity_type for p in placements})),
                "provisional_start": int(any(p.provisional for p in placements)),
                "hours_per_week": _hours_at_once(placements),
                "placement_months": placement_months,
                "contacts": contact.get("n", 0),
                "contact_minutes_per_month": minutes_per_month,
                "goals": goals.get(enrolment.pk, {}).get("n", 0),
                "goals_reached": goals.get(enrolment.pk, {}).get("reached", 0),
                "reviews": reviews.get(enrolment.pk, {}).get("n", 0),
                "closure_month": month(closure.closed_on) if closure else "",
                "closure_reason": closure.reason if closure else "",
                "way_on": closure.way_on if closure else "",
                "out_of_home_prevented": closure.out_of_home_prevented if closure else "",
                **texts,
            }
            rows.append({name: row[name] for name in wanted})
            families.add(family.pk)
    return rows, sorted(families)


def _hours_at_once(placements):
    """The most hours per week the child spent at activities at one time."""
    if not placements:
        return ""
    best = Decimal(0)
    for placement in placements:
        at_once = sum(
            (
                other.hours_per_week
                for other in placements
                if other.start_date <= placement.start_date <= other.end_date
            ),
            Decimal(0),
        )
        best = max(best, at_once)
    return best


# -- The questionnaires -----------------------------------------------------


@dataclass(frozen=True)
class QuestionnaireTables:
    responses: list  # rows of questionnaires.csv
    answers: list  # rows of answers.csv
    families: set  # the ids of the families whose answers are in them
    instruments: set  # the ids of the instruments answered


def _respondent(response, submitted):
    """(role, a child's age band) of who filled in ``response``."""
    person = response.person
    if person is None:
        return Respondent.PROFESSIONAL, ""
    if person.kind == Person.Kind.CHILD:
        return Respondent.CHILD, age_band(age_in_years(person.date_of_birth, submitted))
    return Respondent.PARENT, ""


def questionnaire_rows(programme, generalised=False, free_text=FreeText.EXCLUDED):
    """The rows of questionnaires.csv and answers.csv: the responses of
    ``programme``'s own enrolments only, under the programme's codes. An
    open question's answer is in answers.csv only when the coordinator
    chose Deduce, de-identified as the other free text. Three queries,
    whatever the size of the programme."""
    pid = programme.pk
    with_text = free_text == FreeText.DEDUCE
    prefetch = [
        Prefetch(
            "answers",
            queryset=Answer.objects.select_related("item__scale").order_by("item__order"),
        )
    ]
    if with_text:
        prefetch.append("enrolment__family__members")
    responses = (
        Response.objects.filter(enrolment__family__programme=programme)
        .select_related("enrolment__family", "instrument", "person")
        .prefetch_related(*prefetch)
        .order_by("enrolment_id", "submitted_at", "pk")
    )
    wanted = [column.name for column in columns_for(generalised, free_text, QUESTIONNAIRES)]
    wanted_answer = [column.name for column in columns_for(generalised, free_text, ANSWERS)]
    rows, answers, families, instruments = [], [], set(), set()
    for response in responses:
        enrolment, instrument = response.enrolment, response.instrument
        submitted = timezone.localtime(response.submitted_at).date()
        role, band = _respondent(response, submitted)
        code = pseudonym(pid, "response", response.pk)
        row = {
            "response": code,
            "family": pseudonym(pid, "family", enrolment.family_id),
            "enrolment": pseudonym(pid, "enrolment", enrolment.pk),
            "respondent": pseudonym(pid, "person", response.person_id)
            if response.person_id
            else "",
            "respondent_role": role,
            "respondent_age_band": band,
            "instrument": instrument.key,
            "moment": response.moment,
            "submitted_month": month(submitted),
            "entered_by_linking_pin": int(response.entered_by_id is not None),
            "score": "" if response.score is None else response.score,
        }
        rows.append({name: row[name] for name in wanted})
        families.add(enrolment.family_id)
        instruments.add(instrument.pk)
        members = list(enrolment.family.members.all()) if with_text else []
        for answer in response.answers.all():
            open_question = answer.item.scale.free_text
            if open_question and not with_text:
                continue
            text = ""
            if open_question:
                text = deidentify(answer.text, members, enrolment.family)
            row = {
                "response": code,
                "instrument": instrument.key,
                "item": answer.item.order,
                "value": "" if answer.value is None else answer.value,
                "text": text,
            }
            answers.append({name: row[name] for name in wanted_answer})
    return QuestionnaireTables(rows, answers, families, instruments)


def instruments_codebook(instrument_ids):
    """The codebook's description of the instruments answered: who fills
    them in, when, how they are scored, and per item its number, scale,
    values and whether it is reversed. An item's text only for our own
    instruments: a licensed instrument's texts belong to its licence
    holder."""
    instruments = (
        Instrument.objects.filter(pk__in=instrument_ids)
        .prefetch_related("items__scale")
        .order_by("key")
    )
    return [
        {
            "key": instrument.key,
            "name": instrument.name,
            "respondent": instrument.respondent,
            "min_age": instrument.min_age,
            "max_age": instrument.max_age,
            "moments": list(instrument.moments),
            "scoring": instrument.scoring,
            "own": instrument.is_default,
            "items": [
                {
                    "item": item.order,
                    "text": item.text if instrument.is_default else "",
                    "scale": item.scale.key,
                    "free_text": item.scale.free_text,
                    "reversed": item.reversed,
                    **(
                        {"values": {str(value): label for value, label in item.scale.choices}}
                        if not item.scale.free_text
                        else {}
                    ),
                }
                for item in instrument.items.all()
            ],
        }
        for instrument in instruments
    ]


# -- k-anonymity ------------------------------------------------------------


@dataclass(frozen=True)
class KReport:
    k: int
    quasi_identifiers: tuple
    rows: int
    classes: int
    smallest_class: int
    rows_below_k: int

    @property
    def below_k(self):
        return self.rows_below_k > 0

    def as_dict(self):
        return {
            "k": self.k,
            "quasi_identifiers": list(self.quasi_identifiers),
            "rows": self.rows,
            "equivalence_classes": self.classes,
            "smallest_class": self.smallest_class,
            "rows_in_classes_below_k": self.rows_below_k,
        }


def k_anonymity(rows, quasi_identifiers, k=K):
    """The equivalence classes of ``rows`` over ``quasi_identifiers``: how
    many, the smallest one's size, and how many rows are in a class of
    fewer than ``k``."""
    sizes = Counter(tuple(row[name] for name in quasi_identifiers) for row in rows)
    return KReport(
        k=k,
        quasi_identifiers=tuple(quasi_identifiers),
        rows=len(rows),
        classes=len(sizes),
        smallest_class=min(sizes.values(), default=0),
        rows_below_k=sum(size for size in sizes.values() if size < k),
    )


# -- The file ---------------------------------------------------------------


def _cell(value):
    """A cell as text; text that a spreadsheet would read as a formula is
    neutralised with a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _describe(columns):
    return [
        {
            "name": column.name,
            "treatment": column.treatment,
            "description": column.description,
            "source": column.source,
            "quasi_identifier": column.quasi_identifier,
            **({"values": dict(column.values)} if column.values else {}),
        }
        for column in columns
    ]


def codebook(tables, reports, export, deduce_version="", instruments=()):
    """The codebook: ``tables`` maps each file to its columns, ``reports``
    data.csv and questionnaires.csv to their k-anonymity report.
    ``columns`` and ``k_anonymity`` describe data.csv, as in version 1."""
    free_text = export.free_text
    dropped = [{"source": s, "treatment": DROPPED, "why": why} for s, why in DROPPED_FIELDS]
    if free_text == FreeText.EXCLUDED:
        source, why = FREE_TEXT_DROPPED
        dropped.append({"source": source, "treatment": DROPPED, "why": why})
    return {
        "codebook_version": CODEBOOK_VERSION,
        "changes": CODEBOOK_CHANGES,
        "export": {
            "id": export.pk,
            "programme": export.programme.name,
            "requested_month": month(export.requested_at),
            "free_text": free_text,
            "deduce_version": deduce_version,
            "generalised": export.generalised,
            "pseudonyms": "HMAC-SHA256, 16 hex, sleutel per programma",
        },
        "k_anonymity": reports[DATA].as_dict(),
        "k_anonymity_questionnaires": reports[QUESTIONNAIRES].as_dict(),
        "columns": _describe(tables[DATA]),
        "tables": [
            {"file": name, "row": TABLE_ROWS[name], "columns": _describe(columns)}
            for name, columns in tables.items()
        ],
        "instruments": list(instruments),
        "dropped": dropped,
    }


def _deduce_version():
    if not deduce_available():
        return ""
    from importlib.metadata import version

    return version("deduce")


def _csv(columns, rows):
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow([column.name for column in columns])
    for row in rows:
        writer.writerow([_cell(row[column.name]) for column in columns])
    return text.getvalue().encode("utf-8")


def build(export, today=None):
    """Fill ``export`` (saved, with its programme and options) with its
    file and k-anonymity reports. Returns the report of data.csv."""
    tables = tables_for(export.generalised, export.free_text)
    rows, family_ids = export_rows(
        export.programme, export.generalised, export.free_text, today=today
    )
    answered = questionnaire_rows(export.programme, export.generalised, export.free_text)
    report = k_anonymity(rows, quasi_identifiers(tables[DATA]), k=export.k)
    questionnaire_report = k_anonymity(
        answered.responses, quasi_identifiers(tables[QUESTIONNAIRES]), k=export.k
    )
    book = codebook(
        tables,
        {DATA: report, QUESTIONNAIRES: questionnaire_report},
        export,
        _deduce_version() if export.free_text == FreeText.DEDUCE else "",
        instruments_codebook(answered.instruments),
    )
    contents = {DATA: rows, QUESTIONNAIRES: answered.responses, ANSWERS: answered.answers}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, columns in tables.items():
            archive.writestr(name, _csv(columns, contents[name]))
        archive.writestr(
            "codebook.json", json.dumps(book, indent=2, ensure_ascii=False).encode("utf-8")
        )
    families = sorted(set(family_ids) | answered.families)
    export.content = buffer.getvalue()
    export.codebook_version = CODEBOOK_VERSION
    export.family_ids = families
    export.families = len(families)
    export.rows = report.rows
    export.classes = report.classes
    export.smallest_class = report.smallest_class
    export.rows_below_k = report.rows_below_k
    export.questionnaire_report = questionnaire_report.as_dict()
    return report


# -- The rules --------------------------------------------------------------


def request_refusal(user, programme):
    if not policy.holds_role(user, "coordinator", programme.pk) or not policy.can(
        user, "change", Data.RESEARCH_EXPORT
    ):
        return _("Alleen de coördinator van het programma vraagt een onderzoeksexport aan.")
    return None


def request_export(user, programme, free_text=FreeText.EXCLUDED, generalised=False, today=None):
    """The coordinator asks for an export of their programme: it is built
    now, with its k-anonymity report, and waits for their release."""
    refusal = request_refusal(user, programme)
    if refusal:
        raise RuleError(refusal)
    if free_text == FreeText.DEDUCE and not deduce_available():
        raise RuleError(
            _(
                "Vrije tekst kan niet worden opgenomen: de bibliotheek Deduce is niet "
                "geïnstalleerd. Kies voor weglaten."
            ),
            field="free_text",
        )
    with transaction.atomic():
        export = ResearchExport.objects.create(
            programme=programme,
            requested_by=user,
            free_text=free_text,
            generalised=generalised,
            codebook_version=CODEBOOK_VERSION,
            k=K,
        )
        build(export, today=today)
        export.save()
    return export


def release_refusal(user, export):
    if not policy.can(user, "change", Data.RESEARCH_EXPORT, export) or not policy.holds_role(
        user, "coordinator", export.programme_id
    ):
        return _("Alleen de coördinator van het programma geeft een onderzoeksexport vrij.")
    if export.released:
        return _("Deze onderzoeksexport is al vrijgegeven.")
    return None


def release(user, export, confirmed, now=None):
    """The coordinator has seen the k-anonymity report and releases the
    export: researchers may download it for RESEARCH_EXPORT_DAYS days."""
    refusal = release_refusal(user, export)
    if refusal:
        raise RuleError(refusal)
    if not confirmed:
        raise RuleError(
            _("Bevestig dat u het rapport hebt gezien en de export vrijgeeft."), field="confirm"
        )
    now = now or timezone.now()
    with transaction.atomic():
        export = ResearchExport.objects.select_for_update().get(pk=export.pk)
        if export.released:
            raise RuleError(_("Deze onderzoeksexport is al vrijgegeven."))
        export.status = ResearchExport.Status.RELEASED
        export.released_by = user
        export.released_at = now
        export.expires_at = now + datetime.timedelta(days=settings.RESEARCH_EXPORT_DAYS)
        export.save()
    return export


EXPIRED = gettext_lazy(
    "Deze onderzoeksexport is verlopen: hij kon tot %(date)s worden gedownload. "
    "Vraag de coördinator van het programma om een nieuwe export."
)


def expired_message(export):
    return str(EXPIRED) % {"date": long_date(export.expires_at, with_time=True)}


def download_refusal(user, export, now=None):
    """None when ``user`` may download the export now, else why not."""
    if not policy.can(user, "view", Data.RESEARCH_EXPORT, export):
        return _("Alleen een onderzoeker van het programma downloadt een onderzoeksexport.")
    if not export.released:
        return _("Deze onderzoeksexport is nog niet vrijgegeven.")
    if export.is_expired(now):
        return expired_message(export)
    return None


def download(user, export, now=None):
    """The file's bytes for the researcher; counts the download."""
    refusal = download_refusal(user, export, now)
    if refusal:
        raise RuleError(refusal)
    if export.content is None:  # deleted (expired)
        raise RuleError(expired_message(export))
    ResearchExport.objects.filter(pk=export.pk).update(downloads=F("downloads") + 1)
    return bytes(export.content)


def purge_expired(now=None):
    """Delete the files of expired exports (their report and log stay).
    Returns how many were deleted."""
    now = now or timezone.now()
    return ResearchExport.objects.filter(expires_at__lte=now, content__isnull=False).update(
        content=None
    )
