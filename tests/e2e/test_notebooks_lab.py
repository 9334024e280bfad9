"""Les six carnets du cours, ouverts et exécutés dans un vrai JupyterLab (chromium).

Pour chaque carnet (copie temporaire de notebooks/, fixture `jupyter_lab`) : toutes les
cellules s'exécutent sans erreur, aucun widget n'affiche « Error displaying widget »,
chaque figure ipympl reçoit son image, chaque explorateur a sa ligne d'état ; pas d'erreur
JavaScript liée aux widgets dans la console.

Captures : test-artifacts/e2e/lab-<nom>-haut.png (le haut du carnet) et
lab-<nom>-page-explorateur.png (la page, au 1er explorateur), lab-<nom>-explorateur-<k>.png
(chaque explorateur) et lab-<nom>-sonde-<k>.png (chaque GradientProbe).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tools.lab import (
    MPL_CANVAS,
    REPO_ROOT,
    cell_errors,
    open_notebook,
    run_all_cells,
    screenshot,
    wait_canvas_drawn,
    wait_widgets_rendered,
)

pytestmark = pytest.mark.e2e

NOTEBOOKS = sorted(p.name for p in (REPO_ROOT / "notebooks").glob("0*.ipynb"))
EXPLORERS = (".course-explorer, .course-explorer-1d, .course-family-explorer, "
             ".course-minibatch-explorer")
WIDGET_ERROR = re.compile(r"widget|ipympl|matplotlib|model|comm|pageerror", re.IGNORECASE)


def test_the_chapters_are_found():
    assert len(NOTEBOOKS) == 7, NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_in_jupyterlab(page, jupyter_lab, name, console_errors):
    stem = Path(name).stem
    start = time.monotonic()
    try:
        open_notebook(page, jupyter_lab, name)
    except RuntimeError as exc:  # dialogue à l'ouverture (jupytext : « is more recent than »...)
        pytest.fail(f"{name} ne s'ouvre pas dans JupyterLab (appariement .py à refaire avec "
                    f"scripts/sync_notebooks.py ?) :\n{exc}")  # fmt: skip
    ok = run_all_cells(page)
    elapsed = time.monotonic() - start
    errors = cell_errors(page)
    assert ok, errors
    assert errors == []
    wait_widgets_rendered(page)
    assert page.get_by_text("Error displaying widget").count() == 0
    assert page.get_by_text("Loading widget...").count() == 0

    # Chaque figure ipympl a reçu son image (1er <canvas> de chaque figure).
    figures = page.locator(".jupyter-matplotlib-canvas-div")
    n_figures = figures.count()
    assert n_figures >= 1, "aucune figure interactive"
    for k in range(n_figures):
        wait_canvas_drawn(page, figures.nth(k).locator("canvas").first)
    assert page.locator(MPL_CANVAS).count() >= n_figures

    # Chaque explorateur (trajectoires, pas à une dimension, famille d'objectifs, mini-lots) a
    # sa ligne d'état, sans valeur refusée ; celle de l'explorateur des trajectoires dit η et T.
    explorers = page.locator(EXPLORERS)
    assert explorers.count() >= 1, "aucun explorateur"
    for k in range(explorers.count()):
        status = explorers.nth(k).locator(":scope > .widget-html").inner_text()
        assert status.strip() and "Valeur refusée" not in status, status
        if "course-explorer" in explorers.nth(k).get_attribute("class").split():
            assert "η = " in status and "T = " in status, status

    # Captures : le haut du carnet, puis chaque explorateur (page entière à cet endroit et
    # l'explorateur seul).
    page.locator(".jp-Cell").first.scroll_into_view_if_needed()
    screenshot(page, f"lab-{stem}-haut")
    for k in range(explorers.count()):
        box = explorers.nth(k)
        box.scroll_into_view_if_needed()
        if k == 0:
            screenshot(page, f"lab-{stem}-page-explorateur")
        screenshot(box, f"lab-{stem}-explorateur-{k + 1}")

    probes = page.locator(".course-gradient-probe")
    for k in range(probes.count()):
        status = probes.nth(k).locator(":scope > .widget-html").inner_text()
        assert status.startswith("w = (") and "‖∇F(w)‖" in status, status
        probes.nth(k).scroll_into_view_if_needed()
        screenshot(probes.nth(k), f"lab-{stem}-sonde-{k + 1}")

    widget_errors = [e for e in console_errors if WIDGET_ERROR.search(e)]
    assert not widget_errors, widget_errors
    print(f"{name} : ouvert et exécuté en {elapsed:.1f} s, {n_figures} figure(s) ipympl, "
          f"{explorers.count()} explorateur(s)")  # fmt: skip  (une mesure, pas un critère)
