import numpy as np
import pytest

from course_utils import LeastSquares, TanhNetwork, linear_example
from conftest import finite_difference_grad


def test_linear_example_is_the_lecture_data_and_fresh_each_call():
    X, y = linear_example()
    np.testing.assert_array_equal(X, [[1, 1], [0, -1], [2, 0.5]])
    np.testing.assert_array_equal(y, [-1, 3, 2])
    assert X.dtype == float and y.dtype == float
    X[0, 0] = 99.0
    assert linear_example()[0][0, 0] == 1.0


def test_least_squares_value_is_the_formula(least_squares):
    X, y = linear_example()
    w = np.array([0.3, -1.2])
    expected = np.mean([(w @ X[i] - y[i]) ** 2 for i in range(3)])
    assert least_squares.value(w) == pytest.approx(expected, rel=1e-14)
    assert least_squares.n == 3


def test_partial_objectives_have_no_one_over_n(objective):
    w = np.array([0.7, -0.4])
    values = [objective.value_i(w, i) for i in range(objective.n)]
    assert objective.value(w) == pytest.approx(np.mean(values), rel=1e-13)
    grads = [objective.grad_i(w, i) for i in range(objective.n)]
    np.testing.assert_allclose(objective.grad(w), np.mean(grads, axis=0), rtol=1e-13)


def test_least_squares_partial_gradient_is_the_lecture_formula(least_squares):
    X, y = linear_example()
    w = np.array([2.0, -1.0])
    for i in range(3):
        np.testing.assert_allclose(least_squares.grad_i(w, i), 2 * (w @ X[i] - y[i]) * X[i])
        assert least_squares.value_i(w, i) == pytest.approx((w @ X[i] - y[i]) ** 2)


@pytest.mark.parametrize("seed", range(5))
def test_gradients_match_finite_differences(objective, seed):
    w = np.random.default_rng(seed).uniform(-3, 3, size=2)
    np.testing.assert_allclose(
        objective.grad(w), finite_difference_grad(objective.value, w), rtol=1e-6, atol=1e-7
    )
    for i in range(objective.n):
        np.testing.assert_allclose(
            objective.grad_i(w, i),
            finite_difference_grad(lambda v, i=i: objective.value_i(v, i), w),
            rtol=1e-6,
            atol=1e-7,
        )


def test_tanh_network_follows_the_formula_M_times_x(tanh_net):
    X, y = linear_example()
    w = np.array([0.5, -1.5])
    M = np.array([[w[0], -1.0], [1.0, w[1]]])
    c = np.array([-1.0, 1.0])  # les poids de sortie (notés v par la source)
    np.testing.assert_array_equal(tanh_net.c, c)
    assert not hasattr(tanh_net, "v")  # v est la vitesse du chapitre 4, pas ces poids
    with pytest.raises(ValueError):
        tanh_net.c[0] = 5.0  # partagés par tous les réseaux : en lecture seule
    expected = np.array([c @ np.tanh(M @ x) for x in X])
    np.testing.assert_allclose(tanh_net.predict(w, X), expected, rtol=1e-14)
    # le code de 2019 calculait x·M : ce n'est pas la même fonction
    wrong = np.array([c @ np.tanh(x @ M) for x in X])
    assert not np.allclose(tanh_net.predict(w, X), wrong)
    assert tanh_net.value(w) == pytest.approx(np.mean((expected - y) ** 2), rel=1e-14)


def test_vectorized_over_leading_axes_matches_pointwise(objective):
    rng = np.random.default_rng(0)
    grid = rng.uniform(-5, 5, size=(7, 5, 2))
    values, grads = objective.value(grid), objective.grad(grid)
    assert values.shape == (7, 5) and grads.shape == (7, 5, 2)
    for a in range(7):
        for b in range(5):
            assert values[a, b] == pytest.approx(objective.value(grid[a, b]), rel=1e-13)
            np.testing.assert_allclose(grads[a, b], objective.grad(grid[a, b]), rtol=1e-12)
    # un lot d'indices : un exemple par point
    idx = rng.integers(0, 3, size=(7, 5))
    gi = objective.grad_i(grid, idx)
    assert gi.shape == (7, 5, 2)
    np.testing.assert_allclose(gi[2, 3], objective.grad_i(grid[2, 3], idx[2, 3]))


def test_grid_401_is_one_call(objective):
    g1, g2 = np.meshgrid(np.linspace(-8, 8, 401), np.linspace(-8, 8, 401))
    W = np.stack([g1, g2], axis=-1)
    assert objective.value(W).shape == (401, 401)
    assert objective.grad(W).shape == (401, 401, 2)


def test_lecture_numbers(least_squares):
    np.testing.assert_allclose(least_squares.minimizer(), [1.759, -2.897], atol=1e-3)
    np.testing.assert_allclose(least_squares.grad(least_squares.minimizer()), 0, atol=1e-12)
    assert least_squares.stability_threshold == pytest.approx(0.496, abs=1e-3)
    assert least_squares.optimal_step == pytest.approx(0.414, abs=1e-3)
    X, _ = linear_example()
    H = least_squares.hessian()
    np.testing.assert_allclose(H, 2 / 3 * X.T @ X)
    eig = np.linalg.eigvalsh(H)
    assert least_squares.L == pytest.approx(eig[-1]) and least_squares.mu == pytest.approx(eig[0])
    # F est quadratique : sa hessienne par différences finies du gradient est H
    w = np.array([0.3, 0.9])
    Hfd = np.stack([finite_difference_grad(lambda v, k=k: least_squares.grad(v)[k], w)
                    for k in range(2)])
    np.testing.assert_allclose(Hfd, H, rtol=1e-6)


@pytest.mark.parametrize("cls", [LeastSquares, TanhNetwork])
@pytest.mark.parametrize(
    "X, y, word",
    [
        ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], "X"),
        ([[[1.0, 2.0]]], [1.0], "X"),
        ([[1.0, 2.0], [3.0, 4.0]], [1.0, 2.0, 3.0], "y"),
        ([[1.0, 2.0], [3.0, 4.0]], [[1.0], [2.0]], "y"),
        ([[1.0, np.nan], [3.0, 4.0]], [1.0, 2.0], "X"),
        ([[1.0, 2.0], [3.0, 4.0]], [1.0, np.inf], "y"),
    ],
)
def test_bad_data_gives_a_french_error(cls, X, y, word):
    with pytest.raises(ValueError, match=f"paramètre {word}"):
        cls(X, y)


def test_bad_points_give_french_errors(objective):
    with pytest.raises(ValueError, match=r"paramètre w .*forme \(3,\)"):
        objective.value([1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="paramètre w doit être un tableau de nombres"):
        objective.grad("abc")
    with pytest.raises(ValueError, match="paramètre i .* entre 0 et 2 ; valeur reçue : 3"):
        objective.grad_i([0.0, 0.0], 3)
    with pytest.raises(ValueError, match="paramètre i"):
        objective.value_i([0.0, 0.0], 1.5)


def test_tanh_network_needs_two_columns():
    with pytest.raises(ValueError, match="2 colonnes"):
        TanhNetwork([[1.0, 2.0, 3.0]], [1.0])


def test_huge_points_give_no_warning(objective):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        v = objective.value([1e200, -1e200])
        objective.grad([1e200, -1e200])
        objective.value([np.nan, 0.0])
    # F est énorme (inf pour les moindres carrés, bornée pour le réseau tanh), jamais NaN
    assert not np.isnan(v)
