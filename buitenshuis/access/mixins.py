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
POLICY_ACTIONS = {"change": Action.CHANGE, "decide": Action.DECIDE}


class PolicyMixin(LoginRequiredMixin):
    """Require that the user may do ``action`` on ``data``.

    ``log_action``: when set, the view shows or changes personal data and
    writes an access-log entry about ``get_log_subjects()``."""

    data = None
    action = "view"
    log_action = None
    # A fixed text or a reference set by the view ("capaciteit overschreden,
    # aanmelding #12"); never text a user typed: that stays in the case.
    log_reason = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.data is None:
            raise ValueError(f"{type(self).__name__} must declare the kind of data it shows")
        if not policy.can(request.user, self.action, self.data):
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
        return POLICY_ACTIONS.get(self.action, Action.CHANGE)

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


class AlsoRequiresMixin:
    """A page that also needs ``also_data`` (``also_action``): otherwise 403,
    logged as denied, as for the page's own kind of data."""

    also_data = None
    also_action = "view"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not policy.can(user, self.also_action, self.also_data):
            self.record_denied()
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
