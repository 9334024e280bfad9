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

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._checks import (
    _shown,
    check_bool,
    check_callable,
    check_choice,
    check_count,
    check_identifier,
    check_instance,
    check_interval,
    check_objective,
    check_point,
    check_positive,
    check_seed,
    check_text,
)
from .analysis import gradient_descent_rate
from .divergence import Verdict, divergence_step, went_up
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

#: les règles de pas permises pour la version stochastique
SCHEDULES = ("inv_sqrt", "constant")


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


# -- le registre des méthodes ----------------------------------------------------------------
@dataclass(frozen=True)
class Method:
    """Une méthode de descente, déclarée une seule fois ; vérifiée à la création.

    Attributs
    ---------
    name : str, le nom court (minuscules, chiffres, « _ ») : « gd », « momentum »…
    label : str, le nom affiché en français (légendes, ligne d'état) : « SGD (pas η/√t) ».
    uses_alpha : bool, la méthode lit le coefficient de momentum α (l'explorateur montre
        alors son curseur).
    uses_seed : bool, la méthode tire des exemples au hasard (curseur de la graine ; le pont
        torch prend alors le gradient d'un exemple tiré, avec les mêmes tirages).
    trajectory : la fonction ``trajectory(objective, w0, eta, T, alpha, seed)`` qui renvoie
        la trajectoire ``(T + 1, d)`` (α et la graine sont ignorés si la méthode ne s'en sert
        pas).
    torch_optimizer : None, ou le nom de la classe de ``torch.optim`` qui fait la même mise à
        jour (« SGD », « Adam »…), pour :func:`course_utils.torch_bridge.torch_method_trajectory`.
    torch_settings : None, ou la fonction ``(eta, alpha) -> dict`` des réglages de cette
        classe, par exemple ``lambda eta, alpha: {"lr": eta, "momentum": alpha}``.
    schedule : la règle de pas, « constant » (η à chaque étape) ou « inv_sqrt » (η/√t) ; le
        pont torch la reproduit (``LambdaLR``).
    mirror : ce que fait la figure de l'explorateur dans le navigateur : le nom de la même mise
        à jour dans le miroir JavaScript du cœur (``course_utils/static/mirror.js``, prouvé égal
        à ``trajectory`` par tests/test_mirror.py) : la figure suit alors les curseurs sans
        attendre le noyau ; ou :data:`KERNEL_ONLY` : seul le noyau la calcule, la figure dessine
        les points qu'il envoie. None : non déclaré (traité comme KERNEL_ONLY ; les tests
        refusent une méthode du registre qui n'a ni l'un ni l'autre).
    rate : None, ou la fonction ``(eta, alpha, eigenvalues) -> float`` du facteur
        asymptotique :math:`\rho` de la méthode sur une fonction quadratique de hessienne aux
        valeurs propres ``eigenvalues`` (la prédiction :math:`\rho^t` que trace
        :class:`~course_utils.family.FamilyExplorer`).
    """

    name: str
    label: str
    uses_alpha: bool
    uses_seed: bool
    trajectory: Callable
    torch_optimizer: str | None = None
    torch_settings: Callable | None = None
    schedule: str = "constant"
    mirror: str | None = None
    rate: Callable | None = None

    def __post_init__(self):
        check_identifier("name", self.name)
        check_text("label", self.label, optional=False, empty=False)
        check_bool("uses_alpha", self.uses_alpha)
        check_bool("uses_seed", self.uses_seed)
        check_callable("trajectory", self.trajectory, "(objective, w0, eta, T, alpha, seed)")
        check_text("torch_optimizer", self.torch_optimizer, empty=False)
        if (self.torch_optimizer is None) != (self.torch_settings is None):
            raise ValueError(
                "Les paramètres torch_optimizer et torch_settings vont ensemble : tous deux "
                f"None, ou tous deux donnés ; valeurs reçues : {_shown(self.torch_optimizer)} "
                f"et {_shown(self.torch_settings)}."
            )
        if self.torch_settings is not None:
            check_callable("torch_settings", self.torch_settings, "(eta, alpha) -> dict")
        check_choice("schedule", self.schedule, SCHEDULES)
        if self.mirror is not None:
            check_identifier("mirror", self.mirror)
        if self.rate is not None:
            check_callable("rate", self.rate, "(eta, alpha, eigenvalues) -> float")

    @property
    def mirrored(self):
        """Le miroir JavaScript calcule-t-il cette méthode dans le navigateur ?"""
        return self.mirror not in (None, KERNEL_ONLY)


#: ``Method(..., mirror=KERNEL_ONLY)`` : une méthode que seul le noyau calcule
KERNEL_ONLY = "kernel"

#: les méthodes du cours, par nom ; l'ordre fixe la couleur de chacune dans les figures
METHODS: dict[str, Method] = {}


def register_method(method):
    """Ajoute une méthode au registre :data:`METHODS` (ou remplace celle du même nom, qui
    garde sa place et donc sa couleur).

    Paramètres
    ----------
    method : :class:`Method`.

    Renvoie
    -------
    la même :class:`Method`.
    """
    check_instance("method", method, Method, "une Method(name=..., label=..., uses_alpha=..., "
                   "uses_seed=..., trajectory=...) de course_utils.optimizers")
    METHODS[method.name] = method
    return method


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
