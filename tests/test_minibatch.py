"""Chapitre 7 : le jeu de données « diabète », les mini-lots, les règles de pas."""

import math
import os

import numpy as np
import pytest

from course_utils import LeastSquares, TanhNetwork, gradient_descent, linear_example
from course_utils.datasets import (
    DIABETES_COLUMNS,
    diabetes,
    standardize,
    train_validation_split,
    with_bias_column,
)
from course_utils.minibatch import batch_order, lr_range_test, minibatch_sgd
from course_utils.schedules import SCHEDULES, Schedule, get_schedule, step_decay, warmup_cosine


@pytest.fixture(scope="module")
def diabetes_problem():
    X, y = diabetes()
    X_tr, X_va, y_tr, y_va = train_validation_split(X, y, validation=0.2, seed=0)
    S, shift, scale = standardize(X_tr)
    A = with_bias_column(S)
    B = with_bias_column((X_va - shift) / scale)  # les statistiques de l'entraînement
    return LeastSquares(A, y_tr), LeastSquares(B, y_va)


# -- les données ---------------------------------------------------------------------------------
def test_diabetes_is_the_documented_table():
    X, y = diabetes()
    assert X.shape == (442, 10) and y.shape == (442,)
    assert np.isfinite(X).all() and np.isfinite(y).all()
    assert list(DIABETES_COLUMNS)[:10] == ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4",
                                          "s5", "s6"]
    # valeurs brutes publiées (Efron et al. 2004) : premier patient, et quelques repères
    np.testing.assert_array_equal(X[0], [59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87])
    assert y[0] == 151 and y.min() == 25 and y.max() == 346
    assert set(np.unique(X[:, 1])) == {1.0, 2.0}  # sexe codé 1 ou 2
    assert 19 <= X[:, 0].min() and X[:, 0].max() <= 79  # âges
    X[0, 0] = -1  # chaque appel renvoie une copie
    assert diabetes()[0][0, 0] == 59


def test_split_standardize_bias():
    X, y = diabetes()
    X_tr, X_va, y_tr, y_va = train_validation_split(X, y, validation=0.2, seed=3)
    assert X_va.shape == (88, 10) and X_tr.shape == (354, 10)
    # aucune ligne perdue ni dupliquée
    rows = np.vstack([np.c_[X_tr, y_tr], np.c_[X_va, y_va]])
    assert sorted(map(tuple, rows)) == sorted(map(tuple, np.c_[X, y]))
    same = train_validation_split(X, y, validation=0.2, seed=3)
    np.testing.assert_array_equal(same[1], X_va)
    S, shift, scale = standardize(X_tr)
    np.testing.assert_allclose(S.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(S.std(axis=0), 1, atol=1e-12)
    np.testing.assert_allclose(shift, X_tr.mean(0))
    np.testing.assert_allclose(scale, X_tr.std(0))
    A = with_bias_column(S)
    assert A.shape == (354, 11) and (A[:, 0] == 1).all()


def test_standardizing_improves_the_conditioning():
    X, y = diabetes()
    raw = LeastSquares(with_bias_column(X), y)
    std = LeastSquares(with_bias_column(standardize(X)[0]), y)
    kappa_raw, kappa_std = raw.L / raw.mu, std.L / std.mu
    assert kappa_raw > 1e6 and kappa_std < 1000 and kappa_raw / kappa_std > 1e4


@pytest.mark.parametrize("bad, match", [
    (dict(validation=0.0), "validation"), (dict(validation=1.5), "validation"),
    (dict(seed=-1), "seed"), (dict(validation="0.2"), "validation"),
])
def test_split_errors_in_french(bad, match):
    X, y = diabetes()
    with pytest.raises((ValueError, TypeError), match=f"Le paramètre {match}"):
        train_validation_split(X, y, **bad)


# -- mini-lots -------------------------------------------------------------------------------------
def test_full_batch_without_shuffling_is_gradient_descent(diabetes_problem):
    F, _ = diabetes_problem
    w0 = np.zeros(F.d)
    Z = minibatch_sgd(F, w0, 0.1, epochs=40, batch_size=F.n, shuffle=False)
    G = gradient_descent(F, w0, 0.1, 40)
    assert Z.shape == G.shape == (41, F.d)
    np.testing.assert_allclose(Z, G, rtol=1e-13, atol=1e-12)


def test_full_batch_on_the_tanh_network_is_gradient_descent():
    F = TanhNetwork(*linear_example())
    Z = minibatch_sgd(F, (2.0, -1.0), 0.3, epochs=25, batch_size=3, shuffle=False)
    np.testing.assert_array_equal(Z, gradient_descent(F, (2.0, -1.0), 0.3, 25))


def test_batch_size_one_is_sgd_over_epochs(diabetes_problem):
    """b = 1 : chaque itération est z ← z − η_t ∇F_i(z), i pris dans l'ordre mélangé."""
    F, _ = diabetes_problem
    w0 = np.zeros(F.d)
    Z = minibatch_sgd(F, w0, 0.02, epochs=2, batch_size=1, seed=5, schedule="inv_sqrt")
    order = np.concatenate(batch_order(F.n, 2, 1, seed=5))
    z, expected = w0, [w0]
    for t, i in enumerate(order, start=1):
        z = z - 0.02 / math.sqrt(t) * F.grad_i(z, i)
        expected.append(z)
    np.testing.assert_allclose(Z, expected, rtol=1e-12, atol=1e-9)


def test_every_example_once_per_epoch_and_seeded():
    batches = batch_order(354, 3, 32, seed=1)
    assert len(batches) == 3 * math.ceil(354 / 32)
    per_epoch = len(batches) // 3
    for e in range(3):
        seen = np.concatenate(batches[e * per_epoch:(e + 1) * per_epoch])
        assert sorted(seen) == list(range(354))
    assert [len(b) for b in batches[:per_epoch]] == [32] * 11 + [2]
    assert not np.array_equal(batches[0], batches[per_epoch])  # remélangé à chaque époque
    again = batch_order(354, 3, 32, seed=1)
    assert all(np.array_equal(a, b) for a, b in zip(batches, again, strict=True))
    assert not np.array_equal(batch_order(354, 1, 32, seed=2)[0], batches[0])
    fixed = batch_order(10, 2, 4, shuffle=False)
    assert [b.tolist() for b in fixed] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]] * 2


def test_minibatch_is_deterministic_and_uses_the_mean_of_the_batch(diabetes_problem):
    F, _ = diabetes_problem
    w0 = np.zeros(F.d)
    Z1 = minibatch_sgd(F, w0, 0.05, 3, 16, seed=7, schedule="cosine")
    Z2 = minibatch_sgd(F, w0, 0.05, 3, 16, seed=7, schedule="cosine")
    np.testing.assert_array_equal(Z1, Z2)
    U = 3 * math.ceil(F.n / 16)
    assert Z1.shape == (U + 1, F.d)
    batches = batch_order(F.n, 3, 16, seed=7)
    steps = 0.05 * SCHEDULES["cosine"](np.arange(1, U + 1), U)
    z = w0
    for t, rows in enumerate(batches):
        z = z - steps[t] * np.mean(F.grad_i(z[None, :], rows), axis=0)
    np.testing.assert_allclose(Z1[-1], z, rtol=1e-10)


def test_divergence_is_nan_without_warning(diabetes_problem):
    F, _ = diabetes_problem
    Z = minibatch_sgd(F, np.zeros(F.d), 5.0, 20, 32, seed=0)  # η ≫ 2/L
    bad = ~np.isfinite(Z).all(axis=1)
    assert bad.any() and bad[np.argmax(bad):].all()
    assert np.isfinite(Z[0]).all()


def test_zero_epochs_and_errors(diabetes_problem):
    F, _ = diabetes_problem
    np.testing.assert_array_equal(minibatch_sgd(F, np.ones(F.d), 0.1, 0, 8), [np.ones(F.d)])
    with pytest.raises(ValueError, match="Le paramètre batch_size doit être un entier entre 1"):
        minibatch_sgd(F, np.zeros(F.d), 0.1, 1, F.n + 1)
    with pytest.raises(ValueError, match="Le paramètre schedule doit valoir l'un de"):
        minibatch_sgd(F, np.zeros(F.d), 0.1, 1, 8, schedule="exponentielle")
    with pytest.raises(ValueError, match="Le paramètre eta"):
        minibatch_sgd(F, np.zeros(F.d), -0.1, 1, 8)
    # les messages communs de course_utils._checks (un message par notion)
    with pytest.raises(TypeError, match="Le paramètre objective doit être une fonction "
                                        "objectif de course_utils"):
        minibatch_sgd("F", np.zeros(F.d), 0.1, 1, 8)
    with pytest.raises(TypeError, match="Le paramètre shuffle doit être True ou False ; "
                                        "valeur reçue : 'oui'"):
        batch_order(10, 1, 4, shuffle="oui")


@pytest.mark.parametrize("X", [[1.0, 2.0], [[1.0, np.nan]], np.zeros((0, 2))])
def test_bias_column_needs_a_finite_matrix(X):
    with pytest.raises(ValueError, match="Le paramètre X doit (être une matrice|contenir des "
                                         "nombres finis)"):
        with_bias_column(X)
    np.testing.assert_array_equal(with_bias_column([[2.0, 3.0]]), [[1.0, 2.0, 3.0]])


def test_lr_range_test_finds_the_stability_region(diabetes_problem):
    F, _ = diabetes_problem
    etas, losses = lr_range_test(F, np.zeros(F.d), 1e-4, 10.0, updates=300, batch_size=32)
    assert etas.shape == losses.shape == (300,)
    np.testing.assert_allclose(etas[[0, -1]], [1e-4, 10.0])
    assert np.all(np.diff(etas) > 0)
    best = etas[np.nanargmin(losses)]
    # la perte est la plus basse pour un pas sous le seuil 2/L, et explose au-delà
    assert 0.01 < best < F.stability_threshold
    assert np.isnan(losses[-1]) or losses[-1] > 10 * np.nanmin(losses)


# -- règles de pas ---------------------------------------------------------------------------------
def test_schedule_values():
    t = np.arange(1, 101)
    np.testing.assert_allclose(SCHEDULES["constant"](t, 100), 1.0)
    assert SCHEDULES["inv_sqrt"](4, 100) == 0.5
    assert SCHEDULES["inv_t"](4, 100) == 0.25
    assert SCHEDULES["cosine"](1, 100) == 1.0
    assert SCHEDULES["cosine"](51, 100) == pytest.approx(0.5)
    assert SCHEDULES["cosine"](100, 100) == pytest.approx((1 + math.cos(math.pi * 0.99)) / 2)
    s = SCHEDULES["step"]  # divisé par 2 à chaque quart
    assert [s(k, 100) for k in (1, 25, 26, 51, 76, 100)] == [1, 1, 0.5, 0.25, 0.125, 0.125]
    w = SCHEDULES["warmup_cosine"]  # 5 itérations d'échauffement sur 100
    assert [w(k, 100) for k in (1, 2, 5)] == [0.2, 0.4, 1.0]
    assert w(6, 100) == pytest.approx((1 + math.cos(math.pi / 95)) / 2)
    assert w(100, 100) == pytest.approx(0.0, abs=1e-12)
    assert warmup_cosine(0.5)(10, 20) == 1.0
    assert step_decay(0.1, 2)(60, 100) == pytest.approx(0.1)
    assert isinstance(get_schedule(None), Schedule) and get_schedule(None).name == "constant"
    assert all(isinstance(s.label, str) and s.label for s in SCHEDULES.values())


def test_schedule_errors():
    with pytest.raises(ValueError, match="Le paramètre t doit être un numéro"):
        SCHEDULES["inv_t"](0, 10)
    with pytest.raises(ValueError, match="Le paramètre total"):
        SCHEDULES["cosine"](1, 0)
    with pytest.raises(ValueError, match="Le paramètre factor"):
        step_decay(1.5)


# -- le même entraînement avec PyTorch ---------------------------------------------------------
@pytest.mark.parametrize("schedule", ["constant", "inv_sqrt", "warmup_cosine"])
def test_torch_dataloader_gives_the_same_trajectory(diabetes_problem, schedule):
    if os.environ.get("CI"):
        import torch
    else:
        torch = pytest.importorskip("torch")
    from torch.optim.lr_scheduler import LambdaLR
    from torch.utils.data import DataLoader, TensorDataset

    F, _ = diabetes_problem
    epochs, b, eta, seed = 3, 16, 0.05, 11
    Z = minibatch_sgd(F, np.zeros(F.d), eta, epochs, b, seed=seed, schedule=schedule)
    batches = batch_order(F.n, epochs, b, seed=seed)
    rule, total = SCHEDULES[schedule], len(batches)

    data = TensorDataset(torch.tensor(F.X), torch.tensor(F.y))
    loader = DataLoader(data, batch_sampler=[rows.tolist() for rows in batches])
    w = torch.zeros(F.d, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w], lr=eta)
    sched = LambdaLR(opt, lambda k: rule(k + 1, total))
    points = [w.detach().numpy().copy()]
    for xb, yb in loader:
        opt.zero_grad()
        loss = ((xb @ w - yb) ** 2).mean()
        loss.backward()
        opt.step()
        sched.step()
        points.append(w.detach().numpy().copy())
    np.testing.assert_allclose(np.array(points), Z, rtol=1e-10, atol=1e-10)


def test_batch_gradient_noise_matches_sampling(diabetes_problem):
    from course_utils.minibatch import batch_gradient_noise

    F, _ = diabetes_problem
    w = np.zeros(F.d)
    sizes = np.array([1, 4, 16, 64, F.n])
    noise = batch_gradient_noise(F, w, sizes)
    assert noise[-1] == 0.0 and np.all(np.diff(noise) < 0)
    rng = np.random.default_rng(0)
    g = F.grad(w)
    for b, expected in zip(sizes[:-1], noise[:-1], strict=True):
        draws = np.array([F.grad_batch(w, rng.choice(F.n, b, replace=False))
                          for _ in range(4000)])
        measured = np.sqrt(np.mean(np.sum((draws - g) ** 2, axis=-1)))
        assert measured == pytest.approx(expected, rel=0.05)
    # de b = 1 à b = 16, le bruit est divisé par environ 4 = √16
    assert noise[0] / noise[2] == pytest.approx(4 * np.sqrt((F.n - 1) / (F.n - 16)), rel=1e-12)


def test_suggested_eta():
    from course_utils.minibatch import suggested_eta

    etas = np.geomspace(1e-3, 1, 7)
    losses = np.array([9.0, 5.0, 2.0, 1.0, 3.0, np.nan, np.nan])
    assert suggested_eta(etas, losses) == pytest.approx(etas[3] / 10)
    with pytest.raises(ValueError, match="Les paramètres etas et losses"):
        suggested_eta(etas, np.full(7, np.nan))


@pytest.mark.parametrize("batch_size, eta, epochs, schedule", [
    (1, 0.01, 3, "cosine"), (7, 0.05, 4, "cosine"), (354, 0.2, 5, "cosine"),  # convergent
    (1, 0.5, 3, None), (32, 5.0, 20, None),  # divergent : NaN dès le premier point non fini
])
def test_least_squares_fast_loop_is_the_plain_update(diabetes_problem, batch_size, eta, epochs,
                                                     schedule):
    """La boucle rapide des moindres carrés (``_descend_least_squares``) donne, aux arrondis
    près, la mise à jour écrite simplement : z ← z − η_t (2/b) Σ (z·x_i − y_i) x_i, lot par
    lot dans l'ordre de ``batch_order`` ; et des NaN à partir du même point quand ça diverge."""
    F, _ = diabetes_problem
    Z = minibatch_sgd(F, np.zeros(F.d), eta, epochs, batch_size, seed=3, schedule=schedule)
    batches = batch_order(F.n, epochs, batch_size, seed=3)
    steps = eta * get_schedule(schedule)(np.arange(1, len(batches) + 1), len(batches))
    expected = np.full_like(Z, np.nan)
    z = expected[0] = np.zeros(F.d)
    with np.errstate(all="ignore"):
        for t, rows in enumerate(batches, start=1):
            Xb, yb = F.X[rows], F.y[rows]
            z = z - steps[t - 1] * (2 / len(rows)) * Xb.T @ (Xb @ z - yb)
            if not np.isfinite(z).all():
                break
            expected[t] = z
    diverged = np.isnan(expected).any()
    assert diverged == (schedule is None)
    np.testing.assert_array_equal(np.isnan(Z), np.isnan(expected))
    assert np.isfinite(Z[~np.isnan(Z)]).all()
    # une descente qui diverge amplifie les arrondis (facteur |1 − ηλ| à chaque itération)
    np.testing.assert_allclose(Z, expected, rtol=1e-9 if diverged else 1e-12, atol=1e-9)
