"""Chaque carnet du cours s'ouvre dans JupyterLab et s'exécute sans erreur, widgets compris."""

from __future__ import annotations

from pathlib import Path

import pytest

from .lab import (
    cell_errors,
    open_notebook,
    run_all_cells,
    screenshot,
    wait_canvas_drawn,
    wait_widgets_rendered,
)

pytestmark = pytest.mark.e2e

NOTEBOOKS = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "notebooks").glob("0*.ipynb"))


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_in_jupyterlab(page, jupyter_lab, name, console_errors):
    open_notebook(page, jupyter_lab, name)
    assert run_all_cells(page), cell_errors(page)
    assert cell_errors(page) == []
    wait_widgets_rendered(page)
    assert page.get_by_text("Error displaying widget").count() == 0
    figures = page.locator(".jupyter-matplotlib-canvas-div")
    assert figures.count() >= 1, "au moins une figure interactive"
    for k in range(figures.count()):  # le 1er <canvas> de chaque figure ipympl porte l'image
        wait_canvas_drawn(page, figures.nth(k).locator("canvas").first)
    stem = Path(name).stem
    page.locator(".jp-Cell").first.scroll_into_view_if_needed()
    screenshot(page, f"carnet-{stem}-haut")
    widget = page.locator(".course-explorer, .course-gradient-probe").first
    widget.scroll_into_view_if_needed()
    screenshot(widget, f"carnet-{stem}-widget")
    assert not [e for e in console_errors if "pageerror" in e], console_errors
