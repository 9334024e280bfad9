"""Les réponses repliées des « À vous de jouer » du chapitre 05, recalculées.

Chaque test lit la réponse dans le jumeau .py du chapitre (tests/folded_answers.py) et refait
ce que l'étudiant fait : l'explorateur est piloté depuis Python (curseurs, clic, graine), avec
les réglages de la cellule du chapitre."""

import numpy as np
import pytest

from course_utils import OneNeuronNetwork, TanhNetwork, linear_example, one_neuron_example
from course_utils.live_figure import on_grid
from course_utils.widgets import Explorer
from folded_answers import answer, answers, numbers_in, written_in
from test_lecture_numbers import local_hessian, rounds_to, set_eta, tanh_minimum, written

X, Y = linear_example()
F_TANH = TanhNetwork(X, Y)
F_NEURON = OneNeuronNetwork(*one_neuron_example())
F0 = F_NEURON.value((0.0, 0.0))  # F au point selle


def test_every_question_has_its_answer():
    """Deux cellules « À vous de jouer » (le réseau tanh, puis le point selle) : 4 questions
    chacune, chacune avec sa réponse repliée."""
    assert [len(cell) for cell in answers("05")] == [4, 4]
    for cell in answers("05"):
        for question, reply in cell:
            assert len(reply) > 100, question


# == le réseau tanh ===========================================================================
@pytest.fixture
def tanh_explorer():
    """L'explorateur de la cellule du chapitre."""
    return Explorer(F_TANH, method="gd", compare=["gd", "momentum"], eta=0.5, T=100,
                    w0=(1.0, 3.0), alpha=0.7, seed=1, resolution=21)


def F_end(e, method="gd"):
    return F_TANH.value(e.trajectories[method][-1])


def test_tanh_q1_half_a_step_left_reaches_the_minimum(tanh_explorer):
    e = tanh_explorer
    text = answer("05", 1, 1)
    F_star = F_TANH.value(tanh_minimum())
    right = written_in(text, r"depuis \$\(1 ; 3\)\$ elle finit dans la vallée de droite, "
                             r"avec \$F\(\\mathbf\{z\}_T\) = {N}\$")
    assert rounds_to(F_end(e), right) and e.trajectories["gd"][-1][0] > 2
    e.controls["w1"].value = 0.5  # le curseur, comme l'étudiant
    minimum = written_in(text, r"atteint \$\\mathbf\{w\}\^\*\$, avec "
                               r"\$F\(\\mathbf\{z\}_T\) = {N} = F\(\\mathbf\{w\}\^\*\)\$")
    assert rounds_to(F_end(e), minimum) and rounds_to(F_star, minimum)
    assert F_end(e) - F_star < 1e-3
    # l'autre paire : deux crans voisins du curseur, de part et d'autre de la frontière
    a, b = numbers_in(text, r"passe entre \$w_1 = {N}\$ et \$w_1 = {N}\$")
    assert on_grid(e.controls["w1"], a) == a and on_grid(e.controls["w1"], b) == b
    assert b - a == pytest.approx(0.05)
    F_a = written_in(text, r"depuis \$\({N} ; 3\)\$, \$F\(\\mathbf\{z\}_T\) = {N}\$ \(le minimum\)")
    F_b = written_in(text, r"depuis \$\({N} ; 3\)\$, un cran plus loin, "
                           r"\$F\(\\mathbf\{z\}_T\) = {N}\$ \(la vallée de droite\)")
    for (w1, shown), where in ((F_a, "minimum"), (F_b, "droite")):
        e.controls["w1"].value = float(w1.replace(",", "."))
        assert rounds_to(F_end(e), shown)
        if where == "minimum":
            assert F_end(e) - F_star < 1e-3
        else:
            assert e.trajectories["gd"][-1][0] > 2 and F_end(e) - F_star > 1
    assert float(F_a[0].replace(",", ".")) == a and float(F_b[0].replace(",", ".")) == b


def test_tanh_q2_a_larger_step_changes_the_valley(tanh_explorer):
    e = tanh_explorer
    text = answer("05", 1, 2)
    eta_shown = written_in(text, r"avec \$\\eta = {N}\$")
    assert rounds_to(set_eta(e, 1.0), eta_shown)
    at_minimum = written_in(text, r"mais au minimum \(\$F\(\\mathbf\{z\}_T\) = {N}\$")
    assert rounds_to(F_end(e), at_minimum)
    assert F_end(e) - F_TANH.value(tanh_minimum()) < 1e-3
    e.controls["eta"].value = 0.5
    assert rounds_to(F_end(e), written_in(
        text, r"vallée de droite \(\$F\(\\mathbf\{z\}_T\) = {N}\$ à \$\\eta = 0,5\$\)"))
    assert "deux fois plus longs" in text and set_eta(e, 1.0) / 0.5 == pytest.approx(2, abs=0.01)


def test_tanh_q3_the_seed_chooses_the_valley(tanh_explorer):
    e = tanh_explorer
    text = answer("05", 1, 3)
    low, high = numbers_in(text, r"graines 0, 2 et 3, dans la vallée de droite "
                                 r"\(\$F\(\\mathbf\{z\}_T\)\$ entre {N} et {N}\)")
    left = written_in(text, r"graines 1, 4 et 5, dans la vallée de gauche "
                            r"\(\$F\(\\mathbf\{z\}_T\) \\approx {N}\$")
    F_star = F_TANH.value(tanh_minimum())
    assert rounds_to(F_star, written_in(text, r"F\(\\mathbf\{w\}\^\*\) = {N}"))
    for seed in range(6):
        e.controls["seed"].value = seed
        z = e.trajectories["momentum"][-1]
        value = F_TANH.value(z)
        assert value - F_star > 0.01  # jamais au minimum
        if seed in (0, 2, 3):
            assert z[0] > 2 and low <= value <= high
        else:
            assert z[0] < -2 and rounds_to(value, left)


def test_tanh_q4_zigzag_two_point_cycle_and_the_status_line(tanh_explorer):
    e = tanh_explorer
    text = answer("05", 1, 4)
    L = np.linalg.eigvalsh(local_hessian(F_TANH, tanh_minimum())).max()
    eta, L_shown, factor = numbers_in(text, r"\$1 - \\eta L \\approx 1 - {N} \\times {N} "
                                            r"\\approx {N}\$")
    assert eta == 5 and rounds_to(L, written_in(text, r"\\times {N} \\approx"))
    assert rounds_to(1 - eta * L, written_in(text, r"\\approx {N}\$ à chaque"))
    assert abs(1 - eta * L) > 1 and factor < -1
    # le clic : le navigateur pose le départ sur les curseurs w₁, w₂ (grille de 0,05)
    e.controls["w1"].value, e.controls["w2"].value = -0.5, -2.7
    set_eta(e, 5.0)
    Z = e.trajectories["gd"]
    tol = numbers_in(text, r"\\mathbf\{z\}_\{98\} = \\mathbf\{z\}_\{100\}\$ à \$10\^\{{N}\}\$ près")
    assert np.abs(Z[98] - Z[100]).max() < 10**tol
    assert np.linalg.norm(Z[99] - Z[100]) > 0.3  # deux points distincts
    set_eta(e, 8.0)
    line = e.status.splitlines()[1]  # la ligne de la descente de gradient
    quoted = text.split("« ", 1)[1].split(" »", 1)[0]  # ce que la réponse en cite
    quoted = quoted.replace("$", "").replace("\\mathbf{z}", "z")
    assert line == "⚠ descente de gradient : " + quoted


# == le point selle ===========================================================================
@pytest.fixture
def saddle_explorer():
    """L'explorateur de la cellule du chapitre (départ au point selle)."""
    return Explorer(F_NEURON, method="gd", compare=["gd", "sgd"], eta=0.2, T=150,
                    w0=(0.0, 0.0), seed=0, resolution=21)


def leaves(Z):
    """L'itération où F passe sous F(0 ; 0) − 0,1 (None si jamais)."""
    below = F_NEURON.value(Z) < F0 - 0.1
    return int(np.argmax(below)) if below.any() else None


def reached(z, tol=0.1):
    """+1 (w*), −1 (−w*) ou 0."""
    w_plus = F_NEURON.minimizers()[0]
    return 1 if np.linalg.norm(z - w_plus) < tol else -1 if np.linalg.norm(z + w_plus) < tol else 0


def test_saddle_at_the_start_nothing_moves(saddle_explorer):
    """Ce que l'introduction de l'explorateur annonce : au départ (0 ; 0), les deux méthodes
    restent immobiles, leurs courbes plates à F(0 ; 0) ≈ 1,737 (la ligne sous la figure), quelle
    que soit la graine de la SGD (chaque ∇F_i est nul en (0 ; 0))."""
    e = saddle_explorer
    for Z in e.trajectories.values():
        np.testing.assert_array_equal(Z, 0.0)
    shown = written("05", r"les deux courbes d'apprentissage sont plates, à "
                          r"\$F\(0 ; 0\) \\approx {N}\$")
    assert e.status.splitlines()[1:] == [f"descente de gradient : F(z_T) = {shown}.",
                                         f"SGD (pas η/√t) : F(z_T) = {shown}."]
    for i in range(F_NEURON.n):
        np.testing.assert_array_equal(F_NEURON.grad_i((0.0, 0.0), i), 0.0)
    for seed in range(6):
        e.controls["seed"].value = seed
        np.testing.assert_array_equal(e.trajectories["sgd"], 0.0)


def test_saddle_q1_one_notch_and_the_gradient_on_the_axes(saddle_explorer):
    e = saddle_explorer
    text = answer("05", 2, 1)
    assert e.controls["w1"].step == 0.05  # « un seul cran »
    expected = {(0.05, 0.0): 1, (-0.05, 0.0): -1, (0.0, 0.05): 1}
    assert "$(0,05 ; 0)$ mène à $\\mathbf{w}^*$, $(-0,05 ; 0)$ à $-\\mathbf{w}^*$" in text
    assert "et $(0 ; 0,05)$ à $\\mathbf{w}^*$" in text
    times = []
    for (a, b), which in expected.items():
        e.controls["w1"].value, e.controls["w2"].value = a, b
        Z = e.trajectories["gd"]
        assert reached(Z[-1]) == which
        times.append(leaves(Z))
    assert sorted(set(times)) == [4, 5] and "dès les itérations 4 ou 5" in text
    g = F_NEURON.grad((0.05, 0.0))
    g2 = numbers_in(text, r"\\nabla F\(0,05 ; 0\) \\approx \(0 ; {N}\)")
    assert g[0] == 0 and round(g[1], 3) == g2 and g[1] < 0
    c = 2 * np.mean(F_NEURON.x * F_NEURON.y)
    shown = numbers_in(text, r"\\nabla F\(0 ; 0,05\) = \({N} \\times 0,05 ; 0\) "
                             r"\\approx \({N} ; 0\)")
    g = F_NEURON.grad((0.0, 0.05))
    assert round(-c, 3) == shown[0] and round(g[0], 3) == shown[1] and g[1] == 0


def test_saddle_q2_the_uphill_direction_first_brings_it_back(saddle_explorer):
    e = saddle_explorer
    text = answer("05", 2, 2)
    e.controls["w1"].value, e.controls["w2"].value = 0.05, -0.05
    Z = e.trajectories["gd"]
    lam = np.linalg.eigvalsh(F_NEURON.hessian((0.0, 0.0)))
    assert rounds_to(1 - 0.2 * lam[1], written_in(text, r"\(facteur \${N}\$ par itération\)"))
    d = np.linalg.norm(Z, axis=1)
    t_close, close = numbers_in(text, r"à \$t = {N}\$ elle n'en est plus qu'à \${N}\$")
    assert int(np.argmin(d)) == t_close and rounds_to(d[int(t_close)], f"{close}".replace(".", ","))
    along = (Z[1, 0] + Z[1, 1]) / 2  # la composante selon (1 ; 1) après le premier pas
    mantissa = numbers_in(text, r"d'environ \${N} \\times 10\^\{-5\}\$")
    assert round(along * 1e5) == mantissa
    t_out, t_fast = numbers_in(text, r"à \$t = {N}\$, contre \$t = {N}\$ depuis")
    assert leaves(Z) == t_out and reached(Z[-1]) == 1
    assert rounds_to(1 - 0.2 * lam[0] - 1, "0,65")  # « grandit de 65 % par itération »
    e.controls["w1"].value, e.controls["w2"].value = 0.05, 0.05
    assert leaves(e.trajectories["gd"]) == t_fast
    # le palier : F reste près de F(0 ; 0) pendant les premières itérations
    assert np.all(np.abs(F_NEURON.value(Z[:12]) - F0) < 0.02)


def test_saddle_q3_smaller_than_a_notch():
    """w0=(1e-8, 1e-8) : la descente de gradient quitte le palier à t = 34 (la question le dit,
    comme le tableau des poussées) ; la SGD reste près du point selle, graines 0 à 5."""
    question, text = answers("05")[1][2]
    e = Explorer(F_NEURON, method="gd", compare=["gd", "sgd"], eta=0.2, T=150,
                 w0=(1e-8, 1e-8), seed=0, resolution=21)
    for key in ("w1", "w2"):  # les curseurs affichent 0,00
        slider = e.controls[key]
        assert slider.readout_format == ".2f" and on_grid(slider, slider.value) == 0.0
    # le navigateur renvoie la valeur de son cran, 0 : le départ exact reste
    Z_exact = e.trajectories["gd"].copy()
    e.controls["w1"].value = 0.0
    np.testing.assert_array_equal(e.trajectories["gd"], Z_exact)
    t_out = numbers_in(question, r"quitte le palier \$F \\approx F\(0 ; 0\)\$ à \$t = {N}\$")
    assert leaves(e.trajectories["gd"]) == t_out
    assert rounds_to(F_NEURON.value(e.trajectories["gd"][-1]),
                     written_in(text, r"tout près de \$\\mathbf\{w\}\^\*\$ "
                                      r"\(\$F\(\\mathbf\{z\}_T\) \\approx {N}\$\)"))
    assert reached(e.trajectories["gd"][-1]) == 1
    far = []
    for seed in range(6):
        e.controls["seed"].value = seed
        Z = e.trajectories["sgd"]
        assert leaves(Z) is None
        far.append(np.linalg.norm(Z[-1]))
        if seed == 0:
            z_shown = numbers_in(text, r"Avec la graine 0, \$\\mathbf\{z\}_T \\approx "
                                       r"\({N} ; {N}\)\$")
            np.testing.assert_array_equal(np.round(Z[-1], 3), z_shown)
            assert rounds_to(F_NEURON.value(Z[-1]),
                             written_in(text, r"et \$F\(\\mathbf\{z\}_T\) \\approx {N}\$ ;"))
    assert max(far) < numbers_in(text, r"elle reste à moins de \${N}\$ du point selle")
    # près du point selle, chaque ∇F_i est proportionnel à la distance (bruit minuscule)
    for r in (1e-3, 1e-6):
        G = np.array([F_NEURON.grad_i((r, r), i) for i in range(F_NEURON.n)])
        ratio = np.abs(G).max() / r
        assert 0.5 < ratio < 20


def test_saddle_q4_the_boundary_start():
    question, text = answers("05")[1][3]
    assert "`w0=(-1.2597714609696051, 2.0)`" in question
    assert "s'attarde une soixantaine d'itérations" in question
    e = Explorer(F_NEURON, method="gd", compare=["gd", "sgd"], eta=0.2, T=150,
                 w0=(-1.2597714609696051, 2.0), seed=0, resolution=21)
    Z = e.trajectories["gd"]
    near = np.flatnonzero(np.abs(F_NEURON.value(Z) - F0) < 0.01)
    first, last = numbers_in(text, r"De \$t = {N}\$ à \$t = {N}\$, soit")
    count = numbers_in(text, r"soit {N} itérations")
    assert (near[0], near[-1], near.size) == (first, last, count)
    assert 55 <= count < 70  # « une soixantaine »
    assert np.all(np.diff(near) == 1)  # d'un seul tenant
    assert reached(Z[-1], tol=0.2) == -1
    ends = {}
    for seed in range(6):
        e.controls["seed"].value = seed
        Zs = e.trajectories["sgd"]
        assert not np.any(np.abs(F_NEURON.value(Zs) - F0) < 0.01)
        ends[seed] = reached(Zs[-1], tol=0.5)
    assert [s for s, w in ends.items() if w == -1] == [0, 2]
    assert [s for s, w in ends.items() if w == 1] == [1, 3, 4, 5]
    assert ("$-\\mathbf{w}^*$ pour les graines 0 et 2, $\\mathbf{w}^*$ pour les graines 1, 3, 4 "
            "et 5") in text
