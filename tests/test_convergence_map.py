"""La carte de convergence de la boule pesante (course_utils.widgets.ConvergenceMap), sans
navigateur : les vitesses contre la formule fermée et contre un calcul direct des valeurs
propres, le clic qui règle l'explorateur, le curseur qui déplace le marqueur."""

import math

import numpy as np
import pytest
from matplotlib.backend_bases import MouseEvent

from course_utils import LeastSquares, Quadratic, TanhNetwork, heavy_ball, linear_example
from course_utils.analysis import heavy_ball_optimum
from course_utils.widgets import ConvergenceMap, Explorer


def pixels(widget):
    return np.asarray(widget.figure.canvas.buffer_rgba()).copy()


def click(widget, ax, x, y):
    """Un clic gauche au point (x, y) des données de ``ax``, comme ipympl le transmet."""
    widget.figure.canvas.draw()
    px, py = ax.transData.transform((x, y))
    widget.figure.canvas.callbacks.process(
        "button_press_event",
        MouseEvent("button_press_event", widget.figure.canvas, px, py, button=1))


def brute_force_rates(etas, alphas, eigenvalues):
    """Le rayon spectral de [[1 + α − ηλ, −α], [1, 0]], maximisé sur λ, par np.linalg.eigvals
    (une boucle : ce n'est qu'un test)."""
    out = np.empty((len(alphas), len(etas)))
    for i, a in enumerate(alphas):
        for j, e in enumerate(etas):
            out[i, j] = max(np.abs(np.linalg.eigvals(np.array([[1 + a - e * lam, -a],
                                                                  [1.0, 0.0]]))).max()
                            for lam in eigenvalues)
    return out


@pytest.fixture
def F():
    return LeastSquares(*linear_example())


def test_rates_have_the_documented_shape_and_match_the_eigenvalues(F):
    m = ConvergenceMap(F)
    assert m.rates.shape == (len(m.alphas), len(m.etas)) == (199, 320)
    np.testing.assert_allclose(m.eigenvalues, np.linalg.eigvalsh(F.hessian()))
    # un échantillon de la grille, recalculé valeur propre par valeur propre
    rows, cols = np.arange(0, 199, 23), np.arange(0, 320, 37)
    expected = brute_force_rates(m.etas[cols], m.alphas[rows], m.eigenvalues)
    np.testing.assert_allclose(m.rates[np.ix_(rows, cols)], expected, atol=1e-6)
    # la grille couvre la frontière jusqu'à α = 0,99 (η = 3,98/L) et la dépasse
    assert m.etas[-1] > (2 + 2 * m.alphas[-1]) / m.L
    assert m.alphas[0] == 0.0 and m.alphas[-1] == pytest.approx(0.99)


def test_rate_at_the_optimum_is_the_closed_form(F):
    eta_star, alpha_star, rate_star = heavy_ball_optimum(F.L, F.mu)
    kappa = F.condition_number
    assert rate_star == pytest.approx((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1))
    assert alpha_star == pytest.approx(rate_star**2)
    # une grille régulière qui passe par l'optimum (indices 40 et 30)
    etas = eta_star * np.arange(1, 61) / 41
    alphas = alpha_star * np.arange(0, 45) / 30
    m = ConvergenceMap(F, etas=etas, alphas=alphas)
    assert m.rates[30, 40] == pytest.approx(rate_star, abs=1e-7)
    assert m.rates.min() == pytest.approx(rate_star, abs=1e-7)  # nulle part plus vite
    assert np.unravel_index(np.argmin(m.rates), m.rates.shape) == (30, 40)
    np.testing.assert_allclose(m.rates, brute_force_rates(etas, alphas, m.eigenvalues),
                               atol=1e-6)
    # le réglage marqué sur la carte : sa vitesse exacte
    m2 = ConvergenceMap(F, eta=eta_star, alpha=alpha_star)
    assert m2.rate == pytest.approx(rate_star, abs=1e-7)


def test_rate_is_one_on_the_boundary_and_crosses_it_there(F):
    alphas = np.array([0.0, 0.25, 0.5, 0.75])
    L = np.linalg.eigvalsh(F.hessian())[-1]
    on = (2 + 2 * alphas) / L  # η L = 2 + 2α
    m = ConvergenceMap(F, etas=np.linspace(on[0], on[-1], 4), alphas=alphas)
    np.testing.assert_allclose(np.diag(m.rates), 1.0, atol=1e-12)
    for k, a in enumerate(alphas):
        inside = ConvergenceMap(F, etas=[0.999 * on[k], on[k]], alphas=[a, a + 0.01]).rates
        outside = ConvergenceMap(F, etas=[on[k], 1.001 * on[k]], alphas=[a, a + 0.01]).rates
        assert inside[0, 0] < 1 < outside[0, 1]
    # la frontière dessinée est cette droite
    eta_line, alpha_line = m._boundary.get_data()
    np.testing.assert_allclose(np.asarray(eta_line) * L, 2 + 2 * np.asarray(alpha_line))


def test_click_sets_the_explorer_eta_and_alpha_on_their_notches(F):
    e = Explorer(F, method="heavy_ball", eta=0.1, alpha=0.5, T=30)
    m = ConvergenceMap(F, explorer=e)
    seen = []  # ce que l'explorateur voit à chaque notification de α
    e.controls["alpha"].observe(lambda c: seen.append((e.controls["eta"].value, c["new"])),
                                names="value")
    before_map, before_explorer = pixels(m), e.trajectory.copy()
    eta_star, alpha_star, _ = m.optimum
    click(m, m.map_axes, eta_star, alpha_star)
    eta, alpha = e.controls["eta"].value, e.controls["alpha"].value
    # η sur un cran du curseur logarithmique (0,1 × 10^(k/100)), α sur un cran de 0,01
    k = math.log10(eta / 0.1) * 100
    assert k == pytest.approx(round(k), abs=1e-9)
    assert eta == pytest.approx(eta_star, rel=0.012) and eta != eta_star
    assert alpha == 0.15
    # l'explorateur n'a jamais calculé le mélange (nouvel α, ancien η)
    assert seen == [(eta, alpha)]
    np.testing.assert_array_equal(e.trajectory, heavy_ball(F, (-7.0, 7.0), eta, alpha, 30))
    assert not np.array_equal(e.trajectory, before_explorer)
    # le marqueur de la carte suit
    assert (m.eta, m.alpha) == (eta, alpha)
    assert list(m.marker.get_xdata()) == [eta] and list(m.marker.get_ydata()) == [alpha]
    assert not np.array_equal(before_map, pixels(m))
    assert "η = 0,4786, α = 0,15" in m.status


def test_explorer_sliders_move_the_marker(F):
    e = Explorer(F, method="heavy_ball", eta=0.1, alpha=0.5, T=30)
    m = ConvergenceMap(F, explorer=e)
    assert (m.eta, m.alpha) == (0.1, 0.5)
    before = pixels(m)
    e.controls["alpha"].value = 0.8
    assert m.alpha == 0.8 and list(m.marker.get_ydata()) == [0.8]
    after_alpha = pixels(m)
    assert not np.array_equal(before, after_alpha)
    e.controls["eta"].value = e.controls["eta"].value * 10**0.2  # vingt crans à droite
    assert m.eta == e.controls["eta"].value
    assert not np.array_equal(after_alpha, pixels(m))
    assert m.rate == pytest.approx(float(ConvergenceMap(F, eta=m.eta, alpha=0.8).rate))
    assert f"α = {0.8:.1f}".replace(".", ",") in m.status


def test_alarm_beyond_the_boundary_and_click_without_explorer(F):
    m = ConvergenceMap(F)
    assert m.eta == pytest.approx(2 / (F.L + F.mu)) and m.alpha == 0.0
    click(m, m.map_axes, 0.9, 0.2)  # η L ≈ 3,6 > 2 + 2 × 0,2
    assert m.eta == pytest.approx(0.9, abs=0.01) and m.alpha == pytest.approx(0.2, abs=0.01)
    assert m.rate > 1
    assert m.alarm and "ne converge pas" in m.status and "⚠" in m.status
    click(m, m.map_axes, 0.4, 0.3)
    assert m.rate < 1 and not m.alarm


def test_recompute_on_a_new_grid(F):
    m = ConvergenceMap(F)
    before = pixels(m)
    rates = m.set_grid(np.linspace(0.3, 0.6, 50), np.linspace(0.0, 0.4, 40))
    assert rates is m.rates and rates.shape == (40, 50)
    assert m.map_axes.get_xlim()[0] < 0.3 < 0.6 < m.map_axes.get_xlim()[1]
    assert not np.array_equal(before, pixels(m))


def test_no_leak_after_many_moves_and_recomputes(F):
    e = Explorer(F, method="heavy_ball", eta=0.1, alpha=0.5, T=30, resolution=21)
    m = ConvergenceMap(F, explorer=e)

    def census():
        return (len(m.figure.axes), sum(len(ax.get_children()) for ax in m.figure.axes))

    start = census()
    rng = np.random.default_rng(0)
    for _ in range(30):
        click(m, m.map_axes, rng.uniform(0.05, 1.0), rng.uniform(0.0, 0.95))
    for _ in range(3):
        m.set_grid()
    assert census() == start


def test_numbers_on_the_figure_are_french(F):
    m = ConvergenceMap(F)
    m.figure.canvas.draw()
    labels = [t.get_text() for ax in m.figure.axes
              for t in ax.get_xticklabels() + ax.get_yticklabels()]
    decimals = [s for s in labels if any(c.isdigit() for c in s) and ("," in s or "." in s)]
    assert decimals and all("." not in s for s in decimals), labels
    assert "0,4" in labels or "0,4" in " ".join(labels)
    texts = [t.get_text() for t in m.map_axes.texts]
    assert any("," in s for s in texts) and not any(s.replace("$", "")[:1].isdigit()
                                                    and "." in s for s in texts)


@pytest.mark.parametrize("kwargs, exc, pattern", [
    (dict(etas=[0.1]), ValueError, r"paramètre etas"),
    (dict(etas=[0.1, 0.3, 0.4]), ValueError, r"paramètre etas .*régulière"),
    (dict(alphas=[0.0, 0.6, 1.2]), ValueError, r"paramètre alphas"),
    (dict(eta=-1), ValueError, r"paramètre eta"),
    (dict(alpha=1.0), ValueError, r"paramètre alpha"),
])
def test_bad_arguments(F, kwargs, exc, pattern):
    with pytest.raises(exc, match=pattern):
        ConvergenceMap(F, **kwargs)


def test_objective_must_be_quadratic_and_the_explorer_the_same():
    X, y = linear_example()
    with pytest.raises(TypeError, match=r"paramètre objective .*hessienne constante"):
        ConvergenceMap(TanhNetwork(X, y))
    F, G = LeastSquares(X, y), LeastSquares(X, y)
    with pytest.raises(ValueError, match=r"paramètre explorer .*même objectif"):
        ConvergenceMap(F, explorer=Explorer(G, method="heavy_ball", resolution=21))
    with pytest.raises(TypeError, match=r"paramètre explorer"):
        ConvergenceMap(F, explorer="explorateur")
    q = ConvergenceMap(Quadratic.from_condition_number(100))
    assert q.optimum[2] == pytest.approx(9 / 11)
