#!/usr/bin/env bash
# The whole suite against the real PostgreSQL and Redis on this machine (override with the variables
# below), with a real Celery worker started by the tests themselves. Run through `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/spotter}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-$REDIS_URL}"
# A queue and a var/ of this run's own, so a running `make run` or another run is never disturbed.
export SPOTTER_QUEUE="spotter-test-$$"
export SPOTTER_TEST_DATABASE="test_spotter_$$"
export SPOTTER_CACHE_PREFIX="spotter-test-$$"
export SPOTTER_VAR_DIR="$(mktemp -d -t spotter-test-XXXXXX)"
export MEDIA_ROOT="$SPOTTER_VAR_DIR/media"
# The detector converted once for OpenVINO, kept between runs (rebuilt when its source changes).
export SPOTTER_MODEL_CACHE="${SPOTTER_MODEL_CACHE:-$PWD/var/models}"
export SPOTTER_DETECTOR_THREADS="${SPOTTER_DETECTOR_THREADS:-1}"
export SPOTTER_AUTH_THROTTLE="${SPOTTER_AUTH_THROTTLE:-100000/minute}"  # tests register many users
trap 'rm -rf "$SPOTTER_VAR_DIR"' EXIT

.venv/bin/ruff check .
DATABASE_URL=sqlite:///:memory: .venv/bin/python manage.py makemigrations --check --dry-run >/dev/null \
  || { echo "Model changes without a migration: run manage.py makemigrations"; exit 1; }
bash scripts/api-types.sh --check
.venv/bin/python -m pytest "$@"

# The web app: component tests, then the browser end to end against a real server and worker.
# (Skipped when only some pytest paths were asked for: `bash scripts/test.sh -q some/tests`.)
if [ $# -eq 0 ]; then
  (cd frontend && npm run lint --silent && npm test --silent)
  .venv/bin/python scripts/e2e.py
fi
