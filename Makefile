# Deux commandes pour commencer : `make lab` puis `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed
# Les versions exactes testées par la CI (Python 3.11, Linux), régénérées par `make lock`.
LOCK   := requirements.lock
# torch est épinglé (version CPU) par constraints.txt, jamais dans le paquet ; toute
# installation passe par le verrou (une dépendance qui n'y est pas encore s'installe quand même,
# et tests/test_lock.py demande alors `make lock`). Avec un autre Python que celui du verrou
# (3.10, 3.12…), certaines versions fixées n'existent pas : on installe alors sans le verrou.
LOCK_PYTHON = $(shell sed -n 's/.*pip-compile with Python \([0-9.]*\).*/\1/p' $(LOCK))
VENV_PYTHON = $(shell $(if $(wildcard $(PY)),$(PY),python3) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
USE_LOCK = $(filter $(LOCK_PYTHON),$(VENV_PYTHON))
PIPFLAGS = -c constraints.txt $(if $(USE_LOCK),-c $(LOCK))
# Les extras installés par `make install` (tests/test_lock.py lit cette ligne).
EXTRAS := torch,test
# Options de plus pour JupyterLab, p. ex. `make lab LAB_ARGS="--no-browser --port=8890"`.
LAB_ARGS ?=
# JupyterLab refuse de démarrer en root sans --allow-root (conteneur, machine de CI).
ROOT_FLAG = $(if $(filter 0,$(shell id -u)),--allow-root)
# Options de plus pour pip-compile, p. ex. `make lock LOCKFLAGS=--upgrade`.
LOCKFLAGS ?=
# Les noyaux « portables » de torch : ses noyaux vectorisés fusionnent les
# multiplications-additions, ce qui fait diverger d'un ulp les comparaisons numpy/torch.
export ATEN_CPU_CAPABILITY := default
export MPLBACKEND := Agg

.PHONY: install lock lab lint test unit notebooks student e2e lite lite-test bench slides slides-pdf pages chromium node clean

$(STAMP): pyproject.toml constraints.txt $(LOCK)
	test -x $(PY) || python3 -m venv $(VENV)
	$(if $(USE_LOCK),,@echo "Python $(VENV_PYTHON) : $(LOCK) est fait pour Python $(LOCK_PYTHON) ; installation dans les fourchettes de pyproject.toml, sans le verrou.")
	$(PIP) install -q $(PIPFLAGS) --upgrade pip
	$(PIP) install $(PIPFLAGS) -e '.[$(EXTRAS)]'
	touch $(STAMP)

install: $(STAMP)

## Régénère requirements.lock depuis pyproject.toml (toutes les extras) et constraints.txt.
## Garde les versions déjà fixées et n'ajoute que ce qui manque ; `LOCKFLAGS=--upgrade` les
## remonte toutes. À lancer sur une machine comme celle de la CI (Python 3.11, Linux, la roue
## CPU de torch 2.13.0 à portée de pip), puis `make install test`. La roue locale s'appelle
## torch 2.13.0+cpu : le verrou écrit torch==2.13.0, qui la choisit ici et reste installable
## ailleurs (macOS, Windows : roues CPU de PyPI).
lock:
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q $(if $(wildcard $(LOCK)),-c $(LOCK)) pip-tools
	CUSTOM_COMPILE_COMMAND='make lock' $(VENV)/bin/pip-compile --quiet --all-extras \
	  --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	  --no-emit-trusted-host -c constraints.txt -o $(LOCK) $(LOCKFLAGS) pyproject.toml
	sed -i -E 's/^(torch==[0-9.]+)\+cpu$$/\1/' $(LOCK)

lab: install
	$(if $(ROOT_FLAG),@echo "make lab : vous êtes root (conteneur, CI) : JupyterLab est lancé avec --allow-root.")
	env -u MPLBACKEND $(VENV)/bin/jupyter lab --ServerApp.root_dir=notebooks $(ROOT_FLAG) $(LAB_ARGS)

## Style et pièges courants (ruff, réglé dans pyproject.toml) sur tout le dépôt.
lint: install
	$(VENV)/bin/ruff check .

## La suite complète hors navigateur : tests unitaires puis carnets exécutés par nbval.
test: unit notebooks

# node : le miroir JavaScript du cœur numérique est comparé à numpy dans node
# -n 2 --dist loadfile : deux fichiers de tests (ou deux carnets) à la fois, un par cœur ;
# un fichier reste entier dans un processus (ses fixtures de module ne tournent qu'une fois).
# --durations=10 : les dix tests les plus longs, à la fin (où passe le temps de la CI)
unit: install node
	$(PY) -m pytest -n 2 --dist loadfile --durations=10 tests

notebooks: install
	$(PY) -m pytest -n 2 --dist loadfile --nbval-lax -p no:cacheprovider notebooks/

## La version étudiante dans build/student/ : les carnets sans les solutions des exercices
## (cellules marquées `solution`) ni les réponses repliées (<details>), sans sorties.
## `make unit` la construit aussi, l'exécute et vérifie que chaque exercice est « à compléter ».
student: install
	$(VENV)/bin/jupyter nbconvert --config scripts/nbconvert_student.py

## Tests dans un vrai navigateur (chromium de Debian + Playwright), deux fichiers à la fois :
## chacun a son serveur JupyterLab et son chromium ; les diapositives (construites une fois pour
## leur fichier) d'un côté, JupyterLab de l'autre (5 min 37 s au lieu de 8 min 10 s, mesuré le
## 30 novembre sur la machine de 2 cœurs, même charge).
e2e: install chromium node
	$(PY) -m pytest -m e2e -n 2 --dist loadfile --durations=10 tests/e2e

## Le cours dans le navigateur (JupyterLite) : build/lite/, à servir tel quel (README, partie
## enseignants). Pyodide vient de son CDN ; `make lite PYODIDE=local` le met dans le site, qui
## marche alors sans réseau. Rien n'est refait si rien n'a changé ; les téléchargements sont
## gardés dans ~/.cache/course_utils-lite (ou $LITE_CACHE).
PYODIDE ?= cdn
LITE_STAMP := $(VENV)/.lite-installed

$(LITE_STAMP): $(STAMP)
	$(PIP) install -q $(PIPFLAGS) -e '.[$(EXTRAS),lite]'
	touch $@

lite: $(LITE_STAMP) node
	$(PY) scripts/build_lite.py --pyodide $(PYODIDE)

## Le site avec Pyodide local, testé dans chromium sans réseau (unshare -n : la boucle locale
## seule) : chaque chapitre exécuté, LITE_JOBS chapitres à la fois (pytest-xdist).
LITE_JOBS ?= 2
lite-test: $(LITE_STAMP) node chromium
	$(PY) scripts/build_lite.py --pyodide local
	unshare -n $(PY) -m pytest -m lite -n $(LITE_JOBS) --dist worksteal tests/lite

## Diapositives hors ligne (reveal.js) dans build/slides/, puis leurs PDF (chromium).
# nbconvert fait chaque présentation (slides/nbconvert_config.py), deux carnets à la fois ;
# make enchaîne le reste : dépendances JavaScript (npm ci), leur copie dans assets/, PDF,
# index.html. D'autres carnets : `make slides SLIDES_NOTEBOOKS=dossier SLIDES_DIR=sortie`.
SLIDES_DIR       ?= build/slides
PAGES_DIR        ?= build/pages
SLIDES_NOTEBOOKS ?= notebooks
SLIDES_DECKS := $(patsubst $(SLIDES_NOTEBOOKS)/%.ipynb,$(SLIDES_DIR)/%.slides.html,\
                  $(wildcard $(SLIDES_NOTEBOOKS)/*.ipynb))
SLIDES_PDFS  := $(patsubst $(SLIDES_DIR)/%.slides.html,$(SLIDES_DIR)/pdf/%.pdf,$(SLIDES_DECKS))
SLIDES_INDEX  = $(PY) -m tools.slides index $(SLIDES_DIR) --notebooks $(SLIDES_NOTEBOOKS)
SLIDES_DEPS  := slides/nbconvert_config.py tools/slides.py $(wildcard course_utils/*.py course_utils/*/*.py) \
                $(wildcard slides/templates/offline/* slides/templates/offline/static/*) \
                slides/templates/course_widgets.j2 $(wildcard course_utils/static/*.js)
# Ce que les présentations chargent, copié de slides/node_modules dans $(SLIDES_DIR)/assets/ :
# reveal.js, require.js, jQuery, MathJax ; pour les explorateurs vivants, le gestionnaire de
# widgets (html-manager, et les polices de ses icônes) et le front-end d'anywidget.
SLIDES_ASSETS := reveal.js/LICENSE reveal.js/dist/reveal.js reveal.js/dist/reveal.css \
  reveal.js/dist/theme/white.css reveal.js/dist/theme/fonts/source-sans-pro \
  reveal.js/plugin/notes/notes.js requirejs/require.js jquery/LICENSE.txt \
  jquery/dist/jquery.min.js mathjax/LICENSE mathjax/MathJax.js \
  mathjax/config/TeX-AMS_CHTML-full.js mathjax/extensions mathjax/jax/input/TeX \
  mathjax/jax/element mathjax/jax/output/CommonHTML mathjax/jax/output/PreviewHTML \
  mathjax/fonts/HTML-CSS/TeX/woff mathjax/fonts/HTML-CSS/TeX/otf \
  mathjax/localization/fr mathjax/localization/en \
  @jupyter-widgets/html-manager/package.json @jupyter-widgets/html-manager/dist/embed-amd.js \
  '@jupyter-widgets/html-manager/dist/'*.woff2 anywidget/LICENSE anywidget/dist/index.js
NPM_CI := slides/node_modules/.npm-ci

slides: install $(NPM_CI)
	$(MAKE) --no-print-directory -j2 --output-sync=target $(SLIDES_DECKS) $(SLIDES_DIR)/assets
	$(SLIDES_INDEX)

slides-pdf: install $(NPM_CI) chromium
	$(MAKE) --no-print-directory -j2 --output-sync=target $(SLIDES_DECKS) $(SLIDES_DIR)/assets $(SLIDES_PDFS)
	$(SLIDES_INDEX)

# versions épinglées par slides/package-lock.json
$(NPM_CI): slides/package-lock.json | node
	cd slides && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(SLIDES_DIR)/assets $(PAGES_DIR)/assets: $(NPM_CI)
	rm -rf $@ && mkdir -p $@
	cd slides/node_modules && cp -r --parents $(SLIDES_ASSETS) $(abspath $@)
	cp slides/package.json $@/

$(SLIDES_DIR)/%.slides.html: $(SLIDES_NOTEBOOKS)/%.ipynb $(SLIDES_DEPS)
	$(VENV)/bin/jupyter nbconvert --config slides/nbconvert_config.py --output-dir $(SLIDES_DIR) $<

$(SLIDES_DIR)/pdf/%.pdf: $(SLIDES_DIR)/%.slides.html | $(SLIDES_DIR)/assets
	$(PY) -m tools.slides pdf $< $@

## Pages HTML hors ligne dans build/pages/ : chaque carnet exécuté (comme pour les diapositives),
## ses explorateurs vivants sans noyau ; s'ouvrent depuis le disque, sans réseau
## (slides/pages_config.py, gabarit slides/templates/offline_page).
PAGES      := $(patsubst $(SLIDES_NOTEBOOKS)/%.ipynb,$(PAGES_DIR)/%.html,\
                $(wildcard $(SLIDES_NOTEBOOKS)/*.ipynb))
PAGES_DEPS := slides/pages_config.py $(SLIDES_DEPS) \
              $(wildcard slides/templates/offline_page/* slides/templates/offline_page/static/*)

pages: install $(NPM_CI)
	$(MAKE) --no-print-directory -j2 --output-sync=target $(PAGES) $(PAGES_DIR)/assets

$(PAGES_DIR)/%.html: $(SLIDES_NOTEBOOKS)/%.ipynb $(PAGES_DEPS)
	$(VENV)/bin/jupyter nbconvert --config slides/pages_config.py --output-dir $(PAGES_DIR) $<

node:
	@command -v npm >/dev/null 2>&1 || { \
	  echo "npm absent : installation par apt (Debian)"; \
	  apt-get update -qq && apt-get install -y -qq nodejs npm; }

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "chromium absent : installation par apt (Debian)"; \
	  apt-get update -qq && apt-get install -y -qq chromium poppler-utils; }

## Mesures de vitesse (chiffres et rapports mesurés dans la même exécution).
bench: install chromium $(LITE_STAMP) node slides
	$(PY) -m benchmarks.bench_core
	$(PY) -m benchmarks.bench_explorer
	$(PY) -m benchmarks.bench_convergence_map
	$(PY) -m benchmarks.bench_minibatch
	env -u MPLBACKEND $(PY) -m benchmarks.bench_browser
	env -u MPLBACKEND $(PY) -m benchmarks.trace_browser
	env -u MPLBACKEND $(PY) -m benchmarks.bench_web_figure
	env -u MPLBACKEND $(PY) -m benchmarks.bench_slides
	env -u MPLBACKEND $(PY) -m benchmarks.bench_slides --jupyterlab
	env -u MPLBACKEND $(PY) -m benchmarks.bench_lite

clean:
	rm -rf build test-artifacts
