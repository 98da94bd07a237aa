# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Writing, verifying and reading the access log (NEN 7513)."""

import csv
import datetime
import hashlib
import hmac
import logging
import os
import re
import zlib
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from buitenshuis.audit.models import (
    CHAINS,
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


def chain_for(request, user, username=""):
    """The chain an entry is appended to.

    A signed-in user's entries go to the chain of their user id, anyone
    else's (a failed sign-in, a command) to that of the username, so
    concurrent requests of different people mostly lock different chain
    heads. Every entry of one request goes to the chain of its first entry:
    a request (and the transaction it may run in) then holds at most one
    chain's lock, so two requests can never wait for each other's lock in
    opposite order."""
    chosen = getattr(request, "_access_log_chain", None)
    if chosen is not None:
        return chosen
    if getattr(user, "is_authenticated", False) and user.pk is not None:
        chosen = user.pk % CHAINS
    else:
        chosen = zlib.crc32((username or "").encode()) % CHAINS
    if request is not None:
        request._access_log_chain = chosen
    return chosen


def _lock_head(chain):
    """The head row of ``chain``, locked until the transaction ends. The
    heads of every chain are created together, with the log's first entry,
    so that ``check_chain`` can expect them all from then on."""
    heads = ChainHead.objects.select_for_update()
    head = heads.filter(chain=chain).first()
    if head is None:
        ChainHead.objects.bulk_create(
            [ChainHead(chain=number) for number in range(CHAINS)], ignore_conflicts=True
        )
        head = heads.get(chain=chain)
    return head


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
    stays in the case (ACCESS.md), the log only refers to it.

    The entry is appended to one of the log's chains (``chain_for``) in one
    short transaction that locks only that chain's head, from the read of
    the head to the commit; everything else is prepared before."""
    user = user if user is not None else getattr(request, "user", None)
    authenticated = getattr(user, "is_authenticated", False)
    role, organisation = _describe_user(user)
    if username is None:
        username = user.get_username() if authenticated else (getattr(user, "username", "") or "")
    if responsible is not None and hasattr(responsible, "get_username"):
        responsible = responsible.get_username()
    rows = _subject_rows(subjects)
    keys = [row.key() for row in rows]
    entry = AccessLogEntry(
        chain=chain_for(request, user, username),
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
    )
    with transaction.atomic():
        head = _lock_head(entry.chain)
        entry.seq = head.last_seq + 1
        entry.prev_hash = head.last_hash
        entry.timestamp = timezone.now()
        entry.hash = entry.compute_hmac(keys)
        entry.save()
        for row in rows:
            row.entry = entry
        AccessLogSubject.objects.bulk_create(rows)
        ChainHead.objects.filter(pk=head.pk).update(last_seq=entry.seq, last_hash=entry.hash)
    return entry


def heads_digest(heads, values):
    """The SHA-256 over the chains' values at the given places:
    ``heads`` is ``((chain, seq), ...)``, ``values`` maps a chain to the
    chain value (HMAC) of its entry at that place."""
    text = "".join(f"{chain}:{seq}:{values.get(chain, '')}\n" for chain, seq in heads)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Anchor:
    """The log's heads as noted down outside the database: for every chain
    that had entries, its last sequence number, and one SHA-256 over those
    entries' chain values (``heads_digest``); and when it was written (None
    for an anchor typed on the command line).

    An anchor of the single chain of before (``SEQ:HASH``, ``seq=N
    hmac=...``) is ``legacy``: it names chain 0's entry and its HMAC."""

    heads: tuple = ()
    digest: str = ""
    written_at: str | None = None
    legacy: bool = False

    @classmethod
    def of(cls, heads, written_at=None):
        """The anchor of ``heads``: a mapping of chain to ``(seq, hash)``."""
        places = tuple(sorted((chain, seq) for chain, (seq, _hash) in heads.items() if seq))
        values = {chain: value for chain, (_seq, value) in heads.items()}
        return cls(places, heads_digest(places, values), written_at)

    @property
    def count(self):
        """How many entries the log held when the anchor was written."""
        return sum(seq for _chain, seq in self.heads)

    def matches(self, values):
        """Whether the entries at the anchored places still carry the values
        that were noted down; ``values`` maps a chain to the chain value of
        its entry at the anchored place."""
        if self.legacy:
            return hmac.compare_digest(values.get(0, ""), self.digest)
        return hmac.compare_digest(heads_digest(self.heads, values), self.digest)

    def describe(self):
        if self.legacy:
            text = _("ketting 0 tot en met regel %(seq)s") % {"seq": self.count}
        else:
            text = ngettext("%(count)s regel", "%(count)s regels", self.count) % {
                "count": self.count
            }
        if self.written_at:
            return _("%(anchor)s, vastgelegd op %(time)s") % {
                "anchor": text,
                "time": self.written_at,
            }
        return text

    def line(self):
        """One line of the anchor file (and of the system log); without the
        time, what ``verify --anchor`` takes."""
        heads = ",".join(f"{chain}:{seq}" for chain, seq in self.heads) or "-"
        text = f"heads={heads} sha256={self.digest}"
        return f"{self.written_at} {text}" if self.written_at else text


_ANCHOR_SHORT = re.compile(r"^\s*(\d+):([0-9a-f]{64})\s*$", re.IGNORECASE)
_ANCHOR_LEGACY = re.compile(r"(?:(\S+)\s+)?seq=(\d+)\s+hmac=([0-9a-f]{64})\s*$", re.IGNORECASE)
_ANCHOR_LINE = re.compile(
    r"(?:(\S+)\s+)?heads=(-|\d+:\d+(?:,\d+:\d+)*)\s+sha256=([0-9a-f]{64})\s*$", re.IGNORECASE
)


def _legacy_anchor(seq, value, written_at=None):
    seq = int(seq)
    return Anchor(((0, seq),) if seq else (), value.lower(), written_at, legacy=True)


def parse_anchor(text):
    """An ``Anchor`` from a line that ``anchor_access_log`` wrote (``TIME
    heads=CHAIN:SEQ,... sha256=HASH``, also without the time or when copied
    from the system log with its prefix), or from the form of the single
    chain of before (``SEQ:HASH`` or ``TIME seq=SEQ hmac=HASH``), which
    holds for chain 0; None when it is none of these."""
    text = text or ""
    match = _ANCHOR_LINE.search(text)
    if match:
        heads = () if match.group(2) == "-" else match.group(2).split(",")
        places = tuple(sorted(tuple(int(n) for n in head.split(":")) for head in heads))
        return Anchor(places, match.group(3).lower(), match.group(1))
    match = _ANCHOR_SHORT.match(text)
    if match:
        return _legacy_anchor(match.group(1), match.group(2))
    match = _ANCHOR_LEGACY.search(text)
    if match:
        return _legacy_anchor(match.group(2), match.group(3), match.group(1))
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
    """Note the heads of a checked log outside the database: append one
    line to the anchor file (when ``path`` is given) and send it to the
    logger ``buitenshuis.audit.anchor`` (the system log, when configured).
    Returns the ``Anchor``."""
    now = timezone.localtime(now or timezone.now())
    anchor = report.head_anchor(now.isoformat(timespec="seconds"))
    if path:
        # O_APPEND: every run adds a line; earlier lines are never rewritten.
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        with os.fdopen(fd, "a", encoding="utf-8") as file:
            file.write(anchor.line() + "\n")
    logging.getLogger(ANCHOR_LOGGER).info("access log anchor: %s", anchor.line())
    return anchor


@dataclass
class ChainReport:
    """What ``check_chain`` found: the number of entries, the last entry of
    each chain (``heads``: chain to ``(seq, hash)``), how many of the first
    entries of chain 0 still carry the unkeyed SHA-256 of before
    ACCESS_LOG_KEY, and the problems (empty when the log is intact)."""

    count: int = 0
    heads: dict = field(default_factory=dict)
    unkeyed: int = 0
    anchor: Anchor | None = None
    problems: list = field(default_factory=list)

    @property
    def intact(self):
        return not self.problems

    def head_anchor(self, written_at=None):
        """The anchor of the log as checked."""
        return Anchor.of(self.heads, written_at)


@dataclass
class _ChainWalk:
    """Where the walk through one chain is."""

    chain: int
    expected_seq: int = 1
    expected_prev: str = GENESIS_HASH
    first_keyed: int | None = None
    last_seq: int = 0
    last_hash: str = GENESIS_HASH
    at_head: str | None = None


def check_chain(anchor=None, batch_size=2000):
    """Walk every chain of the log in order of sequence number.

    Each entry must carry the HMAC (ACCESS_LOG_KEY) of its content, its
    chain, its subjects and its predecessor's value. Entries from before the
    key existed carry a plain SHA-256; those are accepted only at the start
    of chain 0, before its first HMAC entry, so an entry appended without
    the key is detected even when its SHA-256 chain is computed correctly.

    Detects a removed entry (a gap in the numbers and a broken link), an
    altered or forged entry or subject (its HMAC does not match), and a
    removed tail (the chain's head names a later entry); once the log has
    begun every chain has a head, so a chain removed with its head is
    detected too. ``anchor`` is the heads noted down earlier outside the
    database (``Anchor``, or a ``(seq, hash)`` pair of chain 0; see
    ``anchor_access_log``): every chain must still reach its anchored entry,
    and those entries must still carry their values, which also detects an
    emptied log and a chain rewritten from some entry on."""
    if anchor is not None and not isinstance(anchor, Anchor):
        anchor = _legacy_anchor(*anchor)
    report = ChainReport(anchor=anchor)
    problems = report.problems
    anchored = dict(anchor.heads) if anchor is not None else {}
    at_anchor = {}
    walks = {}
    # The heads are read before the walk: entries written meanwhile come
    # after them and are not mistaken for a removed tail.
    heads = {head.chain: head for head in ChainHead.objects.all()}
    entries = AccessLogEntry.objects.order_by("chain", "seq").prefetch_related("subjects")
    walk = None
    for entry in entries.iterator(chunk_size=batch_size):
        if walk is None or walk.chain != entry.chain:
            walk = walks[entry.chain] = _ChainWalk(entry.chain)
        report.count += 1
        _check_entry(entry, walk, report)
        head = heads.get(entry.chain)
        if head is not None and entry.seq == head.last_seq:
            walk.at_head = entry.hash
        if entry.seq == anchored.get(entry.chain):
            at_anchor[entry.chain] = entry.hash
    report.heads = {chain: (walk.last_seq, walk.last_hash) for chain, walk in walks.items()}
    begun = bool(heads or walks)
    for chain in sorted(set(heads) | set(walks) | (set(range(CHAINS)) if begun else set())):
        _check_head(chain, heads.get(chain), walks.get(chain), problems)
    if anchor is not None and anchor.count:
        _check_anchor(anchor, report, at_anchor)
    return report


def _check_entry(entry, walk, report):
    problems = report.problems
    place = {"chain": entry.chain, "seq": entry.seq}
    if entry.seq > walk.expected_seq:
        problems.append(_missing(entry.chain, walk.expected_seq, entry.seq - 1))
    if entry.prev_hash != walk.expected_prev:
        problems.append(
            _(
                "Ketting %(chain)s: regel %(seq)s sluit niet aan op de regel ervoor "
                "(ketting gebroken)."
            )
            % place
        )
    keys = [subject.key() for subject in entry.subjects.all()]
    if hmac.compare_digest(entry.compute_hmac(keys), entry.hash):
        if walk.first_keyed is None:
            walk.first_keyed = entry.seq
    elif hmac.compare_digest(entry.compute_hash(keys), entry.hash):
        if walk.first_keyed is None and entry.chain == 0:
            report.unkeyed += 1
        elif walk.first_keyed is None:
            problems.append(
                _(
                    "Ketting %(chain)s: regel %(seq)s heeft geen HMAC, alleen een hash zonder "
                    "sleutel: buiten de applicatie toegevoegd of vervalst."
                )
                % place
            )
        else:
            problems.append(
                _(
                    "Ketting %(chain)s: regel %(seq)s heeft geen HMAC, alleen een hash zonder "
                    "sleutel, terwijl regel %(first)s al een HMAC had: buiten de applicatie "
                    "toegevoegd of vervalst."
                )
                % {**place, "first": walk.first_keyed}
            )
    else:
        problems.append(
            _(
                "Ketting %(chain)s: regel %(seq)s is gewijzigd of vervalst: de HMAC past niet "
                "bij de inhoud."
            )
            % place
        )
    walk.expected_prev = entry.hash
    walk.expected_seq = entry.seq + 1
    walk.last_seq = entry.seq
    walk.last_hash = entry.hash


def _check_head(chain, head, walk, problems):
    last_seq = walk.last_seq if walk is not None else 0
    if head is None:
        problems.append(
            _("De kop van ketting %(chain)s ontbreekt (tabel ChainHead).") % {"chain": chain}
        )
    elif head.last_seq > last_seq:
        problems.append(_missing(chain, last_seq + 1, head.last_seq, tail=True))
    elif head.last_seq and walk.at_head != head.last_hash:
        problems.append(
            _(
                "De kop van ketting %(chain)s (regel %(head)s) past niet bij de laatste regel "
                "%(last)s."
            )
            % {"chain": chain, "head": head.last_seq, "last": last_seq}
        )


def _check_anchor(anchor, report, at_anchor):
    problems = report.problems
    if report.count == 0:
        problems.append(
            _(
                "Het toegangslog is leeg, maar volgens het anker (%(anchor)s) had het al "
                "%(count)s regels: het log is geleegd."
            )
            % {"anchor": anchor.describe(), "count": anchor.count}
        )
        return
    short = False
    for chain, seq in anchor.heads:
        last = report.heads.get(chain, (0, GENESIS_HASH))[0]
        if last >= seq:
            continue
        short = True
        values = {"chain": chain, "last": last, "anchor": anchor.describe(), "seq": seq}
        if last == 0:
            text = _(
                "Ketting %(chain)s is leeg, maar het anker (%(anchor)s) noemt regel %(seq)s: "
                "de ketting is geleegd."
            )
        else:
            text = _(
                "Ketting %(chain)s eindigt bij regel %(last)s, maar het anker (%(anchor)s) "
                "noemt regel %(seq)s: het einde is verwijderd."
            )
        problems.append(text % values)
    if short or anchor.matches(at_anchor):
        return
    if anchor.legacy:
        problems.append(
            _("Ketting 0: regel %(seq)s heeft niet meer de eerder vastgelegde hash %(hash)s.")
            % {"seq": anchor.count, "hash": anchor.digest}
        )
    else:
        problems.append(
            _(
                "De regels die het anker (%(anchor)s) vastlegde, hebben niet meer de "
                "vastgelegde waarden: het log is vanaf daar herschreven."
            )
            % {"anchor": anchor.describe()}
        )


def _missing(chain, first, last, tail=False):
    if first == last:
        text = (
            _("Ketting %(chain)s: regel %(first)s ontbreekt (de laatste regel is verwijderd).")
            if tail
            else _("Ketting %(chain)s: regel %(first)s ontbreekt (verwijderd).")
        )
    else:
        text = (
            _(
                "Ketting %(chain)s: regels %(first)s t/m %(last)s ontbreken (het einde is "
                "verwijderd)."
            )
            if tail
            else _("Ketting %(chain)s: regels %(first)s t/m %(last)s ontbreken (verwijderd).")
        )
    return text % {"chain": chain, "first": first, "last": last}


def verify(batch_size=2000, anchor=None):
    """Walk every chain; return a list of problems (empty when intact)."""
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
    an export that is produced while new entries are being written): up to
    the highest id so far, which the database hands out in the order the
    entries are written, whatever their chain."""
    last = AccessLogEntry.objects.aggregate(last=Max("pk"))["last"]
    return entries.filter(pk__lte=last or 0)


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
            _("Ketting"),
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
                    entry.chain,
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
