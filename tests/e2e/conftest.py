"""Fixtures des tests de bout en bout (JupyterLab + chromium de Debian via Playwright).

Lancement : `make e2e` (= `pytest -m e2e tests/e2e`). Le `-m e2e` de la ligne de commande
remplace le `-m 'not e2e'` de `addopts` ; `pytest tests` les désélectionne.

- `browser_type_launch_args` : le chromium de `tools.browser` (celui de Debian,
  `/usr/bin/chromium`, ou `$CHROMIUM`), sans fenêtre. Ne jamais lancer `playwright install`.
- `lab_factory(root_dir)` : un serveur JupyterLab par répertoire racine (session).
- `lab_root` : copie temporaire de notebooks/ ; `jupyter_lab` : le serveur qui la sert.
- après chaque test, les noyaux des serveurs lancés sont fermés.

Artefacts : test-artifacts/e2e/ (captures des tests, journaux des serveurs JupyterLab) et
test-artifacts/e2e/playwright/ (capture automatique des tests en échec ; `--tracing
retain-on-failure` pour une trace Playwright, à ouvrir avec `playwright show-trace`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tools.browser import playwright_launch_args
from tools.lab import ARTIFACTS_DIR, REPO_ROOT, JupyterLab, log_prefix, start_lab

VIEWPORT = {"width": 1440, "height": 900}

# `expect(locator).to_have_text(...)` & co. : 30 s plutôt que 5 (machine à 2 cœurs).
expect.set_options(timeout=30_000)


def pytest_configure(config):
    # Artefacts de pytest-playwright (--screenshot, --tracing, --video) avec les nôtres,
    # dans test-artifacts/ (ignoré par git) plutôt que dans test-results/, et une capture
    # d'écran de chaque test en échec (test-artifacts/e2e/playwright/<test>/).
    if getattr(config.option, "output", None) == "test-results":
        config.option.output = str(ARTIFACTS_DIR / "playwright")
    if getattr(config.option, "screenshot", None) == "off":
        config.option.screenshot = "only-on-failure"


# --------------------------------------------------------------------------- navigateur


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return playwright_launch_args(browser_type_launch_args)  # (--headed reste prioritaire)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": VIEWPORT, "device_scale_factor": 1}


@pytest.fixture
def context(context):
    # Délais généreux : machine à 2 cœurs, noyau + matplotlib à démarrer.
    context.set_default_timeout(30_000)
    context.set_default_navigation_timeout(120_000)
    return context


@pytest.fixture
def console_errors(page):
    """Les erreurs JavaScript de la page (console.error et exceptions non rattrapées)."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    return errors


# --------------------------------------------------------------------------- JupyterLab


@pytest.fixture(scope="session")
def lab_factory():
    """`lab_factory(root_dir) -> JupyterLab` : démarre (une fois par racine) un serveur
    JupyterLab servant `root_dir` ; tous sont arrêtés en fin de session."""
    labs: dict[Path, JupyterLab] = {}
    # les journaux des sessions passées (de ce processus de pytest-xdist seulement : l'autre
    # vient peut-être d'ouvrir le sien)
    for old_log in ARTIFACTS_DIR.glob(f"{log_prefix()}[0-9]*.log"):
        old_log.unlink(missing_ok=True)

    def factory(root_dir) -> JupyterLab:
        root = Path(root_dir).resolve()
        if root not in labs:
            labs[root] = start_lab(root)
        return labs[root]

    factory.labs = labs
    yield factory
    for lab in labs.values():
        lab.stop()


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory) -> Path:
    """Copie temporaire de notebooks/ (les tests peuvent y écrire leurs propres carnets)."""
    root = tmp_path_factory.mktemp("lab-root")
    src = REPO_ROOT / "notebooks"
    if src.is_dir():
        shutil.copytree(
            src, root, dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
        )  # fmt: skip
    return root


@pytest.fixture(scope="session")
def jupyter_lab(lab_factory, lab_root) -> JupyterLab:
    """Le serveur JupyterLab de la session, racine `lab_root`."""
    return lab_factory(lab_root)


@pytest.fixture(autouse=True)
def _shutdown_kernels_after_test(request):
    """Ferme les noyaux après chaque test (fixture autouse : démontée après la page)."""
    yield
    if "lab_factory" in request.fixturenames:
        for lab in request.getfixturevalue("lab_factory").labs.values():
            lab.shutdown_kernels()
