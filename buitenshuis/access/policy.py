# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

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

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils import timezone

from buitenshuis.audit.models import Action
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
    # The tokens of the aggregated feed for business-intelligence tools
    # (monitoring): the coordinator issues and revokes them.
    FEED_TOKENS = "feed_tokens"
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


# The policy's verbs are the access log's actions (``audit.models.Action``):
# one vocabulary for what a user may do and what the log records they did.
# A page's buttons are called buttons, never actions.
R, W, D = Action.VIEW, Action.CHANGE, Action.DECIDE
RW = (R, W)
VERBS = (R, W, D)


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
        feed_tokens=(RW, Scope.PROGRAMME),
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
    at)`` returns the ids of the families the user is responsible for at
    the moment ``at``."""
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
    """(membership, scope) pairs that grant ``action`` on ``data``. An
    action outside the vocabulary is a mistake, not a refusal."""
    if action not in VERBS:
        raise ValueError(f"Unknown action {action!r}: the policy knows {', '.join(VERBS)}")
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


def grants_rows(user, action, data):
    """Whether some membership grants rows (not only aggregated figures)."""
    return any(granted != Scope.AGGREGATE for _m, granted in _grants(user, action, data))


def can(user, action, data, obj=None):
    """May ``user`` do ``action`` on ``data`` (on ``obj`` when given)?

    With ``obj``, the answer is the answer of ``scope`` for that row. It is
    read from the row itself when the scope's paths end in fields already
    loaded (the programme, the family; the user's own families are known
    once per request), else asked of the database."""
    if obj is None:
        return any(True for _ in _grants(user, action, data))
    model = type(obj)
    grants = _Grants.of(user, action, data)
    answer = grants.answer_from_row(user, subject_of(model), obj)
    if answer is not None:
        return answer
    return scope(user, action, data, model._default_manager.filter(pk=obj.pk)).exists()


def scope(user, action, data, queryset):
    """The rows of ``queryset`` that ``user`` may do ``action`` on.

    The condition is one indexed lookup per kind of scope granted, merged
    across memberships (two memberships of the same role in two
    programmes give one ``programme IN (..)``), with the user's own
    families as a list of ids resolved once per request. Paths through a
    to-many relation are asked as ``pk IN (subquery)``, so no row comes
    twice and no ``DISTINCT`` is needed."""
    grants = _Grants.of(user, action, data)
    condition = grants.condition(user, queryset.model)
    if condition is None:
        return queryset.none()
    if condition is _EVERYTHING:
        return queryset
    # The same condition twice on one query (a list scoped by the mixin and
    # again by a work-queue filter) changes no row, but PostgreSQL
    # multiplies the two conditions' selectivities, expects one row and
    # chose a sequential scan (bench/README.md): apply each once. Django
    # copies the query's attributes when it clones it for a filter.
    key = (grants, queryset.model._meta.label, user.pk)
    applied = getattr(queryset.query, "_bh_scopes", frozenset())
    if key in applied:
        return queryset
    scoped = queryset.filter(condition)
    scoped.query._bh_scopes = applied | {key}
    return scoped


def scope_in_family(user, action, data, queryset, family):
    """The rows of ``queryset`` that belong to ``family`` and that ``user``
    may do ``action`` on: the rows ``scope`` gives, for a page about one
    family (the case hub).

    Where what is granted depends on the row's family alone (its
    programme, or the user's own families) the answer is the same for
    every row of the family, so it is read once from the family row and
    the query carries no condition for it (and no join to the families).
    A grant that depends on the row itself (a location, who entered it)
    is applied as ``scope`` applies it."""
    queryset = queryset.all()
    subject = subject_of(queryset.model)
    if subject.family is None:
        return scope(user, action, data, queryset)
    rows = queryset.filter(**{subject.family or "pk": family.pk})
    grants = _Grants.of(user, action, data)
    if not grants.decided_by_family(subject):
        return scope(user, action, data, rows)
    answer = grants.answer_from_row(user, subject_of(type(family)), family)
    if answer is None:  # the family row does not tell: ask as scope does
        return scope(user, action, data, rows)
    return rows if answer else rows.none()


_EVERYTHING = object()


class _Unknown(Exception):
    """The row does not hold the answer (a relation not loaded)."""


@dataclass(frozen=True)
class _Grants:
    """What the user's memberships grant for one action on one kind of
    data, merged: each kind of scope once."""

    everything: bool = False
    programmes: frozenset = frozenset()
    own: bool = False
    locations: frozenset = frozenset()
    entered: bool = False

    @classmethod
    def of(cls, user, action, data):
        everything = own = entered = False
        programmes, locations = set(), set()
        for membership, granted in _grants(user, action, data):
            if granted in (Scope.ALL, Scope.PRIVACY_OFFICER):
                everything = True
            elif granted == Scope.PROGRAMME:
                programmes.add(membership.programme_id)
            elif granted == Scope.OWN:
                own = True
            elif granted == Scope.LOCATION:
                locations.update(location.pk for location in membership.locations.all())
            elif granted == Scope.ENTERED:
                entered = True
            elif granted != Scope.AGGREGATE:  # figures only: never a row
                raise ValueError(granted)
        return cls(everything, frozenset(programmes), own, frozenset(locations), entered)

    def condition(self, user, model):
        """A Q for the rows of ``model`` granted; ``_EVERYTHING``; or None
        when no row is."""
        if self.everything:
            return _EVERYTHING
        subject = subject_of(model)
        branches = []
        if self.programmes and subject.programme is not None:
            branches.append(_lookup(model, subject.programme, sorted(self.programmes)))
        if self.own and subject.family is not None:
            branches.append(_lookup(model, subject.family, own_family_ids(user)))
        if self.locations and subject.location is not None:
            extra = subject.location_while
            if callable(extra):
                extra = extra()
            branches.append(_lookup(model, subject.location, sorted(self.locations), extra))
        if self.entered and subject.entered_by is not None:
            q = Q(**{subject.entered_by: user})
            if subject.entered_while is not None:
                q &= subject.entered_while
            branches.append(_once(model, q, [subject.entered_by]))
        if not branches:
            return None
        condition = branches[0]
        for branch in branches[1:]:
            condition |= branch
        return condition

    def decided_by_family(self, subject):
        """Whether, for rows reached as ``subject``, these grants depend on
        nothing but the row's family: the programme is the family's, and no
        location or "entered by" grant reaches the rows."""
        if self.everything:
            return True
        if self.locations and subject.location is not None:
            return False
        if self.entered and subject.entered_by is not None:
            return False
        family_programme = _join(subject.family, "programme") if subject.family else "programme"
        return not self.programmes or subject.programme == family_programme

    def answer_from_row(self, user, subject, obj):
        """True or False read from ``obj`` and the request's cached own
        families, or None when the row cannot tell (then the database is
        asked)."""
        if obj.pk is None:
            return None
        if self.everything:
            return True
        undecided = False
        checks = []
        if self.programmes and subject.programme is not None:
            checks.append((subject.programme, lambda value: value in self.programmes))
        if self.own and subject.family is not None:
            checks.append((subject.family, lambda value: value in set(own_family_ids(user))))
        for path, allows in checks:
            try:
                value = _value_along(obj, path)
            except _Unknown:
                undecided = True
                continue
            if value is not None and allows(value):
                return True
        if (self.locations and subject.location is not None) or (
            self.entered and subject.entered_by is not None
        ):
            undecided = True  # conditions on dates and statuses: asked of the database
        return None if undecided else False


def _lookup(model, path, values, extra=None):
    """``path IN values`` (``path = value`` for one), and ``extra``, for
    the same related row."""
    if len(values) == 1:
        q = Q(**{path or "pk": values[0]})
    else:
        q = Q(**{_join(path, "in") if path else "pk__in": values})
    if extra is not None:
        q &= extra
    return _once(model, q, [path])


def _once(model, q, paths):
    """``q`` as is, or as ``pk IN (rows matching q)`` when a path crosses a
    to-many relation (which would repeat a row once per related row)."""
    if any(_crosses_many(model, path) for path in paths):
        return Q(pk__in=model._base_manager.filter(q).values("pk"))
    return q


def _crosses_many(model, path):
    for name in path.split("__") if path else []:
        if name == "pk":
            return False
        field = model._meta.get_field(name)
        if field.one_to_many or field.many_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


def _value_along(obj, path):
    """The value at the end of ``path`` (a chain of forward foreign keys)
    read from ``obj`` and the related rows already loaded with it; raises
    ``_Unknown`` when a relation on the way is not loaded or not a
    forward foreign key."""
    if not path:
        return obj.pk
    names = path.split("__")
    for position, name in enumerate(names):
        if name == "pk":
            return obj.pk
        field = type(obj)._meta.get_field(name)
        last = position == len(names) - 1
        if not field.is_relation:
            if last:
                return getattr(obj, field.attname)
            raise _Unknown
        if not (field.many_to_one or (field.one_to_one and field.concrete)):
            raise _Unknown
        if last:
            return getattr(obj, field.attname)
        if not field.is_cached(obj):
            if getattr(obj, field.attname) is None:
                return None
            raise _Unknown
        obj = getattr(obj, name)
        if obj is None:
            return None
    raise _Unknown


# The user's own families, resolved once per request (``request_cache``).
_cache = ContextVar("buitenshuis_access_cache", default=None)


@contextmanager
def request_cache():
    """Within this block (one request: ``access.middleware``) the answers
    that do not change during a request are computed once: the user's own
    families. Writes that change who is responsible call ``forget()``."""
    token = _cache.set({})
    try:
        yield
    finally:
        _cache.reset(token)


def forget():
    """Drop what the request has cached (responsibility changed)."""
    cache = _cache.get()
    if cache is not None:
        cache.clear()


def own_family_ids(user):
    """The ids of the families ``user`` is responsible for now, as a sorted
    list: the OWN scope. Asked once per request."""
    if _own_families is None:
        raise ImproperlyConfigured(
            "No function for the OWN scope: casework registers one with "
            "buitenshuis.access.policy.register_own_families()."
        )
    cache = _cache.get()
    key = ("own", user.pk)
    if cache is not None and key in cache:
        return cache[key]
    ids = sorted(_own_families(user, timezone.now()))
    if cache is not None:
        cache[key] = ids
    return ids
