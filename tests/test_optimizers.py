import warnings

import numpy as np
import pytest

from course_utils import (
    SGD,
    Adam,
    RMSprop,
    gradient_descent,
    run,
    sgd,
    sgd_momentum,
)
from course_utils.optimizers import heavy_ball, sample_indices


# -- formes ---------------------------------------------------------------------------------
def test_gradient_descent_returns_T_plus_one_points(least_squares):
    Z = gradient_descent(least_squares, (-7, 7), 0.4, 20)
    assert Z.shape == (21, 2)
    np.testing.assert_array_equal(Z[0], [-7, 7])
    assert gradient_descent(least_squares, (-7, 7), 0.4, 0).shape == (1, 2)


def test_gradient_descent_is_the_lecture_update(least_squares):
    Z = gradient_descent(least_squares, (-7, 7), 0.1, 5)
    for t in range(1, 6):
        np.testing.assert_allclose(Z[t], Z[t - 1] - 0.1 * least_squares.grad(Z[t - 1]), rtol=1e-15)


def test_batch_of_starts(objective):
    W0 = np.array([[-7.0, 7.0], [1.0, 2.0], [3.0, -4.0]])
    Z = gradient_descent(objective, W0, 0.2, 10)
    assert Z.shape == (11, 3, 2)
    for b in range(3):
        np.testing.assert_allclose(Z[:, b], gradient_descent(objective, W0[b], 0.2, 10))
    for f in (lambda w: sgd(objective, w, 0.3, 10, seed=3),
              lambda w: sgd_momentum(objective, w, 0.3, 0.5, 10, seed=3),
              lambda w: run(Adam(lr=0.1), objective, w, 10, stochastic=True, seed=3)):
        Zb = f(W0)
        assert Zb.shape == (11, 3, 2)
        # chaque départ tire ses propres exemples : les trajectoires diffèrent d'une même origine
    same = np.array([[1.0, 1.0]] * 4)
    Zs = sgd(objective, same, 0.3, 15, seed=1)
    assert not all(np.allclose(Zs[:, 0], Zs[:, b]) for b in range(1, 4))


def test_grid_of_starts_has_any_leading_axes(objective):
    """Un lot de départs (..., d) : une grille (M, N, d) donne (T + 1, M, N, d), chaque départ
    suit sa propre trajectoire, et en version stochastique tire ses propres exemples : ceux de
    sample_indices(n, T, seed, batch=(M, N)), les mêmes que pour les M·N départs à plat."""
    d, T = objective.d, 8
    W = np.random.default_rng(0).uniform(-3, 3, size=(3, 4, d))
    flat = W.reshape(-1, d)
    methods = {
        "gd": lambda w: gradient_descent(objective, w, 0.1, T),
        "heavy_ball": lambda w: heavy_ball(objective, w, 0.1, 0.6, T),
        "sgd": lambda w: sgd(objective, w, 0.2, T, seed=5),
        "momentum": lambda w: sgd_momentum(objective, w, 0.2, 0.5, T, seed=5),
        "rmsprop": lambda w: run(RMSprop(lr=0.05), objective, w, T),
        "adam": lambda w: run(Adam(lr=0.1), objective, w, T, stochastic=True, seed=5),
    }
    for name, f in methods.items():
        Z = f(W)
        assert Z.shape == (T + 1, 3, 4, d), name
        np.testing.assert_array_equal(Z[0], W)
        np.testing.assert_array_equal(Z.reshape(T + 1, -1, d), f(flat), err_msg=name)
        assert f(W[None, :, :2]).shape == (T + 1, 1, 3, 2, d)  # trois axes en tête
    # déterministe : chaque départ de la grille est la descente de ce seul départ
    for name in ("gd", "heavy_ball", "rmsprop"):
        Z = methods[name](W)
        for m, k in [(0, 0), (1, 2), (2, 3)]:
            np.testing.assert_allclose(Z[:, m, k], methods[name](W[m, k]), rtol=1e-13,
                                       err_msg=name)
    # stochastique : le départ (m, k) suit la formule avec ses propres tirages
    idx = sample_indices(objective.n, T, 5, batch=(3, 4))
    assert idx.shape == (T, 3, 4)
    np.testing.assert_array_equal(idx.reshape(T, -1), sample_indices(objective.n, T, 5, 12))
    Z = methods["sgd"](W)
    for m, k in [(0, 1), (2, 3)]:
        for t in range(1, T + 1):
            step = 0.2 / np.sqrt(t) * objective.grad_i(Z[t - 1, m, k], idx[t - 1, m, k])
            np.testing.assert_allclose(Z[t, m, k], Z[t - 1, m, k] - step, rtol=1e-13)
    assert len({tuple(idx[:, m, k]) for m in range(3) for k in range(4)}) > 6
    with pytest.raises(ValueError, match=r"Le paramètre batch .*0"):
        sample_indices(3, T, 0, batch=(3, 0))


# -- la leçon : η = 0.4 converge, η = 0.5 non ----------------------------------------------
def test_lecture_step_sizes(least_squares):
    w_star = least_squares.minimizer()
    Z = gradient_descent(least_squares, (-7, 7), 0.4, 20)
    assert np.linalg.norm(Z[-1] - w_star) < 0.01
    Z = gradient_descent(least_squares, (-7, 7), 0.5, 20)
    assert np.linalg.norm(Z[-1] - w_star) > 1.0
    assert least_squares.value(Z[-1]) > least_squares.value(Z[5])  # elle s'éloigne
    # juste sous le seuil 2/L : converge (lentement) ; juste au-dessus : diverge
    thr = least_squares.stability_threshold
    def gap(eta):
        return np.linalg.norm(gradient_descent(least_squares, (-7, 7), eta, 500)[-1] - w_star)

    assert gap(0.98 * thr) < 1e-3
    assert gap(1.02 * thr) > 10
    # le pas optimal 2/(L+μ) converge plus vite que 0.4 et 0.1
    errs = {eta: np.linalg.norm(gradient_descent(least_squares, (-7, 7), eta, 20)[-1] - w_star)
            for eta in (0.1, 0.4, least_squares.optimal_step)}
    assert errs[least_squares.optimal_step] < errs[0.4] < errs[0.1]


# -- SGD -------------------------------------------------------------------------------------
def test_sgd_steps_follow_the_formula(objective):
    T, eta, seed = 12, 0.3, 7
    Z = sgd(objective, (0.5, -0.5), eta, T, seed=seed)
    idx = sample_indices(objective.n, T, seed)
    for t in range(1, T + 1):
        expected = Z[t - 1] - eta / np.sqrt(t) * objective.grad_i(Z[t - 1], idx[t - 1])
        np.testing.assert_allclose(Z[t], expected, rtol=1e-14)
    Zc = sgd(objective, (0.5, -0.5), eta, T, seed=seed, schedule="constant")
    for t in range(1, T + 1):
        expected = Zc[t - 1] - eta * objective.grad_i(Zc[t - 1], idx[t - 1])
        np.testing.assert_allclose(Zc[t], expected, rtol=1e-14)


def test_sgd_momentum_steps_follow_the_formula(objective):
    T, eta, alpha, seed = 12, 0.2, 0.7, 11
    Z = sgd_momentum(objective, (0.5, -0.5), eta, alpha, T, seed=seed)
    idx = sample_indices(objective.n, T, seed)
    v = np.zeros(2)
    z = np.array([0.5, -0.5])
    for t in range(1, T + 1):
        v = alpha * v - eta / np.sqrt(t) * objective.grad_i(z, idx[t - 1])
        z = z + v
        np.testing.assert_allclose(Z[t], z, rtol=1e-13)
    # α = 0 redonne SGD avec les mêmes tirages
    np.testing.assert_array_equal(
        sgd_momentum(objective, (1, 1), 0.2, 0.0, 30, seed=4),
        sgd(objective, (1, 1), 0.2, 30, seed=4),
    )


def test_sgd_draws_are_uniform():
    idx = sample_indices(3, 30000, seed=0)
    counts = np.bincount(idx, minlength=3) / 30000
    np.testing.assert_allclose(counts, 1 / 3, atol=0.01)


def test_seeding(objective):
    a = sgd(objective, (1, 1), 0.3, 40, seed=5)
    np.testing.assert_array_equal(a, sgd(objective, (1, 1), 0.3, 40, seed=5))
    assert not np.array_equal(a, sgd(objective, (1, 1), 0.3, 40, seed=6))
    b = sgd_momentum(objective, (1, 1), 0.3, 0.5, 40, seed=5)
    np.testing.assert_array_equal(b, sgd_momentum(objective, (1, 1), 0.3, 0.5, 40, seed=5))
    c = run(Adam(lr=0.1), objective, (1, 1), 40, stochastic=True, seed=5)
    np.testing.assert_array_equal(
        c, run(Adam(lr=0.1), objective, (1, 1), 40, stochastic=True, seed=5))


def test_sgd_converges_near_the_minimum_on_average(least_squares):
    W0 = np.tile([-7.0, 7.0], (200, 1))
    Z = sgd(least_squares, W0, 1 / 3, 2000, seed=0)
    assert np.linalg.norm(Z[-1].mean(axis=0) - least_squares.minimizer()) < 0.1


# -- divergence ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "algo",
    [
        lambda F, eta: gradient_descent(F, (-7, 7), eta, 2000),
        lambda F, eta: sgd(F, (-7, 7), eta, 2000, seed=0, schedule="constant"),
        lambda F, eta: sgd_momentum(F, np.array([[-7, 7], [1, 1]]), eta, 0.9, 2000, seed=0,
                                    schedule="constant"),
        lambda F, eta: run(SGD(lr=eta, momentum=0.9), F, (-7, 7), 2000),
    ],
)
def test_divergence_is_quiet_and_nan(least_squares, algo):
    eta = 50 * least_squares.stability_threshold
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            Z = algo(least_squares, eta)
    assert not np.any(np.isinf(Z))
    bad = np.isnan(Z).any(axis=-1)
    assert bad[-1].all(), "la trajectoire aurait dû diverger"
    first = np.argmax(bad, axis=0)
    for b, f in enumerate(np.atleast_1d(first)):
        col = bad[:, b] if bad.ndim == 2 else bad
        assert col[f:].all() and not col[:f].any()
        assert np.isnan(Z[f:]).all() if bad.ndim == 1 else np.isnan(Z[f:, b]).all()


# -- mauvaises entrées -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs, exc, pattern",
    [
        (dict(eta=0), ValueError, r"paramètre eta .* valeur reçue : 0"),
        (dict(eta=-0.1), ValueError, r"paramètre eta .* valeur reçue : -0\.1"),
        (dict(eta=float("nan")), ValueError, r"paramètre eta .* nan"),
        (dict(eta=float("inf")), ValueError, r"paramètre eta"),
        (dict(eta="0.1"), TypeError, r"paramètre eta .* '0\.1'"),
        (dict(eta=True), TypeError, r"paramètre eta"),
        (dict(T=-1), ValueError, r"paramètre T .* -1"),
        (dict(T=2.5), TypeError, r"paramètre T doit être un entier .* 2\.5"),
        (dict(T=20.0), TypeError, r"paramètre T doit être un entier .* 20\.0"),
        (dict(T="20"), TypeError, r"paramètre T"),
        (dict(w0=(1.0, 2.0, 3.0)), ValueError, r"paramètre w0 .* forme \(2,\)"),
        (dict(w0=[[1.0], [2.0]]), ValueError, r"paramètre w0 .* forme .*\(2, 1\)"),
        (dict(w0=np.zeros((2, 0, 2))), ValueError, r"paramètre w0 .* lot de départs \(\.\.\., 2\)"),
        (dict(w0=(np.nan, 1.0)), ValueError, r"paramètre w0 .* finis"),
        (dict(w0=(np.inf, 1.0)), ValueError, r"paramètre w0 .* finis"),
        (dict(w0="ab"), TypeError, r"paramètre w0"),
        (dict(w0=()), ValueError, r"paramètre w0"),
    ],
)
def test_bad_arguments_gradient_descent(least_squares, kwargs, exc, pattern):
    args = dict(w0=(-7, 7), eta=0.1, T=20)
    args.update(kwargs)
    with pytest.raises(exc, match=pattern):
        gradient_descent(least_squares, **args)


def test_integer_types_are_accepted(least_squares):
    for T in (20, np.int64(20), np.int32(20)):
        assert gradient_descent(least_squares, (-7, 7), 0.1, T).shape == (21, 2)
    assert gradient_descent(least_squares, (-7, 7), np.float32(0.1), 3).shape == (4, 2)
    assert gradient_descent(least_squares, (-7, 7), 1, 3).shape == (4, 2)


@pytest.mark.parametrize(
    "call, exc, pattern",
    [
        (lambda F: sgd_momentum(F, (1, 1), 0.1, 1.0, 5), ValueError,
         r"paramètre alpha .*\[0, 1\[ .* 1\.0"),
        (lambda F: sgd_momentum(F, (1, 1), 0.1, -0.1, 5), ValueError, r"paramètre alpha"),
        (lambda F: sgd_momentum(F, (1, 1), 0.1, float("nan"), 5), ValueError, r"paramètre alpha"),
        (lambda F: sgd_momentum(F, (1, 1), 0.1, "0.5", 5), TypeError, r"paramètre alpha"),
        (lambda F: sgd(F, (1, 1), 0.1, 5, schedule="linear"), ValueError,
         r"paramètre schedule .*'linear'"),
        (lambda F: sgd(F, (1, 1), 0.1, 5, seed=1.5), TypeError, r"paramètre seed"),
        (lambda F: sgd(F, (1, 1), 0.1, 5, seed=-3), ValueError, r"paramètre seed"),
        (lambda F: sgd(F, (1, 1), 0.1, 5.0), TypeError, r"paramètre T"),
        (lambda F: gradient_descent("F", (1, 1), 0.1, 5), TypeError, r"paramètre objective"),
        (lambda F: run("adam", F, (1, 1), 5), TypeError, r"paramètre optimizer"),
        (lambda F: run(Adam(), F, (1, 1), 5, stochastic="oui"), TypeError, r"paramètre stochastic"),
        (lambda F: Adam(lr=0), ValueError, r"paramètre lr .* 0"),
        (lambda F: Adam(betas=(0.9, 1.0)), ValueError, r"paramètre betas\[1\]"),
        (lambda F: Adam(betas=0.9), TypeError, r"paramètre betas"),
        (lambda F: Adam(amsgrad="yes"), TypeError, r"paramètre amsgrad"),
        (lambda F: RMSprop(alpha=1.5), ValueError, r"paramètre alpha"),
        (lambda F: RMSprop(eps=-1), ValueError, r"paramètre eps"),
        (lambda F: SGD(momentum=-0.5), ValueError, r"paramètre momentum"),
        (lambda F: SGD(nesterov=True), ValueError, r"nesterov=True demande momentum > 0"),
        (lambda F: SGD(weight_decay=float("nan")), ValueError, r"paramètre weight_decay"),
    ],
)
def test_bad_arguments_french_errors(least_squares, call, exc, pattern):
    with pytest.raises(exc, match=pattern):
        call(least_squares)


def test_twin_defaults_are_torch_defaults():
    assert SGD().lr == 0.001 and SGD().momentum == 0 and SGD().nesterov is False
    r = RMSprop()
    assert (r.lr, r.alpha, r.eps, r.weight_decay, r.momentum, r.centered) == (
        0.01, 0.99, 1e-8, 0, 0, False)
    a = Adam()
    assert (a.lr, a.betas, a.eps, a.weight_decay, a.amsgrad) == (
        0.001, (0.9, 0.999), 1e-8, 0, False)


def test_run_resets_the_optimizer_state(least_squares):
    opt = Adam(lr=0.3)
    a = run(opt, least_squares, (-7, 7), 30)
    b = run(opt, least_squares, (-7, 7), 30)
    np.testing.assert_array_equal(a, b)
    # SGD sans momentum du jumeau = descente de gradient du cours
    np.testing.assert_allclose(
        run(SGD(lr=0.4), least_squares, (-7, 7), 20),
        gradient_descent(least_squares, (-7, 7), 0.4, 20),
        rtol=1e-14,
    )
