"""L'explorateur dans un vrai JupyterLab : clavier, souris, clic, pixels et ligne d'état."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .lab import (
    MPL_CANVAS,
    cell_errors,
    drag_slider,
    open_notebook,
    press_slider,
    run_all_cells,
    screenshot,
    slider_readout,
    wait_canvas_change,
    wait_canvas_drawn,
    wait_widgets_rendered,
    write_notebook,
)

pytestmark = pytest.mark.e2e

CELLS = [
    ("markdown", "# Explorateur"),
    "%matplotlib inline\n"
    "from course_utils import LeastSquares, linear_example\n"
    "from course_utils.widgets import Explorer\n"
    "F = LeastSquares(*linear_example())\n"
    "e = Explorer(F)\n"
    "e",
]


def status_text(page):
    return page.locator(".course-explorer .widget-html").last.inner_text()


def status_eta(page):
    """Le η que la ligne d'état annonce (calculé par le noyau)."""
    match = re.search(r"η = ([0-9.e+-]+)", status_text(page))
    return float(match.group(1)) if match else None


def wait_status_eta(page, readout):
    """Attend que la ligne d'état annonce le η affiché par le curseur (4 chiffres)."""
    target = float(readout)
    page.wait_for_function(
        """([t]) => { const m = document.querySelector('.course-explorer .widget-html:last-of-type')
                      ?.innerText.match(/η = ([0-9.e+-]+)/);
                      return m && Math.abs(parseFloat(m[1]) - t) <= 1e-3 * t; }""",
        arg=[target], timeout=30_000, polling=100)


def test_explorer_follows_keyboard_mouse_and_clicks(page, jupyter_lab, lab_root, console_errors):
    write_notebook(lab_root / "e2e_explorer.ipynb", CELLS)
    open_notebook(page, jupyter_lab, "e2e_explorer.ipynb")
    assert run_all_cells(page), cell_errors(page)
    wait_widgets_rendered(page)
    box = page.locator(".course-explorer")
    expect(box).to_be_visible()
    canvas = box.locator(MPL_CANVAS).first
    pixels = wait_canvas_drawn(page, canvas)
    eta = box.locator(".widget-slider").filter(has_text="pas η").first
    w1 = box.locator(".widget-slider").filter(has_text="départ w₁").first
    assert float(slider_readout(eta)) == pytest.approx(0.4)  # pas arrondi à la grille du curseur
    expect(box).to_contain_text("η = 0.4 ≤ seuil de stabilité de la descente de gradient 2/L = 0.4957")
    box.scroll_into_view_if_needed()
    screenshot(box, "explorer-01-depart")

    # Clavier : η monte d'un cran (pas de 0,01 sur l'exposant), le statut suit la lecture.
    press_slider(page, eta, "ArrowRight", times=3)
    shown = slider_readout(eta)
    assert float(shown) > 0.41
    wait_status_eta(page, shown)
    pixels = wait_canvas_change(page, canvas, pixels)

    # Encore quelques crans : η dépasse 2/L, la descente s'éloigne du minimum.
    press_slider(page, eta, "ArrowRight", times=7)
    expect(box).to_contain_text("> seuil de stabilité")
    pixels = wait_canvas_change(page, canvas, pixels)
    screenshot(box, "explorer-02-au-dessus-de-2L")

    # η tout à droite (100 × 2/L) : F s'envole ; puis T au maximum : l'itéré devient infini.
    # La divergence est un message, pas une erreur.
    drag_slider(page, eta, 600)
    expect(box).to_contain_text("s'éloigne du minimum")
    drag_slider(page, box.locator(".widget-slider").filter(has_text="itérations T").first, 600)
    expect(box).to_contain_text("diverge")
    pixels = wait_canvas_change(page, canvas, pixels)
    screenshot(box, "explorer-03-divergence")

    # Retour à un pas raisonnable au clavier (Home = minimum), puis la souris sur w₁.
    press_slider(page, eta, "Home")
    expect(box).not_to_contain_text("diverge")
    before_status = status_text(page)
    before_w1 = slider_readout(w1)
    drag_slider(page, w1, 80)
    assert slider_readout(w1) != before_w1
    expect(box.locator(".widget-html").last).not_to_have_text(before_status)
    pixels = wait_canvas_change(page, canvas, pixels)

    # Un clic sur les courbes de niveau déplace le départ (w₁ et w₂ suivent).
    before = (slider_readout(w1), slider_readout(box.locator(".widget-slider").filter(has_text="départ w₂").first))
    bb = canvas.bounding_box()
    page.mouse.click(bb["x"] + bb["width"] * 0.25, bb["y"] + bb["height"] * 0.55)
    w2 = box.locator(".widget-slider").filter(has_text="départ w₂").first
    expect(w2.locator(".widget-readout")).not_to_have_text(before[1])
    assert slider_readout(w1) != before[0]
    wait_canvas_change(page, canvas, pixels)
    screenshot(box, "explorer-04-clic")
    assert re.search(r"F\(z_T\) = [0-9.e+-]+", status_text(page))
    assert cell_errors(page) == []
    assert not [e for e in console_errors if "pageerror" in e], console_errors
