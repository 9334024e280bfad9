"""Les vitesses de convergence sur une quadratique (course_utils.analysis), et les nombres du
chapitre sur le conditionnement (données du cours)."""

import numpy as np
import pytest

from course_utils import (
    SGD,
    LeastSquares,
    Quadratic,
    contraction_factor,
    gradient_descent,
    gradient_descent_rate,
    heavy_ball,
    heavy_ball_boundary,
    heavy_ball_optimum,
    heavy_ball_rate,
    iterations_to_divide,
    linear_example,
    nesterov_rate,
    run,
    standardize,
)


def hb_matrix(eta, alpha, lam):
    return np.array([[1 + alpha - eta * lam, -alpha], [1.0, 0.0]])


def nesterov_matrix(eta, alpha, lam):
    """torch.optim.SGD(nesterov=True) sur une valeur propre λ, état (p, b) :
    b ← α b + λ p ; p ← p − η (λ p + α b)."""
    return np.array([[1 - eta * lam * (1 + alpha), -eta * alpha**2], [lam, alpha]])


def radius(matrices):
    return max(np.max(np.abs(np.linalg.eigvals(M))) for M in matrices)


def observed_rate(Z, w_star, start, stop):
    """(‖e_stop‖ / ‖e_start‖)^(1/(stop − start)) : la vitesse mesurée sur une simulation."""
    e = np.linalg.norm(Z - w_star, axis=-1)
    return (e[stop] / e[start]) ** (1.0 / (stop - start))


# -- la carte de convergence de la boule pesante ----------------------------------------------
def test_heavy_ball_rate_equals_the_eigenvalues_of_the_iteration_matrix():
    rng = np.random.default_rng(0)
    for _ in range(300):
        eta, alpha = rng.uniform(0, 1.5), rng.uniform(0, 1)
        lams = rng.uniform(0, 4, size=rng.integers(1, 4))
        expected = radius(hb_matrix(eta, alpha, lam) for lam in lams)
        assert heavy_ball_rate(eta, alpha, lams) == pytest.approx(expected, rel=1e-7)


def test_one_vectorized_call_for_the_whole_grid():
    etas = np.linspace(0.0, 1.0, 41)
    alphas = np.linspace(0.0, 0.99, 23)
    lams = [0.8, 4.0]
    R = heavy_ball_rate(etas, alphas, lams)
    assert R.shape == (23, 41)  # une ligne par α, une colonne par η
    for i in (0, 7, 22):
        for j in (0, 13, 40):
            assert R[i, j] == pytest.approx(radius(hb_matrix(etas[j], alphas[i], lam)
                                                   for lam in lams), rel=1e-7)
            assert R[i, j] == heavy_ball_rate(etas[j], alphas[i], lams)
    assert heavy_ball_rate(etas, 0.5, lams).shape == (41,)
    assert heavy_ball_rate(0.3, alphas, lams).shape == (23,)
    assert isinstance(heavy_ball_rate(0.3, 0.5, lams), float)
    # α = 0 : la descente de gradient, max |1 − ηλ|
    np.testing.assert_allclose(R[0], gradient_descent_rate(etas, lams), rtol=1e-15)
    np.testing.assert_allclose(gradient_descent_rate(etas, lams),
                               np.maximum(np.abs(1 - 0.8 * etas), np.abs(1 - 4.0 * etas)))


@pytest.mark.parametrize("kappa", [1.0, 5.052060979868448, 10.0, 100.0, 1e4])
def test_optimum_closed_form(kappa):
    L = 2.0
    mu = L / kappa
    eta, alpha, rate = heavy_ball_optimum(L, mu)
    sk = np.sqrt(kappa)
    assert eta == pytest.approx(4 / (np.sqrt(L) + np.sqrt(mu)) ** 2, rel=1e-14)
    assert alpha == pytest.approx(((sk - 1) / (sk + 1)) ** 2, rel=1e-12, abs=1e-15)
    assert rate == pytest.approx((sk - 1) / (sk + 1), rel=1e-12, abs=1e-15)
    # la carte donne bien cette vitesse au point optimal (racine double : √α)
    assert heavy_ball_rate(eta, alpha, [mu, L]) == pytest.approx(rate, rel=1e-6, abs=1e-7)


def test_optimum_is_the_lowest_point_of_the_map():
    F = LeastSquares(*linear_example())
    eta, alpha, rate = heavy_ball_optimum(F.L, F.mu)
    R = heavy_ball_rate(np.linspace(0.01, 0.9, 400), np.linspace(0, 0.95, 300), [F.mu, F.L])
    assert R.min() >= rate - 1e-9
    assert R.min() < rate + 0.01


def test_rate_is_exactly_one_on_the_boundary():
    # des nombres dyadiques : ηλ = 3 = 2 + 2α exactement pour α = 0,5
    assert heavy_ball_rate(3.0, 0.5, [1.0]) == 1.0
    assert heavy_ball_rate(0.75, 0.5, [0.5, 4.0]) == 1.0
    assert heavy_ball_boundary(0.5, 4.0) == 0.75
    assert heavy_ball_boundary(0.0, 4.0) == 0.5  # le seuil 2/L de la descente de gradient
    rng = np.random.default_rng(1)
    alphas = rng.uniform(0, 0.99, size=50)
    L, mu = 4.0347, 0.7986
    etas = heavy_ball_boundary(alphas, L)
    np.testing.assert_allclose(etas, (2 + 2 * alphas) / L, rtol=1e-15)
    on = np.array([heavy_ball_rate(e, a, [mu, L]) for e, a in zip(etas, alphas, strict=True)])
    np.testing.assert_allclose(on, 1.0, rtol=0, atol=1e-12)
    inside = np.array([heavy_ball_rate(0.99 * e, a, [mu, L])
                       for e, a in zip(etas, alphas, strict=True)])
    outside = np.array([heavy_ball_rate(1.01 * e, a, [mu, L])
                        for e, a in zip(etas, alphas, strict=True)])
    assert np.all(inside < 1) and np.all(outside > 1)


@pytest.mark.parametrize("eta, alpha", [
    (0.05, 0.0),   # racines réelles, descente de gradient
    (0.05, 0.3),   # racines réelles
    (0.2, 0.6),    # racines complexes : l'écart tourne en spirale
    (0.4, 0.8),    # complexes, près de α = 1
    (0.45, 0.2),   # près de la frontière ηL = 2 + 2α
])
def test_rate_matches_a_simulated_heavy_ball_run(eta, alpha):
    # w* = 0 : l'écart est z_t lui-même, mesurable jusqu'à 10⁻¹²⁰ (pas d'arrondi de w*)
    q = Quadratic.from_condition_number(10.0, L=4.0, angle=0.4)
    predicted = heavy_ball_rate(eta, alpha, [q.mu, q.L])
    assert predicted < 1
    T = min(2000, int(np.log(1e-120) / np.log(predicted)))
    Z = heavy_ball(q, (-2.0, 1.5), eta, alpha, T)
    measured = observed_rate(Z, q.w_star, T // 3, T)
    assert measured == pytest.approx(predicted, rel=2e-3)  # racines complexes : ~5·10⁻⁴


def test_heavy_ball_diverges_beyond_the_boundary():
    q = Quadratic.from_condition_number(10.0, L=4.0)
    eta = 1.02 * heavy_ball_boundary(0.5, q.L)
    Z = heavy_ball(q, (-2.0, 1.5), eta, 0.5, 400)
    e = np.linalg.norm(Z[:100] - q.w_star, axis=-1)
    assert e[99] > 10 * e[0]
    assert observed_rate(Z, q.w_star, 50, 100) == pytest.approx(
        heavy_ball_rate(eta, 0.5, [q.mu, q.L]), rel=1e-2)


# -- Nesterov (torch.optim.SGD(nesterov=True)) ----------------------------------------------------
def test_nesterov_rate_equals_the_eigenvalues_of_its_iteration_matrix():
    rng = np.random.default_rng(2)
    for _ in range(300):
        eta, alpha = rng.uniform(0, 1.5), rng.uniform(0, 1)
        lams = rng.uniform(0, 4, size=rng.integers(1, 4))
        expected = radius(nesterov_matrix(eta, alpha, lam) for lam in lams)
        assert nesterov_rate(eta, alpha, lams) == pytest.approx(expected, rel=1e-7)
    assert nesterov_rate(np.linspace(0, 1, 7), np.linspace(0, 0.9, 5), [1.0, 2.0]).shape == (5, 7)


@pytest.mark.parametrize("eta, alpha", [(0.05, 0.5), (0.2, 0.6), (0.3, 0.9)])
def test_nesterov_rate_matches_a_simulated_run(eta, alpha):
    q = Quadratic.from_condition_number(10.0, L=4.0, angle=0.4)
    predicted = nesterov_rate(eta, alpha, [q.mu, q.L])
    T = min(2000, int(np.log(1e-120) / np.log(predicted)))
    Z = run(SGD(lr=eta, momentum=alpha, nesterov=True), q, (-2.0, 1.5), T)
    assert observed_rate(Z, q.w_star, T // 3, T) == pytest.approx(predicted, rel=2e-3)


# -- les nombres du chapitre : conditionnement des données du cours -------------------------------
def test_course_numbers_gradient_descent():
    F = LeastSquares(*linear_example())
    kappa = F.condition_number
    assert round(kappa, 2) == 5.05
    r = contraction_factor(kappa)
    assert r == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-15)
    assert round(r, 4) == 0.6695
    assert iterations_to_divide(r, 10) == 6 and iterations_to_divide(r, 1000) == 18
    # au meilleur pas, l'écart est multiplié par exactement r à chaque itération, de tout départ
    # (|1 − ηµ| = |1 − ηL| = r) : 6 et 18 itérations, vérifiées en simulant
    for w0 in [(-7.0, 7.0), (7.0, 7.0), (0.0, 0.0)]:
        Z = gradient_descent(F, w0, F.optimal_step, 30)
        e = np.linalg.norm(Z - F.minimizer(), axis=1)
        np.testing.assert_allclose(e[1:] / e[:-1], r, rtol=1e-8)
        assert np.argmax(e <= e[0] / 10) == 6 and np.argmax(e <= e[0] / 1000) == 18
    # l'écart F − F* est multiplié par r² : deux fois moins d'itérations
    assert iterations_to_divide(r**2, 10) == 3 and iterations_to_divide(r**2, 1000) == 9


def test_course_numbers_heavy_ball():
    F = LeastSquares(*linear_example())
    eta, alpha, rate = heavy_ball_optimum(F.L, F.mu)
    assert round(eta, 3) == 0.475 and round(alpha, 3) == 0.148 and round(rate, 3) == 0.384
    sk = np.sqrt(F.condition_number)
    assert rate == pytest.approx((sk - 1) / (sk + 1), rel=1e-14)
    # la vitesse asymptotique promet 3 et 8 itérations ; la racine double (bloc de Jordan)
    # coûte un peu plus en pratique : 4 ou 5 itérations pour ÷10, 10 pour ÷1000
    assert iterations_to_divide(rate, 10) == 3 and iterations_to_divide(rate, 1000) == 8
    for w0, first10 in [((-7.0, 7.0), 4), ((7.0, 7.0), 5), ((0.0, 0.0), 4)]:
        Z = heavy_ball(F, w0, eta, alpha, 40)
        e = np.linalg.norm(Z - F.minimizer(), axis=1)
        assert np.argmax(e <= e[0] / 10) == first10 and np.argmax(e <= e[0] / 1000) == 10


def test_course_numbers_feature_scaling():
    X, y = linear_example()
    F = LeastSquares(X, y)
    # sans biais : on divise chaque colonne par sa moyenne quadratique (pas de centrage)
    Xs, shift, scale = standardize(X, center=False)
    np.testing.assert_array_equal(shift, [0.0, 0.0])
    np.testing.assert_allclose(scale, [np.sqrt(5 / 3), np.sqrt(2.25 / 3)], rtol=1e-15)
    np.testing.assert_allclose(np.mean(Xs**2, axis=0), [1.0, 1.0], rtol=1e-15)
    Fs = LeastSquares(Xs, y)
    # même modèle, autre unité : mêmes prédictions, même minimum, w_j = w'_j / s_j
    assert Fs.value(Fs.minimizer()) == pytest.approx(F.value(F.minimizer()), rel=1e-12)
    np.testing.assert_allclose(Fs.minimizer() / scale, F.minimizer(), rtol=1e-12)
    # κ = (1 + |cos θ|)/(1 − |cos θ|), θ l'angle entre les deux colonnes de X
    c = X[:, 0] @ X[:, 1] / np.linalg.norm(X[:, 0]) / np.linalg.norm(X[:, 1])
    assert Fs.condition_number == pytest.approx((1 + c) / (1 - c), rel=1e-12)
    assert round(Fs.condition_number, 2) == 3.95
    r = contraction_factor(Fs.condition_number)
    assert iterations_to_divide(r, 10) == 5 and iterations_to_divide(r, 1000) == 14
    # la standardisation habituelle (centrer) change le problème quand il n'y a pas de biais
    Xc, shift, scale = standardize(X)
    np.testing.assert_allclose(shift, X.mean(axis=0), rtol=1e-15)
    np.testing.assert_allclose(Xc.mean(axis=0), 0.0, atol=1e-15)
    np.testing.assert_allclose(Xc.std(axis=0), 1.0, rtol=1e-15)
    Fc = LeastSquares(Xc, y)
    assert round(Fc.condition_number, 2) == 6.16
    assert Fc.value(Fc.minimizer()) > 100 * F.value(F.minimizer())  # 1,78 contre 0,0115


# -- erreurs ----------------------------------------------------------------------------------
@pytest.mark.parametrize("call, error, words", [
    (lambda: heavy_ball_rate(-0.1, 0.5, [1.0]), ValueError,
     "Le paramètre etas doit contenir des nombres finis et positifs ou nuls"),
    (lambda: heavy_ball_rate(0.1, [0.5, np.nan], [1.0]), ValueError, "Le paramètre alphas"),
    (lambda: heavy_ball_rate(0.1, 0.5, [-1.0, 2.0]), ValueError, "Le paramètre eigenvalues"),
    (lambda: heavy_ball_rate(0.1, 0.5, []), ValueError, "non vide"),
    (lambda: heavy_ball_rate(np.ones((2, 2)), 0.5, [1.0]), ValueError, "forme (2, 2)"),
    (lambda: nesterov_rate("a", 0.5, [1.0]), TypeError, "Le paramètre etas doit être un tableau"),
    (lambda: heavy_ball_optimum(0.0, 0.0), ValueError, "Le paramètre L doit être"),
    (lambda: heavy_ball_optimum(1.0, 2.0), ValueError, "Le paramètre mu doit être un nombre "
                                                       "entre 0 et L = 1"),
    (lambda: heavy_ball_boundary(1.5, 1.0), ValueError, "Le paramètre alphas doit contenir"),
    (lambda: contraction_factor(0.5), ValueError, "Le paramètre kappa"),
    (lambda: iterations_to_divide(1.2, 10), ValueError, "Le paramètre rate"),
    (lambda: iterations_to_divide(0.5, 1), ValueError, "Le paramètre factor"),
    (lambda: gradient_descent_rate(0.1, [np.inf]), ValueError, "Le paramètre eigenvalues"),
])
def test_french_errors(call, error, words):
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    assert words in message and "reçu" in message  # « valeur reçue » ou « reçu un tableau »


def test_edge_values():
    assert contraction_factor(1.0) == 0.0 and contraction_factor(np.inf) == 1.0
    np.testing.assert_allclose(contraction_factor([1.0, 3.0]), [0.0, 0.5])
    assert iterations_to_divide(0.0, 10) == 1 and iterations_to_divide(1.0, 10) == np.inf
    assert iterations_to_divide(0.5, 1000) == 10  # 2¹⁰ = 1024 ≥ 1000 > 2⁹
    np.testing.assert_array_equal(iterations_to_divide([0.5, 0.1], 1000), [10, 3])


@pytest.mark.parametrize("args, error, words", [
    (([[1.0, 2.0], [1.0, 3.0]],), ValueError, "Le paramètre X a une colonne constante (colonne 0)"),
    (([[0.0, 2.0], [0.0, 3.0]], False), ValueError, "Le paramètre X a une colonne nulle"),
    (([1.0, 2.0],), ValueError, "Le paramètre X doit être une matrice"),
    (([[1.0, np.nan], [2.0, 3.0]],), ValueError, "Le paramètre X doit contenir des nombres finis"),
    (([[1.0, 2.0], [2.0, 3.0]], "oui"), TypeError, "Le paramètre center doit être True ou False"),
])
def test_standardize_errors(args, error, words):
    with pytest.raises(error) as info:
        standardize(*args)
    assert words in str(info.value)


# -- la nature d'un point stationnaire ------------------------------------------------------------
def test_stationary_kind_reads_the_exact_hessian_of_the_one_neuron_network():
    """Le réseau à un neurone du chapitre 5 connaît sa hessienne exacte : aux deux minima
    elle a deux valeurs propres positives, à l'origine une de chaque signe."""
    from course_utils import OneNeuronNetwork, one_neuron_example
    from course_utils.analysis import stationary_kind

    F = OneNeuronNetwork(*one_neuron_example())
    for w in F.minimizers():
        assert np.all(np.linalg.eigvalsh(F.hessian(w)) > 0)
        assert stationary_kind(F, w) == "minimum"
    origin = F.saddle_point()
    eig = np.linalg.eigvalsh(F.hessian(origin))
    assert eig[0] < 0 < eig[1]
    assert stationary_kind(F, origin) == "selle"


def test_stationary_kind_minimum_maximum_and_flat_on_quadratic_forms():
    from course_utils.analysis import stationary_kind

    class Form:
        """F(w) = ½ wᵀ H w, sans vérification (H peut être négative ou singulière)."""

        def __init__(self, H):
            self.H = np.asarray(H, dtype=float)

        def grad(self, w):
            return np.asarray(w) @ self.H.T

    assert stationary_kind(Form([[2.0, 0.5], [0.5, 1.0]]), [0.0, 0.0]) == "minimum"
    assert stationary_kind(Form([[-2.0, 0.0], [0.0, -0.1]]), [0.0, 0.0]) == "maximum"
    assert stationary_kind(Form([[1.0, 0.0], [0.0, -3.0]]), [0.0, 0.0]) == "selle"
    assert stationary_kind(Form([[1.0, 0.0], [0.0, 0.0]]), [0.0, 0.0]) == "plat"
    # loin de l'origine, le pas relatif suit la taille de w
    assert stationary_kind(Form([[1.0, 0.0], [0.0, 2.0]]), [1e6, -1e6]) == "minimum"
