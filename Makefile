# Spotter: `make run` starts the app, `make test` runs every test. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKER_CONCURRENCY ?= 2
export SPOTTER_DETECTOR_THREADS ?= 1

FRONTEND_SOURCES := $(shell find frontend -path frontend/node_modules -prune -o -path frontend/dist -prune -o -type f -print 2>/dev/null)

.PHONY: run test lint format bench bench-runtimes model-onnx stress createsuperuser clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONTEND_SOURCES)
	cd frontend && npm run build

run: $(VENV)/.runtime frontend/dist/index.html
	@$(MAKE) --no-print-directory model-onnx || echo "No ONNX model: the detector runs on OpenCV (about half as fast)."
	$(BIN)/python manage.py migrate --noinput
	@echo ""
	@echo "  Spotter is starting at http://$(HOST):$(PORT)   (Ctrl-C stops the web server and the worker)"
	@echo ""
	HOST=$(HOST) PORT=$(PORT) WORKER_CONCURRENCY=$(WORKER_CONCURRENCY) $(BIN)/honcho start

test: $(VENV)/.dev frontend/dist/index.html
	@$(MAKE) --no-print-directory model-onnx || echo "No ONNX model: the detector runs on OpenCV (about half as fast)."
	bash scripts/test.sh

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

# The detector's model for onnxruntime (used wherever it exists: SPOTTER_DETECTOR_RUNTIME=auto), converted
# once at install time from the wheel's sha256-checked frozen graph by tf2onnx, in a venv of its own
# (TensorFlow: ~600 MB, 1.5 minutes here). `make run` and `make test` build it; if that fails they go on,
# on OpenCV. Nothing is downloaded at run time.
ONNX_MODEL := $(VENV)/models/ssd_mobilenet_v2_coco.onnx
ONNX_CONVERTER := var/onnx-converter
$(ONNX_CONVERTER)/.done:
	$(PYTHON) -m venv $(ONNX_CONVERTER)
	$(ONNX_CONVERTER)/bin/pip install --quiet tensorflow-cpu==2.21.0 tf2onnx==1.17.0
	touch $@

$(ONNX_MODEL): | $(VENV)/.runtime $(ONNX_CONVERTER)/.done
	mkdir -p $(dir $@)
	$(ONNX_CONVERTER)/bin/python -m tf2onnx.convert --opset 13 --output $@ \
	  --graphdef "$$($(BIN)/python -c 'from image_processing.detection.detector import model_files; print(model_files()[0])')" \
	  --inputs image_tensor:0 --outputs detection_boxes:0,detection_scores:0,detection_classes:0,num_detections:0

model-onnx: $(ONNX_MODEL)

# The same model on other runtimes (OpenCV 5.x; onnxruntime with BENCH_ONNX=1, which converts the model
# as above): speed and exactness against OpenCV 4.x. Prints a table.
BENCH_VENVS := var/bench-venvs
$(BENCH_VENVS)/opencv5/.done:
	$(PYTHON) -m venv $(BENCH_VENVS)/opencv5
	$(BENCH_VENVS)/opencv5/bin/pip install --quiet opencv-python-headless==5.0.0.93 numpy==2.4.6
	touch $@

bench-runtimes: $(VENV)/.dev $(BENCH_VENVS)/opencv5/.done $(if $(BENCH_ONNX),$(ONNX_MODEL))
	$(BIN)/python scripts/bench_runtimes.py --python opencv=$(BENCH_VENVS)/opencv5/bin/python \
	  $(if $(BENCH_ONNX),--python onnxruntime=$(BIN)/python --onnx-model $(ONNX_MODEL))

createsuperuser: $(VENV)/.runtime
	$(BIN)/python manage.py createsuperuser

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist
