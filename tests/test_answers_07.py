"""Chapitre 7 : chaque nombre que le texte annonce, et chaque réponse repliée, recalculés.

Chaque test calcule la valeur avec la bibliothèque (ou en pilotant l'explorateur des
mini-lots, comme l'étudiant) puis vérifie que le texte du chapitre écrit bien ce nombre."""

import math
from pathlib import Path

import jupytext
import numpy as np
import pytest

from course_utils import LeastSquares
from course_utils.datasets import (
    DIABETES_COLUMNS,
    diabetes,
    standardize,
    train_validation_split,
    with_bias_column,
)
from course_utils.french import number
from course_utils.minibatch import (
    batch_gradient_noise,
    lr_range_test,
    minibatch_sgd,
    suggested_eta,
)
from course_utils.schedules import SCHEDULES
from course_utils.optimizers import divergence_step
from course_utils.widgets import MiniBatchExplorer

NB = Path(__file__).resolve().parent.parent / "notebooks" / "07_mini_lots.py"


@pytest.fixture(scope="module")
def text():
    nb = jupytext.read(NB)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown").replace("\n#", "")


@pytest.fixture(scope="module")
def problem():
    X, y = diabetes()
    X_tr, X_va, y_tr, y_va = train_validation_split(X, y, validation=0.2, seed=0)
    S, shift, scale = standardize(X_tr)
    F = LeastSquares(with_bias_column(S), y_tr)
    G = LeastSquares(with_bias_column((X_va - shift) / scale), y_va)
    raw = LeastSquares(with_bias_column(X_tr), y_tr)
    return F, G, raw


def says(text, *fragments):
    flat = " ".join(text.split())
    for f in fragments:
        assert " ".join(f.split()) in flat, f"le texte devrait dire « {f} »"


def test_data_and_split(problem, text):
    F, G, _ = problem
    assert (F.n, G.n, F.d) == (354, 88, 11)
    says(text, "442 patients", "20 % des patients", "$d = 11$", "$n = 354$",
         f"Les {G.n} patients de validation", f"avec {F.d} poids pour {F.n} patients",
         f"$T = 20 \\times {math.ceil(F.n / 16)} = {20 * math.ceil(F.n / 16)}$ pour 20 "
         "époques de lots de 16")


def test_conditioning_before_and_after(problem, text):
    F, _, raw = problem
    assert raw.condition_number / F.condition_number > 1e5  # « plus de cent mille »
    says(text, "divise le conditionnement par plus de cent mille",
         f"environ {number(F.condition_number, 3)}",
         f"de $5 \\cdot 10^7$ à {number(F.condition_number, 3)}")
    assert round(raw.condition_number / 1e7) == 5


def test_the_flat_direction_combines_the_cholesterol_columns(problem, text):
    """« le cholestérol total (s1) est, à peu près, la somme du « mauvais » (s2), du « bon »
    (s3) et d'une part des triglycérides (s5) » : la direction de la plus petite valeur propre
    de la hessienne tient presque entière sur ces quatre colonnes."""
    F, _, _ = problem
    eigenvalues, vectors = np.linalg.eigh(F.hessian())
    flat = vectors[:, 0]  # colonne 0 : le biais, puis age, sex, bmi, bp, s1, …, s6
    columns = {name: flat[k + 1] for k, name in enumerate(DIABETES_COLUMNS) if k < 10}
    share = sum(columns[c] ** 2 for c in ("s1", "s2", "s3", "s5"))
    assert share > 0.98
    # s1 d'un côté, ses trois « parts » de l'autre : s1 − (s2 + s3 + s5) presque constant
    assert columns["s1"] * columns["s2"] < 0 and columns["s1"] * columns["s3"] < 0
    assert columns["s1"] * columns["s5"] < 0
    assert eigenvalues[0] < eigenvalues[1] / 5  # une seule direction très plate
    says(text, "le cholestérol total (`s1`) est, à peu près, la somme du « mauvais » "
               "cholestérol (`s2`), du « bon » (`s3`) et d'une part des triglycérides (`s5`)")


def test_noise_halves_when_the_batch_is_four_times_larger(problem, text):
    F, _, _ = problem
    w_star = F.minimizer()
    noise = batch_gradient_noise(F, w_star, np.array([1, 4, 16, 64]))
    ratios = noise[:-1] / noise[1:]
    assert np.all((ratios > 1.9) & (ratios < 2.4))  # « par deux environ »
    assert np.linalg.norm(F.grad(w_star)) < 1e-9 and noise[0] > 100
    says(text, "quatre fois plus d'exemples par lot divisent le bruit par deux environ")


def test_small_batches_lead_per_epoch_early(problem, text):
    """« à coût égal, les petits lots sont loin devant pendant les premières époques » ; « la
    descente de gradient semble de loin la meilleure » quand on compte les itérations ; les
    nombres qui suivent la figure."""
    F, G, _ = problem
    z0 = np.zeros(F.d)
    settings = {1: 0.003, 16: 0.03, F.n: 0.2}
    assert max(settings.values()) < F.stability_threshold  # « tous sous le seuil 2/L »
    runs = {b: minibatch_sgd(F, z0, eta, 20, b, seed=0) for b, eta in settings.items()}
    after_one = {b: F.value(Z[math.ceil(F.n / b)]) for b, Z in runs.items()}
    assert after_one[1] < after_one[16] < after_one[F.n] / 2
    after_ten_iterations = {b: F.value(Z[10]) for b, Z in runs.items()}
    assert after_ten_iterations[F.n] < after_ten_iterations[16] < after_ten_iterations[1]
    w_star = F.minimizer()
    f_star, val_star = F.value(w_star), G.value(w_star)
    assert all(F.value(Z[-1]) < 1.06 * f_star for Z in runs.values())  # « près du minimum »
    assert val_star < f_star  # la validation n'est pas plus mauvaise : pas de « par cœur »
    says(text, f"la SGD est déjà à {number(after_one[1], fixed=0)}",
         f"en est à {number(after_one[F.n], fixed=0, group=True)}",
         f"$F(\\mathbf{{w}}^*) = {number(f_star, fixed=0)}$",
         f"du même ordre ({number(val_star, fixed=0)} en $\\mathbf{{w}}^*$)",
         "contre 16 pour un lot de 16 et un seul pour la SGD",
         "$2/L \\approx " + number(F.stability_threshold, 3, tex=True) + "$")


def test_schedules_compared_on_five_seeds(problem, text):
    """Les règles de pas, lots de 8, η = 0,05, 20 époques, graines 0 à 4 : le pas constant
    varie beaucoup d'une graine à l'autre, η/t s'arrête loin, les quatre autres finissent au
    même niveau."""
    F, G, _ = problem
    z0 = np.zeros(F.d)
    finals = {name: [G.value(minibatch_sgd(F, z0, 0.05, 20, 8, seed=s, schedule=name)[-1])
                     for s in range(5)] for name in SCHEDULES}
    assert 20 * math.ceil(F.n / 8) == 900
    constant, inv_t = finals.pop("constant"), finals.pop("inv_t")
    others = [v for values in finals.values() for v in values]
    assert max(constant) - min(constant) > 20 * (max(others) - min(others))
    assert np.mean(inv_t) > 2 * max(others)
    says(text, "($T = 900$ itérations)",
         f"va de {number(min(constant), fixed=0)} à {number(max(constant), fixed=0)}",
         f"vers {number(np.mean(inv_t), fixed=0)} en moyenne",
         f"Les quatre autres règles éteignent le bruit à la fin et finissent toutes entre "
         f"{number(min(others), fixed=0)} et {number(max(others), fixed=0)}")


def test_lr_range_test_explodes_at_the_stability_threshold(problem, text):
    F, _, _ = problem
    etas, losses = lr_range_test(F, np.zeros(F.d), 1e-4, 10.0, 300, 32)
    blown = etas[np.isfinite(losses)][-1]
    assert F.stability_threshold * 0.9 < blown < F.stability_threshold * 1.1
    eta_good = suggested_eta(etas, losses)
    says(text, f"La perte explose vers $\\eta \\approx {number(blown, 3, tex=True)}$, tout près "
               f"du seuil $2/L \\approx {number(F.stability_threshold, 3, tex=True)}$",
         f"$\\eta \\approx {number(eta_good, 2, tex=True)}$, est un point de départ prudent",
         "l'explorateur plus bas part de $\\eta = 0{,}01$")
    assert 0.5 < 0.01 / eta_good < 2  # l'explorateur part tout près du pas suggéré


# -- les réponses repliées ---------------------------------------------------------------------
def drive(F, G, **settings):
    e = MiniBatchExplorer(F, G, eta=0.01, epochs=20, batch_size=16)
    for key, value in settings.items():
        e.controls[key].value = value
    return e


def test_answer_1(problem, text):
    F, G, _ = problem
    spread, finals = {}, {}
    for b in (16, 4, 1):
        e = drive(F, G, batch_size=b)
        per_epoch = math.ceil(F.n / b)
        spread[b] = np.std(e.train_losses[-per_epoch:])
        finals[b] = e.train_losses[-1]
    says(text, f"environ {number(spread[16], fixed=0)} avec $b = 16$, "
               f"{number(spread[4], fixed=0)} avec $b = 4$ et {number(spread[1], fixed=0)} "
               "avec $b = 1$",
         f"elle finit à {number(finals[16], fixed=0)}, {number(finals[4], fixed=0)} et "
         f"{number(finals[1], fixed=0)}")
    e = drive(F, G, eta=0.1, batch_size=1)
    k = divergence_step(e.train_losses)
    assert k is not None and "diverge" in e.status
    assert 19 < k / F.n <= 20  # pendant la 20ᵉ époque
    says(text, f"à l'itération {k}, pendant la 20ᵉ époque")
    four = drive(F, G, eta=0.1, batch_size=4).train_losses[-1]
    sixty_four = drive(F, G, eta=0.1, batch_size=64).train_losses[-1]
    assert sixty_four < 3000 < four
    says(text, f"(perte finale {number(four, fixed=0)})",
         f"$b = 64$ converge ({number(sixty_four, fixed=0)})")


def test_answer_2(problem, text):
    F, G, _ = problem
    out = {}
    for rule in ("constant", "cosine"):
        e = drive(F, G, batch_size=1, schedule=rule)
        last = e.train_losses[-F.n:]
        out[rule] = (last.max() - last.min(), e.validation_losses[-1])
    val_star = G.value(F.minimizer())
    assert out["cosine"][1] < val_star  # « même un peu sous » celle du minimum
    says(text, f"varie encore de {number(out['constant'][0], fixed=0)} pendant la dernière",
         f"la validation finit à {number(out['constant'][1], fixed=0)}",
         f"ne varie plus que de {number(out['cosine'][0], fixed=1)}",
         f"la validation finit à {number(out['cosine'][1], fixed=1)}, même un peu sous la "
         f"perte de validation du minimum de l'entraînement ({number(val_star, fixed=0)} en "
         "$\\mathbf{w}^*$)")


def test_answer_3(problem, text):
    F, G, _ = problem
    e = drive(F, G, batch_size=F.n, epochs=60)
    grid = 10 ** (e.controls["eta"].min + 0.01 * np.arange(401))
    below = grid[grid < F.stability_threshold].max()
    above = grid[grid > F.stability_threshold].min()
    e.controls["eta"].value = float(below)
    ok = e.train_losses
    assert ok[-1] < ok[0] and not e.alarm
    e.controls["eta"].value = float(above)
    bad = e.train_losses
    assert bad[-1] > bad[0] and e.alarm
    says(text, f"Le cran {number(below, 4)} converge encore, lentement (perte finale "
               f"{number(ok[-1], fixed=0)})",
         f"le cran suivant, {number(above, 3)}", f"({number(bad[-1], fixed=0, group=True)} après",
         f"$2/L \\approx {number(F.stability_threshold, 4, tex=True)}$")


def test_answer_4(problem, text):
    F, G, _ = problem
    spans = {}
    for rule in ("constant", "warmup_cosine"):
        finals = [drive(F, G, schedule=rule, seed=s).train_losses[-1] for s in range(10)]
        spans[rule] = (min(finals), max(finals))
    (a, b), (c, d) = spans["constant"], spans["warmup_cosine"]
    assert (b - a) > 5 * (d - c)
    says(text, f"va de {number(a, fixed=0)} à {number(b, fixed=0)} selon la graine",
         f"ne va plus que de {number(c, fixed=0)} à {number(d, fixed=0)}")
