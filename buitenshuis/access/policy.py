"""The access policy of ACCESS.md, in one place.

Every view, list, search, export, PDF, e-mail and API asks this module:

* ``can(user, action, data, obj=None)``: may the user do ``action`` on this
  kind of ``data`` (and, with ``obj``, on this object)?
* ``scope(user, action, data, queryset)``: the rows of ``queryset`` the user
  may do ``action`` on. Lists and counts use it, so they never include rows
  the user may not open, and ``can(..., obj)`` is defined by it, so a page and
  its list always agree.

``POLICY`` below is ACCESS.md as a table: role -> kind of data -> action ->
scope. A user with several memberships gets the union of what each grants.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils import timezone

from buitenshuis.organisations.models import Location, Membership, Role, memberships_of


class Data(StrEnum):
    """The kinds of data of ACCESS.md, one per row."""

    FAMILY_IDENTITY = "family_identity"  # names, address, BSN (masked), dates of birth
    PLACED_CHILD = "placed_child"  # first name, age, pick-up: what location staff need
    PROBLEMS = "problems"  # parents' problem categories and referral worries
    PROBLEM_CATEGORY = "problem_category"  # the category alone (for the decision)
    INTAKE = "intake"  # intake, consent, legal basis
    DECISION = "decision"
    REFERRAL_STATUS = "referral_status"
    REFERRAL = "referral"  # entering a referral
    ASSIGNMENT = "assignment"  # which linking pin takes the intake
    HANDOVER = "handover"  # a colleague standing in for a period
    MANDATE_REVIEW = "mandate_review"  # taking note of / objecting to a mandate decision
    # A referral that may be about a child already known to the programme:
    # the coordinator compares, links or dismisses (never the referrer).
    POSSIBLE_DUPLICATE = "possible_duplicate"
    PLACEMENT = "placement"
    CONTACTS = "contacts"  # date, minutes, kind
    CONTACT_NOTES = "contact_notes"  # notes, safety plan, network meeting minutes
    GOALS = "goals"  # goals, reviews, parent support, closure
    CLOSURE_OUTCOME = "closure_outcome"
    SIGNALS = "signals"
    QUESTIONNAIRES = "questionnaires"
    PSEUDONYMISED = "pseudonymised"  # pseudonymised case data for research
    PROGRAMME = "programme"  # settings, checklist, partners, meetings
    BUDGET = "budget"
    CAPACITY = "capacity"  # capacity left (linking pins)
    LOCATIONS = "locations"  # locations, contracts, training records
    OWN_TRAINING = "own_training"
    MONITORING = "monitoring"  # inside the programme
    COUNCIL_REPORT = "council_report"  # above programme level, small counts masked
    RESEARCH_EXPORT = "research_export"
    USERS = "users"  # users, organisations, memberships
    ADMIN_SITE = "admin_site"  # the functional administrator's screens
    ACCESS_LOG = "access_log"


class Scope(StrEnum):
    OWN = "own"  # families the user is responsible for as linking pin
    ENTERED = "entered"  # what the user entered themselves, until decided
    LOCATION = "location"  # children placed at the user's own location(s)
    PROGRAMME = "programme"  # everything of the membership's programme
    AGGREGATE = "aggregate"  # figures only, never a row
    ALL = "all"  # the whole installation (administrator)
    PRIVACY_OFFICER = "privacy_officer"  # ALL, for privacy officers only


R, W, D = "view", "change", "decide"
RW = (R, W)


def _rules(**rules):
    """Expand ``data=((actions...), scope)`` into {data: {action: scope}}."""
    table = {}
    for data, (actions, scope) in rules.items():
        if isinstance(actions, str):
            actions = (actions,)
        table[Data(data)] = {action: scope for action in actions}
    return table


POLICY = {
    Role.LINKING_PIN: _rules(
        family_identity=(RW, Scope.OWN),
        problems=(RW, Scope.OWN),
        problem_category=(RW, Scope.OWN),
        intake=(RW, Scope.OWN),
        decision=((R, D), Scope.OWN),  # D only under mandate: see referrals
        referral_status=(RW, Scope.OWN),  # W: withdraw
        referral=(W, Scope.OWN),  # when the programme allows it
        handover=(RW, Scope.OWN),
        placement=(RW, Scope.OWN),
        contacts=(RW, Scope.OWN),
        contact_notes=(RW, Scope.OWN),
        goals=(RW, Scope.OWN),
        closure_outcome=(RW, Scope.OWN),
        signals=(RW, Scope.OWN),  # read and acknowledge
        questionnaires=(RW, Scope.OWN),
        programme=(R, Scope.PROGRAMME),
        capacity=(R, Scope.PROGRAMME),
        locations=(R, Scope.PROGRAMME),
        own_training=(R, Scope.PROGRAMME),
        monitoring=(R, Scope.OWN),
    ),
    Role.COORDINATOR: _rules(
        family_identity=(R, Scope.PROGRAMME),
        problems=(R, Scope.PROGRAMME),
        problem_category=(R, Scope.PROGRAMME),
        intake=(R, Scope.PROGRAMME),
        decision=(R, Scope.PROGRAMME),  # capacity override: see referrals
        referral_status=(R, Scope.PROGRAMME),
        assignment=(RW, Scope.PROGRAMME),
        possible_duplicate=(RW, Scope.PROGRAMME),
        handover=(RW, Scope.PROGRAMME),
        placement=(R, Scope.PROGRAMME),
        contacts=(R, Scope.PROGRAMME),
        goals=(R, Scope.PROGRAMME),
        closure_outcome=(R, Scope.PROGRAMME),
        signals=(R, Scope.PROGRAMME),
        programme=(RW, Scope.PROGRAMME),
        budget=(RW, Scope.PROGRAMME),
        capacity=(RW, Scope.PROGRAMME),
        locations=(RW, Scope.PROGRAMME),
        own_training=(R, Scope.PROGRAMME),
        monitoring=(R, Scope.PROGRAMME),
        council_report=(R, Scope.AGGREGATE),
        research_export=(W, Scope.PROGRAMME),
        users=(R, Scope.PROGRAMME),
    ),
    Role.POLICY_OFFICER: _rules(
        family_identity=(R, Scope.PROGRAMME),
        problem_category=(R, Scope.PROGRAMME),
        intake=(R, Scope.PROGRAMME),
        decision=((R, D), Scope.PROGRAMME),  # D when the programme says so
        referral_status=(R, Scope.PROGRAMME),
        mandate_review=(RW, Scope.PROGRAMME),
        placement=(R, Scope.PROGRAMME),
        closure_outcome=(R, Scope.PROGRAMME),
        programme=(RW, Scope.PROGRAMME),
        budget=(RW, Scope.PROGRAMME),
        capacity=(RW, Scope.PROGRAMME),
        locations=(R, Scope.PROGRAMME),
        monitoring=(R, Scope.PROGRAMME),
        council_report=(R, Scope.AGGREGATE),
    ),
    Role.LOCATION_STAFF: {
        **_rules(
            placed_child=(R, Scope.LOCATION),
            placement=(R, Scope.LOCATION),
            own_training=(R, Scope.LOCATION),
        ),
        # Write about children at their own location; read their own.
        Data.SIGNALS: {W: Scope.LOCATION, R: Scope.ENTERED},
    },
    Role.REFERRER: _rules(
        family_identity=(R, Scope.ENTERED),
        problems=(R, Scope.ENTERED),
        problem_category=(R, Scope.ENTERED),
        referral_status=(RW, Scope.ENTERED),  # W: withdraw
        referral=(W, Scope.ENTERED),
    ),
    Role.RESEARCHER: _rules(
        pseudonymised=(R, Scope.PROGRAMME),
        programme=(R, Scope.PROGRAMME),
        budget=(R, Scope.AGGREGATE),
        locations=(R, Scope.AGGREGATE),
        council_report=(R, Scope.AGGREGATE),
        research_export=(R, Scope.PROGRAMME),
    ),
    Role.ADMINISTRATOR: _rules(
        programme=(R, Scope.ALL),
        locations=(RW, Scope.ALL),
        users=(RW, Scope.ALL),
        admin_site=(RW, Scope.ALL),
        access_log=(R, Scope.PRIVACY_OFFICER),
    ),
}


@dataclass(frozen=True)
class Subject:
    """How rows of a model reach what the scopes speak of. Paths are ORM
    lookups from the model; ``None`` means the model cannot be reached that
    way (so that scope grants none of its rows)."""

    programme: str | None = None
    family: str | None = None
    location: str | None = None
    entered_by: str | None = None
    # Extra condition for the ENTERED scope ("until decided").
    entered_while: Q | None = None
    # Extra condition for the LOCATION scope ("placed now"); a Q or a
    # callable returning one (for conditions on today's date).
    location_while: object = None


_SUBJECTS = {}


def register(model, **paths):
    """Declare how the policy reaches rows of ``model``; see ``Subject``."""
    _SUBJECTS[model] = Subject(**paths)
    return model


def subject_of(model):
    try:
        return _SUBJECTS[model]
    except KeyError:
        raise LookupError(
            f"{model.__name__} is not registered with buitenshuis.access.policy.register()"
        ) from None


# The models of organisations, which sits below access, are declared here;
# the apps above access declare theirs beside their models.
#
# Locations reach a programme through the contracts for its places.
register(Location, programme="contracts__programme", location="pk")
# Memberships: the administrator's (ALL), a coordinator reads the
# programme's (ACCESS.md: users, organisations, memberships).
register(Membership, programme="programme")


# The OWN scope: the families a linking pin is responsible for now. Who is
# responsible is casework's to know (enrolments and handovers), and casework
# sits above access, so it supplies the answer (casework/models.py).
_own_families = None


def register_own_families(function):
    """Declare how the OWN scope finds a user's families: ``function(user,
    at)`` returns a queryset of family ids (``values("family_id")``) the
    user is responsible for at the moment ``at``."""
    global _own_families
    _own_families = function
    return function


def _join(prefix, path):
    return f"{prefix}__{path}"


def memberships(user):
    """The user's current memberships, fetched once per request."""
    return memberships_of(user)


def roles(user):
    return {m.role for m in memberships(user)}


def holds_role(user, role, programme_id):
    """Whether the user holds ``role`` in the programme now (for example
    "the coordinator of this referral's programme")."""
    return any(m.role == role and m.programme_id == programme_id for m in memberships(user))


def _grants(user, action, data):
    """(membership, scope) pairs that grant ``action`` on ``data``."""
    for membership in memberships(user):
        scope = POLICY.get(membership.role, {}).get(Data(data), {}).get(action)
        if scope is None:
            continue
        if scope == Scope.PRIVACY_OFFICER and not membership.is_privacy_officer:
            continue
        yield membership, scope


def grant_signature(user, action, data):
    """What decides ``scope(user, action, data, ...)``: the memberships and
    scopes that grant it. Two questions with the same signature have the
    same answer for every object, so a page that asks about one object for
    many kinds of data (the case hub) needs one query per signature."""
    return frozenset(
        (membership.pk, granted) for membership, granted in _grants(user, action, data)
    )


def can(user, action, data, obj=None):
    """May ``user`` do ``action`` on ``data`` (on ``obj`` when given)?"""
    if obj is None:
        return any(True for _ in _grants(user, action, data))
    model = type(obj)
    return scope(user, action, data, model._default_manager.filter(pk=obj.pk)).exists()


def scope(user, action, data, queryset):
    """The rows of ``queryset`` that ``user`` may do ``action`` on."""
    subject = subject_of(queryset.model)
    condition = None
    for membership, granted in _grants(user, action, data):
        q = _scope_q(user, membership, granted, subject)
        if q is None:
            continue
        condition = q if condition is None else condition | q
    if condition is None:
        return queryset.none()
    return queryset.filter(condition).distinct()


def _scope_q(user, membership, granted, subject):
    if granted in (Scope.ALL, Scope.PRIVACY_OFFICER):
        return Q()
    if granted == Scope.AGGREGATE:
        return None  # figures only: no row is ever granted
    if granted == Scope.PROGRAMME:
        if subject.programme is None:
            return None
        return Q(**{subject.programme or "pk": membership.programme_id})
    if granted == Scope.OWN:
        if subject.family is None:
            return None
        if _own_families is None:
            raise ImproperlyConfigured(
                "No function for the OWN scope: casework registers one with "
                "buitenshuis.access.policy.register_own_families()."
            )
        own = _own_families(user, timezone.now())
        return Q(**{_join(subject.family, "in") if subject.family else "pk__in": own})
    if granted == Scope.LOCATION:
        if subject.location is None:
            return None
        location_ids = [loc.pk for loc in membership.locations.all()]
        q = Q(**{_join(subject.location, "in"): location_ids})
        if subject.location_while is not None:
            extra = subject.location_while
            q &= extra() if callable(extra) else extra
        return q
    if granted == Scope.ENTERED:
        if subject.entered_by is None:
            return None
        q = Q(**{subject.entered_by: user})
        if subject.entered_while is not None:
            q &= subject.entered_while
        return q
    raise ValueError(granted)
