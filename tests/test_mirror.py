"""Le miroir JavaScript du cœur numérique (course_utils/static/mirror.js) égale numpy.

Le miroir tourne dans node (tests/js/run_mirror.mjs), sur une grille de **toutes les méthodes
du registre** (``optimizers.METHODS`` : chaque entrée nomme sa mise à jour dans le miroir, ou
dit explicitement que seul le noyau la calcule), de pas, de départs et de graines (T ≤ 200), et
l'on compare à la trajectoire du registre (numpy), la référence :

- moindres carrés et quadratique : mêmes flottants au bit près (trajectoires et valeurs de
  F), y compris pour des jeux de données plus grands (la somme par paires de numpy) et en
  dimension 3 ;
- réseau tanh et réseau à un neurone : Math.tanh n'est pas le tanh de numpy (écart d'un ulp
  sur ~30 % des valeurs). F aux points de numpy : écart relatif ≤ 1e-12. Trajectoires : écart
  ≤ 1e-12 rapporté à la taille de la trajectoire, tant qu'elle est finie. Exception mesurée,
  non cachée : là où numpy n'est pas stable à un ulp près (son propre tanh décalé d'un ulp
  déplace déjà la trajectoire de plus de 1e-12 : dynamique chaotique, tanh saturé), l'écart
  doit rester ≤ 1e-12 tant que numpy reste à 1e-13 de lui-même, puis de l'ordre de l'écart de
  numpy à lui-même ;
- divergence (η bien au-delà de 2/L) : la même première étape non finie.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from course_utils import (
    SGD,
    Adagrad,
    Adam,
    LeastSquares,
    OneNeuronNetwork,
    Quadratic,
    RMSprop,
    TanhNetwork,
    linear_example,
    one_neuron_example,
    run,
)
from course_utils.optimizers import KERNEL_ONLY, METHODS, sample_indices
from course_utils.web_figure import adam_tables, mirror_spec

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "tests" / "js" / "run_mirror.mjs"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(
    NODE is None and not os.environ.get("CI"),
    reason="Node.js absent (`make node` ou `apt-get install nodejs`) : le miroir JavaScript "
           "ne peut pas tourner hors navigateur",
)

T_MAX = 200


def mirrored_methods():
    """Les méthodes du registre que le miroir calcule (toutes celles du cours)."""
    return [name for name, m in METHODS.items() if m.mirrored]


# -- références numpy -------------------------------------------------------------------------
def reference(objective, method, w0, eta, T, alpha, seed, stochastic=False):
    """La trajectoire numpy (la référence) : celle du registre ; ``stochastic`` : une méthode
    à gradient complet nourrie du gradient d'un exemple tiré (run(..., stochastic=True))."""
    if not stochastic:
        return METHODS[method].trajectory(objective, w0, eta, T, alpha, seed)
    twin = {"rmsprop": lambda: RMSprop(lr=eta), "adam": lambda: Adam(lr=eta),
            "adagrad": lambda: Adagrad(lr=eta),
            "nesterov": lambda: SGD(lr=eta, momentum=alpha, nesterov=True)}[method]()
    return run(twin, objective, w0, T, stochastic=True, seed=seed)


# -- le miroir dans node ----------------------------------------------------------------------
def job(objective, method, w0, eta, T, alpha, seed, stochastic=False):
    """Une tâche pour le miroir, nourrie comme la figure de l'explorateur : description de
    l'objectif, mise à jour nommée par le registre, règle de pas, indices tirés pour la graine
    (méthodes stochastiques), corrections de biais d'Adam."""
    entry = METHODS[method]
    out = dict(objective=mirror_spec(objective), method=entry.mirror, w0=list(map(float, w0)),
               eta=eta, T=T, alpha=alpha, schedule=entry.schedule, indices=None)
    if entry.uses_seed or stochastic:
        out["indices"] = sample_indices(objective.n, T, seed).tolist()
    if entry.mirror == "adam":
        out["adam"] = adam_tables(T)
    return out


def run_mirror(jobs):
    """Toutes les tâches en un seul appel de node ; renvoie [(Z, F, F aux points donnés)]."""
    proc = subprocess.run([NODE or "node", str(RUNNER)], input=json.dumps({"jobs": jobs}),
                          capture_output=True, text=True, check=False, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = []
    for j, res in zip(jobs, json.loads(proc.stdout), strict=True):
        assert "error" not in res, (j["method"], res.get("error"))
        d = len(j["w0"])
        out.append((np.array([float(x) for x in res["Z"]]).reshape(-1, d),
                    np.array([float(x) for x in res["F"]]),
                    np.array([float(x) for x in res.get("Fpoints", [])])))
    return out


def first_bad(A):
    bad = ~np.isfinite(A) if A.ndim == 1 else ~np.isfinite(A).all(axis=1)
    return int(np.argmax(bad)) if bad.any() else -1


# -- la grille --------------------------------------------------------------------------------
def _random_problem(n, d, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.2, 3.0, size=d)
    y = X @ rng.normal(size=d) + 0.3 * rng.normal(size=n)
    return LeastSquares(X, y)


def least_squares_problems():
    return {"cours": LeastSquares(*linear_example()),
            "n=40": _random_problem(40, 2, 1),  # sommes par blocs de 8
            "n=300,d=3": _random_problem(300, 3, 2)}  # sommes par paires récursives


def grid(objective, etas, starts, T=T_MAX):
    """(méthode, départ, η, α, graine) : chaque méthode du registre que le miroir calcule
    (sans exemples, une quadratique n'a que les déterministes), chaque pas, chaque départ ;
    deux graines pour les méthodes stochastiques, trois α (dont 0) pour celles qui en ont un."""
    cases = []
    for method in mirrored_methods():
        entry = METHODS[method]
        if entry.uses_seed and isinstance(objective, Quadratic):
            continue
        for eta in etas:
            for w0 in starts:
                seeds = (0, 7) if entry.uses_seed else (0,)
                alphas = (0.0, 0.5, 0.9) if entry.uses_alpha else (0.5,)
                cases += [(method, w0, eta, a, s, T) for s in seeds for a in alphas]
    return cases


def _starts(d):
    base = [(-7.0, 7.0), (3.0, -4.0), (0.5, -0.25)]
    return [tuple(list(w) + [1.5] * (d - 2)) for w in base]


def quadratic_problems():
    return {"κ=10": Quadratic.from_condition_number(10.0, L=2.0, angle=0.6, w_star=(1.5, -2.0)),
            "κ=100": Quadratic.from_condition_number(100.0, angle=-0.3)}


def check_bit_for_bit(problems, full="cours"):
    """Trajectoires et F identiques au bit près, divergences comprises, pour chaque problème
    (le problème `full` avec toute la grille, les autres avec une grille plus courte)."""
    jobs, refs, names = [], [], []
    for name, F in problems.items():
        th = F.stability_threshold  # 2/L
        etas = [0.02 * th, 0.5 * th, 0.99 * th, 1.01 * th, 3.0 * th, 40.0 * th]
        if name != full:  # une grille plus courte (mêmes sommes)
            etas = [0.5 * th, 1.01 * th, 40.0 * th]
        cases = grid(F, etas, _starts(F.d)[: 3 if name == full else 1])
        if name == full:  # T courts, dont T = 0
            cases += [(m, (-7.0, 7.0), 0.1, 0.5, 3, T) for m in mirrored_methods()
                      for T in (0, 1, 5)
                      if not (METHODS[m].uses_seed and isinstance(F, Quadratic))]
        if name == full and not isinstance(F, Quadratic):
            # gradient stochastique pour des méthodes à gradient complet (run(..., stochastic=True))
            cases += [(m, (2.0, 3.0), 0.3, 0.9, 5, T_MAX, True)
                      for m in ("rmsprop", "adam", "nesterov", "adagrad")]
        for case in cases:
            method, w0, eta, alpha, seed, T, *rest = case
            stochastic = bool(rest and rest[0])
            jobs.append(job(F, method, w0, eta, T, alpha, seed, stochastic))
            refs.append((F, reference(F, method, w0, eta, T, alpha, seed, stochastic)))
            names.append(f"{name} {method} η={eta:.4g} w0={w0} α={alpha} graine={seed} T={T}"
                         + (" stochastique" if stochastic else ""))
    diverged, methods = 0, set()
    for (Zj, Fj, _), (F, Z), name, job_ in zip(run_mirror(jobs), refs, names, jobs, strict=True):
        assert Zj.shape == Z.shape, name
        same = ((Zj == Z) | np.isnan(Z) & np.isnan(Zj)).all(axis=1)
        assert same.all(), f"{name} : première ligne différente {int(np.argmax(~same))}"
        with np.errstate(over="ignore", invalid="ignore"):
            FZ = F.value(Z)
        if F.d == 2:  # les objectifs de l'explorateur : F au bit près aussi
            assert np.array_equal(Fj, FZ, equal_nan=True), name
        else:  # numpy calcule F par einsum (LeastSquares.predict) : à quelques ulp près
            np.testing.assert_allclose(Fj, FZ, rtol=1e-14, equal_nan=True, err_msg=name)
        assert first_bad(Zj) == first_bad(Z) and first_bad(Fj) == first_bad(FZ), name
        diverged += first_bad(Z) > 0
        methods.add(job_["method"])
    # la grille contient bien des divergences (η > 2/L) et des trajectoires finies
    assert 20 < diverged < len(jobs) - 50, diverged
    return methods


def test_least_squares_bit_for_bit():
    """Moindres carrés : chaque méthode du registre, au bit près."""
    assert check_bit_for_bit(least_squares_problems()) == {
        METHODS[m].mirror for m in mirrored_methods()}


def test_quadratic_bit_for_bit():
    """Quadratique (le curseur κ du chapitre 2) : chaque méthode déterministe, au bit près."""
    assert check_bit_for_bit(quadratic_problems(), full="κ=10") == {
        METHODS[m].mirror for m in mirrored_methods() if not METHODS[m].uses_seed}


def test_every_registered_method_has_a_mirror_or_an_explicit_fallback():
    """Une méthode ajoutée au registre dit ce que fait la figure du navigateur : le nom de sa
    mise à jour dans le miroir (qui doit y exister, et les tests ci-dessus la comparent à
    numpy), ou KERNEL_ONLY (seul le noyau la calcule)."""
    proc = subprocess.run([NODE or "node", str(RUNNER)], input=json.dumps({"methods": True}),
                          capture_output=True, text=True, check=True)
    known = set(json.loads(proc.stdout))
    for name, entry in METHODS.items():
        assert entry.mirror is not None, (
            f"la méthode {name!r} du registre ne dit pas si le miroir JavaScript la calcule : "
            f"Method(..., mirror=<nom dans static/mirror.js>) ou mirror=KERNEL_ONLY")
        assert entry.mirror == KERNEL_ONLY or entry.mirror in known, (name, entry.mirror, known)
    assert mirrored_methods() == list(METHODS)  # les huit méthodes du cours


class NudgedTanh(TanhNetwork):
    """Le réseau tanh de numpy, son tanh décalé d'un ulp : la sensibilité de numpy lui-même."""

    @staticmethod
    def _tanh(a):
        return np.nextafter(np.tanh(a), np.inf)

    def _model(self, w, x):
        a, b = self._pre(w, x)
        return -self._tanh(a) + self._tanh(b)

    def _model_grad(self, w, x):
        a, b = self._pre(w, x)
        ta, tb = self._tanh(a), self._tanh(b)
        d1 = -(1.0 - ta * ta) * x[..., 0]
        d2 = (1.0 - tb * tb) * x[..., 1]
        return np.stack(np.broadcast_arrays(d1, d2), axis=-1)


def _gap(A, B, scale):
    """Le plus grand écart ‖A_t − B_t‖ sur les étapes finies des deux, rapporté à `scale`."""
    ok = np.isfinite(A).all(axis=1) & np.isfinite(B).all(axis=1)
    return float(np.max(_norms(A[ok] - B[ok]), initial=0.0)) / scale


def _norms(A):
    """‖A_t‖ pour chaque ligne (d = 2), sans débordement pour des points démesurés."""
    return np.hypot(A[:, 0], A[:, 1])


class NudgedOneNeuron(OneNeuronNetwork):
    """Le réseau à un neurone de numpy, son tanh décalé d'un ulp."""

    def _model(self, w, x):
        return w[..., 1] * NudgedTanh._tanh(w[..., 0] * x[..., 0])

    def _model_grad(self, w, x):
        t = NudgedTanh._tanh(w[..., 0] * x[..., 0])
        d1 = w[..., 1] * (1.0 - t * t) * x[..., 0]
        return np.stack(np.broadcast_arrays(d1, t), axis=-1)


def check_tanh_objective(F, nudged, etas, starts):
    """F ≤ 1e-12 ; trajectoires ≤ 1e-12 (hors cas chaotiques, voir en tête) ; même première
    étape non finie ; renvoie les cas chaotiques, le nombre de cas et celui des cas qui
    divergent."""
    cases = grid(F, etas, starts)
    jobs, refs = [], []
    for method, w0, eta, alpha, seed, T in cases:
        Z = reference(F, method, w0, eta, T, alpha, seed)
        refs.append((Z, reference(nudged, method, w0, eta, T, alpha, seed)))
        j = job(F, method, w0, eta, T, alpha, seed)
        j["points"] = [x if np.isfinite(x) else str(x) for x in Z.ravel().tolist()]
        jobs.append(j)
    chaotic, diverged = [], 0
    with np.errstate(over="ignore", invalid="ignore"):  # (trajectoires démesurées)
        for case, (Z, Zn), (Zj, _, Fp) in zip(cases, refs, run_mirror(jobs), strict=True):
            _compare_tanh(F, case, Z, Zn, Zj, Fp, chaotic)
            diverged += first_bad(Z) >= 0
    return chaotic, len(cases), diverged


def _compare_tanh(F, case, Z, Zn, Zj, Fp, chaotic):
    """Un cas : F ≤ 1e-12, même première étape non finie, trajectoire ≤ 1e-12 (ou, cas
    chaotique ajouté à `chaotic`, de l'ordre de l'écart de numpy à lui-même)."""
    name = "{} w0={} η={} α={} graine={} T={}".format(*case)
    FZ = F.value(Z)
    ok = np.isfinite(FZ)
    assert np.all(np.abs(Fp[ok] - FZ[ok]) <= 1e-12 * np.abs(FZ[ok])), name
    assert first_bad(Zj) == first_bad(Z), name
    scale = max(float(np.nanmax(_norms(Z))), 1e-300)
    gap, own = _gap(Zj, Z, scale), _gap(Zn, Z, scale)
    if own <= 1e-12:
        assert gap <= 1e-12, f"{name} : écart {gap:.3g} (numpy décalé d'un ulp : {own:.3g})"
        return
    chaotic.append(name)
    # tant que numpy reste à 1e-13 de lui-même, ≤ 1e-12 ; ensuite, comme numpy
    split = _norms(Zn - Z) > 1e-13 * scale
    horizon = int(np.argmax(split))
    assert _gap(Zj[:horizon], Z[:horizon], scale) <= 1e-12, f"{name} : avant l'étape {horizon}"
    assert gap <= 10 * own, f"{name} : écart {gap:.3g} > 10 × {own:.3g} (numpy décalé)"


def test_tanh_network_within_1e_12():
    """Réseau tanh (chapitres 5 et 6) : chaque méthode du registre, à 1e-12 près."""
    chaotic, n, _ = check_tanh_objective(TanhNetwork(*linear_example()),
                                      NudgedTanh(*linear_example()), [0.01, 0.4, 3.0, 50.0],
                                      _starts(2))
    # les cas chaotiques restent l'exception (surtout RMSprop et Adam, dont le pas normalisé
    # amplifie l'écart d'un ulp de tanh saturé ; 25 sur 168 le 30 novembre)
    assert len(chaotic) <= n // 5, chaotic


def test_one_neuron_network_within_1e_12():
    """Réseau à un neurone (le point selle du chapitre 5) : chaque méthode, à 1e-12 près."""
    x, y = one_neuron_example()
    chaotic, n, _ = check_tanh_objective(OneNeuronNetwork(x, y), NudgedOneNeuron(x, y),
                                         [0.01, 0.2, 1.0, 3.0],
                                         [(-1.0, 2.0), (2.5, -2.0), (0.05, -0.02)])
    # plus de cas chaotiques que pour le réseau tanh : près du point selle, qui repousse, un
    # écart d'un ulp est multiplié à chaque pas par 1 + 3,2 η ; au-delà de 2/L ≈ 1,2, les
    # trajectoires rebondissent (40 sur 216, dont les 15 de Nesterov, le 1er décembre)
    assert len(chaotic) <= n // 4, chaotic


def test_one_neuron_network_divergent_runs():
    """Le réseau à un neurone avec un pas démesuré (le curseur η du chapitre 5 monte jusqu'à
    100) : la descente diverge ; le miroir s'arrête à la même étape que numpy, F à 1e-12 près
    tant qu'il est fini. (Le tanh saturé y amplifie l'écart d'un ulp : ces cas sont presque
    tous chaotiques, comparés comme tels, voir _compare_tanh.)"""
    x, y = one_neuron_example()
    chaotic, n, diverged = check_tanh_objective(
        OneNeuronNetwork(x, y), NudgedOneNeuron(x, y), [50.0, 300.0], [(-1.0, 2.0), (2.5, -2.0)])
    print(f"un neurone, grands pas : {n} cas, {diverged} divergent, {len(chaotic)} chaotiques")
    assert diverged >= n // 3, (diverged, n)


def test_adam_tables_are_those_of_the_twin():
    """Les corrections de biais qu'envoie le noyau sont celles du jumeau numpy d'Adam."""
    tables = adam_tables(T_MAX)
    for t in (1, 2, 50, 200):
        assert tables["bc1"][t - 1] == 1 - 0.9 ** float(t)
        assert tables["bc2Sqrt"][t - 1] == (1 - 0.999 ** float(t)) ** 0.5


def test_mirror_refuses_unknown_names_and_missing_indices():
    F = LeastSquares(*linear_example())
    q = Quadratic.from_condition_number(4.0)
    bad = [dict(job(F, "gd", (0, 0), 0.1, 3, 0.5, 0), method="newton"),
           dict(job(F, "gd", (0, 0), 0.1, 3, 0.5, 0), objective={"kind": "Shifted"}),
           dict(job(F, "sgd", (0, 0), 0.1, 3, 0.5, 0), indices=None),
           dict(job(q, "gd", (0, 0), 0.1, 3, 0.5, 0), indices=[0, 0, 0])]
    proc = subprocess.run([NODE or "node", str(RUNNER)], input=json.dumps({"jobs": bad}),
                          capture_output=True, text=True, check=True)
    errors = [r.get("error", "") for r in json.loads(proc.stdout)]
    assert "newton" in errors[0] and "Shifted" in errors[1] and "indices" in errors[2]
    assert "pas d'exemples" in errors[3]


def test_mirror_spec_only_for_the_exact_classes():
    class Subclass(LeastSquares):
        pass

    X, y = linear_example()
    assert mirror_spec(LeastSquares(X, y))["kind"] == "LeastSquares"
    assert mirror_spec(Subclass(X, y)) is None  # une sous-classe peut changer le modèle
    assert set(mirror_spec(Quadratic.from_condition_number(3.0))) == {"kind", "H", "w_star"}
    assert mirror_spec(OneNeuronNetwork(*one_neuron_example()))["x"] == list(
        one_neuron_example()[0])
