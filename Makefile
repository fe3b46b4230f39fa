# Tangguh — every target works from a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: run dev test lint format bench docs messages clean env lock

# Exact, hashed versions from requirements.lock (what CI tested); the package itself
# is installed on top without resolving anything again. `make lock` refreshes the lock.
$(BIN)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

env: $(BIN)/.installed

# `make run` serves as users meet it (DEBUG off: Tangguh's 404/403/500 pages); `make dev`
# is the same with DEBUG on (Django's debug pages: for development only).
run: DEBUG_FLAG := 0
dev: DEBUG_FLAG := 1
run dev: env ## migrate SQLite, load regions + demo, serve on 127.0.0.1:$(PORT) with a task worker
	$(BIN)/tangguh migrate --noinput -v0
	$(BIN)/tangguh demo
	$(BIN)/tangguh collectstatic --noinput -v0
	$(BIN)/tangguh demo_logins --port $(PORT)
	@# The background-job worker (imports) runs beside the web server and stops with it.
	export DEBUG=$(DEBUG_FLAG); \
	  $(BIN)/tangguh db_worker --interval 0.5 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/tangguh runserver 127.0.0.1:$(PORT)

test: env ## the whole suite (SQLite unless DATABASE_URL says otherwise)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: env
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: env
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: env ## benchmarks print figures; see docs/performance.md
	$(BIN)/python -m bench.run

messages: env ## extract and compile translations (needs gettext)
	cd src/tangguh && ../../$(BIN)/django-admin makemessages -l id -l en --no-obsolete --settings=tangguh.config.settings.dev
	cd src/tangguh && ../../$(BIN)/django-admin compilemessages --settings=tangguh.config.settings.dev

lock: ## re-resolve every dependency to its newest allowed version (read docs/operations.md first)
	test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
	  --python-version 3.11 --upgrade --quiet -o requirements.lock

clean:
	rm -rf $(VENV) tangguh.sqlite3* var
