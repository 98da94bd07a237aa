# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What happens in the casework that the apps above it act on.

casework must not import the apps above it (activities, referrals), so it
announces what happened and they subscribe in their ``AppConfig.ready``.

``enrolment_closed``: sent by ``casework.rules.closure.close_enrolment``
inside its transaction, after the closure is stored and the enrolment is
closed, with

* ``closure``: the ``Closure`` (its ``enrolment`` closed, ``closed_on``,
  ``way_on``);
* ``follow_up``: the continuation's new ``Enrolment`` (status "aangemeld",
  ``previous`` the closed one) when the way on continues the help, else
  None.

Receivers write in the same transaction: when one raises, nothing of the
closure is stored (the signal is sent with ``send``, not ``send_robust``).
E-mails and other effects outside the database belong in
``transaction.on_commit``. Subscribers: activities ends the placements
(``activities/closure.py``), referrals creates the continuation's referral
(``referrals/continuation.py``)."""

from django.dispatch import Signal

enrolment_closed = Signal()
