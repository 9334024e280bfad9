# Deux commandes pour commencer : `make lab` puis `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed
# torch est épinglé (version CPU) par constraints.txt, jamais dans le paquet.
PIPFLAGS := -c constraints.txt
# Les noyaux « portables » de torch : ses noyaux vectorisés fusionnent les
# multiplications-additions, ce qui fait diverger d'un ulp les comparaisons numpy/torch.
export ATEN_CPU_CAPABILITY := default
export MPLBACKEND := Agg

.PHONY: install lab test unit notebooks e2e bench slides slides-pdf chromium node clean lite lite-test

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install $(PIPFLAGS) -e '.[torch,test]'
	touch $(STAMP)

install: $(STAMP)

lab: install
	env -u MPLBACKEND $(VENV)/bin/jupyter lab --ServerApp.root_dir=notebooks

## La suite complète hors navigateur : tests unitaires puis carnets exécutés par nbval.
test: unit notebooks

unit: install
	$(PY) -m pytest tests

notebooks: install
	$(PY) -m pytest --nbval-lax -p no:cacheprovider notebooks/

## Tests dans un vrai navigateur (chromium de Debian + Playwright).
e2e: install chromium node
	$(PY) -m pytest -m e2e tests/e2e

## Diapositives hors ligne (reveal.js) dans build/slides/, puis leurs PDF (chromium).
slides: install node
	$(PY) scripts/build_slides.py

slides-pdf: install node chromium
	$(PY) scripts/build_slides.py --pdf

## Le cours dans le navigateur (JupyterLite) : build/lite/, à servir tel quel.
## Pyodide vient de son CDN ; `make lite PYODIDE=local` le met dans le site (sans réseau).
PYODIDE ?= cdn
LITE_STAMP := $(VENV)/.lite-installed

$(LITE_STAMP): $(STAMP)
	$(PIP) install -q $(PIPFLAGS) -e '.[torch,test,lite]'
	touch $(LITE_STAMP)

lite: $(LITE_STAMP) node
	$(PY) scripts/build_lite.py --pyodide $(PYODIDE)

## Le site avec Pyodide local, testé dans chromium sans réseau (unshare -n : boucle locale seule).
lite-test: $(LITE_STAMP) node chromium
	$(PY) scripts/build_lite.py --pyodide local
	unshare -n $(PY) -m pytest -m lite tests/lite

node:
	@command -v npm >/dev/null 2>&1 || { \
	  echo "npm absent : installation par apt (Debian)"; \
	  apt-get update -qq && apt-get install -y -qq nodejs npm; }

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "chromium absent : installation par apt (Debian)"; \
	  apt-get update -qq && apt-get install -y -qq chromium poppler-utils; }

## Mesures de vitesse (chiffres et rapports mesurés dans la même exécution).
bench: install chromium
	$(PY) benchmarks/bench_core.py
	$(PY) benchmarks/bench_explorer.py
	env -u MPLBACKEND $(PY) benchmarks/bench_browser.py
	env -u MPLBACKEND $(PY) benchmarks/trace_browser.py

clean:
	rm -rf build test-artifacts
