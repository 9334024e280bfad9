"""La boule pesante (heavy ball) : v_t = α v_{t−1} − η ∇F(z_{t−1}), z_t = z_{t−1} + v_t."""

import numpy as np
import pytest

from course_utils import SGD, gradient_descent, heavy_ball, run

STARTS = {"moindres carrés": (-7.0, 7.0), "réseau tanh": (2.5, -3.0)}


def by_the_formula(objective, w0, eta, alpha, T):
    """La récurrence écrite ligne à ligne, pour un seul départ."""
    z = np.array(w0, dtype=float)
    v = np.zeros(2)
    out = [z]
    for _ in range(T):
        v = alpha * v - eta * objective.grad(z)
        z = z + v
        out.append(z)
    return np.array(out)


@pytest.mark.parametrize("eta, alpha", [(0.05, 0.0), (0.05, 0.5), (0.1, 0.9), (0.02, 0.99)])
def test_heavy_ball_is_its_formula(objective, eta, alpha):
    w0 = STARTS[objective.name]
    Z = heavy_ball(objective, w0, eta, alpha, 150)
    assert Z.shape == (151, 2)
    np.testing.assert_array_equal(Z[0], w0)
    np.testing.assert_allclose(Z, by_the_formula(objective, w0, eta, alpha, 150),
                               rtol=1e-13, atol=1e-13)


def test_alpha_zero_is_gradient_descent(objective):
    w0 = STARTS[objective.name]
    np.testing.assert_array_equal(heavy_ball(objective, w0, 0.07, 0.0, 80),
                                  gradient_descent(objective, w0, 0.07, 80))


def test_batch_of_starts_equals_one_start_at_a_time(objective):
    starts = np.array([[-7.0, 7.0], [2.5, -3.0], [0.0, 0.0]])
    Z = heavy_ball(objective, starts, 0.05, 0.8, 60)
    assert Z.shape == (61, 3, 2)
    for b, w0 in enumerate(starts):
        np.testing.assert_allclose(Z[:, b], heavy_ball(objective, w0, 0.05, 0.8, 60),
                                   rtol=1e-14, atol=1e-14)


def test_zero_iterations_is_the_start(least_squares):
    Z = heavy_ball(least_squares, (1.0, 2.0), 0.1, 0.5, 0)
    np.testing.assert_array_equal(Z, [[1.0, 2.0]])


def test_same_as_torch_momentum_with_the_full_gradient(least_squares):
    """torch.optim.SGD(momentum=α) à pas constant (b ← α b + g, p ← p − η b) est la boule
    pesante (v = −η b), aux arrondis près."""
    Z = heavy_ball(least_squares, (-7.0, 7.0), 0.05, 0.8, 100)
    np.testing.assert_allclose(run(SGD(lr=0.05, momentum=0.8), least_squares, (-7.0, 7.0), 100),
                               Z, rtol=1e-11, atol=1e-12)


def test_momentum_is_faster_than_gradient_descent_at_the_same_step(least_squares):
    w_star = least_squares.minimizer()
    eta = 0.05
    gd = gradient_descent(least_squares, (-7.0, 7.0), eta, 100)[-1]
    hb = heavy_ball(least_squares, (-7.0, 7.0), eta, 0.8, 100)[-1]
    assert np.linalg.norm(hb - w_star) < 1e-3 * np.linalg.norm(gd - w_star)


def test_divergence_gives_nan_without_warning(least_squares):
    # η = 0,9 > (2 + 2α)/L ≈ 0,74 pour α = 0,5 : diverge ; le second départ aussi (même η)
    Z = heavy_ball(least_squares, [(-7.0, 7.0), (1.0, 1.0)], 0.9, 0.5, 5000)
    bad = ~np.isfinite(Z).all(axis=-1)
    assert bad[-1].all() and not bad[0].any()
    for b in range(2):
        first = np.argmax(bad[:, b])
        assert np.isnan(Z[first:, b]).all() and np.isfinite(Z[:first, b]).all()
    # juste sous la frontière : converge
    Z = heavy_ball(least_squares, (-7.0, 7.0), 0.7, 0.5, 2000)
    assert np.isfinite(Z).all()


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(eta=0.0), ValueError, "Le paramètre eta doit être un nombre strictement positif"),
    (dict(eta="0.1"), TypeError, "Le paramètre eta doit être un nombre réel"),
    (dict(alpha=1.0), ValueError, "Le paramètre alpha doit être dans l'intervalle [0, 1["),
    (dict(alpha=-0.1), ValueError, "valeur reçue : -0.1"),
    (dict(T=2.5), TypeError, "Le paramètre T doit être un entier"),
    (dict(T=-1), ValueError, "Le paramètre T doit être un entier positif ou nul"),
    (dict(w0=(1.0, 2.0, 3.0)), ValueError, "Le paramètre w0 doit être de forme (2,)"),
    (dict(w0=(np.nan, 0.0)), ValueError, "Le paramètre w0 doit contenir des nombres finis"),
    (dict(objective="F"), TypeError, "Le paramètre objective doit être une fonction objectif"),
])
def test_french_errors(least_squares, kwargs, error, words):
    args = dict(objective=least_squares, w0=(0.0, 0.0), eta=0.1, alpha=0.5, T=5)
    args.update(kwargs)
    with pytest.raises(error) as info:
        heavy_ball(**args)
    assert words in str(info.value)
