"""L'explorateur dans Notebook 7 (l'interface « Jupyter Notebook », servie par le même serveur
que JupyterLab : /notebooks/<carnet>), avec les mêmes vérifications que dans JupyterLab :

(a) la figure est dessinée par le navigateur (anywidget chargé par Notebook 7) ;
(b) le noyau empêché de répondre (une cellule tient le verrou de l'explorateur), le curseur η
    glissé à la souris change quand même la figure (miroir JavaScript) ; le noyau libéré
    envoie les mêmes points, au bit près, et réécrit la ligne d'état (η à la française) ;
(b bis) les flèches du clavier, sur le bouton du curseur η, le déplacent (sinon Notebook 7 les
    lit comme ses raccourcis : passer d'une cellule à l'autre) ;
(c) un clic sur les courbes de niveau déplace le départ ;
(d) au repos, la figure est celle que matplotlib dessine dans le noyau (seuil du test d'image).

Captures : test-artifacts/e2e/notebook7-explorateur-*.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tools.lab import (
    WEB_FIGURE_CANVAS,
    cell_errors,
    drag_slider,
    figure_differs_from_kernel,
    french_float,
    kernel_exec,
    kernel_holding,
    press_slider,
    run_all_cells,
    screenshot,
    slider_readout,
    wait_canvas_drawn,
    wait_kernel_idle,
    wait_widgets_rendered,
    write_notebook,
)

pytestmark = pytest.mark.e2e

NOTEBOOK = "e2e_notebook7.ipynb"
CELLS = [
    ("markdown", "# L'explorateur dans Notebook 7"),
    "from course_utils import LeastSquares, linear_example\n"
    "from course_utils.widgets import Explorer",
    "e = Explorer(LeastSquares(*linear_example()), method='gd', compare=['momentum'], eta=0.1,"
    " T=20)\ne",
]
VIEW = "() => { const v = document.querySelector('.course-web-figure').__courseFigure;" \
       " return {agrees: v.kernelAgrees, differs: v.kernelDiffers, source: v.source}; }"
# les erreurs de Notebook 7.6 lui-même (notebook_core.js) : la première déjà sur un carnet vide
# sans widget ; la seconde vue une fois en CI (30 novembre 2026), une commande de JupyterLab
# appelée avant d'être enregistrée (nos modules n'appellent aucune commande de JupyterLab)
NOTEBOOK7_OWN_ERRORS = (
    re.compile(r"pageerror: Cannot read properties of undefined \(reading 'schema'\)"),
    re.compile(r"pageerror: Command '[\w:.-]+' not registered\."),
)
DRAWN_ETA_ABOVE = "(x) => { const v = document.querySelector('.course-web-figure')" \
                  ".__courseFigure; return v.drawnKey && v.drawnKey[0] > x; }"
KERNEL_CAUGHT_UP = "() => { const v = document.querySelector('.course-web-figure')" \
                   ".__courseFigure; return !!v.kernel && JSON.stringify(v.kernel.key) ===" \
                   " JSON.stringify(v.drawnKey); }"


def open_in_notebook7(page, lab, relpath):
    """Ouvre `relpath` dans Notebook 7 (/notebooks/…) et attend son noyau au repos."""
    page.goto(f"{lab.url}/notebooks/{relpath}?token={lab.token}", wait_until="domcontentloaded",
              timeout=120_000)
    page.wait_for_function(
        "() => { const app = window.jupyterapp; const w = app && app.shell.currentWidget;"
        " return !!(w && w.context && w.context.isReady && w.sessionContext); }",
        timeout=120_000, polling=250)
    assert page.evaluate("() => window.jupyterapp.name") == "Jupyter Notebook"
    wait_kernel_idle(page)


def test_explorer_in_notebook7(page, jupyter_lab, lab_root, console_errors):
    write_notebook(lab_root / NOTEBOOK, CELLS)
    open_in_notebook7(page, jupyter_lab, NOTEBOOK)
    assert run_all_cells(page), cell_errors(page)
    wait_widgets_rendered(page)
    box = page.locator(".course-explorer")
    expect(box).to_have_count(1)
    canvas = box.locator(WEB_FIGURE_CANVAS)
    wait_canvas_drawn(page, canvas)
    wait_kernel_idle(page, settle=1000)
    status = box.locator(":scope > .widget-html")
    expect(status).to_contain_text("η = 0,1 ≤ seuil de stabilité")
    box.scroll_into_view_if_needed()
    screenshot(box, "notebook7-explorateur-avant")
    view0 = page.evaluate(VIEW)
    assert view0["differs"] == 0

    # (b) le noyau ne peut pas répondre à la figure (une cellule tient le verrou de
    # l'explorateur) : la figure bouge quand même
    before = canvas.evaluate("c => c.toDataURL('image/png')")
    eta = box.locator(".widget-slider").filter(has_text="pas η").first
    with kernel_holding(page, "e.lock"):
        drag_slider(page, eta, 10)
        expect(eta.locator(".widget-readout").first).not_to_have_text("0,1000")
        page.wait_for_function(DRAWN_ETA_ABOVE, arg=0.1001)
        # (deux images de l'écran : le dernier mouvement est dessiné)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => "
                      "requestAnimationFrame(r)))")
        assert canvas.evaluate("c => c.toDataURL('image/png')") != before
        view1 = page.evaluate(VIEW)
        assert view1["source"] == {"gd": "miroir", "momentum": "miroir"}
        assert view1["agrees"] == view0["agrees"]
    # libéré, le noyau envoie ses points pour la dernière valeur : ceux du miroir, au bit près
    page.wait_for_function(KERNEL_CAUGHT_UP, timeout=60_000)
    view2 = page.evaluate(VIEW)
    assert view2["agrees"] >= view1["agrees"] + 2 and view2["differs"] == 0, (view1, view2)
    shown = slider_readout(eta).rstrip("0").rstrip(",")
    expect(status).to_contain_text(f"η = {shown} ")
    expect(box).not_to_have_class(re.compile(r"\bcourse-status-stale\b"))  # plus estompée
    screenshot(box, "notebook7-explorateur-apres")

    # (b bis) au clavier : Notebook 7 lit ← → comme des raccourcis (titres, cellule suivante)
    # avant le bouton du curseur ; FrenchSliders les lui laisse. La cellule active ne change pas.
    active_cell = "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex"
    cell = page.evaluate(active_cell)
    readout = eta.locator(".widget-readout").first
    shown = [slider_readout(eta)]
    for key in ("ArrowRight", "ArrowRight", "ArrowLeft", "Home"):
        press_slider(page, eta, key)
        expect(readout).not_to_have_text(shown[-1])
        shown.append(slider_readout(eta))
    values = [french_float(v) for v in shown]
    assert values[0] < values[1] < values[2] and values[3] == values[1] > values[4], shown
    assert page.evaluate(active_cell) == cell
    page.wait_for_function(KERNEL_CAUGHT_UP, timeout=60_000)
    expect(status).to_contain_text(f"η = {shown[-1].rstrip('0').rstrip(',')} ")

    # (c) un clic sur les courbes de niveau, au point (3 ; −4)
    plane = page.evaluate("() => document.querySelector('.course-web-figure')"
                          ".__courseFigure.layout.plane")
    bb = canvas.bounding_box()
    page.mouse.click(bb["x"] + plane["x0"] + 11 / 16 * plane["w"],
                     bb["y"] + plane["y0"] + plane["h"] - 4 / 16 * plane["h"])
    w1 = box.locator(".widget-slider").filter(has_text="départ w₁").first
    expect(w1.locator(".widget-readout").first).to_have_text("3,00")
    page.wait_for_function(KERNEL_CAUGHT_UP, timeout=60_000)  # le noyau a calculé ce départ
    assert kernel_exec(page, "print(e.trajectory[0].tolist())") == "[3.0, -4.0]\n"

    # (d) au repos : la figure de la page est celle du noyau
    assert figure_differs_from_kernel(page, canvas, "e") <= 0.005
    assert cell_errors(page) == []
    assert not [e for e in console_errors if ("widget" in e.lower() or "pageerror" in e)
                and not any(own.fullmatch(e) for own in NOTEBOOK7_OWN_ERRORS)], console_errors
