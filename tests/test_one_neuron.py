"""Le réseau à un neurone R_w(x) = w₂ tanh(w₁ x) : deux minima miroirs et un point selle.

Les nombres que le chapitre peut citer sont calculés ici (pas de descente η = 0,2)."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from conftest import finite_difference_grad
from course_utils import (
    OneNeuronNetwork,
    gradient_descent,
    heavy_ball,
    one_neuron_example,
    sgd,
)
from course_utils import plotting

ETA = 0.2  # le pas des expériences du chapitre : la descente converge de tout départ de [-3, 3]²


@pytest.fixture(scope="module")
def net():
    return OneNeuronNetwork(*one_neuron_example())


def limit(net, Z, tol=1e-6):
    """+1 ou −1 : le minimum atteint (+w* ou −w*) ; 0 : aucun des deux."""
    w_plus = net.minimizers()[0]
    Z = np.asarray(Z)
    plus = np.linalg.norm(Z - w_plus, axis=-1) < tol
    minus = np.linalg.norm(Z + w_plus, axis=-1) < tol
    return np.where(plus, 1, np.where(minus, -1, 0))


# -- les données et les formules ---------------------------------------------------------------
def test_data_are_fresh_and_sigmoid_like():
    x, y = one_neuron_example()
    np.testing.assert_array_equal(x, [-2, -1, -0.5, 0.5, 1, 2])
    np.testing.assert_array_equal(y, [-1.5, -1.5, -1, 1, 1.4, 1.4])
    # les cibles de 1,5 tanh(1,5 x), bruitées d'au plus 0,15 (la docstring le dit)
    noise = y - 1.5 * np.tanh(1.5 * x)
    assert np.max(np.abs(noise)) < 0.15
    x[0] = 99.0
    assert one_neuron_example()[0][0] == -2.0


def test_model_value_and_gradients_are_the_formulas(net):
    x, y = one_neuron_example()
    rng = np.random.default_rng(0)
    for w in rng.uniform(-3, 3, size=(8, 2)):
        R = np.array([w[1] * np.tanh(w[0] * xi) for xi in x])
        np.testing.assert_allclose(net.predict(w), R, rtol=1e-14)
        assert net.value(w) == pytest.approx(np.mean((R - y) ** 2), rel=1e-14)
        np.testing.assert_allclose(net.grad(w), finite_difference_grad(net.value, w),
                                   rtol=1e-6, atol=1e-7)
        for i in range(net.n):
            np.testing.assert_allclose(
                net.grad_i(w, i), finite_difference_grad(lambda v, i=i: net.value_i(v, i), w),
                rtol=1e-6, atol=1e-7)
        grads = [net.grad_i(w, i) for i in range(net.n)]
        np.testing.assert_allclose(net.grad(w), np.mean(grads, axis=0), rtol=1e-13)
    np.testing.assert_allclose(net.predict((1.0, 2.0), [0.0, 1.0]), [0.0, 2 * np.tanh(1.0)])
    assert net.n == 6 and net.d == 2


@pytest.mark.parametrize("seed", range(4))
def test_hessian_matches_finite_differences_of_the_gradient(net, seed):
    w = np.random.default_rng(seed).uniform(-3, 3, size=2)
    h = 1e-6
    fd = np.array([(net.grad(w + h * e) - net.grad(w - h * e)) / (2 * h) for e in np.eye(2)])
    H = net.hessian(w)
    np.testing.assert_allclose(H, H.T, rtol=0, atol=0)
    np.testing.assert_allclose(H, fd, rtol=1e-6, atol=1e-6)


def test_vectorized_over_leading_axes(net):
    grid = np.random.default_rng(1).uniform(-3, 3, size=(4, 6, 2))
    values, grads, hess = net.value(grid), net.grad(grid), net.hessian(grid)
    assert values.shape == (4, 6) and grads.shape == (4, 6, 2) and hess.shape == (4, 6, 2, 2)
    assert net.predict(grid).shape == (4, 6, 6)
    for a in range(4):
        for b in range(6):
            assert values[a, b] == pytest.approx(net.value(grid[a, b]), rel=1e-13)
            np.testing.assert_allclose(grads[a, b], net.grad(grid[a, b]), rtol=1e-12)
            np.testing.assert_allclose(hess[a, b], net.hessian(grid[a, b]), rtol=1e-12)
    gi = net.grad_i(grid, np.zeros((4, 6), dtype=int))
    np.testing.assert_allclose(gi[2, 3], net.grad_i(grid[2, 3], 0), rtol=1e-13)


# -- la géométrie : symétrie, point selle, deux minima ------------------------------------------
def test_mirror_symmetry(net):
    W = np.random.default_rng(2).uniform(-3, 3, size=(100, 2))
    np.testing.assert_array_equal(net.value(-W), net.value(W))
    np.testing.assert_array_equal(net.grad(-W), -net.grad(W))


def test_saddle_point_at_the_origin(net):
    x, y = one_neuron_example()
    w0 = net.saddle_point()
    np.testing.assert_array_equal(w0, [0.0, 0.0])
    np.testing.assert_array_equal(net.grad(w0), [0.0, 0.0])  # exactement nul
    for i in range(net.n):
        np.testing.assert_array_equal(net.grad_i(w0, i), [0.0, 0.0])
    a = 2 * np.mean(x * y)
    assert a == pytest.approx(3.2333333333, rel=1e-10)
    np.testing.assert_allclose(net.hessian(w0), [[0.0, -a], [-a, 0.0]], rtol=1e-14)
    lam, vec = np.linalg.eigh(net.hessian(w0))
    np.testing.assert_allclose(lam, [-a, a], rtol=1e-14)
    # on descend le long de (1, 1) (et de (−1, −1)), on remonte le long de (1, −1)
    np.testing.assert_allclose(np.abs(vec[:, 0]), np.sqrt([0.5, 0.5]), rtol=1e-14)
    assert vec[0, 0] * vec[1, 0] > 0 and vec[0, 1] * vec[1, 1] < 0
    # sur les deux axes, le réseau répond 0 partout : F y vaut F(0, 0) = moyenne des y²
    F0 = net.value(w0)
    assert F0 == pytest.approx(np.mean(y**2), rel=1e-15) and round(F0, 4) == 1.7367
    axis = np.linspace(-3, 3, 13)
    np.testing.assert_allclose(net.value(np.stack([axis, 0 * axis], -1)), F0, rtol=1e-15)
    np.testing.assert_allclose(net.value(np.stack([0 * axis, axis], -1)), F0, rtol=1e-15)


def test_two_mirror_minima(net):
    m = net.minimizers()
    assert m.shape == (2, 2)
    np.testing.assert_array_equal(m[1], -m[0])
    np.testing.assert_allclose(m[0], [1.6937, 1.4893], atol=5e-5)  # ±(1,69 ; 1,49)
    F_star = net.value(m[0])
    assert round(F_star, 4) == 0.0035 and net.value(m[1]) == F_star
    for w in m:
        assert np.linalg.norm(net.grad(w)) < 1e-12
        assert np.all(np.linalg.eigvalsh(net.hessian(w)) > 0)
    # une vallée allongée : conditionnement local ≈ 23
    lam = np.linalg.eigvalsh(net.hessian(m[0]))
    assert lam[1] / lam[0] == pytest.approx(23.1, abs=0.05)
    # ce sont les plus bas points de la région : rien sous F* sur une grille fine
    _, _, values = plotting.grid_values(net, resolution=401)
    assert values.min() >= F_star


def test_contour_picture(net, tmp_path):
    fig = Figure(figsize=(5, 4.5))
    ax = fig.add_subplot()
    plotting.plot_contour(ax, net, levels=20, colorbar=True)
    assert ax.get_xlim() == (-3.0, 3.0) and ax.get_ylim() == (-3.0, 3.0)
    assert "un neurone" in ax.get_title()
    # les deux minima (une étoile chacun, une seule entrée de légende) et le point selle
    (stars,) = [ln for ln in ax.lines if ln.get_marker() == "*"]
    np.testing.assert_array_equal(stars.get_xydata(), net.minimizers())
    assert stars.get_label() == "minima"
    (saddle,) = [ln for ln in ax.lines if ln.get_marker() == "X"]
    np.testing.assert_array_equal(saddle.get_xydata(), [[0.0, 0.0]])
    assert saddle.get_label() == "point selle"
    ax.legend()
    fig.savefig(tmp_path / "un_neurone.png")
    # on peut les retirer
    ax2 = Figure().add_subplot()
    plotting.plot_contour(ax2, net, resolution=21, show_minimizer=False, show_saddle=False)
    assert not ax2.lines


def test_marks_only_what_the_objective_knows():
    from course_utils import LeastSquares, TanhNetwork, linear_example

    X, y = linear_example()
    for objective, stars, crosses in ((LeastSquares(X, y), 1, 0), (TanhNetwork(X, y), 0, 0)):
        ax = Figure().add_subplot()
        plotting.plot_contour(ax, objective, resolution=21)
        markers = [ln.get_marker() for ln in ax.lines]
        assert markers.count("*") == stars and markers.count("X") == crosses
        if stars:
            (star,) = [ln for ln in ax.lines if ln.get_marker() == "*"]
            assert len(star.get_xdata()) == 1 and star.get_label() == "$\\mathbf{w}^*$ (minimum)"
    with pytest.raises(TypeError, match="Le paramètre show_saddle"):
        plotting.plot_contour(Figure().add_subplot(), LeastSquares(X, y), show_saddle="oui")


def test_learning_curve_and_explorer_show_the_level_of_the_minima(net):
    from course_utils.widgets import Explorer

    F_star = net.value(net.minimizers()[0])
    ax = Figure().add_subplot()
    plotting.plot_learning_curve(ax, net, gradient_descent(net, (-1.0, 2.0), ETA, 50))
    (level,) = [ln for ln in ax.lines if ln.get_label() == "$F(\\mathbf{w}^*)$"]
    assert level.get_ydata()[0] == F_star
    ex = Explorer(net, method="gd", eta=ETA, T=50, w0=(-1.0, 2.0), resolution=21)
    (level,) = [ln for ln in ex.curve_axes.lines if ln.get_label() == "$F(\\mathbf{w}^*)$"]
    assert level.get_ydata()[0] == F_star
    assert ex.curve_axes.get_ylim()[0] <= F_star
    markers = [ln.get_marker() for ln in ex.plane_axes.lines]
    assert "*" in markers and "X" in markers


# -- le point selle et les bassins -------------------------------------------------------------
def test_starting_exactly_on_the_saddle_stays_there(net):
    Z = gradient_descent(net, (0.0, 0.0), ETA, 500)
    np.testing.assert_array_equal(Z, np.zeros((501, 2)))
    Z = heavy_ball(net, (0.0, 0.0), ETA, 0.9, 500)
    np.testing.assert_array_equal(Z, np.zeros((501, 2)))
    # même le bruit de SGD n'y fait rien : chaque ∇F_i(0, 0) est nul
    Z = sgd(net, (0.0, 0.0), 0.5, 500, seed=0)
    np.testing.assert_array_equal(Z, np.zeros((501, 2)))


def test_a_tiny_push_escapes_and_its_sign_chooses_the_minimum(net):
    F0 = net.value((0.0, 0.0))
    starts = np.array([[1e-8, 1e-8], [-1e-8, -1e-8], [1e-12, 1e-12], [-1e-4, -1e-4]])
    Z = gradient_descent(net, starts, ETA, 1000)
    np.testing.assert_array_equal(limit(net, Z[-1]), [1, -1, 1, -1])
    # l'itération où F passe sous F(0, 0) − 0,1 : d'autant plus tard que la poussée est petite
    leave = np.argmax(net.value(Z) < F0 - 0.1, axis=0)
    np.testing.assert_array_equal(leave, [34, 34, 53, 16])


def test_which_minimum_depends_on_the_start(net):
    starts = np.array([[2.0, 2.0], [-1.0, 2.0], [-1.5, 2.0], [1.0, -2.0], [2.0, -0.5],
                       [-2.0, 0.5], [-0.5, -2.5]])
    Z = gradient_descent(net, starts, ETA, 1500)
    # (−1 ; 2) : w₁ < 0 au départ, et pourtant le minimum où w₁ > 0
    np.testing.assert_array_equal(limit(net, Z[-1]), [1, 1, -1, -1, 1, -1, -1])


def test_every_start_of_the_region_reaches_a_minimum(net):
    g = np.linspace(-3, 3, 41)
    W = np.stack(np.meshgrid(g, g), -1).reshape(-1, 2)
    ends = limit(net, gradient_descent(net, W, ETA, 1500)[-1])
    origin = np.all(W == 0, axis=1)
    assert np.all(ends[~origin] != 0) and ends[origin] == 0
    # les deux bassins sont miroirs l'un de l'autre
    assert np.sum(ends == 1) == np.sum(ends == -1) == (41 * 41 - 1) // 2
    np.testing.assert_array_equal(ends, -ends[::-1])


def separating_start(net, w2, T=1500):
    """Le départ (w₁, w₂) de la frontière entre les deux bassins : une dichotomie sur
    w₁ ∈ [−3, 0] (65 départs à la fois), jusqu'à deux flottants voisins qui mènent à deux
    minima différents."""
    lo, hi = -3.0, 0.0
    while True:
        w1 = np.unique(np.linspace(lo, hi, 65))
        ends = limit(net, gradient_descent(net, np.stack([w1, np.full_like(w1, w2)], -1),
                                           ETA, T)[-1])
        assert ends[0] == -1 and ends[-1] == 1 and np.all(ends != 0)
        k = np.argmax(ends == 1)  # le premier départ qui mène à +w*
        assert np.all(ends[:k] == -1) and np.all(ends[k:] == 1)  # une seule frontière
        lo, hi = w1[k - 1], w1[k]
        if np.nextafter(lo, hi) == hi:
            return float(lo), float(hi)


def test_on_the_separating_curve_gradient_descent_lingers_at_the_saddle(net):
    F0 = net.value((0.0, 0.0))
    lo, hi = separating_start(net, 2.0)
    assert np.nextafter(lo, hi) == hi
    assert round(lo, 4) == -1.2598
    Z = gradient_descent(net, [(lo, 2.0), (hi, 2.0)], ETA, 1500)
    np.testing.assert_array_equal(limit(net, Z[-1]), [-1, 1])
    dist = np.linalg.norm(Z, axis=-1)
    assert dist.min(axis=0).max() < 1e-9  # passe à moins de 10⁻⁹ du point selle
    plateau = np.sum(np.abs(net.value(Z) - F0) < 0.01, axis=0)
    assert plateau.min() >= 60  # et y reste (F ≈ F(0, 0)) plus de 60 itérations
    # un départ à 0,01 de la frontière ne s'y attarde pas
    Z = gradient_descent(net, [(lo - 0.01, 2.0), (hi + 0.01, 2.0)], ETA, 1500)
    np.testing.assert_array_equal(limit(net, Z[-1]), [-1, 1])
    assert np.sum(np.abs(net.value(Z) - F0) < 0.01) <= 2
    # SGD, parti du même point, n'est jamais retenu : son bruit l'écarte de la frontière
    ends = []
    for seed in range(6):
        Z = sgd(net, (lo, 2.0), ETA, 1500, seed=seed, schedule="constant")
        assert np.sum(np.abs(net.value(Z) - F0) < 0.01) <= 2
        end = Z[-1]
        assert net.value(end) < 0.01
        ends.append(int(np.sign(end[0])))
    assert set(ends) == {-1, 1}  # le minimum atteint dépend du tirage


# -- erreurs ------------------------------------------------------------------------------------
@pytest.mark.parametrize("args, error, words", [
    (([[1.0, 2.0]], [1.0]), ValueError, "Le paramètre x doit être un vecteur"),
    (([], []), ValueError, "Le paramètre x doit être un vecteur"),
    (([1.0, 2.0], [1.0]), ValueError, "Le paramètre y doit être un vecteur (tableau 1-D) de "
                                      "longueur n = 2"),
    ((["a"], [1.0]), TypeError, "Le paramètre x doit être un tableau"),
    (([1.0, np.nan], [1.0, 2.0]), ValueError, "Le paramètre x doit contenir des nombres finis"),
])
def test_french_errors(args, error, words):
    with pytest.raises(error) as info:
        OneNeuronNetwork(*args)
    assert words in str(info.value)


def test_french_errors_of_the_methods(net):
    with pytest.raises(ValueError, match="Le paramètre w doit avoir 2 composantes"):
        net.hessian((1.0, 2.0, 3.0))
    with pytest.raises(ValueError, match="Le paramètre x doit être un vecteur"):
        net.predict((1.0, 1.0), [[1.0]])
    with pytest.raises(ValueError, match="pas de minimum isolé"):
        OneNeuronNetwork([1.0, 2.0], [0.0, 0.0]).minimizers()


def test_explorer_runs_on_the_one_neuron_network(net):
    from course_utils.widgets import Explorer

    ex = Explorer(net, method="gd", eta=ETA, T=100, w0=(-1.0, 2.0), compare=["sgd", "momentum"])
    np.testing.assert_array_equal(ex.trajectories["gd"],
                                  gradient_descent(net, (-1.0, 2.0), ETA, 100))
    assert "un neurone" in ex.figure.axes[0].get_title()
