# Tangguh — every target works from a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint format bench docs messages clean env

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

env: $(BIN)/.installed

run: env ## migrate SQLite, load regions + demo, serve on 127.0.0.1:$(PORT) with a task worker
	$(BIN)/tangguh migrate --noinput -v0
	$(BIN)/tangguh demo
	$(BIN)/tangguh collectstatic --noinput -v0
	$(BIN)/tangguh demo_logins --port $(PORT)
	@# The background-job worker (imports) runs beside the web server and stops with it.
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

clean:
	rm -rf $(VENV) tangguh.sqlite3* var
