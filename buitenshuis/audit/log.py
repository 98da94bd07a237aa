"""Writing and verifying the access log."""

from django.db import transaction
from django.utils import timezone

from buitenshuis.audit.models import (
    GENESIS_HASH,
    AccessLogEntry,
    AccessLogSubject,
    ChainHead,
    Outcome,
)


def client_ip(request):
    """The client's address. Behind a proxy, set PROXY_COUNT so that the
    address from X-Forwarded-For is trusted (see docs/configuration.md)."""
    from django.conf import settings

    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def _subject_rows(subjects):
    from buitenshuis.casework.models import Family, Person

    rows = []
    for obj in subjects or ():
        if isinstance(obj, Family):
            rows.append(AccessLogSubject(kind="family", object_id=obj.pk, family_id=obj.pk))
        elif isinstance(obj, Person):
            rows.append(AccessLogSubject(kind="person", object_id=obj.pk, family_id=obj.family_id))
        elif getattr(obj, "_meta", None) and obj._meta.label_lower == "accounts.user":
            rows.append(AccessLogSubject(kind="user", object_id=obj.pk))
        else:
            family_id = getattr(obj, "family_id", None)
            if family_id is None:
                raise TypeError(f"Cannot log {obj!r} as a subject")
            rows.append(AccessLogSubject(kind="family", object_id=family_id, family_id=family_id))
    unique = {row.key(): row for row in rows}
    return list(unique.values())


def _describe_user(user):
    from buitenshuis.access.policy import memberships

    if not getattr(user, "is_authenticated", False):
        return "", ""
    rows = memberships(user)
    role = ", ".join(sorted({m.get_role_display() for m in rows}))
    organisation = ", ".join(sorted({str(m.organisation) for m in rows}))
    return role[:200], organisation[:500]


def record(
    request,
    action,
    data="",
    subjects=(),
    outcome=Outcome.ALLOWED,
    reason="",
    user=None,
    responsible=None,
):
    """Append one entry to the access log and return it.

    ``request`` may be None for commands; ``user`` defaults to the request's
    user, ``responsible`` (on whose behalf) to the same user."""
    user = user if user is not None else getattr(request, "user", None)
    authenticated = getattr(user, "is_authenticated", False)
    role, organisation = _describe_user(user)
    username = user.get_username() if authenticated else (getattr(user, "username", "") or "")
    rows = _subject_rows(subjects)
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_seq": 0, "last_hash": GENESIS_HASH}
        )
        entry = AccessLogEntry(
            seq=head.last_seq + 1,
            timestamp=timezone.now(),
            user=user if authenticated else None,
            username=username,
            role=role,
            organisation=organisation,
            responsible=responsible or username,
            action=action,
            data=str(data),
            path=(request.get_full_path()[:500] if request is not None else ""),
            ip_address=client_ip(request) if request is not None else None,
            reason=reason[:500],
            outcome=outcome,
            prev_hash=head.last_hash,
        )
        entry.hash = entry.compute_hash([row.key() for row in rows])
        entry.save()
        for row in rows:
            row.entry = entry
        AccessLogSubject.objects.bulk_create(rows)
        ChainHead.objects.filter(pk=1).update(last_seq=entry.seq, last_hash=entry.hash)
    return entry


def verify(batch_size=2000):
    """Walk the whole chain; return a list of problems (empty when intact)."""
    problems = []
    expected_prev = GENESIS_HASH
    expected_seq = 1
    last_seq = 0
    entries = AccessLogEntry.objects.order_by("seq").prefetch_related("subjects")
    for entry in entries.iterator(chunk_size=batch_size):
        if entry.seq != expected_seq:
            problems.append(
                f"entries {expected_seq}..{entry.seq - 1} are missing"
                if entry.seq > expected_seq
                else f"entry {entry.seq} is out of order"
            )
        if entry.prev_hash != expected_prev:
            problems.append(f"entry {entry.seq} does not follow its predecessor")
        keys = [subject.key() for subject in entry.subjects.all()]
        if entry.compute_hash(keys) != entry.hash:
            problems.append(f"entry {entry.seq} was altered")
        expected_prev = entry.hash
        expected_seq = entry.seq + 1
        last_seq = entry.seq
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq != last_seq or head.last_hash != expected_prev):
        problems.append(
            f"the chain ends at entry {last_seq} but entry {head.last_seq} was written last"
        )
    return problems
