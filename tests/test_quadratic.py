"""La fonction quadratique F(w) = ½ (w − w*)ᵀ H (w − w*) et le conditionnement κ = L/µ."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from conftest import finite_difference_grad
from course_utils import (
    SGD,
    Adam,
    LeastSquares,
    Quadratic,
    gradient_descent,
    heavy_ball,
    linear_example,
    run,
    sgd,
    sgd_momentum,
)
from course_utils import plotting

H = np.array([[3.0, 1.0], [1.0, 2.0]])
W_STAR = np.array([1.0, -2.0])


@pytest.fixture
def quad():
    return Quadratic(H, W_STAR)


def test_value_gradient_hessian_are_the_formulas(quad):
    rng = np.random.default_rng(0)
    for w in rng.uniform(-4, 4, size=(10, 2)):
        e = w - W_STAR
        assert quad.value(w) == pytest.approx(0.5 * e @ H @ e, rel=1e-14)
        np.testing.assert_allclose(quad.grad(w), H @ e, rtol=1e-14)
        np.testing.assert_allclose(quad.grad(w), finite_difference_grad(quad.value, w),
                                   rtol=1e-7, atol=1e-8)
    np.testing.assert_array_equal(quad.hessian(), H)
    assert quad.value(W_STAR) == 0.0
    np.testing.assert_array_equal(quad.minimizer(), W_STAR)


def test_vectorized_over_leading_axes(quad):
    grid = np.random.default_rng(1).uniform(-5, 5, size=(7, 5, 2))
    values, grads = quad.value(grid), quad.grad(grid)
    assert values.shape == (7, 5) and grads.shape == (7, 5, 2)
    assert quad.hessian(grid).shape == (7, 5, 2, 2)
    for a in range(7):
        for b in range(5):
            assert values[a, b] == pytest.approx(quad.value(grid[a, b]), rel=1e-13)
            np.testing.assert_allclose(grads[a, b], quad.grad(grid[a, b]), rtol=1e-13)


def test_curvatures_and_steps(quad):
    eig = np.linalg.eigvalsh(H)  # (5 ∓ √5)/2
    assert quad.mu == pytest.approx((5 - np.sqrt(5)) / 2, rel=1e-14)
    assert quad.L == pytest.approx((5 + np.sqrt(5)) / 2, rel=1e-14)
    assert quad.condition_number == pytest.approx(eig[1] / eig[0], rel=1e-14)
    assert quad.stability_threshold == pytest.approx(2 / eig[1], rel=1e-14)
    assert quad.optimal_step == pytest.approx(2 / (eig[0] + eig[1]), rel=1e-14)
    assert quad.d == 2
    assert quad.default_region == (-2.0, 4.0, -5.0, 1.0)  # w* ± 3
    assert quad.name == "quadratique (κ = 2,62)"


@pytest.mark.parametrize("kappa, L, angle", [(1.0, 1.0, 0.0), (10.0, 1.0, 0.0),
                                             (50.0, 2.5, np.pi / 6), (4.0, 0.5, -1.0)])
def test_from_condition_number(kappa, L, angle):
    q = Quadratic.from_condition_number(kappa, L=L, angle=angle)
    assert q.L == pytest.approx(L, rel=1e-13)
    assert q.mu == pytest.approx(L / kappa, rel=1e-13)
    assert q.condition_number == pytest.approx(kappa, rel=1e-12)
    np.testing.assert_array_equal(q.H, q.H.T)
    # la vallée (courbure µ) suit la direction (cos a, sin a), la pente forte lui est normale
    u = np.array([np.cos(angle), np.sin(angle)])
    n = np.array([-np.sin(angle), np.cos(angle)])
    np.testing.assert_allclose(q.grad(u), (L / kappa) * u, atol=1e-14)
    np.testing.assert_allclose(q.grad(n), L * n, atol=1e-14)
    np.testing.assert_array_equal(q.minimizer(), [0.0, 0.0])
    shifted = Quadratic.from_condition_number(kappa, L=L, angle=angle, w_star=(1.0, 2.0))
    assert shifted.value([1.0, 2.0]) == 0.0
    assert shifted.value(np.array([1.0, 2.0]) + u) == pytest.approx(q.value(u), rel=1e-13)


def test_least_squares_is_a_quadratic_plus_its_minimum(least_squares):
    """F(w) = F(w*) + ½ (w − w*)ᵀ H (w − w*) pour les moindres carrés du cours."""
    F = least_squares
    w_star = F.minimizer()
    q = Quadratic(F.hessian(), w_star)
    W = np.random.default_rng(2).uniform(-8, 8, size=(50, 2))
    np.testing.assert_allclose(q.value(W) + F.value(w_star), F.value(W), rtol=1e-12)
    np.testing.assert_allclose(q.grad(W), F.grad(W), rtol=1e-12, atol=1e-12)
    assert q.L == pytest.approx(F.L, rel=1e-14) and q.mu == pytest.approx(F.mu, rel=1e-14)
    assert q.condition_number == pytest.approx(F.condition_number, rel=1e-14)


def test_course_condition_number():
    """κ des données du cours : H = (2/3) XᵀX = [[10/3, 4/3], [4/3, 3/2]], valeurs propres
    par la formule d'une matrice 2×2 (trace, déterminant)."""
    F = LeastSquares(*linear_example())
    tr, det = 10 / 3 + 3 / 2, 10 / 3 * 3 / 2 - (4 / 3) ** 2
    L = tr / 2 + np.sqrt(tr**2 / 4 - det)
    mu = tr / 2 - np.sqrt(tr**2 / 4 - det)
    assert F.condition_number == pytest.approx(L / mu, rel=1e-13)
    assert round(F.condition_number, 2) == 5.05
    singular = LeastSquares([[1.0, 2.0], [2.0, 4.0]], [1.0, 0.0])  # colonnes proportionnelles
    assert singular.condition_number == np.inf


def test_deterministic_methods_run_on_a_quadratic(quad):
    w0 = (-1.0, 1.0)
    Z = gradient_descent(quad, w0, quad.optimal_step, 60)
    assert Z.shape == (61, 2)
    np.testing.assert_allclose(Z[-1], W_STAR, atol=1e-12)
    Z = heavy_ball(quad, [w0, (3.0, 0.0)], 0.3, 0.5, 80)
    assert Z.shape == (81, 2, 2)
    np.testing.assert_allclose(Z[-1], [W_STAR, W_STAR], atol=1e-8)
    Z = run(Adam(lr=0.1), quad, w0, 400)
    assert np.linalg.norm(Z[-1] - W_STAR) < 0.05
    Z = run(SGD(lr=0.2, momentum=0.5, nesterov=True), quad, w0, 100)
    np.testing.assert_allclose(Z[-1], W_STAR, atol=1e-8)


def test_divergence_is_nan_without_warning(quad):
    Z = gradient_descent(quad, (-1.0, 1.0), 1.01 * quad.stability_threshold, 100_000)
    bad = ~np.isfinite(Z).all(axis=-1)
    assert bad.any() and not bad[0]
    assert np.isnan(Z[np.argmax(bad):]).all()
    Z = gradient_descent(quad, (-1.0, 1.0), 0.99 * quad.stability_threshold, 3000)
    assert np.isfinite(Z).all()


@pytest.mark.parametrize("call", [
    lambda q: sgd(q, (0.0, 0.0), 0.1, 5),
    lambda q: sgd_momentum(q, (0.0, 0.0), 0.1, 0.5, 5),
    lambda q: run(SGD(lr=0.1), q, (0.0, 0.0), 5, stochastic=True),
    lambda q: q.grad_i((0.0, 0.0), 0),
    lambda q: q.value_i((0.0, 0.0), 0),
    lambda q: q.predict((0.0, 0.0)),
    lambda q: q.n,
])
def test_no_examples_means_no_stochastic_method(quad, call):
    with pytest.raises(TypeError) as info:
        call(quad)
    message = str(info.value)
    assert "Le paramètre objective" in message and "Quadratic" in message
    assert "stochastique" in message and "gradient_descent" in message


def test_contour_draws_a_quadratic(quad):
    fig = Figure()
    ax = fig.add_subplot()
    plotting.plot_contour(ax, quad, levels=12)
    star = [line for line in ax.lines if line.get_marker() == "*"]
    assert len(star) == 1
    np.testing.assert_array_equal(np.ravel(star[0].get_xydata()), W_STAR)
    assert ax.get_xlim() == (-2.0, 4.0) and ax.get_ylim() == (-5.0, 1.0)
    assert "quadratique" in ax.get_title()
    Z = gradient_descent(quad, (-1.0, 0.0), 0.3, 30)
    plotting.plot_trajectory(ax, Z)


def test_explorer_runs_on_a_quadratic():
    from course_utils.widgets import Explorer

    q = Quadratic.from_condition_number(10.0)
    ex = Explorer(q, method="gd", eta=1.5, T=30, w0=(-2.5, 2.0), compare=["rmsprop"])
    Z = ex.trajectories["gd"]
    np.testing.assert_array_equal(Z, gradient_descent(q, (-2.5, 2.0), 1.5, 30))
    assert "quadratique" in ex.figure.axes[0].get_title()


@pytest.mark.parametrize("args, error, words", [
    (([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]],), ValueError,
     "Le paramètre H doit être une matrice carrée"),
    (([[1.0, 2.0], [0.0, 1.0]],), ValueError, "Le paramètre H doit être symétrique"),
    (([[1.0, 0.0], [0.0, -1.0]],), ValueError, "semi-défini positif"),
    (([[1.0, np.nan], [np.nan, 1.0]],), ValueError, "non finies"),
    (([[0.0, 0.0], [0.0, 0.0]],), ValueError, "Le paramètre H ne doit pas être nul"),
    (("abc",), TypeError, "Le paramètre H doit être un tableau"),
    ((H, (1.0, 2.0, 3.0)), ValueError,
     "Le paramètre w_star doit être un point fini de forme (2,)"),
    ((H, (1.0, np.inf)), ValueError, "Le paramètre w_star"),
])
def test_french_errors(args, error, words):
    with pytest.raises(error) as info:
        Quadratic(*args)
    assert words in str(info.value)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(kappa=0.5), ValueError, "Le paramètre kappa doit être un nombre fini au moins égal à 1"),
    (dict(kappa=np.inf), ValueError, "valeur reçue : inf"),
    (dict(kappa="10"), TypeError, "Le paramètre kappa doit être un nombre réel"),
    (dict(kappa=10, L=0), ValueError, "Le paramètre L doit être un nombre strictement positif"),
    (dict(kappa=10, angle=np.nan), ValueError, "Le paramètre angle"),
])
def test_from_condition_number_errors(kwargs, error, words):
    with pytest.raises(error) as info:
        Quadratic.from_condition_number(**kwargs)
    assert words in str(info.value)


def test_semi_definite_is_accepted():
    q = Quadratic([[1.0, 0.0], [0.0, 0.0]])
    assert q.mu == 0.0 and q.condition_number == np.inf
    assert q.optimal_step == pytest.approx(2.0)
    assert q.name == "quadratique (κ = ∞)"
