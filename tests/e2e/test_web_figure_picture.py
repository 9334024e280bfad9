"""Test d'image : la figure web (fond matplotlib + canevas dessiné par le navigateur) contre la
même figure dessinée entièrement par matplotlib (``WebFigure.snapshot``, l'image des exports).

Le vrai module du widget tourne dans chromium (page nue, tests/e2e/figure_page.py), aux rapports
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

from course_utils import LeastSquares, TanhNetwork, linear_example
from course_utils.web_figure import WebFigure

from tools import figure_page
from tools.lab import ARTIFACTS_DIR

pytestmark = pytest.mark.e2e

STATES = {
    # deux méthodes, l'étape t au milieu (points sur les courbes d'apprentissage)
    "moindres-carres": dict(objective="ls", methods=["gd", "momentum"], eta=0.3, T=20, t=12),
    # réseau tanh, trois méthodes, autre départ
    "tanh": dict(objective="tanh", methods=["gd", "momentum", "adam"], eta=0.5, T=60,
                 w0=(2.5, -3.0), t=40),
    # η > 2/L : trajectoires qui sortent du cadre, alerte de divergence
    "divergence": dict(objective="ls", methods=["gd", "sgd"], eta=0.7, T=30),
}


def make(state):
    kw = dict(state)
    X, y = linear_example()
    objective = LeastSquares(X, y) if kw.pop("objective") == "ls" else TanhNetwork(X, y)
    return WebFigure(objective, **kw)


def differing(a, b):
    return np.abs(a[..., :3].astype(int) - b[..., :3].astype(int)).max(axis=-1) > 16


@pytest.mark.parametrize("ratio", [1, 2])
@pytest.mark.parametrize("name", list(STATES))
def test_browser_draws_what_matplotlib_draws(browser, name, ratio):
    fig = make(STATES[name])
    fig.pixel_ratio = ratio  # ce que le navigateur écrirait : fond rendu à ce rapport
    context = browser.new_context(viewport={"width": 1100, "height": 520},
                                  device_scale_factor=ratio)
    try:
        page = context.new_page()
        figure_page.show(page, fig)
        figure_page.send_points(page, fig)  # les points numpy du noyau, comme dans JupyterLab
        figure_page.wait_drawn(page, 2)
        web = figure_page.canvas_pixels(page)
        info = page.evaluate("() => window.__fig.root.__courseFigure")
    finally:
        context.close()
    ref = np.asarray(Image.open(io.BytesIO(fig.snapshot(ratio))).convert("RGBA"))
    assert web.shape == ref.shape == (430 * ratio, 1000 * ratio, 4)
    # les points du noyau sont bien ceux du miroir (moindres carrés : au bit près)
    if name != "tanh":
        assert info["kernelAgrees"] == len(fig.methods) and info["kernelDiffers"] == 0
    bad = differing(web, ref)
    text = np.zeros_like(bad)
    if fig._alert.get_visible():
        # les lettres de l'alerte (boîte d'encre du texte, 1 pixel de marge)
        fig.snapshot(ratio)
        fig.figure.set_dpi(100 * ratio)
        x0, y0, x1, y1 = fig._alert.get_window_extent(fig.figure.canvas.get_renderer()).extents
        fig.figure.set_dpi(100)
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
    """Une méthode que le miroir ne connaît pas : rien tant que le noyau n'a pas répondu, puis
    ses points ; ensuite, quand les curseurs bougent, ses derniers points (en retard) restent
    dessinés, et la méthode connue suit tout de suite (miroir)."""
    from course_utils import gradient_descent

    def halved(F, w0, eta, T, alpha, seed):
        return gradient_descent(F, w0, eta / 2, T)

    fig = WebFigure(LeastSquares(*linear_example()), methods=["gd", "demi"], eta=0.2, T=15,
                    extra_methods={"demi": ("pas moitié", halved)})
    page = browser.new_page(viewport={"width": 1100, "height": 520})
    try:
        figure_page.show(page, fig)
        source = "() => window.__fig.root.__courseFigure.source"
        assert page.evaluate(source) == {"gd": "miroir", "demi": "aucune"}
        alone = figure_page.canvas_pixels(page)
        figure_page.send_points(page, fig)
        figure_page.wait_drawn(page, 2)
        assert page.evaluate(source) == {"gd": "noyau", "demi": "noyau"}
        both = figure_page.canvas_pixels(page)
        assert differing(alone, both).sum() > 200  # la seconde trajectoire est apparue
        n = figure_page.draws(page)
        figure_page.set_params(page, eta=0.3)
        figure_page.wait_drawn(page, n + 1)
        assert page.evaluate(source) == {"gd": "miroir", "demi": "noyau (précédent)"}
    finally:
        page.close()
