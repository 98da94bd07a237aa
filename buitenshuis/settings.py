# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""
The one settings module of Buitenshuis. Every setting that differs between
machines is read from the environment; see docs/configuration.md.

Two modes:

* ``BUITENSHUIS_DEMO=1`` (what ``make run`` uses): synthetic demo data, the
  second factor may be skipped, a visible "demo" banner.
* otherwise production: the second factor is required for every account, and
  the application refuses to start with DEBUG on, without a SECRET_KEY or
  the BSN keys, or with the demo accounts present (see
  ``buitenshuis.accounts.safety``).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name, default=False):
    """A yes/no setting from the environment: 1/0, true/false, yes/no or
    on/off, in any case; ``default`` when unset or empty. Anything else stops
    the start with the variable's name, rather than being read as "no": a
    typo such as REQUIRE_SECOND_FACTOR=ture must not switch a protection off."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not understood: use 1 or 0, true or false, yes or no, on or off."
    )


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEMO_MODE = env_bool("BUITENSHUIS_DEMO")
DEBUG = env_bool("DJANGO_DEBUG")

_INSECURE_KEY = "insecure-demo-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _INSECURE_KEY if DEMO_MODE else "")
INSECURE_SECRET_KEY = SECRET_KEY in ("", _INSECURE_KEY)
if not SECRET_KEY:
    # Management commands that need no secret still work; the start-up check
    # (buitenshuis.accounts.safety) refuses to serve without one.
    SECRET_KEY = _INSECURE_KEY

# Citizen service numbers at rest (buitenshuis/casework/protected.py):
# the current encryption key, older keys that may still be read (rotation),
# and the stable key of the lookup hash that finds a child again by BSN.
# Production refuses to start without them; demo mode and the tests derive
# them from the insecure SECRET_KEY.
BSN_ENCRYPTION_KEY = os.environ.get("BSN_ENCRYPTION_KEY", "")
BSN_ENCRYPTION_OLD_KEYS = env_list("BSN_ENCRYPTION_OLD_KEYS")
BSN_LOOKUP_KEY = os.environ.get("BSN_LOOKUP_KEY", "")

# The access log's hash chain is an HMAC with this key, held outside the
# database, so that someone who may only write to the database cannot append
# correctly chained entries (docs/privacy.md). Production refuses to start
# without it; demo mode and tests use a fixed, insecure key.
_INSECURE_ACCESS_LOG_KEY = "insecure-demo-access-log-key-never-use-in-production"
ACCESS_LOG_KEY = os.environ.get("ACCESS_LOG_KEY", "")
INSECURE_ACCESS_LOG_KEY = ACCESS_LOG_KEY in ("", _INSECURE_ACCESS_LOG_KEY)
if not ACCESS_LOG_KEY:
    ACCESS_LOG_KEY = _INSECURE_ACCESS_LOG_KEY
# Where ``manage.py anchor_access_log`` appends the chain's head (one line per
# run) and where ``manage.py verify`` reads the last one from. Empty: the
# anchor only goes to the system log (logger "buitenshuis.audit.anchor").
ACCESS_LOG_ANCHOR_FILE = os.environ.get("ACCESS_LOG_ANCHOR_FILE", "")

# The research export (docs/research-export.md): pseudonyms are an
# HMAC-SHA256 with a key per programme derived from this secret, so a code
# is stable within a programme and cannot be linked across programmes.
# Production refuses to start without it (monitoring.research); demo mode
# and the tests use a fixed, insecure key. A released export can be
# downloaded for RESEARCH_EXPORT_DAYS days.
_INSECURE_RESEARCH_PSEUDONYM_KEY = "insecure-demo-research-key-never-use-in-production"
RESEARCH_PSEUDONYM_KEY = os.environ.get("RESEARCH_PSEUDONYM_KEY", "")
INSECURE_RESEARCH_PSEUDONYM_KEY = RESEARCH_PSEUDONYM_KEY in ("", _INSECURE_RESEARCH_PSEUDONYM_KEY)
if not RESEARCH_PSEUDONYM_KEY:
    RESEARCH_PSEUDONYM_KEY = _INSECURE_RESEARCH_PSEUDONYM_KEY
RESEARCH_EXPORT_DAYS = int(os.environ.get("RESEARCH_EXPORT_DAYS", "14"))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEMO_MODE else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The second factor (TOTP) is mandatory outside demo mode.
REQUIRE_SECOND_FACTOR = env_bool("REQUIRE_SECOND_FACTOR", default=not DEMO_MODE)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "simple_history",
    # django-csp: its system check refuses the settings of versions before 4.
    "csp",
    "buitenshuis.accounts",
    "buitenshuis.organisations",
    "buitenshuis.access",
    "buitenshuis.audit",
    "buitenshuis.casework",
    "buitenshuis.programmes",
    "buitenshuis.referrals",
    "buitenshuis.activities",
    "buitenshuis.training",
    "buitenshuis.monitoring",
    "buitenshuis.portal",
    "buitenshuis.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The security headers of every page (docs/production.md, "Security headers").
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Around everything that may send an htmx request to sign in.
    "buitenshuis.portal.middleware.HtmxSignInRedirectMiddleware",
    # Before authentication: an idle session is ended before anyone reads its user.
    "buitenshuis.accounts.middleware.IdleSessionMiddleware",
    "buitenshuis.portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "buitenshuis.access.middleware.AccessCacheMiddleware",
    # No browser cache for anything a signed-in user sees (special-category data).
    "buitenshuis.accounts.middleware.NoStoreMiddleware",
    "buitenshuis.accounts.middleware.SecondFactorMiddleware",
    "buitenshuis.accounts.middleware.ExpiredSessionFormMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "buitenshuis.urls"
WSGI_APPLICATION = "buitenshuis.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": [
                "buitenshuis.portal.templatetags.dutch",
                "buitenshuis.portal.templatetags.components",
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "buitenshuis.portal.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{PROJECT_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler switches on for queries it estimates as
    # expensive and spent up to 761 ms compiling a 25-row page's query
    # (docs/production.md): our pages are many short queries, so it is off
    # for the application's connections unless DB_JIT says otherwise.
    if not env_bool("DB_JIT", default=False):
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first, so that a locked-out account is refused before its
    # password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The access policy (ACCESS.md) answers every has_perm() question.
    "buitenshuis.access.backends.PolicyBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = (
    []
    if DEMO_MODE
    else [
        {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 12},
        },
        {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
        {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    ]
)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:start"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: 15 minutes idle. The idle rule is checked against the time of
# the last recorded activity (accounts.middleware.IdleSessionMiddleware);
# activity is recorded, and the session row written, at most once per
# SESSION_REFRESH_SECONDS, not on every request. The row (and the cookie,
# were it not a browser-session cookie) lives the idle time plus that
# interval, so it never ends a session the idle rule still allows.
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(15 * 60)))
SESSION_REFRESH_SECONDS = int(os.environ.get("SESSION_REFRESH_SECONDS", "60"))
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS + SESSION_REFRESH_SECONDS
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEMO_MODE and not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
# Behind the TLS proxy every request the proxy passes on says https; one
# that does not came past the proxy over plain HTTP and is sent to HTTPS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=BEHIND_TLS_PROXY)
# The number of reverse proxies that append to X-Forwarded-For. Behind the TLS
# proxy it is at least one unless set otherwise. The client's address (for the
# lockout and the access log) comes from buitenshuis.core.client_address.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "1" if BEHIND_TLS_PROXY else "0"))

# Security headers (docs/production.md, "Security headers"). HSTS once HTTPS
# works: browsers then refuse plain HTTP to this host for that many seconds,
# with SECURE_HSTS_INCLUDE_SUBDOMAINS also to every host below it.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
# check --deploy warns while SECURE_HSTS_PRELOAD is off (security.W021). The
# browsers' preload list takes only a registrable domain (gemeente.nl, not
# buitenshuis.gemeente.nl, where Buitenshuis usually runs) and then holds
# every host under it to HTTPS for months: that is the decision of whoever
# runs the domain, not of this application, so the warning is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles, fonts and the rest
# only from our own address, nothing inline (no <script> or <style> blocks,
# no style or on... attributes), no eval; images also as data: URIs (the
# municipality's logo in the letter preview). No page may be framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy): none of these browser
# features is used, so no page, and nothing it might load, may ask for them.
# Only names Chromium knows: it reports an unknown one on every page (the
# browser test test_content_policy.py fails on that).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    )
}

# django-axes: lock an account (per username and address) after 5 failures
# for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "buitenshuis.accounts.views.locked_out"
AXES_VERBOSE = False
# One answer to "the client's address" for the lockout and the access log.
AXES_CLIENT_IP_CALLABLE = "buitenshuis.core.client_address.client_ip"

OTP_TOTP_ISSUER = "Buitenshuis"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))
NODE_MODULES = PROJECT_DIR / "node_modules"
# Front-end packages come from npm (package-lock.json); only their dist
# folders are served.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("npm/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("npm/utrecht", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    # The NL Design System community's open example theme (EUPL-1.2).
    (
        "npm/voorbeeld-tokens",
        NODE_MODULES / "@nl-design-system-unstable" / "voorbeeld-design-tokens" / "dist",
    ),
]
# The installation's look (docs/configuration.md, "Theme"): the design
# tokens' stylesheet (a path under the static files) and the class that
# switches them on. A municipality with a token package of its own installs
# it with npm and names its dist folder in THEME_STATIC_DIR (served as
# theme/), its stylesheet in THEME_CSS and its class in THEME_CLASS.
THEME_CSS = os.environ.get("THEME_CSS", "npm/voorbeeld-tokens/theme.css")
THEME_CLASS = os.environ.get("THEME_CLASS", "voorbeeld-theme")
if os.environ.get("THEME_STATIC_DIR"):
    STATICFILES_DIRS.append(("theme", Path(os.environ["THEME_STATIC_DIR"]).resolve()))
# Uploaded files: only the municipalities' logos for the decision letter's
# letterhead. The letter embeds the logo itself, so MEDIA_URL need not be
# served publicly; see docs/configuration.md.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", PROJECT_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or DEMO_MODE

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEMO_MODE
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "buitenshuis@localhost")
# The installation's public address (https://buitenshuis.gemeente.nl), for
# the link in e-mails; without it the work-queue e-mail names no address.
SITE_URL = os.environ.get("SITE_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # The access log's daily anchor (manage.py anchor_access_log).
        "buitenshuis.audit.anchor": {"handlers": ["console"], "level": "INFO", "propagate": False}
    },
}
# Also send the anchor to the system log: the syslog socket (/dev/log) or
# host:port of a remote syslog server.
ACCESS_LOG_ANCHOR_SYSLOG = os.environ.get("ACCESS_LOG_ANCHOR_SYSLOG", "")
if ACCESS_LOG_ANCHOR_SYSLOG:
    _host, _, _port = ACCESS_LOG_ANCHOR_SYSLOG.rpartition(":")
    LOGGING["handlers"]["anchor_syslog"] = {
        "class": "logging.handlers.SysLogHandler",
        "address": [_host, int(_port)] if _host and _port.isdigit() else ACCESS_LOG_ANCHOR_SYSLOG,
        "facility": "auth",
    }
    LOGGING["loggers"]["buitenshuis.audit.anchor"]["handlers"].append("anchor_syslog")

FORM_RENDERER = "buitenshuis.portal.forms.Renderer"

# Distances from a family's address to locations: the Dutch national address
# service (PDOK Locatieserver). Off: only cached coordinates are used, and
# unknown distances show as "afstand onbekend".
GEOCODER_ENABLED = env_bool("GEOCODER_ENABLED", True)
GEOCODER_TIMEOUT = float(os.environ.get("GEOCODER_TIMEOUT", "3"))
CSRF_FAILURE_VIEW = "buitenshuis.portal.views.csrf_failure"

# A membership that gives access to case data needs a second functional
# administrator's approval before it takes effect, when there is one
# (buitenshuis/accounts/rules.py). Off: it takes effect at once.
MEMBERSHIP_APPROVAL_REQUIRED = env_bool("MEMBERSHIP_APPROVAL_REQUIRED", True)
