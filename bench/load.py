# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Throughput through gunicorn (``bench/lists.py --gunicorn``): the same
database and pages as the in-process figures, served as in production
(gunicorn's sync workers, DEBUG off, the second factor required, static
files from WhiteNoise), each user signed in over HTTP with password and
TOTP code, and each page loaded for ``--duration`` seconds over
``--connections`` keep-alive connections.

The load comes from ``wrk`` when it is installed (Debian: ``apt-get install
wrk``). Without it a thread pool in Python drives the load; Python's own
overhead then caps the figures, so they are lower and only their ratios
to the floor and to the static file (driven the same way) mean something.

Only loopback: gunicorn listens on 127.0.0.1 and every request goes there.
"""

import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
# Bench-only credentials of the measured users: a password and the TOTP
# key of their authenticator (20 bytes, hex), both set by ``prepare``.
PASSWORD = "bench-wachtwoord-niet-echt-0123"
TOTP_KEY = "62656e63682d6f6e6c792d746f74702d6b657921"
STATIC = "static file"


def throughput(args, users, results, floor_for):
    """Requests per second of every page of ``results`` for its user,
    beside the user's floor (``floor_for(user)``) and a static file."""
    from django.db import connection

    if connection.vendor != "postgresql":
        print("--gunicorn needs PostgreSQL (five workers write the access log at once).")
        return []
    devices = prepare(users)
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    environment = server_environment(static_root)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=environment,
        cwd=REPO,
        check=True,
    )
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "buitenshuis.wsgi:application",
            f"--workers={args.workers}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            f"--chdir={REPO}",
        ],
        env=environment,
    )
    rows = []
    try:
        wait_until_serving(server, port)
        driver = Wrk(port, args) if shutil.which("wrk") else PythonDriver(port, args)
        print(
            f"\nthroughput: gunicorn, {args.workers} workers; load from {driver.name}", flush=True
        )
        static = static_url(static_root)
        driver.run(static, "", 2)  # warm up
        static_rps = [driver.run(static, "")["rps"]]
        for label, user in users.items():
            cookie = sign_in(port, user, devices[user.pk])
            floor = floor_for(user)
            pages = [r["page"] for r in results["pages"] if r["user"] == label]
            pages = [floor] + [page for page in pages if page != floor]
            for page in pages:
                expect_ok(port, page, cookie)
            driver.run(floor, cookie, 2)  # warm up every worker
            floors = [driver.run(floor, cookie)]
            measured = [(page, driver.run(page, cookie)) for page in pages[1:]]
            floors.append(driver.run(floor, cookie))
            for page in pages:
                expect_ok(port, page, cookie)  # still signed in: no figure of a login page
            floor_rps = statistics.mean(f["rps"] for f in floors)
            rows.append(tp_row(label, floor, "floor", floor_rps, floor_rps, floors))
            for page, figure in measured:
                rows.append(tp_row(label, page, "", figure["rps"], floor_rps, [figure]))
            print(f"{label}: floor {floor_rps:.1f} requests/s", flush=True)
        static_rps.append(driver.run(static, "")["rps"])
    finally:
        server.terminate()
        server.wait(timeout=60)
        shutil.rmtree(static_root, ignore_errors=True)
    static_mean = statistics.mean(static_rps)
    print_throughput(rows, static_mean)
    return {"driver": driver.name, "static_rps": round(static_mean, 1), "pages": rows}


def tp_row(label, page, kind, rps, floor_rps, figures):
    return {
        "user": label,
        "page": page,
        "kind": kind,
        "rps": round(rps, 1),
        "ratio": round(rps / floor_rps, 2),
        "errors": sum(f["errors"] for f in figures),
    }


def print_throughput(rows, static_rps):
    print()
    print(f"static file: {static_rps:.1f} requests/s")
    print()
    print("| user | page | requests/s | share of floor | share of static file | errors |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for r in rows:
        page = f"`{r['page']}`" + (" (floor)" if r["kind"] == "floor" else "")
        print(
            f"| {r['user']} | {page} | {r['rps']:.1f} | {r['ratio'] * 100:.0f}% "
            f"| {r['rps'] / static_rps * 100:.0f}% | {r['errors']} |"
        )


def prepare(users):
    """A password gunicorn's hashers know (the bench process hashes with
    MD5 for speed) and a confirmed TOTP device with a known key for each
    measured user, as an authenticator app would have after set-up."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django_otp.plugins.otp_totp.models import TOTPDevice

    hasher = PBKDF2PasswordHasher()
    devices = {}
    for user in users.values():
        user.password = hasher.encode(PASSWORD, hasher.salt())
        user.save(update_fields=["password"])
        devices[user.pk], _created = TOTPDevice.objects.update_or_create(
            user=user, name="bench", defaults={"key": TOTP_KEY, "confirmed": True}
        )
    return devices


def server_environment(static_root):
    """Production settings (second factor required, DEBUG off) with the
    bench's URLconf, on this machine's loopback, over plain HTTP."""
    environment = dict(os.environ)
    for name in ("REQUIRE_SECOND_FACTOR", "BUITENSHUIS_DEMO", "DJANGO_DEBUG"):
        environment.pop(name, None)
    environment.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="0",
        STATIC_ROOT=static_root,
        PYTHONPATH=str(REPO),
    )
    return environment


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(server, port, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {server.returncode}); see its output above")
        try:
            status, _body, _headers = get(port, "/account/inloggen/", "")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer on 127.0.0.1:{port} within {seconds} s")


def static_url(static_root):
    """A stylesheet every page loads (not a precompressed copy)."""
    found = sorted(
        path
        for path in Path(static_root).rglob("*.css")
        if "admin" not in path.parts and path.is_file()
    )
    if not found:
        raise SystemExit("collectstatic found no stylesheet to measure")
    return "/static/" + found[0].relative_to(static_root).as_posix()


def get(port, path, cookie, connection=None):
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read(), response.getheaders()
    finally:
        if own:
            connection.close()


def expect_ok(port, page, cookie):
    status, _body, headers = get(port, page, cookie)
    if status != 200:
        where = dict((k.lower(), v) for k, v in headers).get("location", "")
        raise SystemExit(f"{page} answered {status} {where} through gunicorn, not 200")


def sign_in(port, user, device):
    """Both steps of the sign-in page over HTTP, as a browser does: the
    password, then the code of the authenticator. Returns the cookies."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    jar = {}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(method, path, form=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                jar[key] = rest.split(";")[0]
        return response, content

    def csrf(content):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1)

    login = "/account/inloggen/"
    _response, content = request("GET", login)
    response, content = request(
        "POST",
        login,
        {"csrfmiddlewaretoken": csrf(content), "username": user.username, "password": PASSWORD},
    )
    verify = response.getheader("Location", "")
    if response.status != 302 or "/inloggen/code/" not in verify:
        raise SystemExit(
            f"signing in {user.username}: the password step answered {response.status}"
        )
    _response, content = request("GET", verify)
    # Each code is accepted once: forget the last one used (as the tests do).
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    device.refresh_from_db()
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    response, content = request(
        "POST", verify, {"csrfmiddlewaretoken": csrf(content), "token": code}
    )
    if response.status != 302:
        raise SystemExit(f"signing in {user.username}: the code step answered {response.status}")
    connection.close()
    return "; ".join(f"{k}={v}" for k, v in jar.items())


class Wrk:
    def __init__(self, port, args):
        self.port = port
        self.args = args
        self.name = f"wrk, {args.connections} connections, {args.duration} s per page"

    def run(self, page, cookie, seconds=None):
        command = [
            "wrk",
            f"--threads={min(2, self.args.connections)}",
            f"--connections={self.args.connections}",
            f"--duration={seconds or self.args.duration}s",
            # A slow page under load is a low figure, not a missing one.
            "--timeout=60s",
        ]
        if cookie:
            command += ["--header", f"Cookie: {cookie}"]
        output = subprocess.run(
            [*command, f"http://127.0.0.1:{self.port}{page}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        socket_errors = re.search(r"Socket errors: (.*)", output)
        if socket_errors:
            print(f"  {page}: socket errors {socket_errors.group(1)}")
        return {"rps": rps, "errors": int(errors.group(1)) if errors else 0}


class PythonDriver:
    """The fallback load: one thread per connection, keep-alive, counting
    the answers in ``seconds``. A redirect counts as an error (a signed-out
    page is not a figure)."""

    def __init__(self, port, args):
        self.port = port
        self.args = args
        self.name = (
            f"a Python thread pool (wrk is not installed: figures are capped by Python), "
            f"{args.connections} connections, {args.duration} s per page"
        )

    def run(self, page, cookie, seconds=None):
        deadline = time.monotonic() + (seconds or self.args.duration)
        counts = []

        def load():
            done = errors = 0
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            while time.monotonic() < deadline:
                status, _body, _headers = get(self.port, page, cookie, connection)
                done += 1
                errors += status != 200
            connection.close()
            counts.append((done, errors))

        started = time.monotonic()
        threads = [threading.Thread(target=load) for _ in range(self.args.connections)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        return {
            "rps": sum(done for done, _errors in counts) / elapsed,
            "errors": sum(errors for _done, errors in counts),
        }
