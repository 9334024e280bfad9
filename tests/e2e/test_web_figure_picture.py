"""Test d'image : la figure de l'explorateur (fond matplotlib + canevas dessiné par le
navigateur) contre la même figure dessinée entièrement par matplotlib
(``Explorer.web_figure.snapshot``, l'image des exports).

Le vrai module du widget tourne dans chromium (page nue, tools/figure_page.py), aux rapports
de pixels 1 et 2 ; on compare les pixels du canevas à ceux de matplotlib : au plus 0,5 % des
pixels diffèrent de plus de 16/255. Exception mesurée : le texte de l'alerte de divergence,
dont les glyphes sont dessinés par chromium et non par FreeType (sa boîte est comparée, ses
lettres à part, avec leur propre seuil). Images : test-artifacts/e2e/figure-web-*.png
(navigateur, matplotlib et pixels différents en noir).
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from course_utils import (
    LeastSquares,
    OneNeuronNetwork,
    Quadratic,
    TanhNetwork,
    linear_example,
    one_neuron_example,
)
from course_utils.optimizers import KERNEL_ONLY, METHODS, Method, register_method
from course_utils.web_figure import neighbor_values
from course_utils.widgets import Explorer

from tools import figure_page
from tools.lab import ARTIFACTS_DIR

pytestmark = pytest.mark.e2e

STATES = {
    # deux méthodes, l'étape t au milieu (points sur les courbes d'apprentissage)
    "moindres-carres": dict(objective="ls", methods=["gd", "momentum"], eta=0.3, T=20, t=12),
    # réseau tanh, trois méthodes, autre départ
    "tanh": dict(objective="tanh", methods=["gd", "momentum", "adam"], eta=0.5, T=60,
                 w0=(2.5, -3.0), t=40),
    # η > 2/L : trajectoires qui sortent du cadre, alerte « s'éloigne du minimum »
    "divergence": dict(objective="ls", methods=["gd", "sgd"], eta=0.7, T=30),
    # η ≈ 40 × 2/L : F devient infini (étape 81 pour la descente de gradient), puis les
    # points eux-mêmes (étape 162) ; courbes coupées, alerte « diverge (F infini…) »
    "diverge-infini": dict(objective="ls", methods=["gd", "momentum"], eta=20.0, T=200),
    # la cuvette étirée du chapitre 2 (κ = 10) : boule pesante et Nesterov
    "quadratique": dict(objective="quad", methods=["heavy_ball", "nesterov"], eta=1.2, T=40,
                        w0=(-2.5, 2.0), alpha=0.6),
    # le point selle du chapitre 5
    "un-neurone": dict(objective="one", methods=["gd", "adagrad"], eta=0.2, T=80,
                       w0=(0.05, 2.5)),
}

OBJECTIVES = {
    "ls": lambda: LeastSquares(*linear_example()),
    "tanh": lambda: TanhNetwork(*linear_example()),
    "quad": lambda: Quadratic.from_condition_number(10.0, angle=0.4),
    "one": lambda: OneNeuronNetwork(*one_neuron_example()),
}


def make(state):
    kw = dict(state)
    objective = OBJECTIVES[kw.pop("objective")]()
    methods, t = kw.pop("methods"), kw.pop("t", None)
    e = Explorer(objective, method=methods[0], compare=methods, **kw)
    if t is not None:
        e.controls["t"].value = t
    return e


def differing(a, b):
    return np.abs(a[..., :3].astype(int) - b[..., :3].astype(int)).max(axis=-1) > 16


@pytest.mark.parametrize("ratio", [1, 2])
@pytest.mark.parametrize("name", list(STATES))
def test_browser_draws_what_matplotlib_draws(browser, name, ratio):
    e = make(STATES[name])
    fig = e.web_figure
    fig.pixel_ratio = ratio  # ce que le navigateur écrirait : fond rendu à ce rapport
    context = browser.new_context(viewport={"width": 1100, "height": 520},
                                  device_scale_factor=ratio)
    try:
        page = context.new_page()
        figure_page.show(page, fig)  # l'état du widget, points du noyau compris
        web = figure_page.canvas_pixels(page)
        source = page.evaluate("() => window.__fig.root.__courseFigure.source")
        # un curseur bouge puis revient : le miroir dessine ; revenu, le noyau
        n = figure_page.draws(page)
        figure_page.set_params(page, eta=fig.eta * 1.1)
        figure_page.wait_drawn(page, n + 1)
        mirrored = page.evaluate("() => window.__fig.root.__courseFigure.source")
        figure_page.set_params(page, eta=fig.eta)  # (t revient alors à T, comme au noyau)
        figure_page.wait_drawn(page, n + 2)
        if fig.t != fig.T:
            figure_page.set_params(page, t=fig.t)
            figure_page.wait_drawn(page, n + 3)
        back = figure_page.canvas_pixels(page)
    finally:
        context.close()
    assert source == {m: "noyau" for m in e.methods}
    assert mirrored == {m: "miroir" for m in e.methods}
    ref = np.asarray(Image.open(io.BytesIO(fig.snapshot(ratio))).convert("RGBA"))
    assert web.shape == ref.shape == (430 * ratio, 1000 * ratio, 4)
    # moindres carrés et quadratique : le miroir redessine au bit près ce que le noyau a donné
    if name not in ("tanh", "un-neurone"):
        assert np.array_equal(back, web)
    else:
        assert differing(back, web).mean() < 0.001
    bad = differing(web, ref)
    text = np.zeros_like(bad)
    if e.alert:
        # les lettres de l'alerte (boîte d'encre du texte, 1 pixel de marge)
        plot = fig.plot
        plot.render(ratio)
        plot.figure.set_dpi(100 * ratio)
        x0, y0, x1, y1 = plot._alert.get_window_extent(plot.figure.canvas.get_renderer()).extents
        plot.figure.set_dpi(100)
        h = ref.shape[0]
        text[int(h - y1) - 1: int(h - y0) + 2, int(x0) - 1: int(x1) + 2] = True
    out = ARTIFACTS_DIR
    out.mkdir(parents=True, exist_ok=True)
    stem = f"figure-web-{name}-x{ratio}"
    Image.fromarray(web).save(out / f"{stem}-navigateur.png")
    Image.fromarray(ref).save(out / f"{stem}-matplotlib.png")
    Image.fromarray(np.where(bad, 0, 255).astype(np.uint8)).save(out / f"{stem}-ecarts.png")
    share = bad[~text].sum() / bad.size
    assert share <= 0.005, f"{100 * share:.2f} % des pixels diffèrent de plus de 16/255"
    if text.any():
        # les glyphes de chromium ne sont pas ceux de FreeType : au moins la moitié des pixels
        # de la boîte du texte sont les mêmes (texte absent ou mal placé : bien moins)
        assert bad[text].mean() < 0.5, f"texte de l'alerte : {100 * bad[text].mean():.0f} %"


def test_fallback_draws_the_kernel_points(browser):
    """Une méthode que le miroir ne connaît pas (KERNEL_ONLY) : les points du noyau (dans
    l'état du widget) ; quand les curseurs bougent, ses derniers points (en retard) restent
    dessinés et la méthode connue suit tout de suite (miroir) ; puis les nouveaux points du
    noyau arrivent et sont dessinés ; un cran plus haut, les points calculés d'avance ; un cran
    en arrière, les points d'avant, que le navigateur a gardés."""
    from course_utils import gradient_descent

    def halved(F, w0, eta, T, alpha, seed):
        return gradient_descent(F, w0, eta / 2, T)

    register_method(Method("demi", "pas moitié", False, False, halved, mirror=KERNEL_ONLY))
    page = browser.new_page(viewport={"width": 1100, "height": 520})
    try:
        e = Explorer(LeastSquares(*linear_example()), method="gd", compare=["demi"], eta=0.2,
                     T=15)
        # tous les voisins calculés d'avance, même sur une machine chargée (le budget de 20 ms
        # par défaut n'en laisse parfois aucun : vu en CI)
        e.prefetch_budget = 60.0
        figure_page.show(page, e.web_figure)
        source = "() => window.__fig.root.__courseFigure.source"
        assert page.evaluate(source) == {"gd": "noyau", "demi": "noyau"}
        both = figure_page.canvas_pixels(page)
        n = figure_page.draws(page)
        figure_page.set_params(page, eta=0.3)
        figure_page.wait_drawn(page, n + 1)
        assert page.evaluate(source) == {"gd": "miroir", "demi": "noyau (précédent)"}
        late = figure_page.canvas_pixels(page)
        assert differing(both, late).sum() > 200  # la trajectoire connue a suivi
        # le noyau répond : ses nouveaux points sont dessinés
        e.controls["eta"].value = 0.3
        n = figure_page.draws(page)
        figure_page.send_points(page, e.web_figure)
        figure_page.wait_drawn(page, n + 1)
        assert page.evaluate(source) == {"gd": "noyau", "demi": "noyau"}
        kernel_03 = figure_page.canvas_pixels(page)
        assert differing(late, kernel_03).sum() > 50  # « demi » a suivi
        # les points d'un cran plus haut sur η, calculés d'avance : le navigateur les dessine
        # dès que le curseur y arrive (η calculé par le navigateur : aux arrondis près)
        figure_page.send_ahead(page, e.web_figure)
        up = neighbor_values(e.controls["eta"])[1]
        n = figure_page.draws(page)
        figure_page.set_params(page, eta=up * (1 + 2.0 ** -52))
        figure_page.wait_drawn(page, n + 1)
        assert page.evaluate(source) == {"gd": "noyau (d'avance)", "demi": "noyau (d'avance)"}
        ahead = figure_page.canvas_pixels(page)
        e.controls["eta"].value = up  # le noyau répond : les mêmes points, la même image
        figure_page.set_params(page, eta=up)
        figure_page.send_points(page, e.web_figure)
        page.wait_for_function(f"() => ({source})().demi === 'noyau'", timeout=30_000)
        assert page.evaluate(source) == {"gd": "noyau", "demi": "noyau"}
        assert differing(ahead, figure_page.canvas_pixels(page)).sum() == 0
        # un cran en arrière (η = 0,3, absent des points d'avance) : les points d'avant du
        # noyau, gardés par le navigateur, sans attendre le noyau ; la même image qu'alors
        n = figure_page.draws(page)
        figure_page.set_params(page, eta=0.3)
        figure_page.wait_drawn(page, n + 1)
        assert page.evaluate(source) == {"gd": "noyau (d'avance)", "demi": "noyau (d'avance)"}
        assert differing(kernel_03, figure_page.canvas_pixels(page)).sum() == 0
    finally:
        page.close()
        del METHODS["demi"]


def test_pixel_ratio_follows_the_screen(browser):
    """Le rapport de pixels change après l'affichage (zoom du navigateur, autre écran) : au
    dessin suivant au plus tard, le widget l'écrit dans le modèle (le noyau rendra le fond à
    ce rapport) et son canevas passe à la nouvelle taille. (L'émulation de chromium ne
    déclenche pas l'événement de matchMedia qu'un vrai zoom déclenche : un curseur bouge.)"""
    e = make(STATES["moindres-carres"])
    context = browser.new_context(viewport={"width": 1100, "height": 520},
                                  device_scale_factor=1)
    try:
        page = context.new_page()
        figure_page.show(page, e.web_figure)
        ratio = "() => window.__fig.model.get('pixel_ratio')"
        width = "() => window.__fig.root.querySelector('canvas').width"
        assert page.evaluate(ratio) == 1
        css_width = page.evaluate("() => window.__fig.root.querySelector('canvas')"
                                  ".getBoundingClientRect().width")
        assert page.evaluate(width) == round(css_width)
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setDeviceMetricsOverride",
                 {"width": 1100, "height": 520, "deviceScaleFactor": 2, "mobile": False})
        assert page.evaluate("() => devicePixelRatio") == 2
        n = figure_page.draws(page)
        figure_page.set_params(page, eta=e.web_figure.eta * 1.1)
        figure_page.wait_drawn(page, n + 1)
        page.wait_for_function(f"() => ({ratio})() === 2", timeout=10_000)
        page.wait_for_function(f"() => ({width})() === {2 * round(css_width)}", timeout=10_000)
    finally:
        context.close()
