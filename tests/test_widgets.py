"""L'explorateur, sans navigateur : curseurs, clics, divergence, fuites, image PNG.

Le navigateur est simulé comme il parle au noyau : une valeur reçue d'un curseur passe par
``set_state`` (ipywidgets la verrouille pendant qu'il la pose), et un clic sur les courbes de
niveau arrive comme les valeurs des deux curseurs du départ, posées sur leur grille par la
figure du navigateur (static/explorer_figure.js ; le clic lui-même est testé dans chromium,
tests/e2e)."""

import base64
import io
import re
import warnings
from dataclasses import replace

import ipywidgets
import matplotlib
import numpy as np
import pytest
from matplotlib.backend_bases import MouseEvent
from matplotlib.text import Text
from PIL import Image

from course_utils import (
    Adam,
    LeastSquares,
    RMSprop,
    gradient_descent,
    run,
    sgd,
    sgd_momentum,
)
from course_utils import live_figure
from course_utils.optimizers import METHODS
from course_utils.widgets import Explorer

from ipywidgets.widgets.widget import _instances as widget_instances


def pixels(widget):
    """L'image que montre le widget : pour l'explorateur, sa figure dessinée par matplotlib
    (l'instantané des exports : trajectoires comprises) ; pour la sonde, son canevas."""
    if isinstance(widget, Explorer):
        return np.asarray(Image.open(io.BytesIO(widget.web_figure.snapshot())))
    return np.asarray(widget.figure.canvas.buffer_rgba()).copy()


def sent_points(explorer):
    """Ce que le navigateur a reçu du noyau : paramètres et trajectoires numpy."""
    p = explorer.web_figure.points
    return p["key"], {m: np.frombuffer(z, dtype="<f8").reshape(-1, 2)
                      for m, z in zip(p["methods"], p["Z"], strict=True)}


def browser_click(explorer, x, y):
    """Un clic du navigateur en (x, y) sur les courbes de niveau : la figure pose le point sur
    la grille des curseurs du départ (comme onClick de explorer_figure.js), ses liens font
    suivre les curseurs w₁ puis w₂ (un message chacun), puis la figure elle-même."""
    fig = explorer.web_figure
    w1min, w1max, w2min, w2max = fig.region
    step = fig.start_step

    def on_grid(v, lo, hi):
        k = round((min(max(v, lo), hi) - lo) / step)
        return min(max(round(lo + k * step, 10), lo), hi)

    w1, w2 = on_grid(x, w1min, w1max), on_grid(y, w2min, w2max)
    explorer.controls["w1"].set_state({"value": w1})
    explorer.controls["w2"].set_state({"value": w2})
    fig.set_state({"w1": w1, "w2": w2})


def core(method, F, w0, eta, T, alpha, seed):
    return {
        "gd": lambda: gradient_descent(F, w0, eta, T),
        "sgd": lambda: sgd(F, w0, eta, T, seed=seed),
        "momentum": lambda: sgd_momentum(F, w0, eta, alpha, T, seed=seed),
        "rmsprop": lambda: run(RMSprop(lr=eta), F, w0, T),
        "adam": lambda: run(Adam(lr=eta), F, w0, T),
    }[method]()


def test_default_is_the_lecture_run(least_squares):
    e = Explorer(least_squares)
    np.testing.assert_array_equal(e.trajectory, gradient_descent(least_squares, (-7, 7), 0.4, 20))
    assert "2/L = 0,4957" in e.status and "2/(L+μ) = 0,4138" in e.status
    assert "F(z_T) = 0,01151" in e.status and "distance à w*" in e.status
    assert set(e.controls) >= {"eta", "T", "w1", "w2", "alpha", "seed", "t"}
    # η : curseur logarithmique qui couvre le seuil 2/L largement
    eta = e.controls["eta"]
    assert isinstance(eta, ipywidgets.FloatLogSlider)
    assert 10**eta.min < least_squares.stability_threshold / 10
    assert 10**eta.max > 10 * least_squares.stability_threshold


@pytest.mark.parametrize("method", ["gd", "sgd", "momentum", "rmsprop", "adam"])
def test_controls_give_the_core_trajectories(objective, method):
    e = Explorer(objective, method=method, eta=0.1, T=10, w0=(1.0, -1.0))
    c = e.controls
    before = pixels(e)
    c["eta"].value = 0.23
    c["T"].value = 37
    c["w1"].value = 2.5
    c["w2"].value = -1.5
    c["alpha"].value = 0.7
    c["seed"].value = 12
    expected = core(method, objective, (2.5, -1.5), 0.23, 37, 0.7, 12)
    np.testing.assert_array_equal(e.trajectory, expected)
    assert e.trajectory.shape == (38, 2)
    assert not np.array_equal(before, pixels(e)), "la figure aurait dû changer"
    assert c["t"].max == 37 and c["t"].value == 37
    # le navigateur a reçu les mêmes points, avec les paramètres dont ils viennent
    key, sent = sent_points(e)
    assert key == [0.23, 37, 2.5, -1.5, 0.7, 12]
    np.testing.assert_array_equal(sent[method], expected)
    # et la figure du navigateur suit les curseurs changés depuis Python
    fig = e.web_figure
    assert (fig.eta, fig.T, fig.w1, fig.w2, fig.alpha, fig.seed, fig.t) == (
        0.23, 37, 2.5, -1.5, 0.7, 12, 37)


def test_controls_shown_only_where_used(least_squares):
    def shown(e):
        found = set()

        def walk(w):
            found.add(id(w))
            for child in getattr(w, "children", ()):
                walk(child)

        walk(e.widget)
        return {k for k, w in e.controls.items() if id(w) in found}

    assert shown(Explorer(least_squares, method="gd")) == {"eta", "T", "w1", "w2", "t"}
    assert shown(Explorer(least_squares, method="sgd")) == {"eta", "T", "w1", "w2", "seed", "t"}
    assert shown(Explorer(least_squares, method="momentum")) == {
        "eta", "T", "w1", "w2", "alpha", "seed", "t"}


def test_compare_mode(least_squares):
    e = Explorer(least_squares, method="momentum", compare=["gd", "sgd", "momentum"], eta=0.1,
                 T=30, alpha=0.6, seed=3)
    assert list(e.trajectories) == ["momentum", "gd", "sgd"] or set(e.trajectories) == {
        "gd", "sgd", "momentum"}
    np.testing.assert_array_equal(e.trajectory, e.trajectories["momentum"])
    for m in ("gd", "sgd", "momentum"):
        np.testing.assert_array_equal(e.trajectories[m],
                                      core(m, least_squares, (-7, 7), 0.1, 30, 0.6, 3))
    e.controls["eta"].value = 0.2
    for m in ("gd", "sgd", "momentum"):
        np.testing.assert_array_equal(e.trajectories[m],
                                      core(m, least_squares, (-7, 7), 0.2, 30, 0.6, 3))
    assert e.status.count("F(z_T)") == 3


def test_click_moves_the_start(least_squares):
    e = Explorer(least_squares)
    browser_click(e, 2.0, -3.0)
    assert e.controls["w1"].value == pytest.approx(2.0, abs=0.05)
    assert e.controls["w2"].value == pytest.approx(-3.0, abs=0.05)
    w0 = (e.controls["w1"].value, e.controls["w2"].value)
    np.testing.assert_array_equal(e.trajectory, gradient_descent(least_squares, w0, 0.4, 20))
    # la figure du noyau et les points envoyés partent du point cliqué
    assert sent_points(e)[0][2:4] == [2.0, -3.0]
    assert e.artists["gd"].line.get_xydata()[0] == pytest.approx(w0)
    # les valeurs reçues du navigateur ne lui sont pas renvoyées (pas d'écho)
    assert e.controls["w1"]._property_lock == {}


def test_click_lands_on_the_slider_grid_and_echoes_do_not_recompute(least_squares, monkeypatch):
    """Le navigateur arrondit les curseurs à leur pas (0,05) et renvoie la valeur arrondie :
    un clic est donc posé sur la grille, et l'écho d'un départ exact hors grille ne change
    rien (ni départ, ni recalcul). On compte les calculs de trajectoire de « gd » dans le
    registre des méthodes, que l'explorateur lit à chaque recalcul."""
    calls = []
    gd = METHODS["gd"]
    counting = replace(gd, trajectory=lambda *args: calls.append(1) or gd.trajectory(*args))
    monkeypatch.setitem(METHODS, "gd", counting)
    e = Explorer(least_squares, w0=(-6.013, 6.987))
    calls.clear()
    # l'écho du départ exact, arrondi par le navigateur
    e.controls["w1"].set_state({"value": -6.0})
    e.controls["w2"].set_state({"value": 7.0})
    assert calls == []
    np.testing.assert_array_equal(e.trajectory[0], (-6.013, 6.987))
    # un vrai geste (un pas du curseur) : le départ suit le curseur
    e.controls["w1"].set_state({"value": -5.95})
    assert len(calls) == 1
    np.testing.assert_array_equal(e.trajectory[0], (-5.95, 7.0))
    # un clic en (2,013 ; -2,987) : départ (2 ; -3) ; les deux curseurs arrivent chacun par
    # son message (un calcul chacun : la figure du navigateur, elle, a déjà dessiné)
    browser_click(e, 2.013, -2.987)
    assert len(calls) == 3
    assert (e.controls["w1"].value, e.controls["w2"].value) == (2.0, -3.0)
    np.testing.assert_array_equal(e.trajectory,
                                  gradient_descent(least_squares, (2.0, -3.0), 0.4, 20))
    # (le point cliqué vient du navigateur : s'il le réécrit ensuite en flottants, c'est la
    # valeur de ses curseurs et de sa figure, que le noyau suit)


def test_moves_from_the_browser_leave_t_to_the_browser(least_squares):
    """T changé dans le navigateur : ses liens font suivre la borne et la valeur du curseur t
    (et du bouton ▶) ; le noyau ne les renvoie pas (il écraserait des valeurs plus récentes)."""
    e = Explorer(least_squares, T=20)
    sent = []
    for w in (e.controls["t"], e.play, e.web_figure):
        w.observe(lambda ch, w=w: sent.append((w, ch["name"])), names=["value", "max", "t"])
    e.controls["T"].set_state({"value": 40})
    assert sent == [] and e.trajectory.shape == (41, 2)
    # les messages du navigateur arrivent ensuite : borne, puis valeur
    e.controls["t"].set_state({"max": 40})
    e.controls["t"].set_state({"value": 40})
    assert e.artists["gd"].line.get_xydata().shape == (41, 2)


def test_divergence_is_a_message_not_a_crash(least_squares):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        e = Explorer(least_squares, eta=50 * least_squares.stability_threshold, T=200)
        assert "diverge" in e.status and "η plus petit" in e.status
        assert np.isnan(e.trajectory[-1]).all()
        assert "diverge" in e.alert
        e.controls["eta"].value = 0.6  # au-dessus de 2/L sans devenir infini en 20 pas
        e.controls["T"].value = 20
        assert "s'éloigne du minimum" in e.status and "η plus petit" in e.status
        assert "F a augmenté" in e.alert
        assert "#b00020" in e.status_widget.value  # en rouge
        e.controls["eta"].value = 0.4
        assert "diverge" not in e.status and "s'éloigne" not in e.status
        assert e.alert == ""


def test_divergence_advice_names_alpha_only_for_momentum(least_squares):
    """Avec momentum, F peut augmenter parce que α est trop grand (α = 0,95, carnet 04) : le
    conseil nomme aussi α ; sans momentum, il ne parle que de η."""
    e = Explorer(least_squares, method="momentum", eta=0.1, alpha=0.95, T=50,
                 region=(-9, 9, -9, 9))
    assert "F a augmenté" in e.status and "momentum α plus faible" in e.status
    e.controls["alpha"].value = 0.7
    assert "F a augmenté" not in e.status
    g = Explorer(least_squares, eta=0.6)
    assert "F a augmenté" in g.status and "α" not in g.status


def test_divergence_step_is_the_one_the_learning_curve_marks(least_squares):
    """L'explorateur et plot_learning_curve datent la divergence de la même étape : la
    première où F(z_t) n'est plus fini."""
    import re

    from matplotlib.figure import Figure

    from course_utils.plotting import plot_learning_curve

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        e = Explorer(least_squares, eta=50 * least_squares.stability_threshold, T=200)
        k = int(re.search(r"infini \(trop grand pour un flottant\) à l'étape (\d+)", e.status)[1])
        ax = Figure().subplots()
        plot_learning_curve(ax, least_squares, e.trajectory)
    assert [t.get_text() for t in ax.texts] == [f"divergence à l'itération {k}"]
    F = least_squares.value(e.trajectory)
    assert np.isfinite(F[:k]).all() and not np.isfinite(F[k])
    assert f"l'étape {k}" in e.alert


def test_bad_values_in_controls_give_a_french_status(least_squares):
    e = Explorer(least_squares)
    good = e.trajectory.copy()
    e.controls["w1"].value = float("nan")  # un curseur laisse passer NaN
    assert "Valeur refusée" in e.status and "w0" in e.status
    np.testing.assert_array_equal(e.trajectory, good)
    e.controls["w1"].value = 1.0
    assert "Valeur refusée" not in e.status
    e.controls["eta"].value = float("nan")
    assert "Valeur refusée" in e.status and "eta" in e.status


def test_no_leak_after_70_changes(least_squares):
    # dix tours des sept curseurs : un artiste, une figure ou un widget de trop à chaque
    # changement se verrait dès le premier ; dix tours couvrent les mises à jour qui ne
    # redessinent qu'une partie (t, puis T, puis η...) dans tous les ordres voisins
    e = Explorer(least_squares, method="momentum", compare=["gd", "sgd"])
    import matplotlib.pyplot as plt

    def census():
        fig = e.figure
        return (len(plt.get_fignums()), len(fig.axes), len(fig.get_children()),
                sum(len(ax.get_children()) for ax in fig.axes),
                len(widget_instances))

    start = census()
    rng = np.random.default_rng(0)
    for k in range(70):
        key = ("eta", "T", "w1", "w2", "alpha", "seed", "t")[k % 7]
        w = e.controls[key]
        if key == "eta":
            w.value = float(10 ** rng.uniform(-2, 0.5))
        elif isinstance(w, ipywidgets.IntSlider):
            w.value = int(rng.integers(w.min, w.max + 1))
        else:
            w.value = float(rng.uniform(w.min, w.max))
    assert census() == start


def test_step_control_shows_a_prefix(least_squares):
    e = Explorer(least_squares, T=20)
    e.controls["t"].value = 5
    line = e.artists["gd"].line
    assert len(line.get_xdata()) == 6
    np.testing.assert_allclose(line.get_xdata(), e.trajectory[:6, 0])
    e.controls["T"].value = 8
    assert e.controls["t"].max == 8 and e.play.max == 8 and e.controls["t"].value == 8


def test_png_bundle(least_squares):
    e = Explorer(least_squares)
    bundle = e._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    png = base64.b64decode(bundle["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    e.controls["eta"].value = 0.1
    assert base64.b64decode(e._repr_mimebundle_()["image/png"]) != png


def test_in_a_kernel_the_explorer_figure_is_drawn_by_the_browser(least_squares, monkeypatch):
    """Dans un noyau, la figure de l'explorateur est le widget anywidget (pas de canevas
    ipympl), reliée aux curseurs dans le navigateur ; matplotlib ne dessine que son fond."""
    monkeypatch.setattr(live_figure, "in_kernel", lambda: True)
    backend = matplotlib.get_backend()
    e = Explorer(least_squares)
    assert matplotlib.get_backend() == backend
    assert e.web_figure in e.widget.children
    assert type(e.figure.canvas).__name__ == "FigureCanvasAgg"
    assert not any("ipympl" in type(w).__module__ for w in widget_instances.values()
                   if w.comm is not None and w in e.widget.children)
    pairs = {(ln.source[1], ln.target[1]) for ln in e._links}
    assert {("value", k) for k in ("eta", "T", "w1", "w2", "alpha", "seed", "t")} <= pairs
    assert ("value", "max") in pairs
    assert {type(ln).__name__ for ln in e._links} == {"Link", "DirectionalLink"}
    e.controls["eta"].value = 0.1
    np.testing.assert_array_equal(e.trajectory, gradient_descent(least_squares, (-7, 7), 0.1, 20))


def test_gradient_probe_works_with_the_ipympl_canvas(least_squares, monkeypatch):
    from course_utils.widgets import GradientProbe

    monkeypatch.setattr(live_figure, "in_kernel", lambda: True)
    backend = matplotlib.get_backend()
    p = GradientProbe(least_squares)
    # l'import d'ipympl ne change pas le backend de pyplot (figures statiques en inline)
    assert matplotlib.get_backend() == backend
    from ipympl.backend_nbagg import Canvas

    assert isinstance(p.figure.canvas, Canvas)
    assert p.figure.canvas in p.widget.children
    before = pixels(p)
    p.controls["w1"].value = 1.0
    assert not np.array_equal(before, pixels(p))


def test_ipympl_canvas_sends_self_contained_full_frames(least_squares, monkeypatch):
    """Chaque image envoyée au navigateur est l'image entière du canevas (mode « full ») :
    une image que le navigateur abandonnerait ne fausse pas les suivantes."""
    from course_utils.widgets import GradientProbe

    monkeypatch.setattr(live_figure, "in_kernel", lambda: True)
    p = GradientProbe(least_squares)
    canvas = p.figure.canvas
    sent = []
    monkeypatch.setattr(canvas, "send_binary", sent.append)
    p.controls["w1"].value = 2.0  # blitting
    canvas.figure.set_size_inches(6.2, 5.0)
    canvas.draw()  # dessin complet
    x, y = p.plane_axes.transData.transform((2.0, -3.0))  # un clic, comme ipympl le transmet
    canvas.handle_event({"type": "button_press", "x": x, "y": canvas.figure.bbox.height - y,
                         "button": 0, "buttons": 1, "modifiers": [], "guiEvent": None})
    assert len(sent) >= 2
    assert canvas._image_mode == "full"
    for png in sent:
        shown = np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))
        assert shown.shape == (500, 620, 4)
    # la dernière image est exactement l'état du canevas (le clic a bien déplacé le point)
    np.testing.assert_array_equal(shown, pixels(p))
    np.testing.assert_allclose(p.point, (2.0, -3.0), atol=0.05)


def test_fast_png_encoder_is_lossless():
    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, size=(37, 53, 4), dtype=np.uint8)
    decoded = np.asarray(Image.open(io.BytesIO(live_figure.png_bytes(rgba))))
    np.testing.assert_array_equal(decoded, rgba)


@pytest.mark.parametrize(
    "kwargs, exc, pattern",
    [
        (dict(method="newton"), ValueError, r"paramètre method .*'newton'"),
        (dict(compare="gd"), TypeError, r"paramètre compare"),
        (dict(compare=["gd", "lbfgs"]), ValueError, r"paramètre compare"),
        (dict(eta=-1), ValueError, r"paramètre eta"),
        (dict(T=2.5), TypeError, r"paramètre T"),
        (dict(w0=(1, 2, 3)), ValueError, r"paramètre w0"),
        (dict(alpha=1.2), ValueError, r"paramètre alpha"),
        (dict(seed="a"), TypeError, r"paramètre seed"),
        (dict(region=(1, 0, 0, 1)), ValueError, r"paramètre region"),
    ],
)
def test_bad_arguments(least_squares, kwargs, exc, pattern):
    with pytest.raises(exc, match=pattern):
        Explorer(least_squares, **kwargs)


def test_three_parameter_objective_is_refused():
    X = np.ones((4, 3))
    with pytest.raises(ValueError, match="deux paramètres"):
        Explorer(LeastSquares(X + np.eye(4, 3), np.ones(4)))


# -- GradientProbe -----------------------------------------------------------------------------
def test_gradient_probe_follows_the_sliders(least_squares):
    from course_utils.widgets import GradientProbe

    p = GradientProbe(least_squares, w=(-4.0, 5.0))
    g = least_squares.grad([-4.0, 5.0])
    np.testing.assert_allclose(p.arrow.U, [-g[0]])
    np.testing.assert_allclose(p.arrow.V, [-g[1]])
    assert "F(w) = 41,42" in p.status
    before = pixels(p)
    p.controls["w1"].value = 1.0
    p.controls["w2"].value = -2.0
    g = least_squares.grad([1.0, -2.0])
    np.testing.assert_allclose(p.arrow.get_offsets(), [[1.0, -2.0]])
    np.testing.assert_allclose([p.arrow.U[0], p.arrow.V[0]], -g)
    assert not np.array_equal(before, pixels(p))
    w_star = least_squares.minimizer()
    p.controls["w1"].value, p.controls["w2"].value = w_star
    assert "presque nul" in p.status
    x, y = p.plane_axes.transData.transform((3.0, 3.0))
    p.figure.canvas.callbacks.process(
        "button_press_event", MouseEvent("button_press_event", p.figure.canvas, x, y, button=1))
    np.testing.assert_allclose(p.point, [3.0, 3.0], atol=0.05)
    p.controls["w1"].value = float("nan")
    assert "Valeur refusée" in p.status
    assert "image/png" in p._repr_mimebundle_()


def test_initial_eta_lies_on_the_slider_grid(least_squares):
    """Le navigateur arrondit η à la grille du curseur (exposants min + k·step) : η initial doit
    y être, sinon 0,4 devient 0,3981 dès l'affichage."""
    for eta in (0.4, 0.1, 1 / 3, 0.05):
        s = Explorer(least_squares, eta=eta).controls["eta"]
        k = (np.log10(eta) - s.min) / s.step
        assert abs(k - round(k)) < 1e-6
        assert 10**s.min <= eta <= 10**s.max


def test_ipympl_canvas_first_image_is_a_data_url(least_squares, monkeypatch):
    from course_utils.widgets import GradientProbe

    monkeypatch.setattr(live_figure, "in_kernel", lambda: True)
    p = GradientProbe(least_squares)
    canvas = p.figure.canvas
    assert canvas._data_url.startswith("data:image/png;base64,")
    assert tuple(canvas._size) == (620, 500)
    p.controls["w1"].value = 0.5  # une mise à jour n'écrase pas l'image initiale
    assert canvas._data_url.startswith("data:image/png;base64,")


# -- le registre des méthodes : une méthode ajoutée apparaît dans l'explorateur -----------------
def test_a_registered_toy_method_appears_in_the_explorer(least_squares):
    """Ajouter une méthode, c'est un appel à register_method : l'explorateur la propose (sans
    autre modification), la calcule, la dessine dans sa couleur et la nomme."""
    from course_utils.optimizers import Method, register_method
    from course_utils.plotting import method_color

    def toy(objective, w0, eta, T, alpha, seed):  # une descente au pas η/2
        return gradient_descent(objective, w0, eta / 2, T)

    register_method(Method("toy", "méthode jouet", uses_alpha=False, uses_seed=False,
                           trajectory=toy))
    try:
        e = Explorer(least_squares, compare=["gd", "toy"], eta=0.4, T=12)
        np.testing.assert_array_equal(e.trajectories["toy"],
                                      gradient_descent(least_squares, (-7, 7), 0.2, 12))
        assert "méthode jouet : F(z_T) = " in e.status
        legend = [t.get_text() for t in e.curve_axes.get_legend().get_texts()]
        assert "méthode jouet" in legend
        line = e.artists["toy"].line
        assert line.get_color() == method_color("toy")
        np.testing.assert_array_equal(line.get_xydata(), e.trajectories["toy"])
        e.controls["eta"].value = 0.1  # elle suit les curseurs, comme les autres
        np.testing.assert_array_equal(e.trajectories["toy"],
                                      gradient_descent(least_squares, (-7, 7), 0.05, 12))
        with pytest.raises(ValueError, match="paramètre method .*'newton'"):
            Explorer(least_squares, method="newton")
    finally:
        del METHODS["toy"]
    with pytest.raises(ValueError, match="paramètre compare .*'toy'"):
        Explorer(least_squares, compare=["toy"])


# -- nombres à la française, couleur venue du verdict ------------------------------------------
def _texts_with_a_decimal_point(figure):
    figure.canvas.draw()
    texts = [t.get_text() for t in figure.findobj(Text)]
    return [t for t in texts if re.search(r"\d\.\d", t)]


def test_status_lines_and_figures_write_decimal_commas(least_squares, tanh_net):
    from course_utils.widgets import GradientProbe

    shown = [Explorer(least_squares, eta=0.6), Explorer(least_squares, method="sgd", eta=1 / 3),
             Explorer(tanh_net, method="adam", compare=["rmsprop"], eta=0.1, T=150),
             GradientProbe(least_squares, w=(-4.25, 5.5))]
    for widget in shown:
        assert re.search(r"\d,\d", widget.status), widget.status
        assert not re.search(r"\d\.\d", widget.status), widget.status
        assert _texts_with_a_decimal_point(widget.figure) == []
    assert "w = (−4,25 ; 5,50)" in shown[-1].status
    assert "η = 0,6 > seuil" in shown[0].status
    # une valeur refusée est écrite à la française elle aussi
    e = shown[1]
    e.controls["w2"].value = 6.95
    e.controls["w1"].value = float("nan")
    assert "Valeur refusée" in e.status and "(NaN ; 6,95)" in e.status


def _red_pixels_under_the_figure(widget):
    snapshot = base64.b64decode(widget._repr_mimebundle_()["image/png"])
    png = np.asarray(Image.open(io.BytesIO(snapshot)).convert("RGB")).astype(int)
    band = png[int(widget.figure.bbox.height):]
    red = (band[..., 0] > 120) & (band[..., 1] < 60) & (band[..., 2] < 80)
    return int(red.sum())


def test_snapshot_text_colour_comes_from_the_verdict(least_squares):
    """L'instantané PNG (exports, diapositives) écrit la ligne d'état en rouge exactement quand
    elle donne l'alerte, comme à l'écran."""
    e = Explorer(least_squares)
    assert _red_pixels_under_the_figure(e) == 0 and "#b00020" not in e.status_widget.value
    e.controls["eta"].value = 0.6  # F augmente
    assert _red_pixels_under_the_figure(e) > 100 and "#b00020" in e.status_widget.value
    e.controls["eta"].value = 0.4
    assert _red_pixels_under_the_figure(e) == 0


def test_gradient_probe_tells_a_saddle_from_a_minimum():
    """Au point selle du réseau à un neurone (chapitre 5), le gradient est nul aussi : la
    sonde ne dit pas « minimum » ; près d'un des deux minima, elle le dit."""
    from course_utils import OneNeuronNetwork, one_neuron_example
    from course_utils.widgets import GradientProbe

    F = OneNeuronNetwork(*one_neuron_example())
    probe = GradientProbe(F, w=(0.0, 0.0))
    assert probe.status.endswith("tout près d'un point selle, pas d'un minimum.")
    w = F.minimizers()[0]
    probe.controls["w1"].value, probe.controls["w2"].value = round(w[0], 2), round(w[1], 2)
    assert probe.status.endswith("le point est tout près d'un minimum.")
    probe.controls["w1"].value, probe.controls["w2"].value = 1.0, 1.0
    assert "presque nul" not in probe.status


def test_every_live_figure_writes_its_slider_readouts_in_french(least_squares):
    """Chaque figure vivante à curseurs porte, en dernier enfant de sa boîte, le widget qui
    écrit leurs lectures avec la virgule décimale (vérifié dans le navigateur par les tests
    e2e de l'explorateur et de la carte de convergence)."""
    from course_utils import Quadratic
    from course_utils.sliders import FrenchSliders
    from course_utils.widgets import Explorer1D, FamilyExplorer, GradientProbe

    boxes = {
        "Explorer": Explorer(least_squares, resolution=41).widget,
        "GradientProbe": GradientProbe(least_squares, resolution=41).widget,
        "Explorer1D": Explorer1D().widget,
        "FamilyExplorer": FamilyExplorer(Quadratic.from_condition_number, values=(1, 100, 1),
                                         value=5, resolution=41).widget,
    }
    for name, box in boxes.items():
        assert isinstance(box.children[-1], FrenchSliders), name
        assert box.children[-1].layout.display == "none", name
        assert sum(isinstance(c, FrenchSliders) for c in box.children) == 1, name
