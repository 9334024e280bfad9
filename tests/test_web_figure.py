"""La figure web de l'explorateur (course_utils.web_figure), côté noyau, sans navigateur :
ce que reçoit le miroir (description de l'objectif, méthodes du registre, indices, tables),
les points numpy envoyés avec leurs paramètres, le fond redessiné seulement quand un axe
change, les calques, l'instantané PNG, le repli pour un objectif ou une méthode inconnus du
miroir."""

import base64
import io

import numpy as np
import pytest
from PIL import Image

from course_utils import (
    LeastSquares,
    Objective,
    OneNeuronNetwork,
    Quadratic,
    gradient_descent,
    linear_example,
    one_neuron_example,
)
from course_utils.optimizers import KERNEL_ONLY, METHODS, Method, register_method, sample_indices
from course_utils.web_figure import adam_tables, neighbor_values
from course_utils.widgets import Explorer


def png_size(data):
    return Image.open(io.BytesIO(data)).size


def points(e):
    p = e.web_figure.points
    Z = {m: np.frombuffer(z, dtype="<f8").reshape(-1, 2)
         for m, z in zip(p["methods"], p["Z"], strict=True)}
    F = {m: np.frombuffer(f, dtype="<f8") for m, f in zip(p["methods"], p["F"], strict=True)}
    return p["key"], Z, F


def test_the_mirror_is_fed_from_the_registry(least_squares):
    e = Explorer(least_squares, method="sgd", compare=["gd", "adam", "heavy_ball"], T=20,
                 T_max=150)
    fig = e.web_figure
    assert fig.objective_spec == {"kind": "LeastSquares", "X": least_squares.X.tolist(),
                                  "y": least_squares.y.tolist()}
    assert [s["mirror"] for s in fig.styles] == ["sgd", "gd", "adam", "heavy_ball"]
    assert [s["stochastic"] for s in fig.styles] == [True, False, False, False]
    assert [s["schedule"] for s in fig.styles] == ["inv_sqrt", "constant", "constant",
                                                   "constant"]
    assert [s["label"] for s in fig.styles] == [METHODS[m].label for m in e.methods]
    # une graine : les indices que tire optimizers.sample_indices, jusqu'à T_max
    assert sorted(map(int, fig.indices)) == list(range(100))
    assert fig.indices["7"] == sample_indices(3, 150, 7).tolist()
    # ceux d'un T plus court en sont le début (c'est ce qui permet de les préparer)
    assert sample_indices(3, 20, 7).tolist() == fig.indices["7"][:20]
    assert fig.adam == adam_tables(150)
    # une graine ou un T au-delà de ce qui est préparé : le noyau complète
    e.controls["seed"].max = 2000
    e.controls["seed"].value = 1234
    e.controls["T"].value = 150
    e.controls["T"].max = 180
    e.controls["T"].value = 180
    assert fig.indices["1234"] == sample_indices(3, 180, 1234).tolist()
    assert len(fig.indices["0"]) >= 150 and len(fig.adam["bc1"]) == 180
    # sans méthode stochastique ni Adam : rien d'inutile
    plain = Explorer(least_squares, method="gd").web_figure
    assert plain.indices == {} and plain.adam == {}


@pytest.mark.parametrize("objective, kind", [
    (Quadratic.from_condition_number(10.0, angle=0.3), "Quadratic"),
    (OneNeuronNetwork(*one_neuron_example()), "OneNeuronNetwork"),
])
def test_the_chapters_objectives_are_mirrored(objective, kind):
    e = Explorer(objective, method="heavy_ball", compare=["nesterov"], eta=0.2, w0=(-1.0, 2.0))
    assert e.web_figure.objective_spec["kind"] == kind
    assert all(s["mirror"] for s in e.web_figure.styles)


def test_points_are_sent_with_their_parameters(least_squares):
    e = Explorer(least_squares, method="gd", compare=["momentum"], T=10)
    e.controls["eta"].value = 0.1
    key, Z, F = points(e)
    assert key == [0.1, 10, -7.0, 7.0, 0.5, 0]
    np.testing.assert_array_equal(Z["momentum"], e.trajectories["momentum"])
    np.testing.assert_array_equal(F["momentum"], least_squares.value(Z["momentum"]))
    # le départ exact (hors de la grille des curseurs) est celui des points envoyés
    exact = Explorer(least_squares, w0=(-6.013, 6.987))
    assert points(exact)[0][2:4] == [-6.013, 6.987]


def test_background_is_redrawn_only_when_an_axis_changes(least_squares):
    e = Explorer(least_squares, T=20, eta=0.1, resolution=41)
    fig = e.web_figure
    assert fig.background == b""  # pas montrée : pas de fond dessiné
    fig.ensure_background()  # montrée
    renders = []
    original = fig._render_background
    fig._render_background = lambda: (renders.append(fig.plot.limits), original())[1]
    first = fig.background
    for eta in (0.11, 0.12, 0.13):  # même décade de F, même T rond : rien
        e.controls["eta"].value = eta
    e.controls["t"].value = 5
    assert renders == []
    e.controls["T"].value = 25  # l'axe des itérations passe de 20 à 30
    assert len(renders) == 1 and renders[0][0] == (0.0, 30.0)
    e.controls["T"].value = 28  # toujours 30
    assert len(renders) == 1
    e.controls["eta"].value = 0.7  # η > 2/L : F s'envole, l'axe de F change
    assert len(renders) == 2 and renders[1][1][1] > 1e10
    assert fig.background != first


def test_background_follows_the_pixel_ratio(least_squares):
    fig = Explorer(least_squares, resolution=41).web_figure
    fig.pixel_ratio = 1.5  # (pas encore montrée : rien n'est dessiné)
    assert fig.background == b""
    fig.pixel_ratio = 1.0
    fig.ensure_background()
    assert png_size(fig.background) == (1000, 430) == png_size(fig.overlay)
    assert fig.geometry["ratio"] == 1.0 and fig.geometry["width"] == 1000.0
    fig.pixel_ratio = 2.0  # écrit par le navigateur d'un écran haute densité
    assert png_size(fig.background) == (2000, 860) == png_size(fig.overlay)
    # la géométrie reste en pixels CSS : les axes ne bougent pas
    plane = fig.geometry["plane"]
    assert plane["xlim"] == [-8.0, 8.0] and 80 < plane["x0"] < 90 and plane["w"] > 300


def test_layers_split_the_figure(least_squares):
    """Le fond n'a ni légendes ni trajectoires ; les légendes sont sur un calque transparent."""
    fig = Explorer(least_squares, resolution=41).web_figure
    fig._on_front_msg(fig, {"type": "background"}, [])  # une vue qui naît le demande
    over = np.asarray(Image.open(io.BytesIO(fig.overlay)).convert("RGBA"))
    back = np.asarray(Image.open(io.BytesIO(fig.background)).convert("RGBA"))
    assert back[..., 3].min() == 255  # opaque
    drawn = over[..., 3] > 0
    assert 0.005 < drawn.mean() < 0.08  # deux légendes et la droite F(w*), rien d'autre
    g = fig.geometry["curve"]
    f_star = fig.plot.f_star
    # la droite F(w*) pointillée traverse la courbe d'apprentissage
    row = int(round(g["y0"] + g["h"] * (1 - (np.log10(f_star) - np.log10(g["ylim"][0]))
                                        / (np.log10(g["ylim"][1]) - np.log10(g["ylim"][0])))))
    assert drawn[row - 1: row + 2, int(g["x0"]): int(g["x0"] + g["w"])].any(axis=0).mean() > 0.4
    # la trajectoire (dessinée par le navigateur) n'est pas dans le fond : l'instantané, lui,
    # l'a, et diffère du fond
    snap = np.asarray(Image.open(io.BytesIO(fig.snapshot())).convert("RGB")).astype(int)
    assert (np.abs(snap - back[..., :3].astype(int)).max(axis=-1) > 16).mean() > 0.003


def test_snapshot_and_mimebundle(least_squares):
    e = Explorer(least_squares, method="gd", compare=["momentum"], eta=0.7, T=30,
                 resolution=41)
    data = e._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    png = base64.b64decode(data["image/png"])
    w, h = png_size(png)
    assert w == 1000 and h > 430  # la figure et, dessous, la ligne d'état
    assert "Explorer" in data["text/plain"]
    # la trajectoire divergente est dessinée : l'image diffère du fond
    snap = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)[:430]
    back = np.asarray(Image.open(io.BytesIO(e.web_figure.background)).convert("RGB"))
    assert (np.abs(snap - back.astype(int)).max(axis=-1) > 16).mean() > 0.01


def test_alert_metrics_cover_every_alert(least_squares):
    e = Explorer(least_squares, method="gd", compare=["sgd"], T=20, T_max=50, resolution=41)
    lines = e.web_figure.alert_metrics["lines"]
    assert "descente de gradient : diverge" in lines
    assert "SGD (pas η/√t) : s'éloigne du minimum" in lines
    # les étapes jusqu'au T courant (le navigateur mesure lui-même le temps que le noyau
    # complète)
    assert "(F infini à l'étape 20)" in lines and "(F a augmenté)" in lines
    assert "(F infini à l'étape 21)" not in lines
    w, h, d = lines["(F a augmenté)"]
    assert 60 < w < 140 and 8 < h < 20 and 0 < d < 6
    e.controls["T"].max = 80
    e.controls["T"].value = 80
    assert "(F infini à l'étape 80)" in e.web_figure.alert_metrics["lines"]


class Shifted(Objective):
    """Un objectif que le miroir ne connaît pas : (w·x − y + 1)²."""

    name = "décalé"

    def _model(self, w, x):
        return np.sum(w * x, axis=-1) + 1.0

    def _model_grad(self, w, x):
        return np.broadcast_to(x, np.broadcast_shapes(np.shape(w), np.shape(x)))


@pytest.fixture
def halved_method():
    def halved(F, w0, eta, T, alpha, seed):
        return gradient_descent(F, w0, eta / 2, T)

    register_method(Method("demi", "pas moitié", False, False, halved, mirror=KERNEL_ONLY))
    yield
    del METHODS["demi"]


def test_fallback_for_objectives_and_methods_the_mirror_does_not_know(halved_method):
    X, y = linear_example()
    e = Explorer(Shifted(X, y), method="gd", compare=["sgd"], T=15, eta=0.1, resolution=41)
    fig = e.web_figure
    assert fig.objective_spec is None and fig.indices == {}
    assert [s["mirror"] for s in fig.styles] == ["", ""]
    e.controls["eta"].value = 0.05
    key, Z, _ = points(e)
    assert key[0] == 0.05 and list(Z) == ["gd", "sgd"]
    np.testing.assert_array_equal(Z["gd"], gradient_descent(Shifted(X, y), (-7, 7), 0.05, 15))

    mixed = Explorer(LeastSquares(X, y), method="gd", compare=["demi"], T=10, resolution=41)
    assert [s["mirror"] for s in mixed.web_figure.styles] == ["gd", ""]
    assert [s["label"] for s in mixed.web_figure.styles] == ["descente de gradient",
                                                             "pas moitié"]
    np.testing.assert_array_equal(points(mixed)[1]["demi"],
                                  gradient_descent(LeastSquares(X, y), (-7, 7), 0.2, 10))


def test_neighbor_values_are_one_notch_away_on_the_slider_grid():
    import ipywidgets

    log = ipywidgets.FloatLogSlider(value=0.1, base=10, min=-3, max=0, step=0.01)
    lo, hi = neighbor_values(log)
    assert lo == pytest.approx(10 ** -1.01, rel=1e-12) and hi == pytest.approx(10 ** -0.99,
                                                                                rel=1e-12)
    log.value = 1.0
    assert neighbor_values(log) == [pytest.approx(10 ** -0.01, rel=1e-12)]  # la borne haute
    lin = ipywidgets.FloatSlider(value=-8.0, min=-8.0, max=8.0, step=0.05)
    assert neighbor_values(lin) == [-7.95]
    lin.value = 0.1
    assert neighbor_values(lin) == [0.05, 0.15]
    assert neighbor_values(ipywidgets.IntSlider(value=20, min=0, max=20)) == [19]
    assert neighbor_values(ipywidgets.IntSlider(value=0, min=0, max=0)) == []


def test_fallback_sends_the_neighbors_computed_ahead():
    """Repli noyau : les trajectoires numpy d'un cran plus bas et plus haut de chaque curseur
    sont envoyées d'avance (celles du curseur qui vient de bouger d'abord, un cran plus loin
    dans le sens du mouvement en premier) ; avec le miroir, rien."""
    X, y = linear_example()
    F = Shifted(X, y)
    e = Explorer(F, method="gd", T=15, eta=0.1, w0=(-7.0, 7.0), resolution=41)
    e.prefetch_budget = 60.0  # (tout, même sur une machine chargée)
    e.controls["w1"].value = -6.0
    ahead = e.web_figure.ahead
    keys = [a["key"] for a in ahead]
    eta = e.controls["eta"].value
    # le curseur bougé (w₁) d'abord, monté : un cran plus haut, puis plus bas ; puis η, T, w₂
    # (α et la graine ne sont pas montrés)
    assert keys[:2] == [[eta, 15, -5.95, 7.0, 0.5, 0], [eta, 15, -6.05, 7.0, 0.5, 0]]
    assert len(keys) == 8 and len({tuple(k) for k in keys}) == 8
    assert {k[1] for k in keys} == {14, 15, 16}
    for a in ahead:
        k = a["key"]
        Z = np.frombuffer(a["Z"][0], dtype="<f8").reshape(-1, 2)
        np.testing.assert_array_equal(Z, gradient_descent(F, (k[2], k[3]), k[0], k[1]))
        np.testing.assert_array_equal(np.frombuffer(a["F"][0], dtype="<f8"), F.value(Z))
    # descendu : un cran plus bas d'abord ; les autres curseurs, toujours du bas vers le haut
    e.controls["w1"].value = -6.5
    keys = [a["key"] for a in e.web_figure.ahead]
    assert keys[:4] == [[eta, 15, -6.55, 7.0, 0.5, 0], [eta, 15, -6.45, 7.0, 0.5, 0],
                        [pytest.approx(eta * 10 ** -0.01), 15, -6.5, 7.0, 0.5, 0],
                        [pytest.approx(eta * 10 ** 0.01), 15, -6.5, 7.0, 0.5, 0]]
    # avec le miroir, le navigateur calcule lui-même : rien d'avance
    mirrored = Explorer(LeastSquares(X, y), T=15, resolution=41)
    mirrored.controls["eta"].value = 0.05
    assert mirrored.web_figure.ahead == []


def test_prefetch_stays_within_its_budget():
    """Un objectif lent : le calcul d'avance s'arrête à son budget (20 ms par défaut)."""
    import time

    class Slow(Shifted):
        def grad(self, w):
            time.sleep(0.0008)
            return super().grad(w)

    e = Explorer(Slow(*linear_example()), method="gd", T=15, eta=0.1, resolution=41)
    assert e.prefetch_budget == 0.02
    e.controls["eta"].value = 0.05  # ≥ 12 ms par trajectoire : une de plus au plus
    assert len(e.web_figure.ahead) <= 1
    e.prefetch_budget = 0.0
    e.controls["eta"].value = 0.1
    assert e.web_figure.ahead == []


def test_numbers_on_the_figure_use_the_decimal_comma(least_squares):
    e = Explorer(least_squares, resolution=41)
    e.web_figure.snapshot()
    plane = [t.get_text() for t in e.plane_axes.get_xticklabels()]
    assert "2,5" in plane and "−7,5" in plane, plane


def test_a_refused_value_keeps_the_last_valid_figure(least_squares):
    e = Explorer(least_squares, T=10, resolution=41)
    before = points(e)
    e.controls["eta"].value = float("nan")  # tapé dans la lecture d'un curseur
    assert "paramètre eta" in e.status
    assert points(e)[0] == before[0]
    e.controls["eta"].value = 0.2
    assert "Valeur refusée" not in e.status and points(e)[0][0] == 0.2


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # (matplotlib_inline, traitlets)
def test_background_of_an_export_is_drawn_at_the_inline_backend_ratio(least_squares):
    """Diapositives (figures en ligne « retina ») : le fond est rendu à 2 pixels par pixel
    CSS avant que le navigateur ne dise son rapport ; ailleurs, à 1."""
    from matplotlib_inline.config import InlineBackend

    assert not InlineBackend.initialized()
    assert Explorer(least_squares, resolution=41).web_figure.pixel_ratio == 1.0
    InlineBackend.instance(figure_formats={"retina"})
    try:
        fig = Explorer(least_squares, resolution=41).web_figure
        assert fig.pixel_ratio == 2.0
        fig.ensure_background()
        assert fig.geometry["ratio"] == 2.0
        w, h = fig.geometry["width"], fig.geometry["height"]
        with Image.open(io.BytesIO(fig.background)) as img:
            assert img.size == (round(2 * w), round(2 * h))
    finally:
        InlineBackend.clear_instance()


def test_the_browser_writes_the_alert_words_of_the_status_line(least_squares):
    """Les mots des alertes que le navigateur écrit sur la figure sont ceux de status.py (une
    seule définition), envoyés avec l'état du widget."""
    from course_utils.divergence import Verdict
    from course_utils.status import ALERT_WORDS, figure_alert

    fig = Explorer(least_squares, resolution=41).web_figure
    assert fig.get_state(["alert_words"])["alert_words"] == ALERT_WORDS
    assert figure_alert("gd", Verdict(7, False)) == "gd : " + ALERT_WORDS["diverged"].replace(
        "{step}", "7")
    assert figure_alert("gd", Verdict(None, True)) == "gd : " + ALERT_WORDS["went_up"]
    assert figure_alert("gd", Verdict(None, False)) == ""
