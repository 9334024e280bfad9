"""Les nombres que le cours écrit pour l'étudiant, recalculés.

Chaque test lit la phrase dans le texte du chapitre (les cellules Markdown du jumeau .py),
en extrait le nombre écrit à la française et le compare au calcul fait avec ``course_utils``
(ou, pour une question, calcule la réponse que l'étudiant doit trouver avec les curseurs).
Si la prose change un nombre sans que le calcul suive, ou l'inverse, le test échoue.
"""

import math
import re
from functools import lru_cache
from pathlib import Path

import jupytext
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_utils import (
    SGD,
    Adam,
    LeastSquares,
    RMSprop,
    TanhNetwork,
    gradient_descent,
    linear_example,
    run,
    sgd,
    sgd_momentum,
)
from course_utils import plotting
from course_utils.optimizers import sample_indices
from course_utils.widgets import Explorer

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
X, Y = linear_example()
F_LS = LeastSquares(X, Y)
F_TANH = TanhNetwork(X, Y)
W_STAR = F_LS.minimizer()
NUMBER = r"[−-]?\d+(?:,\d+)?"  # un nombre écrit à la française : « −0,005 », « 2,67 », « 10 »


# -- lire le texte des chapitres --------------------------------------------------------------
@lru_cache(maxsize=None)
def prose(chapter):
    """Le texte Markdown du chapitre (« 01 », « 02 »...), en une ligne : les retours à la ligne
    et les espaces multiples deviennent une espace ; les virgules LaTeX ``{,}`` et les
    séparateurs ``\\,;\\,`` sont écrits comme le lit l'étudiant (« 0,4957 », « (4 ; 0) »)."""
    (path,) = NOTEBOOKS.glob(f"{chapter}_*.py")
    nb = jupytext.read(path)
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    text = text.replace("{,}", ",").replace("\\,;\\,", " ; ")
    return " ".join(text.split())


def french(text):
    """« −0,005 » -> -0.005."""
    return float(text.replace("−", "-").replace(",", "."))


def written(chapter, pattern):
    """Les nombres du motif ``pattern`` (une expression régulière où ``{N}`` désigne un
    nombre à la française), tels qu'ils sont écrits dans le texte du chapitre."""
    regex = pattern.replace("{N}", f"({NUMBER})")
    match = re.search(regex, prose(chapter))
    assert match, f"chapitre {chapter} : phrase introuvable, motif {regex!r}"
    return match.groups() if len(match.groups()) > 1 else match.group(1)


def stated(chapter, pattern):
    """Comme :func:`written`, mais convertis en nombres."""
    found = written(chapter, pattern)
    return french(found) if isinstance(found, str) else [french(g) for g in found]


def says(chapter, phrase):
    """Vrai si le texte du chapitre contient ``phrase`` (espaces normalisées)."""
    return " ".join(phrase.split()) in prose(chapter)


def decimals(text):
    """Le nombre de décimales d'un nombre écrit (« 0,4957 » -> 4)."""
    return len(text.split(",")[1]) if "," in text else 0


def rounds_to(value, text):
    """``value`` arrondi comme ``text`` (même nombre de décimales) redonne ``text``."""
    d = decimals(text)
    return math.isclose(round(float(value), d), french(text), abs_tol=10 ** -(d + 3))


# -- les curseurs de l'explorateur ------------------------------------------------------------
def eta_notches(explorer):
    """Les valeurs que le curseur logarithmique « pas η » peut prendre (taper une valeur dans
    sa case la ramène aussi sur ces crans : vérifié dans chromium)."""
    s = explorer.controls["eta"]
    k = np.arange(round((s.max - s.min) / s.step) + 1)
    return 10.0 ** (s.min + k * s.step)


def notch(explorer, eta):
    """Le cran du curseur « pas η » le plus proche de ``eta`` (ce que l'étudiant obtient)."""
    values = eta_notches(explorer)
    return float(values[np.argmin(np.abs(np.log(values / eta)))])


def set_eta(explorer, eta):
    """Règle le curseur comme un étudiant : sur le cran le plus proche de ``eta``."""
    explorer.controls["eta"].value = notch(explorer, eta)
    return explorer.controls["eta"].value


# == chapitre 01 ===============================================================================
def test_01_a_zero_gradient_is_a_global_minimum_not_the_minimum():
    """Convexe : ∇F = 0 donne *un* minimum global ; l'unicité (µ > 0) vient au chapitre 2."""
    text = prose("01")
    assert "tout point où $\\nabla F = \\mathbf{0}$ est donc **un** minimum global" in text
    assert "est le minimum global" not in text
    # F est convexe (hessienne semi-définie positive) ; l'unicité demande µ > 0
    assert np.all(np.linalg.eigvalsh(F_LS.hessian()) >= 0)
    assert F_LS.mu > 0


def test_01_eta_notches_around_the_threshold():
    """« Il passe de 0,4921 à 0,5036 » autour du seuil 0,4957 : les deux crans du curseur de
    l'explorateur du chapitre 1 (η = 0,4 au départ), de part et d'autre de 2/L."""
    below, above, threshold = written(
        "01", r"crans \${N}\$ et \${N}\$ du curseur.*?seuil.*?\${N}\$")
    e = Explorer(F_LS)
    values = eta_notches(e)
    k = np.searchsorted(values, F_LS.stability_threshold)
    assert rounds_to(values[k - 1], below) and rounds_to(values[k], above)
    assert rounds_to(F_LS.stability_threshold, threshold) and decimals(threshold) == 4
    # ce que voit l'étudiant : en dessous, F baisse à chaque itération ; au-dessus, elle remonte
    F_below = F_LS.value(gradient_descent(F_LS, (-7.0, 7.0), values[k - 1], 20))
    F_above = F_LS.value(gradient_descent(F_LS, (-7.0, 7.0), values[k], 20))
    assert np.all(np.diff(F_below) < 0)
    assert np.any(np.diff(F_above) > 0)
    # 0,5 n'est pas un cran : il ne faut pas le demander
    assert not np.any(np.isclose(values, 0.5, rtol=1e-6))


# == chapitre 02 ===============================================================================
def test_02_the_divergent_direction_grows_by_1_7_percent():
    """η = 0,5 : 1 − ηL ≈ −1,017, l'écart grandit de 1,7 % par itération (et non 2 %) ;
    η = 0,1 : la direction de µ ne rétrécit que de 8 % (facteur 0,920)."""
    factor = written("02", r"1 - \\eta L \\approx {N}\$")
    growth = stated("02", r"grandit lentement, de {N} % par itération")
    assert rounds_to(1 - 0.5 * F_LS.L, factor)
    assert round(100 * (abs(1 - 0.5 * F_LS.L) - 1), 1) == growth == 1.7
    shrink, kept = written("02", r"ne rétrécit que de {N} % par itération \(facteur \${N}\$\)")
    assert round(100 * 0.1 * F_LS.mu) == french(shrink)
    assert rounds_to(1 - 0.1 * F_LS.mu, kept)
    best = written("02", r"meilleur pas \$2/\(L\+\\mu\) \\approx {N}\$")
    assert rounds_to(F_LS.optimal_step, best)
    assert abs(0.4 - F_LS.optimal_step) / F_LS.optimal_step < 0.05  # « tout proche »


def test_02_eta_0_4_reaches_the_minimum_in_about_fifteen_iterations():
    """« atteint le minimum en une quinzaine d'itérations » : F(z_15) à 10 % de F(w*) près."""
    assert says("02", "atteint le minimum en une quinzaine d'itérations")
    F_t = F_LS.value(gradient_descent(F_LS, (-7.0, 7.0), 0.4, 20))
    F_star = F_LS.value(W_STAR)
    assert F_t[15] - F_star < 0.1 * F_star < F_t[10] - F_star


def test_02_questions_use_notches_of_the_slider():
    """Les valeurs que les questions du chapitre 2 demandent sont des crans du curseur, et les
    réponses sont celles que l'étudiant trouvera."""
    e = Explorer(F_LS, method="gd", resolution=21)
    values = eta_notches(e)
    # question 2 : 2/L entre les crans 0,4921 et 0,5036
    threshold, below, above = written(
        "02", r"franchissant \$2/L \\approx {N}\$ \(entre les crans {N} et {N}\)")
    k = np.searchsorted(values, F_LS.stability_threshold)
    assert rounds_to(F_LS.stability_threshold, threshold)
    assert rounds_to(values[k - 1], below) and rounds_to(values[k], above)
    F_high = F_LS.value(gradient_descent(F_LS, (-7.0, 7.0), notch(e, 0.6), 20))
    assert F_high[-1] > F_high[0]  # vers 0,6 : la ligne d'état signale que F a augmenté
    # question 3 : le cran le plus proche de 0,1 est 0,1005 ; 86 itérations, contre 19 à 0,4
    shown = written("02", r"au plus près de 0,1 \(le cran {N}\)")
    assert rounds_to(notch(e, 0.1), shown) and notch(e, 0.1) != 0.1

    def iterations_to_reach(eta, tol=0.01):
        d = np.linalg.norm(gradient_descent(F_LS, (-7.0, 7.0), eta, 200) - W_STAR, axis=-1)
        return int(np.argmax(d < tol))

    assert iterations_to_reach(notch(e, 0.1)) == iterations_to_reach(0.1) == 86
    assert iterations_to_reach(notch(e, 0.4)) == 19
    # question 1 : le meilleur cran pour T = 20 est voisin de 2/(L + µ)
    distances = [np.linalg.norm(gradient_descent(F_LS, (-7.0, 7.0), v, 20)[-1] - W_STAR)
                 for v in values]
    assert abs(values[np.argmin(distances)] - F_LS.optimal_step) < 0.01


def test_01_contour_levels_grow_by_about_1_3_above_the_minimum():
    """« des ellipses emboîtées » ; « d'une courbe à la suivante, la hauteur au-dessus du
    minimum est multipliée par environ 1,3 (davantage vers les bords de la figure) » : les
    niveaux de la figure des courbes de niveau, relus sur la figure elle-même."""
    assert says("01", "ici, ce sont des **ellipses** emboîtées")
    assert np.all(np.linalg.eigvalsh(F_LS.hessian()) > 0)  # courbes de niveau : des ellipses
    factor = stated("01", r"est multipliée par environ \${N}\$ \(davantage vers les bords")
    ax = Figure().subplots()
    levels = plotting.plot_contour(ax, F_LS).levels
    ratios = np.diff(np.log(levels - F_LS.value(W_STAR)))
    ratios = np.exp(ratios)
    inner = ratios[: len(ratios) // 2]  # les niveaux du fond de la cuvette
    assert np.all(np.round(inner, 1) == factor)
    assert np.all(ratios >= factor - 0.05) and ratios[-1] > factor + 0.5  # davantage au bord
    # les écarts entre niveaux grandissent : les courbes se resserrent au fond de la cuvette
    assert np.all(np.diff(levels, 2) > 0)


def test_01_the_least_squares_have_no_exact_solution():
    """« aucun w ne vérifie à la fois les trois équations » : F(w*) > 0."""
    assert says("01", "un tel système n'a en général pas de solution, et c'est le cas ici")
    assert F_LS.value(W_STAR) > 0.01
    assert np.linalg.matrix_rank(np.column_stack([X, Y])) == 3  # y hors de l'image de X


def test_01_the_status_line_already_shows_the_threshold():
    """L'avant-goût cite la ligne sous la figure : « seuil de stabilité de la descente de
    gradient 2/L » et un « pas optimal »."""
    assert says("01", "« seuil de stabilité de la descente de gradient 2/L », avec un "
                      "« pas optimal »")
    status = Explorer(F_LS, resolution=21).status
    assert "seuil de stabilité de la descente de gradient 2/L = 0,4957" in status
    assert "pas optimal" in status


# == chapitre 03 ===============================================================================
def test_03_partial_gradients_at_the_start():
    """« de (2 ; 2) à (−50 ; −12,5) », et la moyenne est ∇F."""
    a1, a2, b1, b2 = stated("03", r"de \$\({N} ; {N}\)\$ à \$\({N} ; {N}\)\$")
    G = F_LS.grad_i(np.array([-7.0, 7.0]), np.arange(F_LS.n))
    norms = np.linalg.norm(G, axis=1)
    assert np.allclose(G[np.argmin(norms)], (a1, a2))
    assert np.allclose(G[np.argmax(norms)], (b1, b2))
    assert np.allclose(G.mean(axis=0), F_LS.grad(np.array([-7.0, 7.0])))


def test_03_minimum_lines_are_close_to_w_star():
    """« à une distance de 0,03 à 0,1 » des trois droites w·x_i = y_i."""
    low, high = stated("03", r"à une distance de {N} à {N}")
    distances = np.abs(X @ W_STAR - Y) / np.linalg.norm(X, axis=1)
    assert round(distances.min(), 2) == low and round(distances.max(), 1) == high


def test_03_fields_at_one_scale_the_black_tip_is_the_centroid():
    """Les quatre champs sont dessinés à une même échelle, en longueurs fidèles (comme le fait
    la cellule de la figure) : en chaque point, la pointe noire est le centre de gravité des
    trois pointes colorées ; les flèches colorées s'écartent beaucoup de la noire."""
    assert says("03", "les quatre champs sont dessinés à la **même échelle**")
    assert says("03", "La pointe de la flèche noire tombe au **centre de gravité** du triangle")
    assert says("03", "s'écartent souvent beaucoup de la noire, en direction ou en longueur")
    assert not says("03", "chaque champ est dessiné à sa propre échelle")
    nb = jupytext.read(next(NOTEBOOKS.glob("03_*.py")))
    (cell,) = [c.source for c in nb.cells if "gradient_field_scale(F" in c.source]
    assert 'lengths="linear"' in cell and "scale=scale" in cell
    fields = [0, 1, 2, None]
    scale = plotting.gradient_field_scale(F_LS, fields, density=4, lengths="linear")
    ax = Figure().subplots()
    tips = {}
    for i in fields:
        q = plotting.plot_gradient_field(ax, F_LS, i=i, density=4, scale=scale, lengths="linear")
        tips[i] = q.get_offsets() + np.column_stack([q.U, q.V]) / scale
    np.testing.assert_allclose(tips[None], (tips[0] + tips[1] + tips[2]) / 3, atol=1e-12)
    # « souvent beaucoup, en direction ou en longueur » : aux points de la figure, plus de la
    # moitié des flèches colorées font plus de 30° avec la noire ou s'en écartent de moitié en
    # longueur (au-delà de 1,5 fois ou en deçà de 2/3), et en chaque point au moins une
    P = q.get_offsets()
    g = F_LS.grad(P)
    far = []
    for i in range(F_LS.n):
        gi = F_LS.grad_i(P, i)
        cos = np.sum(gi * g, axis=1) / (np.linalg.norm(gi, axis=1) * np.linalg.norm(g, axis=1))
        ratio = np.linalg.norm(gi, axis=1) / np.linalg.norm(g, axis=1)
        far.append((np.degrees(np.arccos(np.clip(cos, -1, 1))) > 30)
                   | (ratio > 1.5) | (ratio < 2 / 3))
    far = np.array(far)
    assert far.mean() > 0.5 and far.any(axis=0).all()


def test_03_first_sgd_step_overshoots_the_line_of_example_3():
    """Graine 0 : le premier exemple tiré est le 3 ; z_1 passe de l'autre côté de sa droite de
    minimum et F augmente ; le pas décroissant finit par poser la SGD près de w*."""
    assert says("03", "Le premier déplacement suit le seul exemple 3")
    first = sample_indices(F_LS.n, 50, seed=0)[0]
    assert first + 1 == 3
    Z = sgd(F_LS, (-7.0, 7.0), 1 / 3, 50, seed=0)
    r0, r1 = X[first] @ Z[0] - Y[first], X[first] @ Z[1] - Y[first]
    assert r0 * r1 < 0
    assert F_LS.value(Z[1]) > F_LS.value(Z[0])


def test_03_constant_step_plateaus_from_about_t_50():
    """« arrive plus tôt près du minimum (vers t = 50) », puis reste sur un palier au-dessus
    de F(w*) ; le pas décroissant finit plus bas."""
    t = stated("03", r"\(vers \$t = {N}\$\)")
    starts = np.full((200, 2), (-7.0, 7.0))
    const = F_LS.value(sgd(F_LS, starts, 0.25, 300, seed=4, schedule="constant")).mean(axis=1)
    dec = F_LS.value(sgd(F_LS, starts, 0.25, 300, seed=4, schedule="inv_sqrt")).mean(axis=1)
    plateau = const[100:].mean()
    assert const[int(t)] < 1.5 * plateau < const[int(t) // 2]
    assert dec[int(t)] > 5 * const[int(t)]
    assert plateau > 3 * F_LS.value(W_STAR) and dec[-1] < 0.5 * plateau


def test_03_constant_step_starts_worse_then_the_decreasing_step_passes_under():
    """« de t = 2 à t = 23, sa moyenne est au-dessus de l'autre » ; chaque pas de 0,25 sur
    l'exemple 3 le fait passer de l'autre côté de sa droite, plus loin ; « passe sous ce palier
    vers t = 100 »."""
    t_from, t_to = stated("03", r"de \$t = {N}\$ à \$t = {N}\$, sa moyenne est au-dessus")
    t_cross = stated("03", r"passe sous ce palier vers \$t = {N}\$")
    starts = np.full((200, 2), (-7.0, 7.0))
    const = F_LS.value(sgd(F_LS, starts, 0.25, 300, seed=4, schedule="constant")).mean(axis=1)
    dec = F_LS.value(sgd(F_LS, starts, 0.25, 300, seed=4, schedule="inv_sqrt")).mean(axis=1)
    above = np.flatnonzero(const > dec)
    early = above[above < 50]
    assert (early.min(), early.max()) == (t_from, t_to)
    assert np.array_equal(early, np.arange(t_from, t_to + 1))  # sans interruption
    later = above[above > 50]
    assert round(later.min(), -1) == t_cross  # le pas décroissant passe sous le palier
    assert np.all(const[150:] > dec[150:])
    # l'erreur de l'exemple 3 est multipliée par 1 − 2η‖x_3‖² = −1,125 à chaque pas sur lui
    factor = 1 - 2 * 0.25 * X[2] @ X[2]
    assert factor < -1
    # les notes de l'enseignant : « dépasse 1/‖x_3‖² ≈ 0,235 », « multiplie son erreur par −1,125 »
    notes = " ".join((NOTEBOOKS / "notes_enseignant.md").read_text().split())
    limit = re.search(r"1/\\\|\\mathbf\{x\}_3\\\|\^2 \\approx (\d+)\{,\}(\d+)", notes)
    written_factor = re.search(r"multiplie son erreur par \$([−-]?\d+)\{,\}(\d+)\$", notes)
    assert limit and written_factor
    assert rounds_to(1 / (X[2] @ X[2]), ",".join(limit.groups())) and 0.25 > 1 / (X[2] @ X[2])
    assert rounds_to(factor, ",".join(written_factor.groups()))
    z = np.array([-7.0, 7.0])
    r = X[2] @ z - Y[2]
    z_next = z - 0.25 * F_LS.grad_i(z, 2)
    assert X[2] @ z_next - Y[2] == pytest.approx(factor * r)


def test_03_questions_use_notches_of_the_slider():
    e = Explorer(F_LS, method="sgd", eta=1 / 3, T=50, region=(-12, 12, -12, 12), resolution=21)
    near_01 = written("03", r"au plus près de 0,1 \(le cran {N}\)")
    near_1 = written("03", r"au plus près de 1 \(le cran {N}\)")
    assert rounds_to(notch(e, 0.1), near_01) and rounds_to(notch(e, 1.0), near_1)
    # question 1 : parmi les graines 0 à 10, la 6 finit le plus près, la 9 le plus loin
    d = [np.linalg.norm(sgd(F_LS, (-7.0, 7.0), 1 / 3, 50, seed=s)[-1] - W_STAR)
         for s in range(11)]
    assert (int(np.argmin(d)), int(np.argmax(d))) == (6, 9)
    # ... et l'explorateur montre les mêmes trajectoires
    e.controls["seed"].value = 9
    assert np.array_equal(e.trajectory, sgd(F_LS, (-7.0, 7.0), 1 / 3, 50, seed=9))


# == chapitre 04 ===============================================================================
def test_04_geometric_sum_and_bumps_of_the_learning_curve():
    """1/(1 − α) ≈ 3,3 pour α = 0,7 ; la courbe du momentum remonte jusqu'à t = 3 puis t = 11."""
    assert round(1 / (1 - 0.7), 1) == stated("04", r"environ \${N}\$ fois pour \$\\alpha = 0,7\$")
    t1, t2 = stated("04", r"remonte jusqu'à \$t = {N}\$, puis, moins haut, jusqu'à \$t = {N}\$")
    F_t = F_LS.value(sgd_momentum(F_LS, (-7.0, 7.0), 0.1, 0.7, 50, seed=0))
    peaks = [t for t in range(1, 50) if F_t[t - 1] < F_t[t] > F_t[t + 1]]
    assert peaks[:2] == [t1, t2] and F_t[int(t2)] < F_t[int(t1)]


def test_04_momentum_beats_sgd_with_a_three_times_larger_step():
    starts = np.full((200, 2), (-7.0, 7.0))
    big_step = F_LS.value(sgd(F_LS, starts, 1 / 3, 50, seed=1)[-1]).mean()
    momentum = F_LS.value(sgd_momentum(F_LS, starts, 0.1, 0.7, 50, seed=1)[-1]).mean()
    assert says("04", "Le momentum fait mieux que la SGD au pas $\\eta = 1/3$")
    assert momentum < big_step


def test_04_best_alpha_depends_on_the_seed():
    """Question 1 : jusqu'à α = 0,6, F(z_50) baisse à chaque cran pour les graines 0, 1, 2 ;
    le meilleur α n'est pas le même (0,6 pour la graine 0, 0,7 pour 1 et 2 ; à la graine 0,
    F(z_50) = 0,016 à α = 0,6, 0,116 à 0,7, 0,024 à 0,8) ; α = 0,9 fait pire que α = 0,5."""
    assert says("04", "pour chacune des graines 0, 1 et 2, remontez α de 0 à 0,9")
    e = Explorer(F_LS, method="momentum", eta=0.1, alpha=0.7, T=50, region=(-9, 9, -9, 9),
                 resolution=21)
    alphas = [round(0.1 * k, 1) for k in range(10)]
    best = {}
    for seed in (0, 1, 2):
        e.controls["seed"].value = seed
        values = []
        for a in alphas:
            e.controls["alpha"].value = a
            values.append(F_LS.value(e.trajectory[-1]))
        assert np.all(np.diff(values[:7]) < 0), (seed, values)
        assert values[9] > values[5]
        best[seed] = alphas[int(np.argmin(values))]
        if seed == 0:
            assert [round(v, 3) for v in values[6:9]] == [0.016, 0.116, 0.024]
    assert best == {0: 0.6, 1: 0.7, 2: 0.7}


def test_04_momentum_ends_closer_than_sgd_for_every_seed():
    """Question 3 : à α = 0,7 et T = 50, le momentum finit plus près de w* que la SGD, pour
    chacune des graines du curseur (0 à 99)."""
    for seed in range(100):
        mom = sgd_momentum(F_LS, (-7.0, 7.0), 0.1, 0.7, 50, seed=seed)[-1]
        plain = sgd(F_LS, (-7.0, 7.0), 0.1, 50, seed=seed)[-1]
        assert np.linalg.norm(mom - W_STAR) < np.linalg.norm(plain - W_STAR), seed


def test_04_three_methods_questions():
    """Questions de l'explorateur à trois méthodes (η = 0,1, T = 50, graine 0)."""
    e = Explorer(F_LS, method="momentum", compare=["gd", "sgd", "momentum"], eta=0.1,
                 alpha=0.7, T=50, region=(-9, 9, -9, 9), resolution=21)

    def final_F():
        return {m: F_LS.value(Z[-1]) for m, Z in e.trajectories.items()}

    # 1. classement à η = 0,1 : descente de gradient, puis momentum, puis SGD
    at_01 = final_F()
    assert sorted(at_01, key=at_01.get) == ["gd", "momentum", "sgd"]
    # 2. au cran le plus proche de 0,4 (0,3981) : c'est la SGD qui a le plus progressé ; les
    #    deux méthodes stochastiques bondissent au début (F monte bien au-dessus de F(z_0)),
    #    la descente de gradient descend sans remonter
    shown = written("04", r"au plus près de 0,4 \(le cran {N}\)")
    assert rounds_to(set_eta(e, 0.4), shown)
    at_04 = final_F()
    assert max(at_01[m] / at_04[m] for m in at_04 if m != "gd") == at_01["sgd"] / at_04["sgd"]
    F_gd, F_sgd, F_mom = (F_LS.value(e.trajectories[m]) for m in ("gd", "sgd", "momentum"))
    assert np.all(np.diff(F_gd) <= 0)
    assert F_sgd.max() > 5 * F_sgd[0] and np.argmax(F_sgd) == 1
    assert F_mom.max() > 5 * F_mom[0] and np.argmax(F_mom) == 3
    assert "Laquelle devient agitée" not in prose("04")
    # 3. η = 0,1, T = 200 : SGD à 1,35 de w*, momentum à 0,02 ; la SGD est lente, pas
    #    ballottée : son pas η/√t vaut 0,007 à t = 200, et la descente de gradient *complète*
    #    avec le même pas décroissant n'est pas plus près
    sgd_far, mom_near = written("04", r"La SGD en reste loin \(à {N}\), le momentum est à {N}")
    e.controls["eta"].value = 0.1
    e.controls["T"].value = 200
    dist = {m: np.linalg.norm(Z[-1] - W_STAR) for m, Z in e.trajectories.items()}
    assert rounds_to(dist["sgd"], sgd_far) and rounds_to(dist["momentum"], mom_near)
    assert dist["gd"] < 1e-5
    assert 0.1 / math.sqrt(200) < 0.01
    z = np.array([-7.0, 7.0])
    for t in range(1, 201):  # la même règle de pas, mais avec le gradient complet
        z = z - 0.1 / math.sqrt(t) * F_LS.grad(z)
    assert np.linalg.norm(z - W_STAR) > 1.0
    assert "restent ballottées" not in prose("04")


# == chapitre 05 ===============================================================================
def tanh_minimum():
    return gradient_descent(F_TANH, (2.0, -5.0), 1.0, 2000)[-1]


def local_hessian(F, w, h=1e-5):
    """La hessienne de F en w, par différences finies centrées de son gradient."""
    H = np.array([(F.grad(w + h * e) - F.grad(w - h * e)) / (2 * h) for e in np.eye(2)])
    return (H + H.T) / 2


def test_05_one_saturated_neuron_gives_a_flat_valley_a_plateau_needs_both():
    """En (4 ; 0), un seul neurone saturé : ∇F ≈ (−0,005 ; 2,67), plat selon w₁ seulement ;
    en (4 ; 5), les deux : ‖∇F‖ minuscule. Le texte dit « et », pas « ou »."""
    w1, w2, g1, g2 = written(
        "05", r"en \$\({N} ; {N}\)\$, \$\\nabla F \\approx \({N} ; {N}\)\$")
    g = F_TANH.grad(np.array([french(w1), french(w2)]))
    assert rounds_to(g[0], g1) and rounds_to(g[1], g2)
    assert abs(g[0]) < 0.01 < 1 < abs(g[1])
    # le premier neurone est saturé pour les exemples où x₁ ≠ 0, le second ne l'est pas
    pre_1 = french(w1) * X[:, 0] - X[:, 1]
    pre_2 = X[:, 0] + french(w2) * X[:, 1]
    assert np.all(np.abs(np.tanh(pre_1[X[:, 0] != 0])) > 0.99)
    assert np.any(np.abs(np.tanh(pre_2)) < 0.99)
    assert says("05", "$|w_1 x_1 - x_2|$ **et** $|x_1 + w_2 x_2|$ grands, comme en $(4 ; 5)$")
    assert np.linalg.norm(F_TANH.grad(np.array([4.0, 5.0]))) < 0.01
    assert "ou $|x_1 + w_2 x_2|$ est grand" not in prose("05")


def test_05_valleys_and_counterexample():
    """Le fond de la vallée du minimum (w₂ ≈ −2,7) et celui de la vallée de droite
    (w₂ ≈ −1,4) ; le milieu de w = (−0,5 ; −2,7) et w' = (−0,5 ; 5) est au-dessus de la
    corde."""
    w2_min, w2_right = stated("05", r"le minimum \(vers \$w_2 \\approx {N}\$\).*?"
                                    r"arrive par la droite \(vers \$w_2 \\approx {N}\$\)")
    assert round(tanh_minimum()[1], 1) == w2_min
    w2 = np.linspace(-6, 6, 1201)
    right = F_TANH.value(np.stack([np.full_like(w2, 5.0), w2], axis=-1))
    assert round(w2[np.argmin(right)], 1) == w2_right
    a1, a2, b1, b2 = stated("05", r"\$\\mathbf\{w\} = \({N} ; {N}\)\$ au fond de la vallée, "
                                  r"\$\\mathbf\{w\}' = \({N} ; {N}\)\$ sur le plateau")
    w, w_ = np.array([a1, a2]), np.array([b1, b2])
    assert F_TANH.value((w + w_) / 2) > (F_TANH.value(w) + F_TANH.value(w_)) / 2


def test_05_stuck_runs_need_more_than_a_thousand_iterations():
    """Les quatre départs coincés après 100 itérations mettent plus d'un millier d'itérations
    à atteindre le minimum, et bien davantage depuis la vallée de gauche (−5 ; −1)."""
    assert says("05", "plus d'un millier d'itérations supplémentaires pour en sortir")
    starts = np.array([[-5.0, -1.0], [5.0, 0.0], [4.0, 5.0], [-4.0, 4.5]])
    gap = F_TANH.value(gradient_descent(F_TANH, starts, 1.0, 30_000)) \
        - F_TANH.value(tanh_minimum())
    reached = np.argmax(gap < 1e-3, axis=0)
    assert np.all(gap[-1] < 1e-3)
    assert np.all(reached > 1100)
    assert reached[0] > 5 * reached[1:].max()


def test_05_explorer_two_valleys_and_questions_1_to_3():
    e = Explorer(F_TANH, method="gd", compare=["gd", "momentum"], eta=0.5, T=100,
                 w0=(1.0, 3.0), alpha=0.7, seed=1, resolution=21)
    F_star = F_TANH.value(tanh_minimum())

    def arrival(m):
        return F_TANH.value(e.trajectories[m][-1])

    # depuis (1 ; 3), deux vallées différentes (F ≈ 4,33 à droite, F ≈ 3,00 à gauche)
    assert abs(arrival("gd") - 4.33) < 0.02 and abs(arrival("momentum") - 3.0) < 0.01
    # question 2 : vers η = 1 (cran 0,9976), la descente de gradient atteint le minimum
    shown = written("05", r"de 0,5 à environ 1 \(le cran\s+{N}\)")
    assert rounds_to(set_eta(e, 1.0), shown)
    assert arrival("gd") - F_star < 1e-3
    # question 1 : départ w₁ = 0,5 (η = 0,5) : le minimum aussi
    e.controls["eta"].value = 0.5
    e.controls["w1"].value = 0.5
    assert arrival("gd") - F_star < 1e-3
    # question 3 : graines 0 à 5, le momentum ne finit jamais au minimum, tantôt à gauche,
    # tantôt à droite
    e.controls["w1"].value, e.controls["w2"].value = 1.0, 3.0  # (un clic en (1 ; 3))
    ends = []
    for seed in range(6):
        e.controls["seed"].value = seed
        ends.append(e.trajectories["momentum"][-1])
    ends = np.array(ends)
    assert np.all(F_TANH.value(ends) - F_star > 0.01)
    assert np.any(ends[:, 0] < -2) and np.any(ends[:, 0] > 2)


def test_05_local_threshold_two_point_cycle_and_escape():
    """Question 4 : près de w*, L ≈ 0,428 et 2/L ≈ 4,67 ; à η = 5 la descente de gradient finit
    en oscillation stable entre deux points de part et d'autre de w* ; vers 8 (cran 7,924)
    elle sort de la figure et F augmente."""
    L_text, threshold_text = written(
        "05", r"\$L \\approx {N}\$, d'où un seuil de stabilité local \$2/L \\approx {N}\$")
    w_star = tanh_minimum()
    L = np.linalg.eigvalsh(local_hessian(F_TANH, w_star)).max()
    assert rounds_to(L, L_text) and rounds_to(2 / L, threshold_text)
    e = Explorer(F_TANH, method="gd", compare=["gd", "momentum"], eta=0.5, T=100,
                 w0=(1.0, 3.0), alpha=0.7, seed=1, resolution=21)
    # le clic « vers (−0,5 ; −2,7) » : le navigateur pose les deux curseurs du départ
    e.controls["w1"].value, e.controls["w2"].value = -0.5, -2.7
    assert says("05", "Montez « pas η » à 5, juste au-dessus")
    assert set_eta(e, 5.0) == pytest.approx(5.0) and 5.0 > 2 / L
    Z = e.trajectories["gd"]
    assert np.allclose(Z[-1], Z[-3], atol=1e-9)  # période 2
    jump = Z[-1] - Z[-2]
    assert np.linalg.norm(jump) > 0.3
    assert np.dot(Z[-1] - w_star, Z[-2] - w_star) < 0  # de part et d'autre de w*
    assert np.all(np.abs(Z) < 6)  # dans la figure
    shown = written("05", r"vers 8 \(le cran {N}\)")
    assert rounds_to(set_eta(e, 8.0), shown)
    Z = e.trajectories["gd"]
    assert np.any(np.abs(Z) > 6)  # sort de la figure [−6, 6]²
    assert F_TANH.value(Z[-1]) > F_TANH.value(Z[0])  # la ligne d'état : F a augmenté
    assert "augmenté" in e.status


# -- le second réseau : deux minima et un point selle -------------------------------------------
def one_neuron():
    from course_utils import OneNeuronNetwork, one_neuron_example

    return OneNeuronNetwork(*one_neuron_example())


def test_05_symmetries_of_a_ten_neuron_layer():
    """10! × 2¹⁰ ≈ 3,7 milliards de façons de réarranger une couche de 10 neurones tanh."""
    count = stated("05", r"\$10! \\times 2\^\{10\} \\approx {N}\$ milliards")
    assert round(math.factorial(10) * 2**10 / 1e9, 1) == count


def test_05_saddle_point_numbers():
    """F(0 ; 0) ≈ 1,7367 = moyenne des y² ; F(w*) ≈ 0,0035 ; hessienne ±3,233 ; F descend
    comme F(0 ; 0) − 3,233 s² le long de (1 ; 1) ; sur l'axe w₁ = 0, ∇F = (−3,233 w₂ ; 0) ;
    ∇F(0 ; 1,5) ≈ (−4,85 ; 0) (la consigne de l'exercice 5.2)."""
    F = one_neuron()
    F0 = F.value((0.0, 0.0))
    assert rounds_to(F0, written("05", r"\\sum_i y_i\^2 \\approx {N}\$"))
    assert F0 == pytest.approx(np.mean(F.y**2), rel=1e-15)
    assert rounds_to(F.value(F.minimizers()[0]),
                     written("05", r"bien plus que \$F\(\\mathbf\{w\}\^\*\) \\approx {N}\$"))
    H = F.hessian((0.0, 0.0))
    c = 2 * np.mean(F.x * F.y)
    np.testing.assert_allclose(H, [[0.0, -c], [-c, 0.0]], rtol=1e-14)
    shown = written("05", r"\\approx \\begin\{bmatrix\} 0 & {N} \\\\ {N} & 0 \\end\{bmatrix\}")
    assert all(rounds_to(-c, v) for v in shown)
    lam_neg, lam_pos = stated("05", r"valeurs propres \$\\lambda = {N}\$ \(direction "
                                    r"\$\(1 ; 1\)\$\) et \$\\lambda = {N}\$ \(direction")
    lam, vec = np.linalg.eigh(H)
    assert round(lam[0], 3) == lam_neg and round(lam[1], 3) == lam_pos
    assert vec[0, 0] * vec[1, 0] > 0 > vec[0, 1] * vec[1, 1]  # (1 ; 1) puis (1 ; −1)
    # le développement tanh(u) ≈ u : F ≈ F(0 ; 0) − c w₁w₂ + (moyenne des x²) w₁²w₂²
    assert rounds_to(c, written("05", r"Ici \$\\frac\{2\}\{n\}\\sum_i x_i y_i \\approx {N}\$"))
    assert round(c, 3) == stated("05", r"\$F \\approx F\(0 ; 0\) - {N}\\,w_1 w_2\$")
    for w in ((1e-2, 2e-2), (-3e-3, 5e-3)):
        p = w[0] * w[1]
        expansion = F0 - c * p + np.mean(F.x**2) * p**2
        assert abs(F.value(w) - expansion) < 1e-3 * abs(c * p)  # l'erreur est d'ordre 4
        assert abs(F.value(w) - (F0 - c * p)) < 1e-2 * abs(c * p)
    slope = stated("05", r"comme \$F\(0 ; 0\) - {N}\\,s\^2\$ en \$\(s ; s\)\$")
    s = 1e-3
    assert (F0 - F.value((s, s))) / s**2 == pytest.approx(c, rel=1e-5) and round(c, 3) == slope
    assert F.value((s, -s)) > F0
    on_axis = stated("05", r"\\nabla F\(0 ; w_2\) = \({N}\\,w_2 ; 0\)")
    for w2 in (-2.0, 0.3, 1.5):
        np.testing.assert_allclose(F.grad((0.0, w2)), [-c * w2, 0.0], rtol=1e-13)
    assert round(-c, 3) == on_axis
    g1 = stated("05", r"\\nabla F\(0 ; 1,5\) \\approx \({N} ; 0\)")
    assert round(F.grad((0.0, 1.5))[0], 2) == g1
    assert g1 == stated("05", r"en \$w_2 = 1,5\$, le \$\({N} ; 0\)\$ de l'exercice")
    # sur les deux axes, F vaut F(0 ; 0) partout
    t = np.linspace(-3, 3, 7)
    np.testing.assert_allclose(F.value(np.stack([t, 0 * t], -1)), F0, rtol=1e-15)
    np.testing.assert_allclose(F.value(np.stack([0 * t, t], -1)), F0, rtol=1e-15)


def test_05_escaping_the_saddle_point():
    """η = 0,2 : facteur 1 + 0,2 × 3,233 ≈ 1,647 (65 %), 4,6 itérations par facteur 10 ;
    poussées 10⁻⁴, 10⁻⁸, 10⁻¹² : sorties à 16, 34, 53 ; facteur 0,353 le long de (1 ; −1)."""
    F = one_neuron()
    F0 = F.value((0.0, 0.0))
    lam = np.linalg.eigvalsh(F.hessian((0.0, 0.0)))
    eta, c, growth = stated("05", r"\$1 - \\eta\\lambda = 1 \+ {N} \\times {N} \\approx {N}\$")
    assert eta == 0.2 and round(-lam[0], 3) == c and round(1 - eta * lam[0], 3) == growth
    assert says("05", "l'écart **grandit** de 65 % par itération")
    assert round(100 * (1 - eta * lam[0] - 1)) == 65
    per_decade = stated("05", r"\\ln 10 / \\ln 1,647 \\approx {N}\$")
    assert round(np.log(10) / np.log(1 - eta * lam[0]), 1) == per_decade
    times = stated("05", r"itérations de plus : {N}, {N} puis {N} itérations pour des poussées")
    pushes = np.array([1e-4, 1e-8, 1e-12])
    Z = gradient_descent(F, pushes[:, None] * np.ones(2), eta, 150)
    np.testing.assert_array_equal(np.argmax(F.value(Z) < F0 - 0.1, axis=0), times)
    shrink = stated("05", r"le facteur vaut \$1 - 0,2 \\times 3,233 \\approx {N}\$")
    assert round(1 - eta * lam[1], 3) == shrink


def test_05_basins_and_the_boundary_start():
    """Une seule case de la grille 121 × 121 ne mène nulle part (le point selle) ; le départ
    (−1,2597714609696051 ; 2) est sur la frontière : son voisin flottant va dans l'autre
    bassin ; il passe à moins de 10⁻⁹ du point selle et s'y attarde une soixantaine
    d'itérations (F à moins de 0,01 de F(0 ; 0))."""
    F = one_neuron()
    F0 = F.value((0.0, 0.0))
    w_plus = F.minimizers()[0]
    grid = np.linspace(-3.0, 3.0, 121)
    W0 = np.stack(np.meshgrid(grid, grid), -1).reshape(-1, 2)
    ends = gradient_descent(F, W0, 0.2, 1500)[-1]
    nowhere = (np.linalg.norm(ends - w_plus, axis=1) >= 1e-3) & \
        (np.linalg.norm(ends + w_plus, axis=1) >= 1e-3)
    assert np.flatnonzero(nowhere).tolist() == [60 * 121 + 60]  # la case centrale, (0 ; 0)
    assert says("05", "Une seule case de la grille ne mène nulle part : la case centrale")
    start = np.array([-1.2597714609696051, 2.0])
    assert says("05", "Le départ $(-1,2597714609696051 ; 2)$")
    neighbour = np.array([np.nextafter(start[0], 0.0), 2.0])
    Z = gradient_descent(F, np.stack([start, neighbour]), 0.2, 1500)
    assert np.linalg.norm(Z[-1, 0] + w_plus) < 1e-3 and np.linalg.norm(Z[-1, 1] - w_plus) < 1e-3
    assert says("05", "Sa descente passe à moins de $10^{-9}$ du point selle")
    assert np.linalg.norm(Z[:, 0], axis=1).min() < 1e-9
    assert says("05", "une soixantaine d'itérations, $F$ restant à moins de $0,01$ de $F(0 ; 0)$")
    lingering = np.sum(np.abs(F.value(Z[:, 0]) - F0) < 0.01)
    assert 60 <= lingering < 70
    # les départs de la figure : (−1 ; 2) a w₁ < 0 et finit en w*
    Z = gradient_descent(F, (-1.0, 2.0), 0.2, 1500)
    assert np.linalg.norm(Z[-1] - w_plus) < 1e-3


def test_05_the_explorer_reaches_the_saddle_but_not_a_tiny_push():
    """Les curseurs de départ ont des crans de 0,05 : (0 ; 0) est un cran (le clic aussi y
    tombe exactement), 10⁻⁸ n'en est pas un ; w0=(1e-8, 1e-8) dans le code garde le départ
    exact."""
    from course_utils.live_figure import on_grid

    F = one_neuron()
    assert says("05", "avancent par crans de $0,05$")
    e = Explorer(F, method="gd", compare=["gd", "sgd"], eta=0.2, T=150, w0=(0.5, 0.5),
                 seed=0, resolution=21)
    for key in ("w1", "w2"):
        assert e.controls[key].step == 0.05 and on_grid(e.controls[key], 0.0) == 0.0
        assert on_grid(e.controls[key], 1e-8) == 0.0
    # un clic près de l'origine tombe sur le cran (0 ; 0) : le navigateur pose le point cliqué
    # sur la grille des curseurs (comme on_grid) et règle w₁, w₂
    c = e.controls
    c["w1"].value, c["w2"].value = on_grid(c["w1"], 0.013), on_grid(c["w2"], -0.02)
    np.testing.assert_array_equal(e.trajectories["gd"], 0.0)
    e = Explorer(F, method="gd", compare=["gd", "sgd"], eta=0.2, T=150, w0=(1e-8, 1e-8),
                 seed=0, resolution=21)
    np.testing.assert_array_equal(e.trajectories["gd"][0], [1e-8, 1e-8])
    assert np.linalg.norm(e.trajectories["gd"][-1]) > 1


# == chapitre 06 ===============================================================================
def test_06_loss_is_the_objective_F():
    """La `loss` de PyTorch est notre F, la moyenne des pertes quadratiques (MSELoss)."""
    torch = pytest.importorskip("torch")
    assert says("06", "la quantité à minimiser s'appelle `loss`")
    w = np.array([-7.0, 7.0])
    mse = torch.nn.MSELoss()(torch.tensor(X) @ torch.tensor(w), torch.tensor(Y)).item()
    assert mse == pytest.approx(F_LS.value(w), rel=1e-15)


def test_06_course_momentum_keeps_the_fraction_alpha_pytorch_less():
    """Le momentum du cours garde la fraction α = 0,8 de sa vitesse à chaque étape ; celui de
    PyTorch (pas η/√t) en garde ρ√((t−1)/t) : 0,57 à t = 2, 0,76 à t = 10. Les deux rapports
    sont lus sur les vraies trajectoires."""
    pytest.importorskip("torch")
    from course_utils.torch_bridge import torch_trajectory

    alpha = stated("06", r"garde la fraction \$\\alpha = {N}\$ de sa vitesse acquise")
    at_2, at_10 = stated("06", r"par exemple \${N}\$ à \$t = 2\$, \${N}\$ à \$t = 10\$")
    assert "garde toute sa vitesse acquise" not in prose("06")
    eta, T, seed, w0 = 0.05, 60, 0, (-7.0, 7.0)
    course = sgd_momentum(F_LS, w0, eta, alpha, T, seed=seed, schedule="inv_sqrt")
    torch_z = torch_trajectory("SGD", F_LS, w0, T, lr=eta, momentum=alpha, stochastic=True,
                               seed=seed, schedule="inv_sqrt")
    idx = sample_indices(F_LS.n, T, seed=seed)
    t = np.arange(1, T + 1)
    steps = eta / np.sqrt(t)

    def kept(Z):
        """La fraction de la vitesse précédente gardée : (Δz_t + η_t g_t) / Δz_{t−1}."""
        g = F_LS.grad_i(Z[:-1], idx)  # g_t = ∇F_i(z_{t−1})
        dz = np.diff(Z, axis=0)
        pushed = dz + steps[:, None] * g
        return np.sum(pushed[1:] * dz[:-1], axis=1) / np.sum(dz[:-1] ** 2, axis=1)  # t ≥ 2

    assert np.allclose(kept(course), alpha)
    expected = alpha * np.sqrt((t[1:] - 1) / t[1:])
    assert np.allclose(kept(torch_z), expected, atol=1e-8)
    assert round(expected[0], 2) == at_2 and round(expected[8], 2) == at_10
    assert F_LS.value(course[-1]) < F_LS.value(torch_z[-1])  # « descend plus vite »


def test_06_rmsprop_first_step_is_ten_lr_adam_stays_near_lr():
    """Premier déplacement de RMSprop : lr/√(1 − β) = 10 lr par coordonnée, puis une trentaine
    d'étapes pour revenir vers lr ; Adam : lr dès le départ, de l'ordre de lr ensuite."""
    assert "leur pas reste de l'ordre de $lr$" not in prose("06")
    assert says("06", "celui de RMSprop vaut $10\\,lr$ à la première étape")
    assert says("06", "il faut une trentaine d'étapes pour revenir vers $lr$")
    for F, w0 in ((F_LS, (-7.0, 7.0)), (F_TANH, (3.0, 4.0))):
        rms = np.abs(np.diff(run(RMSprop(lr=0.1), F, w0, 150), axis=0)) / 0.1
        assert np.allclose(rms[0], 10.0, rtol=1e-4)  # ε = 10⁻⁸ compte à peine
        adam = np.abs(np.diff(run(Adam(lr=0.1), F, w0, 150), axis=0)) / 0.1
        assert np.allclose(adam[0], 1.0) and adam.max() < 1.5
    rms = np.abs(np.diff(run(RMSprop(lr=0.1), F_LS, (-7.0, 7.0), 150), axis=0)).max(axis=1) / 0.1
    back = int(np.argmax(rms < 1.05))
    assert 20 <= back <= 40


def test_06_adam_defaults_and_amsgrad():
    torch = pytest.importorskip("torch")
    defaults = torch.optim.Adam([torch.zeros(1)]).defaults
    assert defaults["betas"] == (0.9, 0.999) and defaults["amsgrad"] is False
    rms = torch.optim.RMSprop([torch.zeros(1)]).defaults
    assert rms["alpha"] == stated("06", r"l'argument `alpha` de `torch.optim.RMSprop` \({N} par")
    assert rms["eps"] == 1e-8 and says("06", "$\\varepsilon$ (`eps`, $10^{-8}$)")
    assert stated("06", r"\$\\beta_2\$ est \*\*{N}\*\*") == defaults["betas"][1]
    assert says("06", "`amsgrad` (faux par défaut)")


def test_06_adam_leaves_the_right_valley_around_step_210():
    """Réseau tanh depuis (3 ; 4) : après 150 étapes, Adam est dans la vallée de droite ; il n'en
    sort que vers l'étape 210 (w₁ repasse sous 2). RMSprop trouve le minimum."""
    step = stated("06", r"il n'en sort que vers l'étape {N}\)")
    Z = run(Adam(lr=0.1), F_TANH, (3.0, 4.0), 300)
    assert Z[150, 0] > 2 and abs(Z[150, 1] + 1.4) < 0.1
    out = int(np.argmax(Z[:, 0] < 2))
    assert abs(out - step) <= 5
    Z_rms = run(RMSprop(lr=0.1), F_TANH, (3.0, 4.0), 150)
    assert F_TANH.value(Z_rms[-1]) - F_TANH.value(tanh_minimum()) < 1e-6


def test_06_twins_coordinates_stay_below_ten():
    """« les coordonnées ne dépassent pas 10 en valeur absolue » : l'écart absolu < 10⁻⁹ est
    donc aussi un écart relatif."""
    limit = stated("06", r"les coordonnées ne dépassent pas {N} en valeur absolue")
    for F, w0 in ((F_LS, (-7.0, 7.0)), (F_TANH, (3.0, 4.0))):
        for opt in (SGD(lr=0.1), SGD(lr=0.1, momentum=0.8), RMSprop(lr=0.1), Adam(lr=0.1)):
            assert np.abs(run(opt, F, w0, 150)).max() <= limit


def test_06_explorer_questions():
    e = Explorer(F_TANH, method="adam", compare=["gd", "rmsprop", "adam"], eta=0.1, T=150,
                 w0=(-2.0, 4.0), T_max=300, resolution=21)
    F_star = F_TANH.value(tanh_minimum())

    def at_minimum():
        return {m: F_TANH.value(Z[-1]) - F_star < 1e-3 for m, Z in e.trajectories.items()}

    # 1. η = 1 : la descente de gradient quitte le plateau et atteint le minimum ; RMSprop et
    #    Adam, emportés, finissent ailleurs
    assert at_minimum() == {"gd": False, "rmsprop": True, "adam": True}
    e.controls["eta"].value = set_eta(e, 1.0)
    assert e.controls["eta"].value == pytest.approx(1.0)
    assert at_minimum() == {"gd": True, "rmsprop": False, "adam": False}
    # 2. η = 0,1, départ (3 ; 2) : RMSprop atteint le minimum, les deux autres sont dans la
    #    vallée de droite
    e.controls["eta"].value = 0.1
    e.controls["w1"].value, e.controls["w2"].value = 3.0, 2.0
    assert at_minimum() == {"gd": False, "rmsprop": True, "adam": False}
    for m in ("gd", "adam"):
        assert abs(e.trajectories[m][-1][1] + 1.4) < 0.1
    # 3. T = 300 : Adam finit par sortir de la vallée et rejoindre le minimum
    e.controls["T"].value = 300
    assert F_TANH.value(e.trajectories["adam"][-1]) - F_star < 0.01
    # 4. moindres carrés : vers 0,3 (0,302) et vers 0,5 (0,5012), Adam accélère, la descente
    #    de gradient diverge au-delà de 2/L
    near_03, near_05 = written("06", r"vers 0,3 \(le cran {N}\), puis vers 0,5 \(le cran {N}\)")
    ls = Explorer(F_LS, method="adam", compare=["gd", "adam"], eta=0.1, T=150, resolution=21)
    reached = {}
    for target, shown in ((0.1, None), (0.3, near_03), (0.5, near_05)):
        value = set_eta(ls, target)
        if shown:
            assert rounds_to(value, shown)
        d = np.linalg.norm(ls.trajectories["adam"] - W_STAR, axis=-1)
        reached[target] = int(np.argmax(d < 0.01)) if np.any(d < 0.01) else None
    assert reached[0.1] is None and reached[0.5] < reached[0.3] < 150
    assert notch(ls, 0.5) > F_LS.stability_threshold
    assert F_LS.value(ls.trajectories["gd"][-1]) > F_LS.value(ls.trajectories["gd"][0])


def test_06_four_optimizers_on_least_squares_and_the_twins():
    """Moindres carrés, lr = 0,1 : le momentum converge plus vite que SGD ; Adam avance
    d'environ lr par coordonnée et n'a pas fini en 150 étapes. Les jumeaux numpy diffèrent de
    PyTorch, mais seulement au niveau des arrondis (écart non nul, < 10⁻⁹)."""
    pytest.importorskip("torch")
    from course_utils.torch_bridge import torch_trajectory

    assert says("06", "le momentum va plus vite encore")
    F_star = F_LS.value(W_STAR)

    def converged_at(Z):
        ok = F_LS.value(Z) - F_star < 1e-6
        return int(np.argmax(ok)) if ok.any() else None

    plain = torch_trajectory("SGD", F_LS, (-7.0, 7.0), 150, lr=0.1)
    heavy = torch_trajectory("SGD", F_LS, (-7.0, 7.0), 150, lr=0.1, momentum=0.8)
    adam = torch_trajectory("Adam", F_LS, (-7.0, 7.0), 150, lr=0.1)
    assert converged_at(heavy) < converged_at(plain) < 150
    assert converged_at(adam) is None
    assert says("06", "L'écart n'est pas exactement nul")
    gaps = [np.max(np.abs(run(twin, F_LS, (-7.0, 7.0), 150) - Z))
            for twin, Z in ((SGD(lr=0.1), plain), (SGD(lr=0.1, momentum=0.8), heavy),
                            (Adam(lr=0.1), adam))]
    gaps.append(np.max(np.abs(run(Adam(lr=0.1), F_TANH, (3.0, 4.0), 150)
                              - torch_trajectory("Adam", F_TANH, (3.0, 4.0), 150, lr=0.1))))
    assert 0 < max(gaps) < 1e-9


# -- Nesterov, AdaGrad, AdamW et la famille au complet -----------------------------------------
def test_06_nesterov_against_the_heavy_ball():
    """Même réglage (lr = 0,1, ρ = 0,8) : Nesterov se pose à 10⁻⁶ de F(w*) dès l'étape 53,
    le momentum à l'étape 81 ; sa plus grande remontée de F est plus de quatre fois plus
    petite. La course dure T = 100 étapes : « dès l'étape 81 » est vu, pas déduit d'une course
    trop courte (avec T = 80, la même formule donnait 81 pour « pas encore »)."""
    settled_n, settled_m = stated("06", r"dès l'étape {N}, contre {N} pour le momentum")
    assert says("06", "sa plus grande remontée de $F$ est plus de quatre fois plus petite")
    F_star = F_LS.value(W_STAR)
    T = 100
    out = {}
    for name, opt in (("m", SGD(lr=0.1, momentum=0.8)),
                      ("n", SGD(lr=0.1, momentum=0.8, nesterov=True))):
        Z = run(opt, F_LS, (-7.0, 7.0), T)
        out[name] = (np.flatnonzero(F_LS.value(Z) - F_star >= 1e-6).max() + 1,
                     np.max(np.diff(F_LS.value(Z))))
        assert out[name][0] <= T  # posé pour de bon avant la fin de la course
        assert np.all(F_LS.value(Z[out[name][0]:]) - F_star < 1e-6)
    assert (out["n"][0], out["m"][0]) == (settled_n, settled_m)
    assert 4 < out["m"][1] / out["n"][1] < 5


def test_06_four_optimizers_on_the_tanh_plateau():
    """Réseau tanh depuis (3 ; 4), lr = 0,1, T = 150 : SGD et le momentum (ρ = 0,8) avancent à
    peine et restent sur le plateau (F > 9,2), RMSprop trouve le minimum, Adam est dans la
    vallée de droite."""
    assert says("06", "SGD (avec ou sans momentum) avance à peine, sans quitter le plateau")
    plateau = stated("06", r"sans quitter le plateau \(\$F\(\\mathbf\{z\}_T\) > {N}\$\)")
    assert says("06", "RMSprop trouve le minimum, Adam est dans la vallée de droite après 150 "
                      "étapes")
    for opt in (SGD(lr=0.1), SGD(lr=0.1, momentum=0.8)):
        Z = run(opt, F_TANH, (3.0, 4.0), 150)
        assert F_TANH.value(Z[-1]) > plateau and F_TANH.value(Z[0]) - F_TANH.value(Z[-1]) < 0.05
        assert np.linalg.norm(Z[-1] - Z[0]) < 1.5  # « à peine », sur une carte de 10 unités
    Z = run(RMSprop(lr=0.1), F_TANH, (3.0, 4.0), 150)
    assert F_TANH.value(Z[-1]) - F_TANH.value(tanh_minimum()) < 1e-6
    Z = run(Adam(lr=0.1), F_TANH, (3.0, 4.0), 150)
    assert Z[-1][0] > 2 and abs(Z[-1][1] + 1.4) < 0.1


def test_06_momentum_lengthens_the_moves_fivefold():
    """« l'élan allonge les déplacements jusqu'à 1/(1 − α) = 5 fois » : à gradient constant,
    le déplacement du momentum (α = 0,8) tend vers 5 fois lr·g ; lr = 0,1 est quatre fois plus
    petit que le lr = 0,4 de SGD."""
    assert says("06", "jusqu'à $1/(1 - \\alpha) = 5$ fois (chapitre 4)")
    assert says("06", "un pas quatre fois plus petit, $lr = 0,1$")
    opt, g, w = SGD(lr=0.1, momentum=0.8), np.array([1.0, -2.0]), np.zeros(2)
    for _ in range(200):
        w_new = opt.step(w, g)
        move, w = w_new - w, w_new
    np.testing.assert_allclose(move, -5 * 0.1 * g, rtol=1e-12)
    assert round(1 / (1 - 0.8), 12) == 5 and 0.4 / 0.1 == pytest.approx(4)


def test_06_adagrad_defaults_first_step_and_slowing_down():
    """torch.optim.Adagrad : lr=0.01, eps=1e-10 ; premier déplacement lr par coordonnée ;
    gradients de même taille : déplacement lr/√t à l'étape t."""
    torch = pytest.importorskip("torch")
    defaults = torch.optim.Adagrad([torch.zeros(1)]).defaults
    assert (defaults["lr"], defaults["eps"]) == (0.01, 1e-10)
    assert says("06", "(`torch.optim.Adagrad` : `lr=0.01` et `eps=1e-10` par défaut)")
    from course_utils import Adagrad

    opt = Adagrad(lr=0.3)
    g = np.array([5.0, -0.02])  # deux pentes très différentes, le même déplacement
    w = np.zeros(2)
    moves = []
    for _ in range(16):
        w_new = opt.step(w, g)
        moves.append(np.abs(w_new - w))
        w = w_new
    moves = np.array(moves)
    np.testing.assert_allclose(moves[0], 0.3, rtol=1e-8)
    for k in range(2):
        np.testing.assert_allclose(moves[:, k], 0.3 / np.sqrt(np.arange(1, 17)), rtol=1e-8)
    assert says("06", "le déplacement de l'étape $t$ vaut $lr/\\sqrt{t}$")


def test_06_adamw_decouples_the_weight_decay():
    """AdamW multiplie chaque poids par 1 − lr × weight_decay (0,01 par défaut), hors du pas
    adaptatif."""
    torch = pytest.importorskip("torch")
    assert torch.optim.AdamW([torch.zeros(1)]).defaults["weight_decay"] == 0.01
    assert says("06", "`weight_decay=0.01` par défaut")
    p = torch.tensor([2.0, -3.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.AdamW([p], lr=0.1, weight_decay=0.5)
    p.grad = torch.zeros(2, dtype=torch.float64)  # aucun gradient : seule la décroissance agit
    opt.step()
    np.testing.assert_allclose(p.detach().numpy(), np.array([2.0, -3.0]) * (1 - 0.1 * 0.5),
                               rtol=1e-15)
    assert says("06", "il multiplie chaque poids par $1 - lr \\times$ `weight_decay`")


def test_06_the_family_each_with_its_own_step():
    """Les pas de la famille et ce que le texte en dit."""
    from course_utils import Adagrad
    from course_utils.analysis import heavy_ball_optimum

    shown = written("06", r"\$2/\(L \+ \\mu\) \\approx {N}\$ : prenons")
    assert rounds_to(F_LS.optimal_step, shown)
    assert says("06", "prenons $lr = 0,4$")
    distance = np.abs(W_STAR - np.array([-7.0, 7.0]))
    assert np.all((8 < distance) & (distance < 11))  # « la dizaine d'unités »
    family = {"SGD": SGD(lr=0.4), "momentum": SGD(lr=0.1, momentum=0.8),
              "Nesterov": SGD(lr=0.1, momentum=0.8, nesterov=True), "AdaGrad": Adagrad(lr=1.0),
              "RMSprop": RMSprop(lr=0.1), "Adam": Adam(lr=0.1)}
    F_star = F_LS.value(W_STAR)
    settled, gap = {}, {}
    for name, opt in family.items():
        Z = run(opt, F_LS, (-7.0, 7.0), 150)
        g = F_LS.value(Z) - F_star
        gap[name] = g[-1]
        bad = np.flatnonzero(g >= 1e-6)
        settled[name] = bad.max() + 1 if bad.size and bad.max() < 150 else (
            0 if not bad.size else None)
    assert says("06", "tous arrivent à moins de $10^{-3}$ de $F(\\mathbf{w}^*)$, sauf Adam")
    assert all(gap[n] < 1e-3 for n in family if n != "Adam") and gap["Adam"] > 0.1
    assert settled["SGD"] < settled["Nesterov"] < settled["momentum"]  # le plus rapide : SGD
    assert settled["AdaGrad"] is None and settled["RMSprop"] is None
    kappa = written("06", r"bien conditionnée \(\$\\kappa \\approx {N}\$\)")
    assert rounds_to(F_LS.condition_number, kappa)
    _, alpha_best, _ = heavy_ball_optimum(F_LS.L, F_LS.mu)
    assert rounds_to(alpha_best, written("06", r"boule pesante y est \$\\alpha \\approx {N}\$"))
    # le réseau tanh, depuis le plateau (3 ; 4)
    F_min = F_TANH.value(tanh_minimum())
    plateau = stated("06", r"restent sur le plateau \(\$F\(\\mathbf\{z\}_T\) > {N}\$\)")
    for name, opt in family.items():
        Z = run(opt, F_TANH, (3.0, 4.0), 150)
        if name in ("SGD", "momentum", "Nesterov"):
            assert F_TANH.value(Z[-1]) > plateau
        elif name in ("AdaGrad", "RMSprop"):
            assert F_TANH.value(Z[-1]) - F_min < 1e-6
        else:
            assert Z[-1][0] > 2 and abs(Z[-1][1] + 1.4) < 0.1  # la vallée de droite
    assert says("06", "AdaGrad et RMSprop, qui divisent par $\\sqrt{\\mathbf{s}}$, quittent le "
                      "plateau et trouvent le minimum")
