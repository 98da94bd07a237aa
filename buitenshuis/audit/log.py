"""Writing, verifying and reading the access log (NEN 7513)."""

import csv
import datetime
import hmac
import logging
import os
import re
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buitenshuis.audit.models import (
    GENESIS_HASH,
    AccessLogEntry,
    AccessLogSubject,
    ChainHead,
    Outcome,
)
from buitenshuis.core.client_address import client_ip  # noqa: F401 (one implementation)
from buitenshuis.organisations.models import memberships_of


def _subject_rows(subjects):
    """The subjects of an entry. A family or a person (casework, above this
    app) says what to record with ``access_log_subject()``, which returns an
    unsaved ``AccessLogSubject``; a user is recorded as a user; anything else
    with a ``family_id`` as its family."""
    rows = []
    for obj in subjects or ():
        describe = getattr(obj, "access_log_subject", None)
        if describe is not None:
            rows.append(describe())
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
    if not getattr(user, "is_authenticated", False):
        return "", ""
    rows = memberships_of(user)
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
    username=None,
):
    """Append one entry to the access log and return it.

    ``request`` may be None for commands; ``user`` defaults to the request's
    user, ``responsible`` (on whose behalf) to the same user. ``username``
    names who it was when there is no account to point to (a failed sign-in
    with the username that was tried).

    ``reason`` is a fixed text or a reference ("capaciteit overschreden,
    aanmelding #12"), never text a user typed about a case: case content
    stays in the case (ACCESS.md), the log only refers to it."""
    user = user if user is not None else getattr(request, "user", None)
    authenticated = getattr(user, "is_authenticated", False)
    role, organisation = _describe_user(user)
    if username is None:
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
        entry.hash = entry.compute_hmac([row.key() for row in rows])
        entry.save()
        for row in rows:
            row.entry = entry
        AccessLogSubject.objects.bulk_create(rows)
        ChainHead.objects.filter(pk=1).update(last_seq=entry.seq, last_hash=entry.hash)
    return entry


@dataclass(frozen=True)
class Anchor:
    """The chain's head as noted down outside the database: the last
    sequence number and its chain value, and when it was written (None for
    an anchor typed on the command line)."""

    seq: int
    hash: str
    written_at: str | None = None

    def describe(self):
        if self.written_at:
            return _("regel %(seq)s, vastgelegd op %(time)s") % {
                "seq": self.seq,
                "time": self.written_at,
            }
        return _("regel %(seq)s") % {"seq": self.seq}

    def line(self):
        """One line of the anchor file (and of the system log)."""
        return f"{self.written_at} seq={self.seq} hmac={self.hash}"


_ANCHOR_SHORT = re.compile(r"^\s*(\d+):([0-9a-f]{64})\s*$", re.IGNORECASE)
_ANCHOR_LINE = re.compile(r"(?:(\S+)\s+)?seq=(\d+)\s+hmac=([0-9a-f]{64})\s*$", re.IGNORECASE)


def parse_anchor(text):
    """An ``Anchor`` from ``SEQ:HASH`` or from a line that
    ``anchor_access_log`` wrote (``TIME seq=SEQ hmac=HASH``, also when copied
    from the system log with its prefix); None when it is neither."""
    text = text or ""
    match = _ANCHOR_SHORT.match(text)
    if match:
        return Anchor(int(match.group(1)), match.group(2).lower())
    match = _ANCHOR_LINE.search(text)
    if match:
        return Anchor(int(match.group(2)), match.group(3).lower(), match.group(1))
    return None


def read_anchor(path):
    """The last anchor in the anchor file, or None when the file does not
    exist or holds none. Lines that are not anchors are skipped."""
    try:
        with open(path, encoding="utf-8") as file:
            lines = file.readlines()
    except FileNotFoundError:
        return None
    for line in reversed(lines):
        anchor = parse_anchor(line)
        if anchor is not None:
            return anchor
    return None


ANCHOR_LOGGER = "buitenshuis.audit.anchor"


def write_anchor(report, path=None, now=None):
    """Note the head of a checked chain outside the database: append one
    line to the anchor file (when ``path`` is given) and send it to the
    logger ``buitenshuis.audit.anchor`` (the system log, when configured).
    Returns the ``Anchor``."""
    now = timezone.localtime(now or timezone.now())
    anchor = Anchor(report.last_seq, report.last_hash, now.isoformat(timespec="seconds"))
    if path:
        # O_APPEND: every run adds a line; earlier lines are never rewritten.
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        with os.fdopen(fd, "a", encoding="utf-8") as file:
            file.write(anchor.line() + "\n")
    logging.getLogger(ANCHOR_LOGGER).info("access log anchor: %s", anchor.line())
    return anchor


@dataclass
class ChainReport:
    """What ``check_chain`` found: the number of entries, the last one, how
    many of the first entries still carry the unkeyed SHA-256 of before
    ACCESS_LOG_KEY, and the problems (empty when the chain is intact)."""

    count: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS_HASH
    unkeyed: int = 0
    anchor: Anchor | None = None
    problems: list = field(default_factory=list)

    @property
    def intact(self):
        return not self.problems


def check_chain(anchor=None, batch_size=2000):
    """Walk the whole chain in order of sequence number.

    Each entry must carry the HMAC (ACCESS_LOG_KEY) of its content, its
    subjects and its predecessor's value. Entries from before the key
    existed carry a plain SHA-256; those are accepted only before the first
    HMAC entry, so an entry appended without the key is detected even when
    its SHA-256 chain is computed correctly.

    Detects a removed entry (a gap in the numbers and a broken link), an
    altered or forged entry or subject (its HMAC does not match), and a
    removed tail (the chain head names a later entry). ``anchor`` is the
    head noted down earlier outside the database (``Anchor`` or a
    ``(seq, hash)`` pair; see ``anchor_access_log``): the log must still
    reach that entry, and it must still carry that value, which also
    detects an emptied log and a chain rewritten from some entry on."""
    if anchor is not None and not isinstance(anchor, Anchor):
        anchor = Anchor(*anchor)
    report = ChainReport(anchor=anchor)
    problems = report.problems
    expected_prev = GENESIS_HASH
    expected_seq = 1
    first_keyed = None
    at_head = at_anchor = None
    # The head is read before the walk: entries written meanwhile come after
    # it and are not mistaken for a removed tail.
    head = ChainHead.objects.filter(pk=1).first()
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
        if hmac.compare_digest(entry.compute_hmac(keys), entry.hash):
            if first_keyed is None:
                first_keyed = entry.seq
        elif hmac.compare_digest(entry.compute_hash(keys), entry.hash):
            if first_keyed is None:
                report.unkeyed += 1
            else:
                problems.append(
                    _(
                        "Regel %(seq)s heeft geen HMAC, alleen een hash zonder sleutel, terwijl "
                        "regel %(first)s al een HMAC had: buiten de applicatie toegevoegd of "
                        "vervalst."
                    )
                    % {"seq": entry.seq, "first": first_keyed}
                )
        else:
            problems.append(
                _("Regel %(seq)s is gewijzigd of vervalst: de HMAC past niet bij de inhoud.")
                % {"seq": entry.seq}
            )
        if head is not None and entry.seq == head.last_seq:
            at_head = entry.hash
        if anchor is not None and entry.seq == anchor.seq:
            at_anchor = entry.hash
        expected_prev = entry.hash
        expected_seq = entry.seq + 1
        report.last_seq = entry.seq
        report.last_hash = entry.hash
    if head is None:
        if report.count:
            problems.append(_("De kop van de ketting ontbreekt (tabel ChainHead)."))
    elif head.last_seq > report.last_seq:
        problems.append(_missing(report.last_seq + 1, head.last_seq, tail=True))
    elif head.last_seq and at_head != head.last_hash:
        problems.append(
            _("De kop van de ketting (regel %(head)s) past niet bij de laatste regel %(last)s.")
            % {"head": head.last_seq, "last": report.last_seq}
        )
    if anchor is not None and anchor.seq > 0:
        if report.count == 0:
            problems.append(
                _(
                    "Het toegangslog is leeg, maar volgens het anker (%(anchor)s) had het al "
                    "%(seq)s regels: het log is geleegd."
                )
                % {"anchor": anchor.describe(), "seq": anchor.seq}
            )
        elif report.last_seq < anchor.seq:
            problems.append(
                _(
                    "Het toegangslog eindigt bij regel %(last)s, maar het anker (%(anchor)s) "
                    "noemt regel %(seq)s: het einde is verwijderd."
                )
                % {"last": report.last_seq, "anchor": anchor.describe(), "seq": anchor.seq}
            )
        elif at_anchor != anchor.hash:
            problems.append(
                _("Regel %(seq)s heeft niet meer de eerder vastgelegde hash %(hash)s.")
                % {"seq": anchor.seq, "hash": anchor.hash}
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


def verify(batch_size=2000, anchor=None):
    """Walk the whole chain; return a list of problems (empty when intact)."""
    return check_chain(anchor=anchor, batch_size=batch_size).problems


# Reading the log: the privacy officer's screens and export.

# The model of the families that subjects point to (casework.Family, with
# its ``reference`` and its django-simple-history ``history``). Casework sits
# above this app and registers it (casework/models.py).
_family_model = None


def register_family_model(model):
    """Declare the family model the log's readers look references up in."""
    global _family_model
    _family_model = model
    return model


def family_model():
    if _family_model is None:
        raise ImproperlyConfigured(
            "No family model: casework registers one with "
            "buitenshuis.audit.log.register_family_model()."
        )
    return _family_model


def find_family(reference):
    """``(family_id, reference)`` for a family reference, also for a family
    that has since been deleted (its history keeps the reference); None when
    no family ever had it."""
    Family = family_model()
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
    Family = family_model()
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
