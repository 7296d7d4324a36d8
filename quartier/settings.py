"""Settings for the Quartiersbüro site: one module, every deployment difference read from the
environment (see `.env.example`). Safe defaults: DEBUG off, HTTPS assumed, SQLite in WAL mode."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off (see .env.example).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# How many reverse proxies of ours sit in front of gunicorn (nginx: 1); rate limits use the
# address they saw. 0 trusts no X-Forwarded-For at all.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

INSTALLED_APPS = [
    "quartier.apps.QuartierAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "quartier.accounts.apps.LockoutConfig",  # axes, named in German
    "django_otp",
    "quartier.accounts.apps.AuthenticatorAppsConfig",  # django_otp.plugins.otp_totp
    "quartier.accounts.apps.RecoveryCodesConfig",  # django_otp.plugins.otp_static
    "simple_history",
    "post_office",
    "django_tasks",
    "django_tasks_db",
    "quartier.core",
    "offices",
    "offices.initiatives.apps.InitiativesConfig",
    "consultations",
    # After consultations: its admin takes over the closure admin to list affected bookings.
    "consultations.booking",
    "consultations.lending",
    "fund_applications",
    "quartier.newsletter",
    "offices.events",
    "quartier.ideas",
    "quartier",
    # Last: its post_migrate hook assigns the permissions of the apps above to the roles.
    "quartier.accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached public pages are answered here, with the headers the middleware below gave them.
    "quartier.core.page_cache.CachedPageMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "quartier.middleware.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "quartier.urls"
WSGI_APPLICATION = "quartier.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "quartier.context_processors.site",
            ],
        },
    },
]
# Django's form renderer, with the plain <input> widgets written directly (same markup).
FORM_RENDERER = "quartier.core.form_renderer.FormRenderer"

# Database: SQLite by default, PostgreSQL (psycopg 3) through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN so two
    # gunicorn workers queue on busy_timeout instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
            " PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 10,
    }
    # Tests may use a file, as production does: then threads wait for the write lock like
    # gunicorn workers do (in-memory shared-cache SQLite fails with "table is locked" instead).
    if SQLITE_TEST_NAME := os.environ.get("SQLITE_TEST_NAME", ""):
        (BASE_DIR / SQLITE_TEST_NAME).parent.mkdir(parents=True, exist_ok=True)
        DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / SQLITE_TEST_NAME)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# The default cache holds what all workers must share: rate limits, the page cache's content
# version, the outbox lock, the schedule's slots. Without Redis it is a table in the database
# (`createcachetable`), so `make run`'s gunicorn workers count the same. Cached page bodies
# live in each process ("pages"), unless Redis is there to share them too.
CACHES = (
    {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
        "pages": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
    }
    if REDIS_URL
    else {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "quartier_cache",
            # Never cull: a culled rate-limit slot would let one more request through.
            "OPTIONS": {"MAX_ENTRIES": 1_000_000, "CULL_FREQUENCY": 0},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
)

# Background jobs through Django's Tasks API (the django-tasks backport until Django 6 LTS).
# "database" (default): `manage.py db_worker` beside gunicorn, nothing else to run;
# "rq": Redis queues for several servers (needs REDIS_URL; `manage.py rqworker default
# --job-class django_tasks_rq.backend.Job`);
# "immediate": run at once, in the caller (tests only).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}.")
if TASKS_BACKEND == "rq" and not REDIS_URL:
    raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.insert(INSTALLED_APPS.index("quartier.core"), "django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}

LOGIN_URL = "/admin/login/"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# One failed login costs ~0.8 s of CPU (PBKDF2): after 5 failures for the same account from
# the same address, that pair is locked for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_CLIENT_IP_CALLABLE = "quartier.core.rate_limit.client_address"
AXES_VERBOSE = False

# Two-factor login: optional for all staff, required for these roles (quartier/accounts/roles.py).
TWO_FACTOR_REQUIRED_ROLES = ["Stadtteilfonds-Team", "Koordination Quartiersmanagement"]
OTP_TOTP_ISSUER = "Quartiersbüro Westerfilde"

# Whole-page cache for anonymous readers (quartier/page_cache.py). 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
# Saving or deleting one of these models makes every cached page stale: the content readers
# see. Everything else (drafts, requests, logins, the outbox) leaves cached pages alone; the
# fund lifecycle calls page_cache.content_changed() itself when a grant changes the budget.
PAGE_CACHE_CONTENT_MODELS = frozenset(
    {
        "offices.Office",
        "offices.OfficeTranslation",
        "offices.SitePage",
        "offices.Announcement",
        "offices.AnnouncementTranslation",
        "offices.ProgrammeItem",
        "offices.EasyReadSection",
        "offices.SignLanguageVideo",
        "initiatives.Group",
        "consultations.ConsultationHours",
        "consultations.Closure",
        "fund_applications.Fund",
        "fund_applications.FundGoal",
        "fund_applications.FundBudget",
        "fund_applications.JurySession",
        # Staff switching sign-up on or changing places; a resident's sign-up bumps nothing
        # (the places on a cached page are at most a minute behind, the form counts anew).
        "events.EventSignupSetup",
        "ideas.Topic",
        "ideas.Idea",
        "ideas.IdeaStatusChange",
        "lending.LendingItem",
    }
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: German first; English, Turkish and Arabic (right to left) complete.
# German has no URL prefix. Staff may translate office texts and announcements into the others.
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("Deutsch")),
    ("en", _("Englisch")),
    ("tr", _("Türkisch")),
    ("ar", _("Arabisch")),
]
LOCALE_PATHS = [BASE_DIR / "quartier" / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# Static files: WhiteNoise with compressed, content-hashed names.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files only staff may read (fund attachments): never below MEDIA_ROOT or STATIC_ROOT.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
# Other accounts on the host must not read applicants' files or mail attachments: folders
# and files below PRIVATE_MEDIA_ROOT are the site user's alone (also after a restore).
PRIVATE_DIRECTORY_PERMISSIONS = 0o700
PRIVATE_FILE_PERMISSIONS = 0o600
# Tests and development read static files straight from static/ (STATIC_MANIFEST=0);
# production serves the collected, hashed and compressed copies.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", True)
# Public uploads on the local disk by default; MEDIA_STORAGE=s3 puts them into S3-compatible
# object storage (django-storages), so several app servers share them. Private files then go
# to a bucket of their own that is never public (a public bucket's policy would reach any
# prefix): fund attachments, the outbox's attachments ("outbox/") and uploads kept across a
# form with errors ("kept-uploads/"). Staff read them only through Django's views.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE not in {"filesystem", "s3"}:
    raise ImproperlyConfigured("MEDIA_STORAGE must be filesystem or s3.")
if MEDIA_STORAGE == "s3":
    S3_BUCKET = os.environ.get("S3_BUCKET", "")
    S3_PRIVATE_BUCKET = os.environ.get("S3_PRIVATE_BUCKET", "")
    if not S3_PRIVATE_BUCKET or S3_PRIVATE_BUCKET == S3_BUCKET:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs S3_PRIVATE_BUCKET, a bucket other than S3_BUCKET that is "
            "never public, for fund attachments and the outbox's attachments."
        )
    S3_CONNECTION = {
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "access_key": os.environ.get("S3_ACCESS_KEY", ""),
        "secret_key": os.environ.get("S3_SECRET_KEY", ""),
        "region_name": os.environ.get("S3_REGION") or None,
    }
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **S3_CONNECTION,
            "bucket_name": S3_BUCKET,
            "custom_domain": os.environ.get("S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    # Pictures and videos then come from the bucket's address: the content security policy
    # must allow exactly that origin (S3_MEDIA_ORIGIN where a CDN sits in front of it).
    MEDIA_ORIGIN = os.environ.get("S3_MEDIA_ORIGIN") or (
        f"https://{DEFAULT_STORAGE['OPTIONS']['custom_domain']}"
        if DEFAULT_STORAGE["OPTIONS"]["custom_domain"]
        else "{0.scheme}://{0.netloc}".format(urlsplit(S3_CONNECTION["endpoint_url"]))
        if S3_CONNECTION["endpoint_url"]
        else f"https://{S3_BUCKET}.s3.amazonaws.com"
    )
    PRIVATE_S3_OPTIONS = {
        **S3_CONNECTION,
        "bucket_name": S3_PRIVATE_BUCKET,
        # Even a URL made by mistake would expire and need the key; the site makes none.
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
    }
    PRIVATE_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": PRIVATE_S3_OPTIONS}
    OUTBOX_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**PRIVATE_S3_OPTIONS, "location": "outbox"},
    }
else:
    MEDIA_ORIGIN = ""
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    PRIVATE_STORAGE = {"BACKEND": "quartier.core.private_files.PrivateFolderStorage"}
    OUTBOX_STORAGE = {
        "BACKEND": "quartier.core.private_files.PrivateFolderStorage",
        "OPTIONS": {"folder": "outbox"},
    }
STORAGES = {
    "default": DEFAULT_STORAGE,
    "private": PRIVATE_STORAGE,
    "outbox": OUTBOX_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG or not STATIC_MANIFEST
# Serve MEDIA_ROOT from Django itself: for `make run` and small single-server setups only.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: every mail goes into the outbox (django-post-office), Django's own ones too; the
# worker delivers them through SMTP when EMAIL_HOST is set, else to the console log.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = "quartier.core.mail.OutboxBackend"
EMAIL_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_DELIVERY_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
POST_OFFICE = {
    "BACKENDS": {"default": EMAIL_DELIVERY_BACKEND},
    "DEFAULT_PRIORITY": "medium",
    # The first retry after 5 minutes; quartier.core.mail spaces later ones out (> 24 hours).
    "MAX_RETRIES": 16,
    "RETRY_INTERVAL": timedelta(minutes=5),
    "MESSAGE_ID_ENABLED": True,
    "BATCH_SIZE": 50,
    # Attachments (calendar files) hold personal data: never below MEDIA_ROOT.
    "FILE_STORAGE": "outbox",
}
# Who reads which part of the outbox in the admin (besides superusers): the fund team the
# applicants' mails, the coordinators everything else.
OUTBOX_TOPIC_PERMISSIONS = {
    "fund": "fund_applications.view_applicant_contact",
    "general": "offices.edit_all_offices",
    "newsletter": "newsletter.send_newsletterissue",
}
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# Only the worker talks to the mail server, so a slow one delays mail, never a page.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Quartiersbüro Westerfilde <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Retention periods in days, applied by `manage.py apply_retention` and stated in the
# Datenschutzerklärung.
RETENTION_DAYS = {
    "accessibility_feedback": int(os.environ.get("RETENTION_ACCESSIBILITY_FEEDBACK_DAYS", "365")),
    "staff_login_records": int(os.environ.get("RETENTION_STAFF_LOGIN_DAYS", "30")),
    # The outbox keeps every mail (with its text) this long, so staff can see what went out.
    "outbox": int(os.environ.get("RETENTION_OUTBOX_DAYS", "90")),
    # Stadtteilfonds: rejected or withdrawn applications a year after the last change;
    # completed projects after the ten years of § 147 AO / the funding rules.
    "fund_unfunded": int(os.environ.get("RETENTION_FUND_UNFUNDED_DAYS", "365")),
    "fund_completed": int(os.environ.get("RETENTION_FUND_COMPLETED_DAYS", "3653")),
    # Initiativen und Gruppen: "Mitmachen" messages (passed on to the group at once); entries
    # hidden or never published, with their contact, after a year without a change.
    "initiatives_join_requests": int(os.environ.get("RETENTION_GROUP_JOIN_DAYS", "90")),
    "initiatives_groups": int(os.environ.get("RETENTION_GROUP_ENTRY_DAYS", "365")),
    # Sign-ups for events (names, addresses, answers) this long after the event.
    "event_signups": int(os.environ.get("RETENTION_EVENT_SIGNUPS_DAYS", "30")),
    # Anregungen und Ideen: the author's address and the supporters' hashed addresses a year
    # after the idea was closed (umgesetzt, nicht möglich); unconfirmed supports after 7 days.
    "ideas_closed": int(os.environ.get("RETENTION_IDEAS_CLOSED_DAYS", "365")),
    "ideas_unconfirmed_supports": int(
        os.environ.get("RETENTION_IDEAS_UNCONFIRMED_SUPPORTS_DAYS", "7")
    ),
    # Verleih: the borrower's request and handover notes, this long after the return (or the
    # date of a declined or cancelled request), unless a damage case is still open.
    "lending": int(os.environ.get("RETENTION_LENDING_DAYS", "90")),
}
# The nightly backup of the schedule (quartier/schedule.py) goes here; empty: no backup job.
BACKUP_DIR = os.environ.get("BACKUP_DIR", "")
# Stadtteilfonds: the Verwendungsnachweis is due this many days after the project ends;
# overdue reports are reminded at most every REMINDER_DAYS (`manage.py remind_fund_reports`).
FUND_REPORT_DUE_DAYS = int(os.environ.get("FUND_REPORT_DUE_DAYS", "42"))
FUND_REPORT_REMINDER_DAYS = int(os.environ.get("FUND_REPORT_REMINDER_DAYS", "14"))
# Where an applicant's answer or Verwendungsnachweis is announced: this address if set, else
# the fund's office address, else every active member of the fund team's group.
FUND_TEAM_EMAIL = os.environ.get("FUND_TEAM_EMAIL", "")
# Who receives reports of barriers from the feedback form (they must answer within a month).
ACCESSIBILITY_FEEDBACK_EMAIL = os.environ.get("ACCESSIBILITY_FEEDBACK_EMAIL", "")

# Security. HTTPS is assumed in production; `make run` on 127.0.0.1 sets HTTPS=0.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# The header only allows submission to the browsers' preload list; the domain owner decides.
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", HTTPS)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Staff sessions end after 8 hours and when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)

# Content-Security-Policy: everything from our own origin, no inline code, no third parties.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *filter(None, [MEDIA_ORIGIN])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF, *filter(None, [MEDIA_ORIGIN])],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {
            # Tracebacks and line breaks escaped onto the event's line (quartier.core.log_format).
            "()": "quartier.core.log_format.OneLineFormatter",
            "format": "time=%(asctime)s level=%(levelname)s logger=%(name)s message=%(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "WARNING"}},
}

# Sign language videos (offices.video): the largest upload staff may make. The web server in
# front must allow it for /admin/ too (docs/deploy.md).
SIGN_LANGUAGE_VIDEO_MAX_MB = int(os.environ.get("SIGN_LANGUAGE_VIDEO_MAX_MB", "200"))

# Where the site is: used in the footer, structured data and demo data.
SITE_NAME = "Quartiersbüro Westerfilde/Bodelschwingh"
SITE_STREET = "Westerfilder Straße 23"
SITE_POSTAL_CODE = "44357"
SITE_CITY = "Dortmund"

# Public forms count per person first (email, phone: quartier.core.submissions) and keep a
# generous ceiling per address and hour (quartier.core.rate_limit), because the office's PC,
# an event's Wi-Fi or a mobile carrier put many residents behind one address.
# Consultation hours: appointment requests are deleted this many days after they arrive
# (the daily retention job); one person may send this many a day, one address an hour.
APPOINTMENT_REQUEST_RETENTION_DAYS = int(os.environ.get("APPOINTMENT_REQUEST_RETENTION_DAYS", "90"))
APPOINTMENT_REQUESTS_PER_PERSON = int(os.environ.get("APPOINTMENT_REQUESTS_PER_PERSON", "3"))
APPOINTMENT_REQUEST_RATE_LIMIT = int(os.environ.get("APPOINTMENT_REQUEST_RATE_LIMIT", "30"))
# Stadtteilfonds: applications started and sent per address and hour.
FUND_START_RATE_LIMIT = int(os.environ.get("FUND_START_RATE_LIMIT", "60"))
FUND_SUBMIT_RATE_LIMIT = int(os.environ.get("FUND_SUBMIT_RATE_LIMIT", "20"))
# "Barriere melden": reports per address and hour.
ACCESSIBILITY_FEEDBACK_RATE_LIMIT = int(os.environ.get("ACCESSIBILITY_FEEDBACK_RATE_LIMIT", "30"))
# Initiativen und Gruppen: proposed entries per contact and day, and per address and hour;
# "Mitmachen" messages per resident and day, per address and hour, and mails one group's
# contact gets a day (beyond that staff pass them on).
GROUP_PROPOSALS_PER_PERSON = int(os.environ.get("GROUP_PROPOSALS_PER_PERSON", "3"))
GROUP_PROPOSAL_RATE_LIMIT = int(os.environ.get("GROUP_PROPOSAL_RATE_LIMIT", "20"))
GROUP_JOIN_REQUESTS_PER_PERSON = int(os.environ.get("GROUP_JOIN_REQUESTS_PER_PERSON", "5"))
GROUP_JOIN_RATE_LIMIT = int(os.environ.get("GROUP_JOIN_RATE_LIMIT", "30"))
GROUP_JOIN_MAILS_PER_DAY = int(os.environ.get("GROUP_JOIN_MAILS_PER_DAY", "20"))
# Where the site is reachable from outside: links in emails sent without a request (retries).
# Online booking: bookings are deleted this many days after the appointment (the daily
# retention job, promised in the Datenschutzerklärung); holds and bookings per address and hour
# (per person the office's booking rules limit open bookings; one browser holds one time).
BOOKING_RETENTION_DAYS = int(os.environ.get("BOOKING_RETENTION_DAYS", "90"))
BOOKING_RATE_LIMIT = int(os.environ.get("BOOKING_RATE_LIMIT", "60"))
BOOKING_HOLD_RATE_LIMIT = int(os.environ.get("BOOKING_HOLD_RATE_LIMIT", "120"))
# Event sign-ups per address and hour (generous: an event's Wi-Fi, the office's PC).
EVENT_SIGNUP_RATE_LIMIT = int(os.environ.get("EVENT_SIGNUP_RATE_LIMIT", "60"))
# Verleih: requests for the room or the bike per address and hour.
LENDING_RATE_LIMIT = int(os.environ.get("LENDING_RATE_LIMIT", "60"))
# The base of every link in every email (`make run` writes it; `check --deploy` insists on it).
SITE_URL_CONFIGURED = bool(os.environ.get("SITE_URL"))
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Neuigkeiten per E-Mail: how many mails one background run puts into the outbox
# (then it hands the rest to the next run), sign-ups per address and hour, and after how many
# days an unconfirmed sign-up is deleted (stated in the Datenschutzerklärung).
# Anregungen und Ideen: the answer the office promises (days after an idea arrived; staff may
# change it per idea), ideas and supports per address and hour, ideas per person and day.
IDEA_ANSWER_DAYS = int(os.environ.get("IDEA_ANSWER_DAYS", "14"))
IDEA_RATE_LIMIT = int(os.environ.get("IDEA_RATE_LIMIT", "20"))
IDEA_SUPPORT_RATE_LIMIT = int(os.environ.get("IDEA_SUPPORT_RATE_LIMIT", "60"))
IDEAS_PER_PERSON_AND_DAY = int(os.environ.get("IDEAS_PER_PERSON_AND_DAY", "5"))
NEWSLETTER_BATCH_SIZE = int(os.environ.get("NEWSLETTER_BATCH_SIZE", "200"))
NEWSLETTER_RATE_LIMIT = int(os.environ.get("NEWSLETTER_RATE_LIMIT", "30"))
NEWSLETTER_UNCONFIRMED_DAYS = int(os.environ.get("NEWSLETTER_UNCONFIRMED_DAYS", "7"))
# Mails one address gets a day because someone typed it into a public form (newsletter
# sign-up, online booking, fund application), from any number of senders together
# (quartier.core.recipient_limit).
RECIPIENT_MAIL_LIMIT = int(os.environ.get("RECIPIENT_MAIL_LIMIT", "6"))
# A confirmed subscriber who signs up again hears so at most once in this many days.
NEWSLETTER_ALREADY_SUBSCRIBED_NOTE_DAYS = int(
    os.environ.get("NEWSLETTER_ALREADY_SUBSCRIBED_NOTE_DAYS", "7")
)
# A suppressed address (bounces, complaints) is kept this long, then may get mail again.
NEWSLETTER_SUPPRESSION_DAYS = int(os.environ.get("NEWSLETTER_SUPPRESSION_DAYS", "730"))
