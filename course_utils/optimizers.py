"""Algorithmes de descente du cours et registre des méthodes.

Conventions communes :

- une trajectoire de ``T`` itérations contient ``T + 1`` points : :math:`z_0, z_1, \\dots, z_T`
  (forme ``(T + 1, d)``) ; avec un lot de départs ``w0`` de forme ``(..., d)`` (``(B, d)``,
  une grille ``(M, N, d)``…), elle est de forme ``(T + 1, ..., d)`` (chaque départ tire ses
  propres exemples en version stochastique) ;
- la divergence est une leçon, pas un plantage : dès qu'un itéré n'est plus fini, lui et tous
  les suivants valent NaN, sans avertissement ; :func:`divergence_step` et :func:`went_up`
  (rangés dans :mod:`course_utils.divergence`, et importables d'ici) disent ce qui s'est
  passé, pour toutes les figures et tous les textes ;
- la même graine ``seed`` donne la même trajectoire.

Le registre :data:`METHODS` déclare chaque méthode une seule fois (nom, nom affiché, α,
graine, calcul) ; l'explorateur, le pont vers torch et les carnets le lisent. Ajouter une
méthode, c'est un appel à :func:`register_method` (et ses tests).

Les jumeaux numpy de ``torch.optim`` (:class:`SGD`, :class:`RMSprop`, :class:`Adam`) sont
dans :mod:`course_utils.twins` ; :func:`run` les fait tourner.
"""

import numpy as np

from ._checks import (
    check_bool,
    check_choice,
    check_count,
    check_instance,
    check_interval,
    check_objective,
    check_point,
    check_positive,
    check_seed,
)
from .analysis import gradient_descent_rate
from .divergence import Verdict, divergence_step, went_up
from .methods import KERNEL_ONLY, METHODS, SCHEDULES, Method, register_method
from .twins import SGD, Adagrad, Adam, RMSprop, _TorchTwin

__all__ = [
    "SCHEDULES",
    "sample_indices",
    "gradient_descent",
    "sgd",
    "sgd_momentum",
    "heavy_ball",
    "SGD",
    "RMSprop",
    "Adam",
    "Adagrad",
    "run",
    "divergence_step",
    "went_up",
    "Verdict",
    "Method",
    "METHODS",
    "KERNEL_ONLY",
    "register_method",
    "minibatch_sgd",
]



# -- outils communs -------------------------------------------------------------------------
def _step_sizes(eta, T, schedule):
    """Les pas η_t pour t = 1..T : η/√t (« inv_sqrt ») ou η (« constant »)."""
    check_choice("schedule", schedule, SCHEDULES)
    t = np.arange(1, T + 1, dtype=float)
    return eta / np.sqrt(t) if schedule == "inv_sqrt" else np.full(T, eta)


def sample_indices(n, T, seed=None, batch=None):
    """Les indices d'exemples tirés uniformément aux étapes t = 1..T.

    C'est le tirage qu'utilisent :func:`sgd`, :func:`sgd_momentum` et :func:`run` : la même
    graine donne les mêmes indices.

    Paramètres
    ----------
    n : int, le nombre d'exemples (les indices vont de 0 à n − 1).
    T : int, le nombre d'étapes.
    seed : None, int ou ``numpy.random.Generator``, la graine.
    batch : None, int ou tuple d'entiers : la forme du lot de départs (sans le dernier axe
        ``d``), chaque départ ayant ses propres tirages ; ``B`` ou ``(B,)`` pour ``B``
        départs, ``(M, N)`` pour une grille. Les tirages d'une grille ``(M, N)`` sont ceux
        de ses ``M·N`` départs mis bout à bout (``batch=M * N``), ligne après ligne.

    Renvoie
    -------
    ndarray d'entiers de forme ``(T,)``, ou ``(T, *batch)``.
    """
    rng = np.random.default_rng(check_seed("seed", seed))
    T = check_count("T", T)
    if batch is None:
        shape = (T,)
    elif isinstance(batch, tuple):
        shape = (T,) + tuple(check_count("batch", b, low=1) for b in batch)
    else:
        shape = (T, check_count("batch", batch, low=1))
    return rng.integers(0, n, size=shape)


def _trajectory(objective, z0, T, update, indices=None):
    """Boucle commune : z_t = update(t, z_{t-1}, g_t), avec g_t = ∇F(z_{t-1}) ou ∇F_i(z_{t-1}).

    Les itérés non finis deviennent NaN (et le restent) ; on s'arrête dès que tous le sont.
    """
    Z = np.full((T + 1,) + z0.shape, np.nan)
    Z[0] = z0
    z = z0
    with np.errstate(all="ignore"):
        for t in range(1, T + 1):
            g = objective.grad(z) if indices is None else objective.grad_i(z, indices[t - 1])
            z = update(t, z, g)
            bad = ~np.all(np.isfinite(z), axis=-1)
            if np.any(bad):
                z = np.where(bad[..., None], np.nan, z)
                if np.all(bad):
                    break
            Z[t] = z
    return Z


def _start(objective, w0):
    return check_point("w0", w0, objective.d)


def _stochastic_indices(objective, z0, T, seed):
    """Les indices tirés : ``(T,)`` pour un départ, ``(T, ...)`` pour un lot ``(..., d)``."""
    batch = None if z0.ndim == 1 else z0.shape[:-1]
    return sample_indices(objective.n, T, seed, batch)


# -- les algorithmes du cours --------------------------------------------------------------
def gradient_descent(objective, w0, eta, T):
    """Descente de gradient à pas constant :

    .. math:: z_t = z_{t-1} - \\eta\\,\\nabla F(z_{t-1}),\\quad t = 1, \\dots, T.

    Paramètres
    ----------
    objective : un objectif de ``course_utils`` (``LeastSquares``, ``TanhNetwork``…).
    w0 : le départ :math:`z_0`, de forme ``(d,)``, ou un lot de départs ``(..., d)`` : ``(B, d)``
        pour B départs, ``(M, N, d)`` pour une grille de départs…
    eta : float > 0, le pas d'apprentissage η.
    T : int ≥ 0, le nombre d'itérations.

    Renvoie
    -------
    ndarray de forme ``(T + 1, d)`` (ou ``(T + 1, ..., d)`` pour un lot) : toute la
    trajectoire :math:`z_0, \\dots, z_T` (de chaque départ).
    """
    objective = check_objective(objective)
    eta = check_positive("eta", eta)
    T = check_count("T", T)
    z0 = _start(objective, w0)
    return _trajectory(objective, z0, T, lambda t, z, g: z - eta * g)


def sgd(objective, w0, eta, T, seed=None, schedule="inv_sqrt"):
    """Descente de gradient stochastique : à l'étape t, on tire i uniformément et

    .. math:: z_t = z_{t-1} - \\eta_t\\,\\nabla F_i(z_{t-1}),

    avec :math:`\\eta_t = \\eta/\\sqrt{t}` (``schedule="inv_sqrt"``, le cours) ou
    :math:`\\eta_t = \\eta` (``schedule="constant"``). :math:`F_i` n'a pas de facteur 1/n.

    Paramètres
    ----------
    objective, w0, eta, T : comme :func:`gradient_descent`.
    seed : None ou int, la graine des tirages (:func:`sample_indices`) ; pour un lot, chaque
        départ tire ses propres exemples.
    schedule : « inv_sqrt » (η/√t) ou « constant » (η).

    Renvoie
    -------
    ndarray de forme ``(T + 1, d)`` (ou ``(T + 1, ..., d)`` pour un lot ``(..., d)``).
    """
    return sgd_momentum(objective, w0, eta, 0.0, T, seed=seed, schedule=schedule)


def sgd_momentum(objective, w0, eta, alpha, T, seed=None, schedule="inv_sqrt"):
    """Descente de gradient stochastique avec momentum (coefficient de momentum α ∈ [0, 1[) :

    .. math::

        v_t = \\alpha\\, v_{t-1} - \\eta_t\\,\\nabla F_i(z_{t-1}),\\qquad z_t = z_{t-1} + v_t,

    avec :math:`v_0 = 0` et :math:`\\eta_t` comme dans :func:`sgd` (α = 0 redonne :func:`sgd`,
    avec les mêmes tirages pour la même graine).

    Paramètres
    ----------
    objective, w0, eta, T, seed, schedule : comme :func:`sgd`.
    alpha : float dans [0, 1[, le coefficient de momentum α.

    Renvoie
    -------
    ndarray de forme ``(T + 1, d)`` (ou ``(T + 1, ..., d)`` pour un lot ``(..., d)``).
    """
    objective = check_objective(objective)
    eta = check_positive("eta", eta)
    alpha = check_interval("alpha", alpha, 0.0, 1.0)
    T = check_count("T", T)
    check_seed("seed", seed)
    steps = _step_sizes(eta, T, schedule)
    z0 = _start(objective, w0)
    indices = _stochastic_indices(objective, z0, T, seed)
    v = np.zeros_like(z0)

    def update(t, z, g):
        nonlocal v
        v = alpha * v - steps[t - 1] * g
        return z + v

    return _trajectory(objective, z0, T, update, indices)


def run(optimizer, objective, w0, T, stochastic=False, seed=None):
    """Fait tourner un jumeau (:class:`SGD`, :class:`RMSprop`, :class:`Adam`, :class:`Adagrad`)
    pendant T étapes.

    À chaque étape, le gradient est :math:`\\nabla F(z_{t-1})`, ou, si ``stochastic=True``,
    :math:`\\nabla F_i(z_{t-1})` pour un exemple i tiré uniformément (mêmes tirages que
    :func:`sgd` pour la même graine). L'état de l'optimiseur est remis à zéro au début.

    Paramètres
    ----------
    optimizer : un jumeau de :mod:`course_utils.twins`, par exemple ``Adam(lr=0.1)``.
    objective, w0, T : comme :func:`gradient_descent`.
    stochastic : bool, gradient d'un exemple tiré au hasard plutôt que de toute la somme.
    seed : None ou int, la graine des tirages (ignorée si ``stochastic=False``).

    Renvoie
    -------
    ndarray de forme ``(T + 1, d)`` (ou ``(T + 1, ..., d)`` pour un lot ``(..., d)``).
    """
    check_instance("optimizer", optimizer, _TorchTwin,
                   "SGD(...), RMSprop(...), Adam(...) ou Adagrad(...) de course_utils.twins")
    objective = check_objective(objective)
    T = check_count("T", T)
    stochastic = check_bool("stochastic", stochastic)
    check_seed("seed", seed)
    z0 = _start(objective, w0)
    indices = _stochastic_indices(objective, z0, T, seed) if stochastic else None
    optimizer.reset()
    return _trajectory(objective, z0, T, lambda t, z, g: optimizer.step(z, g), indices)


# -- la boule pesante (heavy ball) : le momentum déterministe ----------------------------------
def heavy_ball(objective, w0, eta, alpha, T):
    """La méthode de la boule pesante (*heavy ball*, Polyak) : le momentum avec le gradient
    complet et un pas constant.

    .. math::

        v_t = \\alpha\\, v_{t-1} - \\eta\\,\\nabla F(z_{t-1}),\\qquad z_t = z_{t-1} + v_t,
        \\qquad v_0 = 0 .

    α = 0 redonne :func:`gradient_descent`. C'est :func:`sgd_momentum` sans tirage
    d'exemples : le gradient est celui de toute la somme :math:`F`, le même à chaque
    passage ; la trajectoire ne dépend donc d'aucune graine.

    Paramètres
    ----------
    objective : une fonction objectif de course_utils (``LeastSquares``, ``TanhNetwork``,
        ``Quadratic``, ``OneNeuronNetwork``…).
    w0 : tableau de forme ``(d,)``, ou ``(..., d)`` pour un lot de départs (``(B, d)``,
        une grille ``(M, N, d)``…).
    eta : nombre réel > 0, le pas d'apprentissage η.
    alpha : nombre réel dans [0, 1[, le coefficient de momentum α.
    T : entier ≥ 0, le nombre d'itérations.

    Renvoie
    -------
    tableau de forme ``(T + 1, d)`` (ou ``(T + 1, ..., d)``) : :math:`z_0, \\dots, z_T`. Dès
    qu'un itéré n'est plus fini (divergence), lui et les suivants valent NaN, sans
    avertissement.
    """
    objective = check_objective(objective)
    eta = check_positive("eta", eta)
    alpha = check_interval("alpha", alpha, 0.0, 1.0)
    T = check_count("T", T)
    z0 = _start(objective, w0)
    v = np.zeros_like(z0)

    def update(t, z, g):
        nonlocal v
        v = alpha * v - eta * g
        return z + v

    return _trajectory(objective, z0, T, update)


# -- les méthodes du cours, dans le registre (course_utils.methods) ------------------------
def _run_gd(objective, w0, eta, T, alpha, seed):
    return gradient_descent(objective, w0, eta, T)


def _run_sgd(objective, w0, eta, T, alpha, seed):
    return sgd(objective, w0, eta, T, seed=seed)


def _run_momentum(objective, w0, eta, T, alpha, seed):
    return sgd_momentum(objective, w0, eta, alpha, T, seed=seed)


def _run_rmsprop(objective, w0, eta, T, alpha, seed):
    return run(RMSprop(lr=eta), objective, w0, T)


def _run_adam(objective, w0, eta, T, alpha, seed):
    return run(Adam(lr=eta), objective, w0, T)


def _run_heavy_ball(objective, w0, eta, T, alpha, seed):
    return heavy_ball(objective, w0, eta, alpha, T)


def _run_nesterov(objective, w0, eta, T, alpha, seed):
    # torch.optim.SGD refuse nesterov=True sans momentum : α = 0 est la descente de gradient
    optimizer = SGD(lr=eta, momentum=alpha, nesterov=True) if alpha > 0 else SGD(lr=eta)
    return run(optimizer, objective, w0, T)


def _run_adagrad(objective, w0, eta, T, alpha, seed):
    return run(Adagrad(lr=eta), objective, w0, T)


def _lr(eta, alpha):
    return {"lr": eta}


def _lr_momentum(eta, alpha):
    return {"lr": eta, "momentum": alpha}


def _lr_nesterov(eta, alpha):
    return {"lr": eta, "momentum": alpha, "nesterov": alpha > 0}


def _gd_rate(eta, alpha, eigenvalues):
    return float(gradient_descent_rate(eta, eigenvalues))


register_method(Method("gd", "descente de gradient", False, False, _run_gd, "SGD", _lr,
                       mirror="gd", rate=_gd_rate))
register_method(Method("sgd", "SGD (pas η/√t)", False, True, _run_sgd, "SGD", _lr,
                       schedule="inv_sqrt", mirror="sgd"))
# le momentum de torch.optim.SGD n'est celui du cours qu'à pas constant (chapitre 06)
register_method(Method("momentum", "SGD + momentum", True, True, _run_momentum, "SGD",
                       _lr_momentum, schedule="inv_sqrt", mirror="momentum"))
register_method(Method("rmsprop", "RMSprop", False, False, _run_rmsprop, "RMSprop", _lr,
                       mirror="rmsprop"))
register_method(Method("adam", "Adam", False, False, _run_adam, "Adam", _lr, mirror="adam"))
# le momentum de torch.optim.SGD à pas constant est exactement la boule pesante
register_method(Method("heavy_ball", "boule pesante (momentum, gradient complet)", True, False,
                       _run_heavy_ball, "SGD", _lr_momentum, mirror="heavy_ball"))
register_method(Method("nesterov", "Nesterov", True, False, _run_nesterov, "SGD", _lr_nesterov,
                       mirror="nesterov"))
register_method(Method("adagrad", "AdaGrad", False, False, _run_adagrad, "Adagrad", _lr,
                       mirror="adagrad"))


# la SGD par mini-lots et époques (chapitre 7), dans son propre module
from .minibatch import minibatch_sgd  # noqa: E402
