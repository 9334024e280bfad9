"""Fixtures des tests du site JupyterLite (build/lite, construit avec Pyodide dans le site).

Lancement : `make lite-test`, qui construit le site (`scripts/build_lite.py --pyodide local`, rien
n'est refait s'il est à jour) puis lance `unshare -n python -m pytest -m lite -n 2 tests/lite` :
un espace de noms réseau sans autre interface que la boucle locale, deux chapitres à la fois
(pytest-xdist : chaque processus a son serveur et son chromium). Le serveur du site et
chromium y tournent ; rien ne peut sortir de la machine (le routage des requêtes de
Playwright, lui, ne voit pas toutes les requêtes des web workers : c'est là que vit le noyau
Pyodide). Sans cet isolement, les tests du navigateur échouent tout de suite.

Les outils (serveur, isolement, chapitre ouvert, widgets vivants) sont dans `tools.lite` ;
chromium est celui de `tools.browser` (variable ``CHROMIUM``, ``/usr/bin/chromium`` par défaut).

Artefacts : test-artifacts/lite/ (captures, journal du serveur).
"""

from __future__ import annotations

import re

import pytest

from tools.browser import playwright_launch_args
from tools.lite import (
    ARTIFACTS_DIR,
    SITE_DIR,
    VIEWPORT,
    loopback_up,
    network_isolated,
    serve,
)


@pytest.fixture(scope="session")
def site():
    """Le site construit avec Pyodide dans le site (`make lite PYODIDE=local`)."""
    if not (SITE_DIR / "static" / "pyodide" / "pyodide-lock.json").exists():
        pytest.fail(f"{SITE_DIR} n'est pas un site avec Pyodide local : `make lite PYODIDE=local`"
                    " (ou `make lite-test`, qui le construit)")  # fmt: skip
    return SITE_DIR


@pytest.fixture(scope="session")
def offline():
    """Vérifie qu'on est sans réseau (seule interface : la boucle locale) et l'allume."""
    if not network_isolated():
        pytest.fail("les tests du site dans le navigateur tournent sans réseau : lancez-les par "
                    "`make lite-test` (unshare -n)")  # fmt: skip
    loopback_up()


@pytest.fixture(scope="session")
def lite_server(site, offline, request):
    # un serveur par processus de pytest-xdist (« gw0 »…), chacun son journal
    worker = getattr(request.config, "workerinput", {}).get("workerid", "master")
    server = serve(site, log_name=f"http-server-{worker}.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return playwright_launch_args(browser_type_launch_args, force_headless=True)


@pytest.fixture(scope="session")
def lite_context(browser):
    """Le profil de navigateur d'un processus de test : le premier chapitre ouvert l'est comme
    par un élève qui découvre le site ; les suivants profitent du cache du navigateur (Pyodide
    et ses paquets déjà téléchargés et compilés), comme pour un élève qui revient."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1, locale="fr-FR")
    context.set_default_timeout(60_000)
    context.set_default_navigation_timeout(240_000)
    yield context
    context.close()


@pytest.fixture
def lite_page(lite_context, request):
    """Une page neuve dans `lite_context` ; capture test-artifacts/lite/echec-<test>.png si le
    test échoue."""
    page = lite_context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "-", request.node.name)
        try:
            page.screenshot(path=str(ARTIFACTS_DIR / f"echec-{name}.png"))
        except Exception:  # noqa: BLE001 - la page elle-même peut être en cause
            pass
    page.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
