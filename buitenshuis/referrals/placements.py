# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What the referral route asks about placements.

Placements belong to the activities app, a higher layer that the referral
route never imports. activities answers these questions by registering its
``Placements`` in ``ActivitiesConfig.ready`` (``register``). Until one is
registered (an installation without activities) no child is ever placed,
and the answers below say so."""

from buitenshuis.casework.models import Enrolment


class Placements:
    """The questions, with the answers of an installation where nothing
    is placed. activities subclasses this (``activities.hooks``)."""

    def provisional_enrolments(self):
        """A subquery (``values("...")``) of the ids of the enrolments with
        a provisional placement still running towards the decision: they
        hold a place in the programme's capacity."""
        return Enrolment.objects.none().values("pk")

    def first_provisional_day(self, enrolment, before):
        """The first day of ``enrolment``'s earliest running provisional
        placement that started before the day ``before``, or None."""
        return None

    def provisional_for(self, user, enrolment):
        """``enrolment``'s running provisional placements that ``user`` may
        see (each with ``child``, ``location`` and ``start_date``), first
        day first: what the decider's page shows."""
        return []

    def per_child(self, enrolment):
        """``{child id: [placement, ...]}``, first day first, for the
        decision letter; each placement offers ``location`` and
        ``get_activity_type_display()``."""
        return {}

    def decided(self, decision, day):
        """Called by ``rules.decide`` in its transaction after storing
        ``decision`` (taken on ``day``): a rejection ends the family's
        provisional placements, an acceptance makes them regular."""


_registered = Placements()


def register(answers):
    """Use ``answers`` (a ``Placements``) from now on."""
    global _registered
    _registered = answers
    return answers


def answers():
    """The registered ``Placements``."""
    return _registered
