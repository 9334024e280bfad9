"""Descente de gradient stochastique par mini-lots, au fil des époques (chapitre 7).

Une **époque** est un passage sur tous les exemples d'entraînement ; on les mélange (ou non) au
début de chaque époque, puis on les découpe en **mini-lots** de ``batch_size`` exemples (le
dernier peut être plus petit). Chaque mini-lot donne **une itération** (une mise à jour des
poids) avec le gradient moyen de ses exemples :

.. math:: z_t = z_{t-1} - \\eta_t\\,\\frac{1}{b}\\sum_{i\\in\\text{lot}_t}\\nabla F_i(z_{t-1}),

où :math:`\\eta_t = \\eta \\times` ``schedule(t, total)`` (voir :mod:`course_utils.schedules`).
Avec ``batch_size = n`` sans mélange, c'est exactement la descente de gradient ; avec
``batch_size = 1``, c'est la SGD, époque après époque.
"""

import math

import numpy as np

from ._checks import (
    _shown,
    as_float_array,
    check_batch_size,
    check_bool,
    check_count,
    check_objective,
    check_point,
    check_positive,
    check_seed,
)
from .divergence import divergence_step
from .objectives import LeastSquares
from .schedules import get_schedule

__all__ = ["batch_order", "minibatch_sgd", "lr_range_test", "suggested_eta", "batch_gradient_noise"]


def _orders(n, epochs, seed, shuffle):
    """Une permutation de 0..n-1 par époque : tableau (epochs, n)."""
    shuffle = check_bool("shuffle", shuffle)
    rng = np.random.default_rng(check_seed("seed", seed))
    if not shuffle:
        return np.tile(np.arange(n), (epochs, 1))
    return np.array([rng.permutation(n) for _ in range(epochs)], dtype=int).reshape(epochs, n)


def batch_order(n, epochs, batch_size, seed=None, shuffle=True):
    """L'ordre de passage des exemples, mini-lot par mini-lot.

    Paramètres
    ----------
    n : nombre d'exemples ; epochs : nombre d'époques ; batch_size : taille des mini-lots
    seed : graine du mélange (la même graine donne le même ordre)
    shuffle : mélanger au début de chaque époque (sinon, l'ordre 0, 1, …, n − 1)

    Renvoie
    -------
    liste des mini-lots, un tableau d'indices par itération (``epochs × ⌈n / batch_size⌉``
    itérations) ; c'est l'ordre que suit :func:`minibatch_sgd` pour la même graine.
    """
    n = check_count("n", n)
    epochs = check_count("epochs", epochs)
    batch_size = check_batch_size(batch_size, n)
    orders = _orders(n, epochs, seed, shuffle)
    return [order[k:k + batch_size] for order in orders for k in range(0, n, batch_size)]


def _descend(objective, z0, steps, orders, batch_size, limit=None):
    """z_t = z_{t-1} − steps[t-1] · (gradient moyen du lot t), époque par époque ; NaN dès
    que ça diverge. ``orders`` : une permutation par époque ; ``limit`` : nombre maximal
    d'itérations."""
    U = len(steps) if limit is None else limit
    Z = np.full((U + 1, z0.shape[0]), np.nan)
    Z[0] = z0
    if isinstance(objective, LeastSquares):
        return _descend_least_squares(objective, Z, steps, orders, batch_size)
    n = objective.n
    z, t = z0, 0
    with np.errstate(all="ignore"):
        for order in orders:
            Xp, yp = objective.X[order], objective.y[order]  # une copie par époque, puis des vues
            for k in range(0, n, batch_size):
                if t == U:
                    return Z
                z = z - steps[t] * objective._grad_rows(z, Xp[k:k + batch_size],
                                                        yp[k:k + batch_size])
                t += 1
                if not np.isfinite(z).all():
                    return Z
                Z[t] = z
    return Z


def _descend_least_squares(objective, Z, steps, orders, batch_size):
    """:func:`_descend` pour les moindres carrés, avec le moins d'appels à numpy possible par
    itération (c'est la boucle la plus longue du cours : 35 400 itérations pour 100 époques de
    lots de 1) : le gradient d'un lot, (2/b) Σ (z·x_i − y_i) x_i, en deux produits ; pour des
    lots de 1, z ← z − (2η_t (z·x_i − y_i)) x_i, avec des nombres Python pour les scalaires.
    Une coordonnée non finie le reste : on vérifie une fois par époque, et tout point à partir
    du premier non fini devient NaN (comme si l'on s'était arrêté là)."""
    U = Z.shape[0] - 1
    n = objective.n
    twice = (2.0 * np.asarray(steps[:U], dtype=float)).tolist()  # 2 η_t
    z, t = Z[0].copy(), 0
    with np.errstate(all="ignore"):
        for order in orders:
            if t == U:
                break
            first = t
            Xp, yp = objective.X[order], objective.y[order]  # une copie par époque
            if batch_size == 1:
                for x, target in zip(list(Xp[:U - t]), yp[:U - t].tolist(), strict=True):
                    z = z - (twice[t] * (x.dot(z) - target)) * x
                    t += 1
                    Z[t] = z
            else:
                for k in range(0, n, batch_size):
                    if t == U:
                        break
                    Xb = Xp[k:k + batch_size]
                    z = z - (twice[t] / Xb.shape[0]) * ((Xb @ z - yp[k:k + batch_size]) @ Xb)
                    t += 1
                    Z[t] = z
            k = divergence_step(Z[first + 1:t + 1])
            if k is not None:  # la descente diverge : NaN dès le premier point non fini
                Z[first + 1 + k:] = np.nan
                return Z
    return Z


def minibatch_sgd(objective, w0, eta, epochs, batch_size, seed=None, schedule=None,
                  shuffle=True):
    """SGD par mini-lots sur ``objective`` pendant ``epochs`` époques.

    Paramètres
    ----------
    objective : une fonction objectif de course_utils (par exemple ``LeastSquares(X, y)``)
    w0 : le départ, de forme (d,)
    eta : le pas d'apprentissage de base η > 0
    epochs : le nombre d'époques (passages sur les n exemples)
    batch_size : le nombre b d'exemples par mini-lot (de 1 à n)
    seed : graine du mélange des exemples
    schedule : règle de pas — None (constant), un nom de ``schedules.SCHEDULES``
        (``"inv_sqrt"``, ``"cosine"``…) ou une ``schedules.Schedule``
    shuffle : mélanger les exemples au début de chaque époque

    Renvoie
    -------
    tableau (T + 1, d) : le départ puis le point après chacune des
    ``T = epochs × ⌈n / b⌉`` itérations (NaN après une divergence, sans avertissement).
    """
    objective = check_objective(objective)
    eta = check_positive("eta", eta)
    z0 = check_point("w0", w0, objective.d, batch=False)
    rule = get_schedule(schedule)
    epochs = check_count("epochs", epochs)
    batch_size = check_batch_size(batch_size, objective.n)
    orders = _orders(objective.n, epochs, seed, shuffle)
    U = epochs * math.ceil(objective.n / batch_size)
    if U == 0:
        return z0[None, :].copy()
    steps = eta * rule(np.arange(1, U + 1), U)
    return _descend(objective, z0, steps, orders, batch_size)


def lr_range_test(objective, w0, eta_min=1e-4, eta_max=10.0, updates=300, batch_size=32,
                  seed=0, stop_factor=4.0):
    """Le test de l'intervalle de pas (*learning-rate range test*) : une seule course de
    ``updates`` itérations par mini-lots, dont le pas grandit géométriquement de ``eta_min``
    à ``eta_max``. On trace ensuite la perte en fonction du pas.

    Paramètres
    ----------
    objective, w0, batch_size, seed : comme :func:`minibatch_sgd`
    eta_min, eta_max : le premier et le dernier pas (0 < eta_min < eta_max)
    updates : le nombre d'itérations (au moins 2)
    stop_factor : on arrête dès que la perte dépasse ``stop_factor`` fois la plus basse vue
        jusque-là (la descente explose : la suite n'apprendrait rien)

    Renvoie
    -------
    etas : tableau (updates,) du pas de chaque itération
    losses : tableau (updates,) de F après chaque itération (NaN après l'arrêt)
    """
    objective = check_objective(objective)
    eta_min = check_positive("eta_min", eta_min)
    eta_max = check_positive("eta_max", eta_max)
    if eta_max <= eta_min:
        raise ValueError(
            "Le paramètre eta_max doit être plus grand que eta_min ; valeurs reçues : "
            f"eta_min={eta_min!r}, eta_max={eta_max!r}."
        )
    updates = check_count("updates", updates, low=2)
    z0 = check_point("w0", w0, objective.d, batch=False)
    batch_size = check_batch_size(batch_size, objective.n)
    per_epoch = math.ceil(objective.n / batch_size)
    epochs = math.ceil(updates / per_epoch)
    orders = _orders(objective.n, epochs, check_seed("seed", seed), True)
    etas = np.geomspace(eta_min, eta_max, updates)
    Z = _descend(objective, z0, etas, orders, batch_size)
    stop_factor = check_positive("stop_factor", stop_factor)
    with np.errstate(all="ignore"):
        losses = objective.value(Z[1:])
    losses = np.where(np.isfinite(losses), losses, np.nan)
    best = np.fmin.accumulate(np.where(np.isnan(losses), np.inf, losses))
    blown = np.flatnonzero(~(losses <= stop_factor * best))
    if blown.size:
        losses[blown[0] + 1:] = np.nan  # on garde le premier point de l'explosion
    return etas, losses


def suggested_eta(etas, losses):
    """Le pas que suggère un test de l'intervalle de pas : dix fois plus petit que celui où la
    perte était la plus basse (au-delà, elle remonte puis explose ; juste avant, les pas sont
    déjà à la limite de la stabilité).

    Paramètres
    ----------
    etas, losses : ce que renvoie :func:`lr_range_test`

    Renvoie
    -------
    float : ``etas[argmin(losses)] / 10``
    """
    etas = as_float_array("etas", etas)
    losses = as_float_array("losses", losses)
    if etas.shape != losses.shape or etas.ndim != 1 or not np.isfinite(losses).any():
        raise ValueError(
            "Les paramètres etas et losses doivent être deux tableaux 1-D de même longueur, "
            "avec au moins une perte finie (ce que renvoie lr_range_test) ; reçu des formes "
            f"{etas.shape} et {losses.shape}."
        )
    return float(etas[np.nanargmin(losses)] / 10)


def batch_gradient_noise(objective, w, batch_sizes):
    """Le bruit du gradient d'un mini-lot au point ``w`` : l'écart quadratique moyen entre le
    gradient moyen d'un lot de b exemples tirés sans remise et le vrai gradient,

    .. math:: \\sqrt{\\mathbb{E}\\,\\|g_b - \\nabla F(w)\\|^2}
        = \\sqrt{\\frac{\\sigma^2}{b}\\,\\frac{n - b}{n - 1}},\\qquad
        \\sigma^2 = \\frac{1}{n}\\sum_i \\|\\nabla F_i(w) - \\nabla F(w)\\|^2 .

    Le bruit décroît comme :math:`1/\\sqrt{b}` et s'annule pour b = n (le lot est tout le jeu).

    Paramètres
    ----------
    objective : une fonction objectif de course_utils ; w : un point, de forme (d,)
    batch_sizes : une ou plusieurs tailles de lot (entiers de 1 à n)

    Renvoie
    -------
    tableau de la forme de ``batch_sizes`` (un float pour une seule taille)
    """
    objective = check_objective(objective)
    w = check_point("w", w, objective.d, batch=False)
    b = np.asarray(batch_sizes)
    n = objective.n
    if b.dtype.kind not in "iu" or np.any(b < 1) or np.any(b > n):
        raise ValueError(
            f"Le paramètre batch_sizes doit contenir des entiers entre 1 et n = {n} ; valeur "
            f"reçue : {_shown(batch_sizes)}."
        )
    G = objective.grad_i(w[None, :], np.arange(n))  # (n, d) : un gradient par exemple
    sigma2 = np.mean(np.sum((G - G.mean(axis=0)) ** 2, axis=-1))
    factor = (n - b) / (n - 1) if n > 1 else np.zeros(b.shape)
    out = np.sqrt(sigma2 / b * factor)
    return float(out) if out.ndim == 0 else out
