"""La figure web de l'explorateur dans JupyterLab : un curseur relié par jslink la fait bouger
sans le noyau.

Un carnet affiche ``Explorer`` (moindres carrés, descente de gradient et momentum). Puis :

(a) le noyau ne peut pas répondre à la figure (une cellule tient le verrou de l'explorateur :
    une cellule qui dort ne suffit pas, les messages des widgets passent par un sous-shell du
    noyau) : trois appuis sur → du curseur η changent le canevas, dessiné par le miroir
    JavaScript, sans aucun point du noyau ;
(b) le noyau libéré reçoit les valeurs, calcule les trajectoires numpy et les envoie : pour la
    dernière valeur du curseur, ce sont les mêmes points, au bit près, que ceux du miroir
    (compteurs de la vue ; pas de nouveau dessin), la trajectoire du noyau est celle de la
    dernière valeur du curseur, et la ligne d'état la dit (en français) ;
(c) T au clavier : la borne du curseur t suit dans le navigateur, t = T ;
(d) un clic sur les courbes de niveau : les curseurs du départ vont au point cliqué ; un clic
    sur la courbe d'apprentissage ne change rien.

Captures : test-artifacts/e2e/figure-web-lab-*.png.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tools.lab import (
    canvas_data_url,
    cell_errors,
    kernel_exec,
    kernel_holding,
    open_notebook,
    press_slider,
    run_all_cells,
    screenshot,
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
    "from course_utils.widgets import Explorer",
    "e = Explorer(LeastSquares(*linear_example()), method='gd', compare=['momentum'], eta=0.1,"
    " T=20)\n"
    "fig, controls = e.web_figure, e.controls\n"
    "e",
]
FIGURE = ".course-web-figure"
STALE = re.compile(r"\bcourse-status-stale\b")

# l'état de la vue (compteurs de dessins, d'accords avec le noyau) et celui du noyau vu d'ici
VIEW = "() => { const v = document.querySelector('.course-web-figure').__courseFigure;" \
       " return {draws: v.draws, agrees: v.kernelAgrees, differs: v.kernelDiffers," \
       " source: v.source}; }"
# le dernier dessin est pour un η au-delà de `arg`
DRAWN_ETA_ABOVE = "(x) => { const v = document.querySelector('.course-web-figure')" \
                  ".__courseFigure; return v.drawnKey && v.drawnKey[0] > x; }"
# les derniers points reçus du noyau sont pour les paramètres dessinés
KERNEL_CAUGHT_UP = "() => { const v = document.querySelector('.course-web-figure')" \
                   ".__courseFigure; return !!v.kernel && JSON.stringify(v.kernel.key) ===" \
                   " JSON.stringify(v.drawnKey); }"


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
    box = page.locator(".course-explorer").first
    status = box.locator(":scope > .widget-html")
    expect(status).to_contain_text("η = 0,1 ≤ seuil de stabilité")
    box.scroll_into_view_if_needed()
    screenshot(box, "figure-web-lab-avant")
    before, view0 = canvas_data_url(canvas), page.evaluate(VIEW)
    assert view0["agrees"] >= 2 and view0["differs"] == 0  # les points du noyau, au bit près

    # (a) le noyau ne peut pas répondre à la figure (une cellule tient le verrou de
    # l'explorateur) : le curseur bouge la figure quand même, calculée par le miroir
    with kernel_holding(page, "e.lock"):
        press_slider(page, eta, "ArrowRight", 3)
        expect(eta.locator(".widget-readout").first).to_have_text("0,1072")  # 10^(-1 + 0,03)
        # le dernier appui est dessiné (η dessiné = η du curseur)
        page.wait_for_function(DRAWN_ETA_ABOVE, arg=0.107)
        assert canvas_data_url(canvas) != before
        view1 = page.evaluate(VIEW)
        assert view1["draws"] > view0["draws"]
        assert view1["source"] == {"gd": "miroir", "momentum": "miroir"}
        assert view1["agrees"] == view0["agrees"]  # aucun point du noyau entre-temps
        # la ligne d'état (celle de η = 0,1) s'estompe : elle ne dit plus ce qui est dessiné
        expect(box).to_have_class(STALE)
        screenshot(box, "figure-web-lab-noyau-occupe")

    # (b) le noyau libéré rattrape. Il reçoit les valeurs du curseur (les intermédiaires aussi,
    # selon le regroupement des messages par ipywidgets) ; on attend ses points pour la
    # dernière valeur (ceux des valeurs intermédiaires arrivent en retard : ignorés). Ce sont
    # ceux que le miroir a dessinés, au bit près : rien à redessiner.
    page.wait_for_function(KERNEL_CAUGHT_UP, timeout=60_000)
    view2 = page.evaluate(VIEW)
    assert view2["agrees"] >= view1["agrees"] + 2 and view2["differs"] == 0, (view1, view2)
    assert view2["draws"] == view1["draws"]
    expect(box).not_to_have_class(STALE)  # la ligne d'état est de nouveau celle de la figure
    out = kernel_exec(page, "import numpy as np\n"
                            "from course_utils import gradient_descent as gd\n"
                            "eta = controls['eta'].value\n"
                            "print(repr(eta), np.array_equal(e.trajectory, "
                            "gd(e.objective, (-7, 7), eta, 20)))")
    c_eta, same = out.split()
    assert abs(float(c_eta) - 0.10715) < 1e-4 and same == "True"
    # la figure du noyau a reçu la même valeur par son propre lien (message à part)
    wait_until(page, lambda: kernel_exec(page, "print(repr(fig.eta))").strip() == c_eta,
               lambda: kernel_exec(page, "print(repr(fig.eta))"))
    expect(status).to_contain_text("η = 0,1072 ≤ seuil de stabilité")

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
    expect(w1.locator(".widget-readout").first).to_have_text("3,00")
    expect(w2.locator(".widget-readout").first).to_have_text("−4,00")
    start = "print(fig.w1, fig.w2, e.trajectory[0].tolist())"
    wait_until(page, lambda: kernel_exec(page, start) == "3.0 -4.0 [3.0, -4.0]\n",
               lambda: kernel_exec(page, start))
    page.wait_for_function(KERNEL_CAUGHT_UP, timeout=60_000)
    screenshot(box, "figure-web-lab-apres-clic")
    assert page.evaluate(VIEW)["differs"] == 0
    # un clic sur la courbe d'apprentissage : le départ ne bouge pas
    curve = page.evaluate("() => document.querySelector('.course-web-figure')"
                          ".__courseFigure.layout.curve")
    drawn = page.evaluate(VIEW)["draws"]
    page.mouse.click(bb["x"] + curve["x0"] + curve["w"] / 2, bb["y"] + curve["y0"] + 20)
    # (le clic est traité tout de suite par la page ; une image de l'écran plus tard, rien n'a
    # bougé : ni les curseurs, ni la figure)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    expect(w1.locator(".widget-readout").first).to_have_text("3,00")
    expect(w2.locator(".widget-readout").first).to_have_text("−4,00")
    assert page.evaluate(VIEW)["draws"] == drawn
    assert kernel_exec(page, start) == "3.0 -4.0 [3.0, -4.0]\n"
    assert not [e for e in console_errors if "widget" in e.lower() or "pageerror" in e], \
        console_errors
