# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Views of the referral route, one module per part:

* ``entry``: submitting a referral, the referrer's own list, withdrawing.
* ``lists``: the referral list of those who handle referrals.
* ``detail``: the referral's page and the actions it offers.
* ``intake``: assigning a linking pin, the intake, consent.
* ``decision``: deciding, the capacity override, the decision letter.
* ``mandate``: the municipality's tasks for decisions under mandate.
* ``address``: the coordinator's confirmation of a doubtful address.
* ``duplicates``: possible duplicates for the coordinator to judge.
* ``programme``: the texts of the programme's decision letter (its settings
  page is ``programmes.views``).
* ``common``: what these share (the form view about one referral).
"""
