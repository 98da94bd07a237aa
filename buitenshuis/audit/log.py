"""Writing, verifying and reading the access log (NEN 7513)."""

import csv
import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buitenshuis.accounts.client_address import client_ip  # noqa: F401 (one implementation)
from buitenshuis.audit.models import (
    GENESIS_HASH,
    AccessLogEntry,
    AccessLogSubject,
    ChainHead,
    Outcome,
)


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
    if responsible is not None and hasattr(responsible, "get_username"):
        responsible = responsible.get_username()
    rows = _subject_rows(subjects)
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_seq": 0, "last_hash": GENESIS_HASH}
        )
        entry = AccessLogEntry(
            seq=head.last_seq + 1,
            timestamp=timezone.now(),
            user=user if authenticated else None,
            username=username[:150],
            role=role,
            organisation=organisation,
            responsible=(responsible or username)[:150],
            action=action,
            data=str(data),
            path=(request.get_full_path()[:500] if request is not None else ""),
            ip_address=client_ip(request) if request is not None else None,
            reason=(reason or "")[:500],
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


@dataclass
class ChainReport:
    """What ``check_chain`` found: the number of entries, the last one, and
    the problems (empty when the chain is intact)."""

    count: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS_HASH
    problems: list = field(default_factory=list)

    @property
    def intact(self):
        return not self.problems


def check_chain(anchor=None, batch_size=2000):
    """Walk the whole chain in order of sequence number.

    Detects a removed entry (a gap in the numbers and a broken link), an
    altered entry or subject (its hash no longer matches), and a removed
    tail (the chain head names a later entry). ``anchor`` is an optional
    ``(seq, hash)`` noted down earlier outside the database (see
    docs/privacy.md): the entry with that number must still carry that hash,
    which also detects a chain that was rewritten from some entry on."""
    report = ChainReport()
    problems = report.problems
    expected_prev = GENESIS_HASH
    expected_seq = 1
    seen = {}
    entries = AccessLogEntry.objects.order_by("seq").prefetch_related("subjects")
    for entry in entries.iterator(chunk_size=batch_size):
        report.count += 1
        if entry.seq > expected_seq:
            problems.append(_missing(expected_seq, entry.seq - 1))
        if entry.prev_hash != expected_prev:
            problems.append(
                _("Regel %(seq)s sluit niet aan op de regel ervoor (ketting gebroken).")
                % {"seq": entry.seq}
            )
        keys = [subject.key() for subject in entry.subjects.all()]
        if entry.compute_hash(keys) != entry.hash:
            problems.append(
                _("Regel %(seq)s is gewijzigd: de inhoud past niet bij de hash.")
                % {"seq": entry.seq}
            )
        if anchor is not None and entry.seq == anchor[0]:
            seen[entry.seq] = entry.hash
        expected_prev = entry.hash
        expected_seq = entry.seq + 1
        report.last_seq = entry.seq
        report.last_hash = entry.hash
    head = ChainHead.objects.filter(pk=1).first()
    if head is None:
        if report.count:
            problems.append(_("De kop van de ketting ontbreekt (tabel ChainHead)."))
    elif head.last_seq > report.last_seq:
        problems.append(_missing(report.last_seq + 1, head.last_seq, tail=True))
    elif head.last_seq != report.last_seq or head.last_hash != report.last_hash:
        problems.append(
            _("De kop van de ketting (regel %(head)s) past niet bij de laatste regel %(last)s.")
            % {"head": head.last_seq, "last": report.last_seq}
        )
    if anchor is not None:
        seq, expected_hash = anchor
        if seen.get(seq) != expected_hash:
            problems.append(
                _("Regel %(seq)s heeft niet meer de eerder vastgelegde hash %(hash)s.")
                % {"seq": seq, "hash": expected_hash}
            )
    return report


def _missing(first, last, tail=False):
    if first == last:
        text = (
            _("Regel %(first)s ontbreekt (de laatste regel is verwijderd).")
            if tail
            else _("Regel %(first)s ontbreekt (verwijderd).")
        )
    else:
        text = (
            _("Regels %(first)s t/m %(last)s ontbreken (het einde is verwijderd).")
            if tail
            else _("Regels %(first)s t/m %(last)s ontbreken (verwijderd).")
        )
    return text % {"first": first, "last": last}


def verify(batch_size=2000):
    """Walk the whole chain; return a list of problems (empty when intact)."""
    return check_chain(batch_size=batch_size).problems


# Reading the log: the privacy officer's screens and export.


def find_family(reference):
    """``(family_id, reference)`` for a family reference, also for a family
    that has since been deleted (its history keeps the reference); None when
    no family ever had it."""
    from buitenshuis.casework.models import Family

    reference = (reference or "").strip()
    if not reference:
        return None
    family = Family.objects.filter(reference__iexact=reference).values_list("pk", "reference")
    found = family.first()
    if found is None:
        found = (
            Family.history.filter(reference__iexact=reference)
            .order_by("-history_date")
            .values_list("id", "reference")
            .first()
        )
    return found


def find_user(username):
    """The user with this username; for an account that no longer exists,
    an unsaved stand-in with that username if the log knows it; else None."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    username = (username or "").strip()
    if not username:
        return None
    user = User.objects.filter(**{f"{User.USERNAME_FIELD}__iexact": username}).first()
    if user is not None:
        return user
    if AccessLogEntry.objects.filter(username=username, user__isnull=False).exists():
        return User(**{User.USERNAME_FIELD: username})
    return None


def period(start_date=None, end_date=None):
    """Dates (inclusive) as aware datetimes ``[start, end)`` in local time."""
    tz = timezone.get_current_timezone()
    start = end = None
    if start_date is not None:
        start = datetime.datetime.combine(start_date, datetime.time.min, tzinfo=tz)
    if end_date is not None:
        end = datetime.datetime.combine(
            end_date + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
    return start, end


def up_to_now(entries):
    """``entries`` limited to those written until now (a fixed selection for
    an export that is produced while new entries are being written)."""
    head = ChainHead.objects.filter(pk=1).values_list("last_seq", flat=True).first()
    return entries.filter(seq__lte=head or 0)


def family_references(entries):
    """Attach ``entry.family_references`` (sorted) to each entry; the
    entries must have their subjects prefetched."""
    from buitenshuis.casework.models import Family

    ids = {s.family_id for entry in entries for s in entry.subjects.all() if s.family_id}
    names = dict(Family.objects.filter(pk__in=ids).values_list("pk", "reference"))
    missing = ids - set(names)
    if missing:
        for pk, reference in (
            Family.history.filter(id__in=missing)
            .order_by("history_date")
            .values_list("id", "reference")
        ):
            names[pk] = reference
    for entry in entries:
        entry.family_references = sorted(
            {names.get(s.family_id, f"#{s.family_id}") for s in entry.subjects.all() if s.family_id}
        )
    return entries


CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_FORMULA_START) else text


class _Echo:
    def write(self, value):
        return value


def csv_lines(entries, batch_size=500):
    """The entries as CSV lines (semicolon-separated, UTF-8 with BOM so that
    a Dutch spreadsheet opens it as it is), for a streaming response."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(
        [
            _("Volgnummer"),
            _("Tijdstip"),
            _("Gebruiker"),
            _("Rol"),
            _("Organisatie"),
            _("Namens"),
            _("Actie"),
            _("Soort gegevens"),
            _("Gezinnen"),
            _("Uitkomst"),
            _("Reden"),
            _("IP-adres"),
            _("Adres (URL)"),
        ]
    )
    batch = []
    for entry in entries.prefetch_related("subjects").iterator(chunk_size=batch_size):
        batch.append(entry)
        if len(batch) >= batch_size:
            yield from _csv_batch(writer, batch)
            batch = []
    yield from _csv_batch(writer, batch)


def _csv_batch(writer, entries):
    family_references(entries)
    for entry in entries:
        yield writer.writerow(
            [
                _cell(value)
                for value in (
                    entry.seq,
                    timezone.localtime(entry.timestamp).isoformat(timespec="seconds"),
                    entry.username,
                    entry.role,
                    entry.organisation,
                    entry.responsible,
                    entry.get_action_display(),
                    entry.get_data_display(),
                    ", ".join(entry.family_references),
                    entry.get_outcome_display(),
                    entry.reason,
                    entry.ip_address or "",
                    entry.path,
                )
            ]
        )
