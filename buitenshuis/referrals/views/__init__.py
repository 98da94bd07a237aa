"""Views of the referral route, one module per part:

* ``entry``: submitting a referral, the referrer's own list, withdrawing.
* ``decision``: the list and page of a referral, assigning a linking pin,
  intake, consent, deciding, capacity override, the decision letter, the
  municipality's tasks for mandate decisions.
* ``programme``: the programme's referral settings.
"""
