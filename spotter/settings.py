"""Spotter settings, read from the environment.

With no configuration at all Spotter runs on one machine: SQLite, Celery's filesystem broker and
photos under `var/`. DATABASE_URL, REDIS_URL (or CELERY_BROKER_URL) switch to PostgreSQL and Redis.
"""

import secrets
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

VAR_DIR = Path(env("SPOTTER_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept under var/."""
    if env("SECRET_KEY", default=""):
        return env("SECRET_KEY")
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files served from here, not from a CDN
    "accounts",
    "image_processing",
    "long_running_tasks",
    "spotter",  # project-wide management commands (import_photos)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.api.middleware.ApiErrorMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "spotter.urls"
WSGI_APPLICATION = "spotter.wsgi.application"
ASGI_APPLICATION = "spotter.asgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'spotter.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process and the worker write at once: wait for the lock instead of failing. A transaction takes
    # the write lock when it begins (IMMEDIATE): one that reads and then writes would otherwise fail at once
    # with "database is locked" whenever another process wrote in between, whatever the timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    # SQLite has no INCLUDE columns: the search's covering indexes are plain indexes there, and work as such.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A search aggregates tens of thousands of index entries within tens of milliseconds: on a machine of a few
    # cores, parallel workers for it cost more than they save (docs/benchmarks.md).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    if parallel_workers := env("SPOTTER_DB_PARALLEL_WORKERS", default="0"):  # empty: the server's own setting
        given = options.get("options", "")  # DATABASE_URL's ?options=, kept
        options["options"] = f"{given} -c max_parallel_workers_per_gather={int(parallel_workers)}".strip()
    if env.bool("SPOTTER_DB_POOL", default=False):
        # Set by spotter/asgi.py for the web process: a request borrows a connection instead of opening one.
        # It checks a connection before lending it (CONN_HEALTH_CHECKS), and gives up after 5 s (503) when the
        # database is gone.
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": 1,
            "max_size": env.int("SPOTTER_DB_POOL_SIZE", default=10),
            "timeout": 5,
        }
# scripts/test.sh names a test database per run, so that test runs side by side do not collide.
if env("SPOTTER_TEST_DATABASE", default=""):
    DATABASES["default"]["TEST"] = {"NAME": env("SPOTTER_TEST_DATABASE")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Throttling counters must be shared by every web process: Redis when there is one.
if env("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": env("SPOTTER_CACHE_PREFIX", default="spotter"),
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.DifferentSymbolsValidator"},  # eight of one emoji is not a password
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_TZ = True

# The built React app (frontend/dist) is served at / by whitenoise; see spotter/frontend.py.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True  # serve app static files (Swagger UI) without collectstatic
FRONTEND_DIST = BASE_DIR / "frontend" / "dist"
WHITENOISE_ROOT = FRONTEND_DIST if FRONTEND_DIST.exists() else None

MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Photos on S3 or any S3-compatible store (MinIO, Ceph, moto...) instead of MEDIA_ROOT: set the bucket.
# Credentials come the usual boto3 way (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, an IAM role).
SPOTTER_S3_BUCKET = env("SPOTTER_S3_BUCKET", default="")
if SPOTTER_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": SPOTTER_S3_BUCKET,
            "endpoint_url": env("SPOTTER_S3_ENDPOINT_URL", default=None),  # unset: AWS
            "region_name": env("SPOTTER_S3_REGION", default=None),
            "location": env("SPOTTER_S3_PREFIX", default=""),  # a folder inside the bucket
            "addressing_style": env("SPOTTER_S3_ADDRESSING_STYLE", default=None),  # "path" for most non-AWS
            "file_overwrite": False,
            "default_acl": None,  # private: photos are only ever served through the API
        },
    }
# Uploads larger than this spool to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("SPOTTER_MAX_FILES_PER_UPLOAD", default=100)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Production behind HTTPS (a TLS-terminating proxy that sets X-Forwarded-Proto): SPOTTER_HTTPS=true
# makes the cookies secure, redirects plain HTTP (except the health probe) and sends HSTS.
SPOTTER_HTTPS = env.bool("SPOTTER_HTTPS", default=False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SPOTTER_HTTPS
SECURE_SSL_REDIRECT = SPOTTER_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^api/health$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if SPOTTER_HTTPS else 0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SPOTTER_HTTPS else None

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler.handle_api_exception",
    "DEFAULT_THROTTLE_RATES": {
        "auth": env("SPOTTER_AUTH_THROTTLE", default="30/minute"),
        # Albums shared by link, opened without an account: per client, and per link whoever asks.
        "shared": env("SPOTTER_SHARED_THROTTLE", default="1200/minute"),
        "shared_link": env("SPOTTER_SHARED_LINK_THROTTLE", default="3000/minute"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Throttling counts by REMOTE_ADDR; a client-sent X-Forwarded-For is only believed for this many
    # proxies in front of Spotter (0: never, so it cannot be used to dodge the login throttle).
    "NUM_PROXIES": env.int("SPOTTER_NUM_PROXIES", default=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Spotter API",
    "DESCRIPTION": "Store photos, detect objects in them with background tasks, search by what is in them.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # A member's role and what anyone may be in an album (its owner too) would both be named after "role".
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "image_processing.models.AlbumMember.Role",
        "AlbumRoleEnum": ["owner", "viewer", "contributor"],
    },
    "PREPROCESSING_HOOKS": ["core.api.schema.drop_slash_twins"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.add_error_responses",
    ],
}

# --- Spotter's own limits and tuning (each explained in docs/configuration.md) ---
SPOTTER_MAX_UPLOAD_BYTES = env.int("SPOTTER_MAX_UPLOAD_BYTES", default=25 * 1024 * 1024)
SPOTTER_MAX_PIXELS = env.int("SPOTTER_MAX_PIXELS", default=60_000_000)
SPOTTER_MAX_PIXELS_WEBP = env.int("SPOTTER_MAX_PIXELS_WEBP", default=30_000_000)  # decoded whole, at 16 bytes a pixel
SPOTTER_THUMBNAIL_SIZE = 512
SPOTTER_TRASH_DAYS = env.float("SPOTTER_TRASH_DAYS", default=30)
SPOTTER_CHUNK_SIZE = env.int("SPOTTER_CHUNK_SIZE", default=16)
SPOTTER_CHUNK_STALE_SECONDS = env.float("SPOTTER_CHUNK_STALE_SECONDS", default=60)
SPOTTER_CHUNK_MAX_ATTEMPTS = env.int("SPOTTER_CHUNK_MAX_ATTEMPTS", default=3)
SPOTTER_CHUNK_REPUBLISH_SECONDS = env.float("SPOTTER_CHUNK_REPUBLISH_SECONDS", default=300)
SPOTTER_SWEEP_INTERVAL_SECONDS = env.float("SPOTTER_SWEEP_INTERVAL_SECONDS", default=15)
SPOTTER_DETECTOR_THREADS = env.int("SPOTTER_DETECTOR_THREADS", default=1)
SPOTTER_DETECTOR_RUNTIME = env("SPOTTER_DETECTOR_RUNTIME", default="auto")  # auto, openvino or opencv
SPOTTER_DETECTOR_PRECISION = env("SPOTTER_DETECTOR_PRECISION", default="exact")  # a task's default: exact or reduced
SPOTTER_MODEL_CACHE = env("SPOTTER_MODEL_CACHE", default=str(VAR_DIR / "models"))
SPOTTER_MODELS_IN_MEMORY = env.int(
    "SPOTTER_MODELS_IN_MEMORY", default=2
)  # per worker process, least recently used goes
SPOTTER_MAX_MODEL_BYTES = env.int("SPOTTER_MAX_MODEL_BYTES", default=512 * 1024 * 1024)
# Reading an added model (OpenVINO converts it) runs in a child process given this long; then it is refused.
SPOTTER_MODEL_CHECK_SECONDS = env.float("SPOTTER_MODEL_CHECK_SECONDS", default=120)

# --- Celery ---
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=env("REDIS_URL", default="filesystem://"))
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT = "long_running_tasks.filesystem_broker:Transport"  # messages written whole
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
        "polling_interval": 0.1,  # how often a worker looks for new messages (kombu's default: 1 s)
    }
else:
    # Messages not acknowledged within this time are handed to another worker.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env("SPOTTER_QUEUE", default="spotter")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A new pool process reports for work once it has loaded its model, which takes seconds on a busy machine:
# Celery's default (4 s) would kill every replacement for a process that died before it could report.
CELERY_WORKER_PROC_ALIVE_TIMEOUT = 300
# Celery would close the database connection around every message; long_running_tasks/worker.py keeps it.
CELERY_DB_REUSE_MAX = 1_000_000
CELERY_TASK_TIME_LIMIT = env.int("SPOTTER_CHUNK_TIME_LIMIT", default=1800)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
# Fail fast when the broker is down instead of hanging the request.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_BEAT_SCHEDULE = {
    "recover-stale-chunks": {
        "task": "long_running_tasks.worker.recover_stale_chunks",
        "schedule": SPOTTER_SWEEP_INTERVAL_SECONDS,
    },
    "empty-trash": {"task": "image_processing.tasks.empty_expired_trash", "schedule": 3600},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["without_share_tokens"]}},
    "filters": {
        "not_a_health_check": {
            "()": "django.utils.log.CallbackFilter",
            "callback": "ext://spotter.log_filters.not_a_health_check",
        },
        "without_share_tokens": {
            "()": "django.utils.log.CallbackFilter",
            "callback": "ext://spotter.log_filters.without_share_tokens",
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.server": {"level": "WARNING"}, "django.request": {"filters": ["not_a_health_check"]}},
}
