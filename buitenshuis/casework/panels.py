# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The case hub's panels: the family's pages (``casework:family_detail``
and its sections, ``casework:family_section``) assembled from panels that
the apps owning the data supply.

A panel is one kind of the family's data with its own heading: the referral
and decision, the intake and consent, the placements, the signals, the
handover, the contacts. The hub shows a panel only when the access policy
lets the user see that kind of data of this family
(``policy.can(user, panel.action, panel.data, family)``), and the
access-log entry of the page names the panels shown.

The hub is in sections, one server-rendered page each, as a case system
shows a case record by section (``SECTIONS``, the one table of where each
panel goes): the overview (``/gezinnen/<pk>/``: the family's identity and
members, the enrolment and who is responsible now) and "Aanmelding",
"Plaatsingen", "Contact", "Doelen en evaluaties", "Afsluiting" and
"Geschiedenis" (``/gezinnen/<pk>/<slug>/``). A page assembles only its own
section's panels (their ``context`` is called, the log names them); the
section navigation offers the sections with at least one panel the policy
lets the user see (``visible``, policy only: no context is computed to
decide it), and a section the user may see nothing of is a logged 403. A
link to a panel goes through ``hub_url(family_id, key)`` (the section's URL
with ``#key``; ``{% load hub %}{% hub_url family_id key %}`` in templates),
never to the overview with an anchor.

Adding a panel, in the app that owns the data (casework must not import
the apps above it, so they register themselves):

1. Give its key a place in ``SECTIONS`` (the section it belongs to, and its
   place there); that is all the hub needs to know of it besides the
   ``Panel``. ``ORDER[key]`` is its place on the hub.
2. In ``<app>/panels.py`` write a function ``context(hub)`` that returns
   the panel's template context as a dict, or None when the family has
   nothing of this kind at all (then the panel is left out, and the log
   does not name it; a section with nothing to show says "Nog niets
   vastgelegd."). Scope every row with
   ``policy.scope_in_family(user, action, data, Model.objects, hub.family)``
   (the rows ``policy.scope`` gives, of this family, without a join for
   what the family row already answers) and keep the number of queries
   fixed: never one query per child or per row. ``hub`` is a ``Hub``: the
   user, the family, its members (take children and parents from there
   instead of joining the persons again) and its current enrolment,
   fetched once for every panel. ``hub.shared`` holds what one panel
   fetched for another of the same section (the referral, the placements).
3. Write the template (``<app>/panel_<key>.html``). It gets the context as
   ``panel``; the hub draws the heading. Links to actions go to the
   existing pages; offer one only when its rule allows it for this user.
   Pages that return to the panel use ``hub_url(family_id, key)``.
4. Register a ``Panel`` with ``register()`` from ``register_panels()`` in
   ``<app>/panels.py``, and call that from the app's ``AppConfig.ready``.
   A key without a place in ``SECTIONS`` is refused.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework import rules
from buitenshuis.casework.history import family_history
from buitenshuis.casework.models import Contact, Person
from buitenshuis.casework.rules import closure, transfer
from buitenshuis.casework.rules import contacts as rules_contacts

OVERVIEW = ""  # the overview's slug: the hub's own URL, /gezinnen/<pk>/


@dataclass(frozen=True)
class Section:
    """One page of the hub: ``slug`` (in the URL, /gezinnen/<pk>/<slug>/;
    the overview has none), ``title`` (the Dutch label in the section
    navigation) and ``keys``: its panels, in page order."""

    slug: str
    title: str
    keys: tuple


# The one table of where each panel goes: its section, and its place there.
# Keys not registered yet are the panels still to be built.
SECTIONS = (
    Section(
        OVERVIEW,
        gettext_lazy("Overzicht"),
        (
            "enrolment",  # casework: the two years, the linking pin
            "handover",  # casework: who is responsible now, a colleague standing in
        ),
    ),
    Section(
        "aanmelding",
        gettext_lazy("Aanmelding"),
        (
            "context",  # referrals (panels_context): earlier referrals and enrolments
            "referral",  # referrals: referral and decision
            "intake",  # referrals: intake and consent
            "referral_index",  # casework (panels_goals): the Verwijsindex per child
        ),
    ),
    Section(
        "plaatsingen",
        gettext_lazy("Plaatsingen"),
        (
            "placements",  # activities: placements, incl. provisional ones
            "signals",  # activities: signals from the locations
        ),
    ),
    Section(
        "contacten",  # not "contact": /gezinnen/<pk>/contact/ records one
        gettext_lazy("Contact"),
        (
            "contacts",  # casework: contact moments
            "meetings",  # casework (panels_meetings): network meetings
            "agreements",  # casework (panels_meetings): agreements
        ),
    ),
    Section(
        "doelen",
        gettext_lazy("Doelen en evaluaties"),
        (
            "goals",  # casework (panels_goals): goals
            "support",  # casework (panels_goals): support for the parents
            "reviews",  # casework (panels_goals): evaluation moments
            "safety",  # casework (panels_goals): the safety plan (contact notes)
            "questionnaires",  # monitoring (panels_questionnaires): questionnaires
        ),
    ),
    Section("afsluiting", gettext_lazy("Afsluiting"), ("closure",)),  # casework (panels_closure)
    Section("geschiedenis", gettext_lazy("Geschiedenis"), ("history",)),  # the change history
)
SECTION_OF = {key: section for section in SECTIONS for key in section.keys}
_BY_SLUG = {section.slug: section for section in SECTIONS}
# Each panel's place on the hub (lower first), from the table above: what
# an app passes as ``Panel.order``.
ORDER = {key: 10 * place for place, key in enumerate(SECTION_OF, start=1)}


@dataclass(frozen=True)
class Panel:
    """One kind of data on the hub.

    ``key``: stable identifier (the section's id, tests); ``title``: the
    Dutch heading (lazy); ``order``: position (see ``ORDER``); ``data`` and
    ``action``: what the policy must allow on the family to show it;
    ``context``: ``context(hub) -> dict | None``; ``template``: drawn with
    the context as ``panel``; ``log_name``: how the access log names what
    was shown (lazy Dutch; a context may set ``log_name`` to say more, for
    example that notes were shown)."""

    key: str
    title: str
    order: int
    data: Data
    context: Callable
    template: str
    log_name: str
    action: str = "view"

    @property
    def section(self):
        """The ``Section`` the panel is drawn in (``SECTIONS``)."""
        return SECTION_OF[self.key]


@dataclass
class Hub:
    """What every panel of one page gets, fetched once: the request, the
    family, its members (parents and children) and its current enrolment
    (None before the family has one)."""

    request: object
    family: object
    members: list = field(default_factory=list)
    enrolment: object = None
    # What several panels use, fetched by the first (e.g. the referral).
    shared: dict = field(default_factory=dict)
    _allowed: dict = field(default_factory=dict)

    @property
    def user(self):
        return self.request.user

    @property
    def children(self):
        return [m for m in self.members if m.kind == Person.Kind.CHILD]

    @property
    def parents(self):
        return [m for m in self.members if m.kind == Person.Kind.PARENT]

    def can(self, action, data):
        """``policy.can(user, action, data, family)``, asked once per page
        for all kinds of data the same memberships and scopes grant (for a
        linking pin that is one query for every panel). The answer is also
        kept per (action, data): several panels ask the same question."""
        asked = (action, data)
        if asked in self._allowed:
            return self._allowed[asked]
        signature = policy.grant_signature(self.user, action, data)
        if not signature:
            allowed = False
        elif signature in self._allowed:
            allowed = self._allowed[signature]
        else:
            allowed = self._allowed[signature] = policy.can(self.user, action, data, self.family)
        self._allowed[asked] = allowed
        return allowed


@dataclass(frozen=True)
class ShownPanel:
    """A panel as drawn on one page, with its context."""

    panel: Panel
    context: dict

    @property
    def key(self):
        return self.panel.key

    @property
    def title(self):
        return self.panel.title

    @property
    def template(self):
        return self.panel.template

    @property
    def log_name(self):
        return self.context.get("log_name") or self.panel.log_name


_PANELS = {}


def register(panel):
    """Add ``panel`` to the hub (from an app's ``AppConfig.ready``). A key
    is registered once: a second, different panel with it is a mistake, and
    so is a key that ``SECTIONS`` gives no place."""
    if panel.key not in SECTION_OF:
        raise ImproperlyConfigured(f"No section of the hub has a place for {panel.key!r}")
    known = _PANELS.get(panel.key)
    if known is not None and known != panel:
        raise ImproperlyConfigured(f"Another hub panel is registered as {panel.key!r}")
    _PANELS[panel.key] = panel
    return panel


def registered():
    """Every registered panel, in page order."""
    return sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.key))


def visible(hub):
    """The panels the user may see for the hub's family, in page order.
    Asks the policy only (``Hub.can``), never a panel's context: cheap
    enough to decide which sections to offer."""
    return [panel for panel in registered() if hub.can(panel.action, panel.data)]


def section(slug):
    """The ``Section`` of ``slug`` (``OVERVIEW`` for the overview), or None."""
    return _BY_SLUG.get(slug)


def sections(visible_panels):
    """The sections to offer, in order: the overview (the family's identity
    and members, always there) and every other section with at least one
    of ``visible_panels`` (what ``visible(hub)`` gave)."""
    offered = {panel.section.slug for panel in visible_panels}
    return [item for item in SECTIONS if item.slug == OVERVIEW or item.slug in offered]


def assemble(hub, shown_section, visible_panels=None):
    """The panels to draw on the page of ``shown_section``: those of that
    section the user may see that have something to show (``context`` did
    not return None). Only these panels' contexts are asked for."""
    if visible_panels is None:
        visible_panels = visible(hub)
    shown = []
    for panel in visible_panels:
        if panel.section.slug != shown_section.slug:
            continue
        context = panel.context(hub)
        if context is not None:
            shown.append(ShownPanel(panel, context))
    return shown


def section_url(family_id, slug=OVERVIEW):
    """The URL of a section of the family's hub."""
    if slug == OVERVIEW:
        return reverse("casework:family_detail", args=[family_id])
    return reverse("casework:family_section", args=[family_id, slug])


def hub_url(family_id, key):
    """Where the panel ``key`` of the family is on the hub: its section's URL
    with the panel's anchor (``#key``). Every link into the hub that points
    at a panel uses this, so that it lands in the right section."""
    return f"{section_url(family_id, SECTION_OF[key].slug)}#{key}"


def log_description(shown):
    """What the access log records of the hub: "gezin" (the family's
    identity, always on the page) and the names of the panels shown, in
    the product's language whatever the user's, e.g. "gezin: traject,
    aanmelding, besluit, plaatsingen"."""
    with translation.override(settings.LANGUAGE_CODE):
        names = [str(item.log_name) for item in shown]
        family = str(FAMILY_LOG_NAME)
    text = f"{family}: {', '.join(names)}" if names else family
    return text[:LOG_DATA_MAX]


FAMILY_LOG_NAME = gettext_lazy("gezin")
LOG_DATA_MAX = 300  # audit.AccessLogEntry.data


# The casework's own panels --------------------------------------------------


def enrolment_context(hub):
    enrolment = hub.enrolment
    if enrolment is None:
        return None
    may_close = (
        hub.can("change", Data.GOALS) and closure.closure_refusal(hub.user, enrolment) is None
    )
    return {
        "enrolment": enrolment,
        "month": enrolment.month_on(timezone.localdate()),
        # Closing the enrolment (casework.rules.closure), for its linking pin.
        "close_url": reverse("casework:closure", args=[hub.family.pk]) if may_close else None,
    }


def handover_context(hub):
    enrolment = hub.enrolment
    if enrolment is None:
        return None
    now = timezone.now()
    # In the rule's order (starts, pk), sorted here: cheaper than in SQL.
    handovers = sorted(
        rules.running_and_planned_handovers(enrolment, now).order_by(),
        key=lambda handover: (handover.starts, handover.pk),
    )
    running = [handover for handover in handovers if handover.starts <= now]
    may_arrange = hub.can("change", Data.HANDOVER) and rules.handover_refusal(enrolment) is None
    may_transfer = hub.can("change", Data.HANDOVER) and (
        transfer.transfer_refusal(hub.user, enrolment) is None
    )
    return {
        # The first running handover, as rules.current_stand_in.
        "stand_in": min(running, key=lambda handover: handover.pk).to_user if running else None,
        "handovers": handovers,
        "handover_url": (
            reverse("casework:handover", args=[hub.family.pk]) if may_arrange else None
        ),
        # Handing the family over for good (casework.rules.transfer).
        "transfer_url": (
            reverse("casework:transfer", args=[hub.family.pk]) if may_transfer else None
        ),
    }


# How many contacts, and months of totals, the hub shows unfolded.
RECENT_CONTACTS = 10
RECENT_MONTHS = 6


def contacts_context(hub):
    if hub.enrolment is None:
        return None
    # Newest first (date, then pk), sorted here: cheaper than in SQL.
    contacts = sorted(
        policy.scope_in_family(
            hub.user, "view", Data.CONTACTS, Contact.objects, hub.family
        ).order_by(),
        key=lambda contact: (contact.date, contact.pk),
        reverse=True,
    )
    show_notes = hub.can("view", Data.CONTACT_NOTES)
    may_record = (
        hub.can("change", Data.CONTACTS)
        and hub.can("change", Data.CONTACT_NOTES)
        and rules_contacts.contact_refusal(hub.user, hub.enrolment) is None
    )
    months = rules_contacts.month_totals_of(contacts)
    return {
        # The latest on view; the older ones (two years: some fifty) folded.
        "contacts": contacts[:RECENT_CONTACTS],
        "older_contacts": contacts[RECENT_CONTACTS:],
        "show_notes": show_notes,
        # Per calendar month: how many contacts, how many minutes; the
        # last half year on view, the earlier months folded.
        "months": months,
        "recent_months": months[:RECENT_MONTHS],
        "older_months": months[RECENT_MONTHS:],
        "record_url": reverse("casework:contact", args=[hub.family.pk]) if may_record else None,
        # The notes are a kind of data of their own (ACCESS.md).
        "log_name": gettext_lazy("contactmomenten met verslagen") if show_notes else None,
    }


def history_context(hub):
    return {"history": family_history(hub.family)}


def register_panels():
    register(
        Panel(
            key="enrolment",
            title=gettext_lazy("Traject"),
            order=ORDER["enrolment"],
            # The enrolment's dates are the decision's (ACCESS.md).
            data=Data.DECISION,
            context=enrolment_context,
            template="casework/panels/enrolment.html",
            log_name=gettext_lazy("traject"),
        )
    )
    register(
        Panel(
            key="handover",
            title=gettext_lazy("Waarneming"),
            order=ORDER["handover"],
            data=Data.HANDOVER,
            context=handover_context,
            template="casework/panels/handover.html",
            log_name=gettext_lazy("waarneming"),
        )
    )
    register(
        Panel(
            key="contacts",
            title=gettext_lazy("Contactmomenten"),
            order=ORDER["contacts"],
            data=Data.CONTACTS,
            context=contacts_context,
            template="casework/panels/contacts.html",
            log_name=gettext_lazy("contactmomenten"),
        )
    )
    register(
        Panel(
            key="history",
            title=gettext_lazy("Wijzigingsgeschiedenis"),
            order=ORDER["history"],
            # For who may change the family: who changed what, when.
            data=Data.FAMILY_IDENTITY,
            action="change",
            context=history_context,
            template="casework/panels/history.html",
            log_name=gettext_lazy("wijzigingen"),
        )
    )
