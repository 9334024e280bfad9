"""La figure web dans JupyterLab : un curseur relié par jslink la fait bouger sans le noyau.

Un carnet affiche ``WebFigure`` (moindres carrés, descente de gradient et momentum) sous ses
curseurs (``make_controls``). Puis :

(a) le noyau est occupé (une cellule ``time.sleep``) : un appui sur → du curseur η change le
    canevas pendant que le noyau est toujours occupé (le dessin vient du miroir JavaScript) ;
(b) le noyau libéré reçoit la valeur, calcule la trajectoire numpy et l'envoie : ce sont les
    mêmes points, au bit près, que ceux du miroir (compteur de la vue), et la figure du noyau
    est celle de la dernière valeur du curseur ;
(c) T au clavier : la borne du curseur t suit dans le navigateur, t = T ;
(d) un clic sur les courbes de niveau : les curseurs du départ vont au point cliqué.

Captures : test-artifacts/e2e/figure-web-lab-*.png.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tools.lab import (
    canvas_data_url,
    cell_errors,
    kernel_exec,
    open_notebook,
    press_slider,
    run_all_cells,
    screenshot,
    slider_readout,
    wait_kernel_idle,
    wait_widgets_rendered,
    write_notebook,
)

pytestmark = pytest.mark.e2e


def wait_until(page, predicate, message, timeout=30.0):
    """Appelle `predicate()` toutes les 200 ms jusqu'à ce qu'il soit vrai (sinon échec)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"délai dépassé ({timeout} s) : {message()}")
        page.wait_for_timeout(200)

NOTEBOOK = "e2e_figure_web.ipynb"
CELLS = [
    ("markdown", "# La figure web de l'explorateur"),
    "from course_utils import LeastSquares, linear_example\n"
    "from course_utils.web_figure import WebFigure, make_controls\n"
    "import ipywidgets as W",
    "fig = WebFigure(LeastSquares(*linear_example()), methods=['gd', 'momentum'], eta=0.1, T=20)\n"
    "controls, box = make_controls(fig)\n"
    "W.VBox([box, fig])",
]
FIGURE = ".course-web-figure"

# l'état de la vue (compteurs de dessins, d'accords avec le noyau) et celui du noyau vu d'ici
VIEW = "() => { const v = document.querySelector('.course-web-figure').__courseFigure;" \
       " return {draws: v.draws, agrees: v.kernelAgrees, differs: v.kernelDiffers," \
       " source: v.source}; }"
KERNEL_STATUS = "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status"
START_SLEEP = """(code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  window.__sleepDone = false;
  window.__sleep = kernel.requestExecute({code, silent: false, store_history: false}).done
    .then(() => { window.__sleepDone = true; });
  return true;
}"""


@pytest.fixture(scope="module")
def notebook(lab_root):
    return write_notebook(lab_root / NOTEBOOK, CELLS).name


def test_jslinked_slider_moves_the_figure_without_the_kernel(page, jupyter_lab, notebook,
                                                             console_errors):
    open_notebook(page, jupyter_lab, notebook)
    assert run_all_cells(page), cell_errors(page)
    wait_widgets_rendered(page)
    figure = page.locator(FIGURE)
    expect(figure).to_have_count(1)
    canvas = figure.locator("canvas")
    page.wait_for_function("() => { const r = document.querySelector('.course-web-figure');"
                           " return r && r.__courseFigure.draws > 0; }")
    wait_kernel_idle(page, settle=1000)
    eta = page.locator(".widget-slider").filter(has_text="pas η").first
    box = page.locator(".jp-OutputArea-output").filter(has=figure).first
    box.scroll_into_view_if_needed()
    screenshot(box, "figure-web-lab-avant")
    before, view0 = canvas_data_url(canvas), page.evaluate(VIEW)
    assert view0["agrees"] >= 2 and view0["differs"] == 0  # les points du noyau, au bit près

    # (a) noyau occupé : le curseur bouge la figure quand même
    page.evaluate(START_SLEEP, "import time; time.sleep(30)")
    page.wait_for_function(f"() => ({KERNEL_STATUS})() === 'busy'")
    press_slider(page, eta, "ArrowRight", 3)
    page.wait_for_function("(before) => document.querySelector('.course-web-figure canvas')"
                           ".toDataURL('image/png') !== before", arg=before, timeout=3000)
    assert page.evaluate("() => !window.__sleepDone"), "le dessin a attendu le noyau"
    view1 = page.evaluate(VIEW)
    assert view1["draws"] > view0["draws"]
    assert view1["source"] == {"gd": "miroir", "momentum": "miroir"}
    assert slider_readout(eta) == "0.1072"  # 10^(-1 + 3 × 0,01)
    screenshot(box, "figure-web-lab-noyau-occupe")

    # (b) le noyau libéré rattrape : mêmes points, dernière valeur du curseur
    page.wait_for_function("() => window.__sleepDone", timeout=90_000)
    wait_kernel_idle(page, settle=1000)
    # JupyterLab 4 et ipykernel 7 traitent les messages des widgets dans un sous-shell, en
    # même temps que la cellule qui dort : les points du noyau pour la nouvelle valeur ont pu
    # arriver avant la lecture de view1. On compte donc depuis view0 (avant l'appui) : les
    # points en retard (valeur intermédiaire du curseur) ne sont pas comptés par la vue.
    page.wait_for_function("(n) => document.querySelector('.course-web-figure')"
                           ".__courseFigure.kernelAgrees >= n", arg=view0["agrees"] + 2)
    # les points du noyau sont ceux que le miroir a dessinés : rien à redessiner
    view2 = page.evaluate(VIEW)
    assert view2["differs"] == 0 and view2["draws"] == view1["draws"]
    out = kernel_exec(page, "import numpy as np\n"
                            "from course_utils import gradient_descent as gd\n"
                            "print(repr(fig.eta), repr(controls['eta'].value), np.array_equal("
                            "fig.trajectory, gd(fig.objective, (-7, 7), fig.eta, 20)))")
    k_eta, c_eta, same = out.split()
    assert float(k_eta) == float(c_eta) and abs(float(k_eta) - 0.10715) < 1e-4 and same == "True"

    # (c) T au clavier : t suit T, dans le navigateur comme dans le noyau
    T = page.locator(".widget-slider").filter(has_text="itérations T").first
    t = page.locator(".widget-slider").filter(has_text="étape t").first
    press_slider(page, T, "ArrowRight", 5)
    expect(t.locator(".widget-readout").first).to_have_text("25")
    # le noyau suit, en retard (il redessine le fond : l'axe des itérations passe à 30)
    state = "print(fig.T, fig.t, controls['t'].max, controls['t'].value)"
    wait_until(page, lambda: kernel_exec(page, state).split() == ["25"] * 4,
               lambda: kernel_exec(page, state))

    # (d) clic sur les courbes de niveau : le départ suit (grille de 0,05)
    geometry = page.evaluate("() => document.querySelector('.course-web-figure')"
                             ".__courseFigure.layout.plane")
    bb = canvas.bounding_box()
    # le point (w₁, w₂) = (3, −4) : région [−8, 8]²
    x = bb["x"] + geometry["x0"] + (3 + 8) / 16 * geometry["w"]
    y = bb["y"] + geometry["y0"] + geometry["h"] - (-4 + 8) / 16 * geometry["h"]
    page.mouse.click(x, y)
    w1 = page.locator(".widget-slider").filter(has_text="départ w₁").first
    w2 = page.locator(".widget-slider").filter(has_text="départ w₂").first
    expect(w1.locator(".widget-readout").first).to_have_text("3.00")
    expect(w2.locator(".widget-readout").first).to_have_text("−4.00")
    start = "print(fig.w1, fig.w2, fig.trajectory[0].tolist())"
    wait_until(page, lambda: kernel_exec(page, start) == "3.0 -4.0 [3.0, -4.0]\n",
               lambda: kernel_exec(page, start))
    screenshot(box, "figure-web-lab-apres-clic")
    assert page.evaluate(VIEW)["differs"] == 0
    assert not [e for e in console_errors if "widget" in e.lower() or "pageerror" in e], \
        console_errors
