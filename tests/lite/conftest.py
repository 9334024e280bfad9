"""Fixtures des tests du site JupyterLite (build/lite, construit avec Pyodide dans le site).

Lancement : `make lite-test`, qui construit le site (`scripts/build_lite.py --pyodide local`) puis
lance `unshare -n python -m pytest -m lite tests/lite` : un espace de noms réseau sans autre
interface que la boucle locale. Le serveur du site et chromium y tournent tous deux ; rien ne
peut sortir de la machine (le routage des requêtes de Playwright, lui, ne voit pas toutes les
requêtes des web workers : c'est là que vit le noyau Pyodide). Sans cet isolement, les tests
du navigateur échouent tout de suite.

Artefacts : test-artifacts/lite/ (une capture par chapitre, journal du serveur).
"""

from __future__ import annotations

import re

import pytest
from e2e.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT

from .site import ARTIFACTS_DIR, SITE_DIR, loopback_up, network_isolated, serve


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
def lite_server(site, offline):
    server = serve(site)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "headless": True, "executable_path": CHROMIUM,
            "args": CHROMIUM_ARGS, "timeout": 60_000}  # fmt: skip


@pytest.fixture
def lite_page(browser, request):
    """Une page dans un contexte neuf (un élève qui ouvre le site pour la première fois) ;
    capture test-artifacts/lite/echec-<test>.png si le test échoue."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    context.set_default_timeout(60_000)
    context.set_default_navigation_timeout(240_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "-", request.node.name)
        try:
            page.screenshot(path=str(ARTIFACTS_DIR / f"echec-{name}.png"))
        except Exception:  # noqa: BLE001 - la page elle-même peut être en cause
            pass
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
