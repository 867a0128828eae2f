#!/usr/bin/env bash
# The web app's API types, generated from the API's OpenAPI schema: drf-spectacular writes the schema,
# openapi-typescript turns it into frontend/src/types/openapi.ts (formatted by the frontend's Prettier).
#   bash scripts/api-types.sh           regenerate frontend/src/types/openapi.ts
#   bash scripts/api-types.sh --check   only compare: exit 1 when the committed file is out of date
# Needs .venv (make's) and frontend/node_modules (npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."

target=frontend/src/types/openapi.ts
check=false
case "${1:-}" in
  "") ;;
  --check) check=true ;;
  *)
    echo "usage: bash scripts/api-types.sh [--check]" >&2
    exit 2
    ;;
esac

tmp="$(mktemp -d -t spotter-api-types-XXXXXX)"
trap 'rm -rf "$tmp"' EXIT

# The schema comes from the code alone: an in-memory SQLite keeps any real database out of it.
if ! DATABASE_URL=sqlite:///:memory: .venv/bin/python manage.py spectacular --file "$tmp/schema.yaml" \
  >"$tmp/spectacular.log" 2>&1; then
  cat "$tmp/spectacular.log" >&2
  echo "api-types: manage.py spectacular failed" >&2
  exit 1
fi

(
  cd frontend
  npx --no-install openapi-typescript "$tmp/schema.yaml" --output "$tmp/raw.ts" >"$tmp/openapi-typescript.log" 2>&1 \
    || { cat "$tmp/openapi-typescript.log" >&2; echo "api-types: openapi-typescript failed" >&2; exit 1; }
  # Formatted as if it were the committed file, so that `prettier --check .` leaves it alone.
  npx --no-install prettier --stdin-filepath src/types/openapi.ts <"$tmp/raw.ts" >"$tmp/openapi.ts"
)

if $check; then
  if ! cmp -s "$tmp/openapi.ts" "$target"; then
    diff -u "$target" "$tmp/openapi.ts" | head -40 >&2 || true
    echo "$target is out of date: run scripts/api-types.sh" >&2
    exit 1
  fi
  echo "$target is up to date."
else
  cp "$tmp/openapi.ts" "$target"
  echo "Wrote $target."
fi
