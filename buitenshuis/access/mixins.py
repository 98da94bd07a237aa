# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The one way views ask the access policy.

Every view of the product (except the sign-in pages) derives from
``PolicyMixin`` and declares ``data`` and ``action``. Object views declare
``logged`` subjects through ``get_log_subjects``; the mixin writes the
access-log entry, one per request. Denied access is a 404 for objects
(indistinguishable from one that does not exist) and a plain 403 for pages;
it is logged (``record_denied``) with the action that was tried and, for an
object that exists, its family."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404

from buitenshuis.access import policy
from buitenshuis.audit.log import record
from buitenshuis.audit.models import Action, Outcome

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

# A refused POST is logged as the change it tried, not as "view".
CHANGING_ACTIONS = (Action.CREATE, Action.CHANGE, Action.DELETE, Action.DECIDE)


class PolicyMixin(LoginRequiredMixin):
    """Require that the user may do ``action`` on ``data``.

    ``log_action``: when set, the view shows or changes personal data and
    writes an access-log entry about ``get_log_subjects()``."""

    data = None
    action = "view"
    # The one way to say that a page needs more than ``data``: further
    # (action, data) pairs, every one of which must be granted.
    also = ()
    # The page shows rows: a grant of aggregated figures only is refused.
    rows_only = False
    log_action = None
    # A fixed text or a reference set by the view ("capaciteit overschreden,
    # aanmelding #12"); never text a user typed: that stays in the case.
    log_reason = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.data is None:
            raise ValueError(f"{type(self).__name__} must declare the kind of data it shows")
        if not self.allows(request.user):
            self.record_denied()
            raise PermissionDenied
        response = super().dispatch(request, *args, **kwargs)
        if self.log_action and 200 <= response.status_code < 400:
            record(
                request,
                self.get_log_action(),
                self.get_log_data(),
                self.get_log_subjects(),
                reason=self.log_reason,
            )
        return response

    @classmethod
    def gate(cls):
        """What the page needs, as (action, data) pairs: its own, then
        ``also``."""
        return ((cls.action, cls.data), *cls.also)

    @classmethod
    def allows(cls, user):
        """Whether the policy lets ``user`` open this page: the gate that
        ``dispatch`` enforces, and that the menu, the start page and the
        work queue ask before they link here (``access.gates``)."""
        if not getattr(user, "is_authenticated", False):
            return False
        if not all(policy.can(user, action, data) for action, data in cls.gate()):
            return False
        return not cls.rows_only or policy.grants_rows(user, cls.action, cls.data)

    @classmethod
    def offered_to(cls, user):
        """Whether a link to the page is offered to ``user``: ``allows``,
        and any rule of the page that refuses with a reason of its own
        (a view with such a rule overrides this)."""
        return cls.allows(user)

    def get_log_action(self):
        return self.log_action

    def attempted_log_action(self):
        """What a refused request tried: for GET the page's ``log_action``;
        for a POST the change it would have made (the view's
        ``done_action``, a changing ``log_action``, else "decide" or
        "change")."""
        if self.request.method in SAFE_METHODS:
            return self.log_action
        done = getattr(self, "done_action", None)
        if done:
            return done
        if self.log_action in CHANGING_ACTIONS:
            return self.log_action
        # The policy's verbs are the log's actions (policy.VERBS).
        return Action(self.action) if self.action != Action.VIEW else Action.CHANGE

    def get_attempted_subjects(self):
        """The families a refused request was after (for the access log
        only, never shown). Object views name the object of the URL."""
        return []

    def record_denied(self, subjects=None, reason=""):
        """The one access-log entry of a refused request: the action it
        tried, about the family it was after when that exists."""
        if not self.log_action:
            return None
        if subjects is None:
            subjects = self.get_attempted_subjects()
        return record(
            self.request,
            self.attempted_log_action(),
            self.data,
            subjects,
            outcome=Outcome.DENIED,
            reason=reason,
        )

    def get_log_data(self):
        """The kind of data the entry records: ``data``, unless the page
        showed more (e.g. names next to a status)."""
        return self.data

    def get_log_subjects(self):
        return []

    def scoped(self, queryset, action=None, data=None):
        return policy.scope(self.request.user, action or self.action, data or self.data, queryset)


class PolicyObjectMixin(PolicyMixin):
    """For views about one object: the object must be inside the user's
    scope, or the answer is 404."""

    def get_queryset(self):
        return self.scoped(super().get_queryset())

    def get_object(self, queryset=None):
        try:
            obj = super().get_object(queryset)
        except Http404:
            self.record_denied()
            raise Http404 from None
        self._logged_object = obj
        return obj

    def get_attempted_subjects(self):
        """The object a denied request was after, for the access log only
        (so a family's log shows refused attempts too); never shown."""
        pk = self.kwargs.get(self.pk_url_kwarg)
        if not pk:
            return []
        try:
            model = super().get_queryset().model
        except ImproperlyConfigured:
            return []
        try:
            attempted = model._default_manager.filter(pk=pk).first()
        except (TypeError, ValueError):
            return []
        return self.log_subjects_for(attempted) if attempted is not None else []

    def log_subjects_for(self, obj):
        """The families or persons the access log records for ``obj``.
        Views about objects that are not tied to a family by ``family_id``
        override this. A family and a person say themselves what the log
        records of them (``access_log_subject``, see audit.log)."""
        if hasattr(obj, "access_log_subject") or hasattr(obj, "family_id"):
            return [obj]
        return []

    def get_log_subjects(self):
        obj = getattr(self, "_logged_object", None)
        return self.log_subjects_for(obj) if obj is not None else []


class PolicyListMixin(PolicyMixin):
    """A list of rows: scoped by the policy and logged without extra code.

    The view writes ``get_rows()``: its rows with its own filters and
    order, before the policy. The mixin keeps the rows the user may do
    ``action`` on for ``rows_data`` (the kind of data whose scope decides
    which rows a user handles; ``data`` by default), paginates (a page out
    of range shows the last one), and logs the rows of the page shown
    (``log_subjects_of``).

    With ``page_related`` set, the ids are found first without the page's
    joins and one page is loaded with them (``load_page``): with more than
    eight joined tables PostgreSQL keeps the written join order and would
    start from every row in the country (bench/README.md)."""

    log_action = Action.LIST
    rows_only = True
    rows_data = None
    paginate_by = 25
    page_related = None

    def get_rows(self):
        return super().get_queryset()

    def get_queryset(self):
        rows = self.scoped(self.get_rows(), data=self.rows_data or self.data)
        if self.page_related is None:
            return rows
        return list(rows.values_list("pk", flat=True))

    def load_page(self, ids):
        """The page's rows, in the order of ``ids``."""
        rows = self.get_rows().model._default_manager.filter(pk__in=ids)
        by_pk = {row.pk: row for row in rows.select_related(*self.page_related)}
        return [by_pk[pk] for pk in ids if pk in by_pk]

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        rows = list(page.object_list)
        if self.page_related is not None:
            rows = self.load_page(rows)
        page.object_list = rows
        self.page_rows = rows
        return paginator, page, rows, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not hasattr(self, "page_rows"):  # a list without pages
            self.page_rows = list(context["object_list"])
        return context

    def get_log_subjects(self):
        rows = getattr(self, "page_rows", [])
        return [subject for row in rows for subject in self.log_subjects_of(row)]

    def log_subjects_of(self, row):
        """The families or persons the access log records for one row shown
        (a family, a person, or a row with ``family_id``)."""
        if hasattr(row, "access_log_subject") or hasattr(row, "family_id"):
            return [row]
        return []
