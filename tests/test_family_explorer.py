"""Une famille d'objectifs réglée par un curseur (course_utils.widgets.FamilyExplorer) : les
cuvettes de conditionnement κ du chapitre 2, sans navigateur."""

import numpy as np
import pytest
from matplotlib.backend_bases import MouseEvent

from course_utils import LeastSquares, Quadratic, gradient_descent, heavy_ball, linear_example
from course_utils.analysis import contraction_factor, iterations_to_divide
from course_utils.widgets import FamilyExplorer


def pixels(widget):
    return np.asarray(widget.figure.canvas.buffer_rgba()).copy()


def bowls(**kwargs):
    return FamilyExplorer(Quadratic.from_condition_number, values=(1, 100, 1), value=5,
                          symbol="κ", description="conditionnement κ", **kwargs)


def test_the_slider_stretches_the_bowl_and_the_descent_follows():
    e = bowls()
    for kappa in (5.0, 1.0, 10.0, 100.0):
        e.controls["value"].value = kappa
        assert e.objective.condition_number == pytest.approx(kappa)
        assert e.eta == pytest.approx(2 / (1 + 1 / kappa))  # 2/(L + µ), L = 1
        assert e.rate == pytest.approx(contraction_factor(kappa), abs=1e-12)
        np.testing.assert_array_equal(
            e.trajectory, gradient_descent(e.objective, (-2.5, 2.0), e.eta, 30))
        if kappa > 1:
            k = iterations_to_divide(contraction_factor(kappa), 10)
            assert f"{k} itérations pour le diviser par 10" in e.status
        else:
            assert "en une seule itération" in e.status
            assert np.linalg.norm(e.trajectory[1]) < 1e-12
    assert "κ = 100 : pas η = 2/(L+μ) = 1,98" in e.status


def test_the_zigzag_grows_with_kappa():
    """À κ grand, la composante raide (w₂) change de signe à chaque itération et ne
    rétrécit presque pas : la trajectoire fait de grands zigzags."""
    e = bowls()
    amplitude = {}
    for kappa in (2.0, 10.0, 100.0):
        e.controls["value"].value = kappa
        w2 = e.trajectory[:, 1]
        assert np.all(np.sign(w2[1:]) != np.sign(w2[:-1]))
        amplitude[kappa] = abs(w2[10])
    assert amplitude[2.0] < amplitude[10.0] < amplitude[100.0]


def test_prediction_line_is_rho_to_the_t():
    e = bowls()
    t, predicted = e._predicted.get_data()
    d0 = np.linalg.norm(e.trajectory[0])
    np.testing.assert_allclose(predicted, d0 * e.rate ** np.asarray(t), rtol=1e-12)
    d = np.linalg.norm(e.trajectory, axis=1)
    assert np.all(d <= predicted * (1 + 1e-9))  # ‖δ_t‖ ≤ ρ^t ‖δ_0‖ à chaque itération


def test_changing_kappa_redraws_only_the_axes_it_touches_and_does_not_leak():
    e = bowls()
    fig = e.figure
    before = pixels(e)

    def census():
        return (len(fig.axes), sum(len(ax.get_children()) for ax in fig.axes))

    start = census()
    draws = []
    fig.canvas.mpl_connect("draw_event", draws.append)
    for kappa in range(6, 40):
        e.controls["value"].value = float(kappa)
    assert e.figure is fig and census() == start
    assert draws == []  # aucun dessin complet : seulement le fond de l'objectif et le blitting
    assert not np.array_equal(before, pixels(e))
    # le résultat est celui d'un dessin complet
    blitted = pixels(e)
    fig.canvas.draw()
    np.testing.assert_array_equal(blitted, pixels(e))


def test_T_click_and_other_methods():
    e = bowls(T=20)
    e.controls["T"].value = 25
    assert e.trajectory.shape == (26, 2)
    fig = e.figure
    fig.canvas.draw()
    x, y = e.plane_axes.transData.transform((1.0, -2.0))
    fig.canvas.callbacks.process("button_press_event",
                                 MouseEvent("button_press_event", fig.canvas, x, y, button=1))
    np.testing.assert_allclose(e.trajectory[0], (1.0, -2.0))
    hb = bowls(method="heavy_ball", eta=0.5, alpha=0.6)
    np.testing.assert_array_equal(hb.trajectory, heavy_ball(hb.objective, (-2.5, 2.0), 0.5, 0.6,
                                                            30))
    assert hb.rate is None and not hb._predicted.get_visible()


def test_divergence_says_so():
    e = bowls(eta=2.5)  # 2,5 > 2/L = 2
    assert e.rate > 1 and "ne converge pas" in e.status
    assert e.alarm and "F a augmenté" in e.status and "s'éloigne" in e.alert


def test_a_family_of_least_squares():
    """Une autre famille : la première colonne des données du cours multipliée par s."""
    X, y = linear_example()
    e = FamilyExplorer(lambda s: LeastSquares(X * [s, 1.0], y), values=(0.5, 3, 0.5), value=1,
                       symbol="s", w0=(-7.0, 7.0))
    assert e.objective.condition_number == pytest.approx(LeastSquares(X, y).condition_number)
    e.controls["value"].value = 3.0
    assert e.objective.condition_number > 10


@pytest.mark.parametrize("kwargs, exc, pattern", [
    (dict(family=3), TypeError, r"paramètre family"),
    (dict(values=(1, 100)), TypeError, r"paramètre values"),
    (dict(values=(100, 1, 1)), ValueError, r"paramètre values"),
    (dict(value=500), ValueError, r"paramètre value "),
    (dict(method="sgd"), ValueError, r"paramètre method"),
    (dict(eta="grand"), ValueError, r"paramètre eta"),
    (dict(family=lambda k: "pas un objectif"), TypeError, r"family\(5\)"),
])
def test_bad_arguments(kwargs, exc, pattern):
    args = dict(family=Quadratic.from_condition_number, values=(1, 100, 1), value=5)
    args.update(kwargs)
    with pytest.raises(exc, match=pattern):
        FamilyExplorer(**args)


def test_the_prediction_is_the_rate_of_the_registry():
    """La prédiction ρ^t vient du registre des méthodes (Method.rate) : une méthode qui donne
    son facteur a sa prédiction, sans autre changement."""
    from course_utils.optimizers import KERNEL_ONLY, METHODS, Method, register_method

    register_method(Method("jouet_rho", "jouet", False, False, METHODS["gd"].trajectory,
                           mirror=KERNEL_ONLY, rate=lambda eta, alpha, eigenvalues: 0.5))
    try:
        e = bowls(method="jouet_rho")
        assert e.rate == 0.5 and e._predicted.get_visible()
    finally:
        del METHODS["jouet_rho"]
