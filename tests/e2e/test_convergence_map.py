"""La carte de convergence (`ConvergenceMap`) reliée à l'explorateur, dans JupyterLab.

Un petit carnet affiche la carte de la boule pesante et, dessous, l'explorateur
(`method="heavy_ball"`). Dans chromium :

(a) un clic sur l'étoile de la carte (l'optimum) règle les curseurs « pas η » et
    « momentum α » de l'explorateur (sur leurs crans : 0,4786 et 0,15), la figure de
    l'explorateur change, et la ligne d'état de la carte dit le nouveau réglage ;
(b) le curseur « momentum α » de l'explorateur, au clavier : le marqueur de la carte suit
    (les pixels de la page sont exactement ceux du noyau).

Captures : test-artifacts/e2e/carte-*.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tools.lab import (
    MPL_CANVAS,
    canvas_data_url,
    cell_errors,
    kernel_exec,
    open_notebook,
    pixels_differing_from_kernel,
    press_slider,
    run_all_cells,
    screenshot,
    slider_readout,
    wait_canvas_change,
    wait_canvas_drawn,
    wait_widgets_rendered,
    write_notebook,
)
from .test_explorer import WIDGET_ERROR, readout_value, wait_until

pytestmark = pytest.mark.e2e

NOTEBOOK = "e2e_carte.ipynb"
CELLS = [
    ("markdown", "# La carte de convergence dans JupyterLab"),
    "%matplotlib inline\n"
    "from course_utils import LeastSquares, linear_example\n"
    "from course_utils.widgets import ConvergenceMap, Explorer\n"
    "F = LeastSquares(*linear_example())",
    "e = Explorer(F, method='heavy_ball', eta=0.1, alpha=0.5, T=30)\n"
    "m = ConvergenceMap(F, explorer=e)\n"
    "display(m, e)",
]


def star_on_canvas():
    """Position (px, depuis le coin haut gauche du canevas) de l'étoile (η*, α*) sur la carte :
    la même carte, refaite hors noyau (canevas Agg), donne sa transformation données → pixels."""
    from course_utils import LeastSquares, linear_example
    from course_utils.widgets import ConvergenceMap

    m = ConvergenceMap(LeastSquares(*linear_example()))
    m.figure.canvas.draw()
    x, y = m.map_axes.transData.transform(m.optimum[:2])
    width, height = m.figure.bbox.size
    return float(x), float(height - y), (float(width), float(height))


@pytest.fixture(scope="module")
def map_notebook(lab_root):
    return write_notebook(lab_root / NOTEBOOK, CELLS).name


def test_click_on_the_map_drives_the_explorer(page, jupyter_lab, map_notebook, console_errors):
    open_notebook(page, jupyter_lab, map_notebook)
    assert run_all_cells(page), cell_errors(page)
    assert cell_errors(page) == []
    wait_widgets_rendered(page)

    card = page.locator(".course-convergence-map")
    box = page.locator(".course-explorer")
    expect(card).to_have_count(1)
    expect(box).to_have_count(1)
    map_canvas = card.locator(MPL_CANVAS).first
    # la figure de l'explorateur : son premier <canvas> (ipympl, ou une figure dessinée dans
    # le navigateur : le test ne dépend pas de la façon dont elle est faite)
    figure = box.locator("canvas").first
    map_status = card.locator(":scope > .widget-html")
    status = box.locator(":scope > .widget-html")
    sliders = box.locator(".widget-slider")
    eta = sliders.first
    alpha = sliders.filter(has_text="momentum α").first

    map_pixels = wait_canvas_drawn(page, map_canvas)
    explorer_pixels = wait_canvas_drawn(page, figure)
    expect(map_status).to_contain_text("η = 0,1, α = 0,5 : facteur de convergence ρ = 0,7749")
    assert readout_value(eta) == pytest.approx(0.1, rel=1e-3)
    assert slider_readout(alpha) == "0,50"
    card.scroll_into_view_if_needed()
    screenshot(page, "carte-01-avant-page")
    screenshot(card, "carte-01-avant-carte")
    screenshot(box, "carte-01-avant-explorateur")

    # (a) un clic sur l'étoile
    x, y, size = star_on_canvas()
    map_canvas.scroll_into_view_if_needed()  # (le carnet défile dans son panneau)
    bb = map_canvas.bounding_box()
    assert bb["y"] >= 0, bb
    assert (bb["width"], bb["height"]) == pytest.approx(size, abs=1)
    f_before = status.inner_text()
    page.mouse.click(bb["x"] + x, bb["y"] + y)
    wait_until(page, lambda: slider_readout(alpha) == "0,15",
               lambda: f"α n'a pas suivi le clic : {slider_readout(alpha)}")
    wait_until(page, lambda: abs(readout_value(eta) - 0.4786) < 1e-3,
               lambda: f"η n'a pas suivi le clic : {slider_readout(eta)}")
    expect(map_status).to_contain_text("η = 0,4786, α = 0,15 : facteur de convergence ρ = 0,441")
    expect(status).to_contain_text("η = 0,4786")
    assert status.inner_text() != f_before
    explorer_pixels = wait_canvas_change(page, figure, explorer_pixels)
    map_pixels = wait_canvas_change(page, map_canvas, map_pixels)
    assert pixels_differing_from_kernel(page, map_canvas, "m.figure") == 0
    # le noyau a bien les valeurs des curseurs, et la trajectoire de la boule pesante
    out = kernel_exec(page, "from course_utils import heavy_ball\nimport numpy as np\n"
                            "c = e.controls\n"
                            "print(c['eta'].value, c['alpha'].value, np.array_equal(e.trajectory,"
                            " heavy_ball(F, (-7, 7), c['eta'].value, c['alpha'].value, 30)))")
    eta_k, alpha_k, same = out.split()
    assert float(eta_k) == pytest.approx(0.4786, abs=1e-4) and alpha_k == "0.15"
    assert same == "True"
    screenshot(page, "carte-02-clic-page")
    screenshot(card, "carte-02-clic-carte")
    screenshot(box, "carte-02-clic-explorateur")

    # (b) le curseur α de l'explorateur : cinq crans à droite (0,20), le marqueur suit
    press_slider(page, alpha, "ArrowRight", times=5)
    expect(alpha.locator(".widget-readout")).to_have_text("0,20")
    expect(map_status).to_contain_text("α = 0,2 :")
    map_pixels = wait_canvas_change(page, map_canvas, map_pixels)
    wait_canvas_change(page, figure, explorer_pixels)
    assert pixels_differing_from_kernel(page, map_canvas, "m.figure") == 0
    # (le navigateur calcule 0,15 + 5 × 0,01 en flottants : 0,20000000000000004)
    marked, drawn = map(float, kernel_exec(page, "print(m.alpha, m.marker.get_ydata()[0])").split())
    assert marked == drawn == pytest.approx(0.2, abs=1e-12)
    screenshot(card, "carte-03-curseur-alpha-carte")
    screenshot(page, "carte-03-curseur-alpha-page")

    assert cell_errors(page) == []
    assert page.get_by_text("Error displaying widget").count() == 0
    assert canvas_data_url(map_canvas).startswith("data:image/png")
    widget_errors = [e for e in console_errors if WIDGET_ERROR.search(e)]
    assert not widget_errors, widget_errors
