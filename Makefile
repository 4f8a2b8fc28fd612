# The two commands of the README.  Each creates the virtual environment it needs.
#   make run   - the app on the built-in sample data (http://localhost:8501)
#   make test  - the whole test suite (unit, property, AppTest, browser, LibreOffice)
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python

.PHONY: run test lint bench venv clean

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: venv
	$(PY) -m streamlit run serve.py

test: venv
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: venv
	$(PY) -m ruff check .

bench: venv
	$(PY) bench/bench_readers.py
	$(PY) bench/bench_app.py
	$(PY) bench/bench_montecarlo.py
	$(PY) bench/bench_exports.py --large
	$(PY) bench/bench_isolation.py

clean:
	rm -rf $(VENV) artifacts .pytest_cache .ruff_cache
