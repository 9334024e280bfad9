"""La figure web de l'explorateur (course_utils.web_figure), côté noyau, sans navigateur :
trajectoires numpy, données du miroir, fond redessiné seulement quand un axe change, points
envoyés, instantané PNG, repli pour un objectif ou une méthode inconnus du miroir."""

import base64
import io

import ipywidgets
import numpy as np
import pytest
from PIL import Image

from course_utils import (
    Adam,
    LeastSquares,
    Objective,
    RMSprop,
    TanhNetwork,
    gradient_descent,
    linear_example,
    run,
    sgd,
    sgd_momentum,
)
from course_utils.optimizers import sample_indices
from course_utils.web_figure import WebFigure, adam_tables, link_controls, make_controls


class Sent:
    """Les messages « points » que le widget envoie au navigateur."""

    def __init__(self, fig):
        self.messages = []
        fig.send = lambda content, buffers=None: self.messages.append((content, buffers))


def core(method, F, w0, eta, T, alpha, seed):
    return {
        "gd": lambda: gradient_descent(F, w0, eta, T),
        "sgd": lambda: sgd(F, w0, eta, T, seed=seed),
        "momentum": lambda: sgd_momentum(F, w0, eta, alpha, T, seed=seed),
        "rmsprop": lambda: run(RMSprop(lr=eta), F, w0, T),
        "adam": lambda: run(Adam(lr=eta), F, w0, T),
    }[method]()


def png_size(data):
    return Image.open(io.BytesIO(data)).size


def test_trajectories_are_the_core_ones(objective):
    methods = ["gd", "sgd", "momentum", "rmsprop", "adam"]
    fig = WebFigure(objective, methods=methods, eta=0.2, T=30, w0=(1.0, -2.0), alpha=0.7,
                    seed=4)
    for m in methods:
        np.testing.assert_array_equal(fig.trajectories[m],
                                      core(m, objective, (1.0, -2.0), 0.2, 30, 0.7, 4))
    np.testing.assert_array_equal(fig.trajectory, fig.trajectories["gd"])
    # les paramètres bougent (comme un curseur relié) : le noyau recalcule
    fig.eta, fig.seed, fig.w1 = 0.05, 9, 3.0
    np.testing.assert_array_equal(fig.trajectories["momentum"],
                                  core("momentum", objective, (3.0, -2.0), 0.05, 30, 0.7, 9))


def test_the_mirror_is_fed_with_data_indices_and_tables(least_squares):
    fig = WebFigure(least_squares, methods=["gd", "sgd", "adam"], T=20, T_max=150)
    assert fig.objective_kind == "LeastSquares"
    assert fig.X == least_squares.X.tolist() and fig.y == least_squares.y.tolist()
    assert [s["mirror"] for s in fig.styles] == [True, True, True]
    # une graine : les indices que tire optimizers.sample_indices, jusqu'à T_max
    assert sorted(map(int, fig.indices)) == list(range(100))
    assert fig.indices["7"] == sample_indices(3, 150, 7).tolist()
    # ceux d'un T plus court en sont le début (c'est ce qui permet de les préparer)
    assert sample_indices(3, 20, 7).tolist() == fig.indices["7"][:20]
    assert fig.adam == adam_tables(150)
    # une graine ou un T au-delà de ce qui est préparé : le noyau complète
    fig.seed, fig.T = 1234, 180
    assert fig.indices["1234"] == sample_indices(3, 180, 1234).tolist()
    assert len(fig.indices["0"]) >= 150 and len(fig.adam["bc1"]) == 180
    # sans méthode stochastique ni Adam : rien d'inutile
    plain = WebFigure(least_squares, methods=["gd"])
    assert plain.indices == {} and plain.adam == {}


def test_points_are_sent_with_their_parameters(least_squares):
    fig = WebFigure(least_squares, methods=["gd", "momentum"], T=10)
    sent = Sent(fig)
    fig.eta = 0.1
    content, buffers = sent.messages[-1]
    assert content == {"type": "points", "key": [0.1, 10, -7.0, 7.0, 0.5, 0],
                       "methods": ["gd", "momentum"]}
    Z = np.frombuffer(buffers[2], dtype="<f8").reshape(-1, 2)
    F = np.frombuffer(buffers[3], dtype="<f8")
    np.testing.assert_array_equal(Z, fig.trajectories["momentum"])
    np.testing.assert_array_equal(F, least_squares.value(Z))
    # une vue qui naît demande l'état du noyau
    n = len(sent.messages)
    fig._on_front_msg(fig, {"type": "hello"}, [])
    assert len(sent.messages) == n + 1


def test_background_is_redrawn_only_when_an_axis_changes(least_squares):
    fig = WebFigure(least_squares, T=20, eta=0.1)
    renders = []
    original = fig._render_background
    fig._render_background = lambda: (renders.append(fig._limits), original())[1]
    first = fig.background
    for eta in (0.11, 0.12, 0.13):  # même décade de F, même T rond : rien
        fig.eta = eta
    fig.t = 5
    assert renders == []
    fig.T = 25  # l'axe des itérations passe de 20 à 30
    assert len(renders) == 1 and renders[0][0] == (0.0, 30.0)
    fig.T = 28  # toujours 30
    assert len(renders) == 1
    fig.eta = 0.7  # η > 2/L : F s'envole, l'axe de F change
    assert len(renders) == 2 and renders[1][1][1] > 1e10
    assert fig.background != first


def test_background_follows_the_pixel_ratio(least_squares):
    fig = WebFigure(least_squares)
    assert png_size(fig.background) == (1000, 430) == png_size(fig.overlay)
    assert fig.geometry["ratio"] == 1.0 and fig.geometry["width"] == 1000.0
    fig.pixel_ratio = 2.0  # écrit par le navigateur d'un écran haute densité
    assert png_size(fig.background) == (2000, 860) == png_size(fig.overlay)
    # la géométrie reste en pixels CSS : les axes ne bougent pas
    plane = fig.geometry["plane"]
    assert plane["xlim"] == [-8.0, 8.0] and 80 < plane["x0"] < 90 and plane["w"] > 300


def test_layers_split_the_figure(least_squares):
    """Le fond n'a ni légendes ni trajectoires ; les légendes sont sur un calque transparent."""
    fig = WebFigure(least_squares)
    over = np.asarray(Image.open(io.BytesIO(fig.overlay)).convert("RGBA"))
    back = np.asarray(Image.open(io.BytesIO(fig.background)).convert("RGBA"))
    assert back[..., 3].min() == 255  # opaque
    drawn = over[..., 3] > 0
    assert 0.005 < drawn.mean() < 0.08  # deux légendes et la droite F(w*), rien d'autre
    g = fig.geometry["curve"]
    # la droite F(w*) pointillée traverse la courbe d'apprentissage
    row = int(round(g["y0"] + g["h"] * (1 - (np.log10(fig._F_star) - np.log10(g["ylim"][0]))
                                        / (np.log10(g["ylim"][1]) - np.log10(g["ylim"][0])))))
    assert drawn[row - 1: row + 2, int(g["x0"]): int(g["x0"] + g["w"])].any(axis=0).mean() > 0.4


def test_snapshot_and_mimebundle(least_squares):
    fig = WebFigure(least_squares, methods=["gd", "momentum"], eta=0.7, T=30)
    data = fig._repr_mimebundle_()
    data = data[0] if isinstance(data, tuple) else data
    assert "application/vnd.jupyter.widget-view+json" in data
    png = base64.b64decode(data["image/png"])
    assert png_size(png) == (1000, 430)
    assert "WebFigure" in data["text/plain"]
    # la trajectoire divergente est dessinée : l'image diffère du fond
    snap = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    back = np.asarray(Image.open(io.BytesIO(fig.background)).convert("RGB")).astype(int)
    assert (np.abs(snap - back).max(axis=-1) > 16).mean() > 0.01


def test_alert_metrics_cover_every_alert(least_squares):
    fig = WebFigure(least_squares, methods=["gd", "sgd"], T=20, T_max=50)
    lines = fig.alert_metrics["lines"]
    assert "descente de gradient : diverge" in lines and "SGD (pas η/√t) : s'éloigne du minimum" \
        in lines
    assert "(F infini à l'étape 50)" in lines and "(F a augmenté)" in lines
    w, h, d = lines["(F a augmenté)"]
    assert 60 < w < 140 and 8 < h < 20 and 0 < d < 6
    fig.T = 80
    assert "(F infini à l'étape 80)" in fig.alert_metrics["lines"]


def test_t_follows_T_set_from_python(least_squares):
    fig = WebFigure(least_squares, T=20)
    assert fig.t == 20
    fig.T = 40
    assert fig.t == 40


class Shifted(Objective):
    """Un objectif que le miroir ne connaît pas : (w·x − y + 1)²."""

    name = "décalé"

    def _model(self, w, x):
        return np.sum(w * x, axis=-1) + 1.0

    def _model_grad(self, w, x):
        return np.broadcast_to(x, np.broadcast_shapes(np.shape(w), np.shape(x)))


def test_fallback_for_objectives_and_methods_the_mirror_does_not_know():
    X, y = linear_example()
    fig = WebFigure(Shifted(X, y), methods=["gd", "sgd"], T=15, eta=0.1)
    assert fig.objective_kind == "" and fig.X == [] and fig.indices == {}
    assert [s["mirror"] for s in fig.styles] == [False, False]
    sent = Sent(fig)
    fig.eta = 0.05
    assert sent.messages[-1][0]["methods"] == ["gd", "sgd"]
    np.testing.assert_array_equal(fig.trajectory,
                                  gradient_descent(Shifted(X, y), (-7, 7), 0.05, 15))

    def halved(F, w0, eta, T, alpha, seed):
        return gradient_descent(F, w0, eta / 2, T)

    mixed = WebFigure(LeastSquares(X, y), methods=["gd", "demi"], T=10,
                      extra_methods={"demi": ("pas moitié", halved)})
    assert [s["mirror"] for s in mixed.styles] == [True, False]
    assert [s["label"] for s in mixed.styles] == ["descente de gradient", "pas moitié"]
    np.testing.assert_array_equal(mixed.trajectories["demi"],
                                  gradient_descent(LeastSquares(X, y), (-7, 7), 0.2, 10))


def test_tanh_network_is_mirrored(tanh_net):
    fig = WebFigure(tanh_net, methods=["gd", "nesterov"], w0=(2.5, -3.0))
    assert fig.objective_kind == "TanhNetwork"
    assert fig.region_tuple == TanhNetwork.default_region
    np.testing.assert_array_equal(
        fig.trajectories["nesterov"],
        run(__import__("course_utils").SGD(lr=0.4, momentum=0.5, nesterov=True), tanh_net,
            (2.5, -3.0), 20))


@pytest.mark.parametrize("kwargs, word", [
    (dict(methods=["newton"]), "methods"),
    (dict(eta=-1), "eta"),
    (dict(T=-3), "T"),
    (dict(w0=(1, 2, 3)), "w0"),
    (dict(alpha=1.5), "alpha"),
    (dict(extra_methods={"x": "pas une fonction"}), "extra_methods"),
])
def test_bad_arguments_give_french_errors(least_squares, kwargs, word):
    with pytest.raises((ValueError, TypeError), match=f"paramètre {word}"):
        WebFigure(least_squares, **kwargs)


def test_controls_are_linked_in_the_browser(least_squares):
    fig = WebFigure(least_squares, methods=["gd", "momentum"], eta=0.3, T=20)
    controls, box = make_controls(fig)
    assert isinstance(box, ipywidgets.VBox)
    assert controls["eta"].value == 0.3 and controls["T"].value == 20
    links = fig._links
    pairs = {(ln.source[0].description if hasattr(ln.source[0], "description") else "",
              ln.source[1], ln.target[1]) for ln in links}
    assert ("pas η", "value", "eta") in pairs and ("itérations T", "value", "max") in pairs
    # des liens du navigateur (jslink, jsdlink), pas des observateurs Python
    assert {type(ln).__name__ for ln in links} == {"Link", "DirectionalLink"}
    # jslink : rien ne passe par le noyau ; un lien explicite sur une autre liste marche aussi
    assert len(link_controls(fig, {"eta": controls["eta"]})) == 1


def test_numbers_on_the_figure_use_the_decimal_comma(least_squares):
    fig = WebFigure(least_squares, colorbar=True)
    fig.snapshot()
    cbar = fig.figure.axes[-1]
    labels = [t.get_text() for t in cbar.get_yticklabels()]
    assert any("," in t for t in labels) and not any("." in t for t in labels), labels
    plain = WebFigure(least_squares)
    plain.snapshot()
    plane = [t.get_text() for t in plain._ax.get_xticklabels()]
    assert "2,5" in plane and "−7,5" in plane, plane


def test_a_refused_value_keeps_the_last_valid_figure(least_squares):
    fig = WebFigure(least_squares, T=10)
    before = fig.trajectory.copy()
    fig.eta = 0.0  # tapé dans la lecture d'un curseur
    assert "paramètre eta" in fig.error
    np.testing.assert_array_equal(fig.trajectory, before)
    fig.eta = 0.2
    assert fig.error == ""
