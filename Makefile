# Two commands: `make demo` and `make test`. Both set up .venv from the lock file first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint lock clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/kinhnghiem demo --data demo-data

test: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
	$(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# Re-pin every dependency after editing pyproject.toml.
lock:
	rm -rf /tmp/kinhnghiem-lock && $(PYTHON) -m venv /tmp/kinhnghiem-lock
	/tmp/kinhnghiem-lock/bin/pip install --quiet --upgrade pip
	/tmp/kinhnghiem-lock/bin/pip install --quiet -e '.[test]'
	/tmp/kinhnghiem-lock/bin/pip freeze --exclude-editable | grep -v '^kinhnghiem' > requirements.lock

clean:
	rm -rf $(VENV) demo-data
