"""Algorithmes de descente du cours, et jumeaux numpy des optimiseurs de ``torch.optim``.

Conventions communes :

- une trajectoire de ``T`` itérations contient ``T + 1`` points : :math:`z_0, z_1, \\dots, z_T`
  (forme ``(T + 1, d)``) ; avec un lot de départs ``w0`` de forme ``(B, d)``, elle est de forme
  ``(T + 1, B, d)`` (chaque départ tire ses propres exemples en version stochastique) ;
- la divergence est une leçon, pas un plantage : dès qu'un itéré n'est plus fini, lui et tous
  les suivants valent NaN, sans avertissement ;
- la même graine ``seed`` donne la même trajectoire.
"""

import numpy as np

from ._checks import (
    check_choice,
    check_count,
    check_interval,
    check_point,
    check_positive,
    check_real,
    check_seed,
    _shown,
)
from .objectives import Objective

__all__ = [
    "SCHEDULES",
    "sample_indices",
    "gradient_descent",
    "sgd",
    "sgd_momentum",
    "SGD",
    "RMSprop",
    "Adam",
    "run",
]

#: les règles de pas permises pour la version stochastique
SCHEDULES = ("inv_sqrt", "constant")


# -- outils communs -------------------------------------------------------------------------
def _check_objective(objective):
    if not isinstance(objective, Objective):
        raise TypeError(
            "Le paramètre objective doit être une fonction objectif de course_utils "
            "(par exemple LeastSquares(X, y) ou TanhNetwork(X, y)) ; valeur reçue : "
            f"{_shown(objective)} (de type {type(objective).__name__})."
        )
    return objective


def _step_sizes(eta, T, schedule):
    """Les pas η_t pour t = 1..T : η/√t (« inv_sqrt ») ou η (« constant »)."""
    check_choice("schedule", schedule, SCHEDULES)
    t = np.arange(1, T + 1, dtype=float)
    return eta / np.sqrt(t) if schedule == "inv_sqrt" else np.full(T, eta)


def sample_indices(n, T, seed=None, batch=None):
    """Les indices d'exemples tirés uniformément aux étapes t = 1..T.

    Forme ``(T,)``, ou ``(T, batch)`` pour un lot de départs (chacun ses propres tirages).
    C'est le tirage qu'utilisent :func:`sgd`, :func:`sgd_momentum` et :func:`run` : la même
    graine donne les mêmes indices.
    """
    rng = np.random.default_rng(check_seed("seed", seed))
    shape = (check_count("T", T),) if batch is None else (check_count("T", T), batch)
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
    batch = None if z0.ndim == 1 else z0.shape[0]
    return sample_indices(objective.n, T, seed, batch)


# -- les algorithmes du cours --------------------------------------------------------------
def gradient_descent(objective, w0, eta, T):
    """Descente de gradient à pas constant :

    .. math:: z_t = z_{t-1} - \\eta\\,\\nabla F(z_{t-1}),\\quad t = 1, \\dots, T.

    Renvoie toute la trajectoire :math:`z_0, \\dots, z_T`, de forme ``(T + 1, d)``
    (ou ``(T + 1, B, d)`` pour un lot de départs ``w0`` de forme ``(B, d)``).
    """
    objective = _check_objective(objective)
    eta = check_positive("eta", eta)
    T = check_count("T", T)
    z0 = _start(objective, w0)
    return _trajectory(objective, z0, T, lambda t, z, g: z - eta * g)


def sgd(objective, w0, eta, T, seed=None, schedule="inv_sqrt"):
    """Descente de gradient stochastique : à l'étape t, on tire i uniformément et

    .. math:: z_t = z_{t-1} - \\eta_t\\,\\nabla F_i(z_{t-1}),

    avec :math:`\\eta_t = \\eta/\\sqrt{t}` (``schedule="inv_sqrt"``, le cours) ou
    :math:`\\eta_t = \\eta` (``schedule="constant"``). :math:`F_i` n'a pas de facteur 1/n.
    """
    return sgd_momentum(objective, w0, eta, 0.0, T, seed=seed, schedule=schedule)


def sgd_momentum(objective, w0, eta, alpha, T, seed=None, schedule="inv_sqrt"):
    """Descente de gradient stochastique avec momentum (coefficient de momentum α ∈ [0, 1[) :

    .. math::

        v_t = \\alpha\\, v_{t-1} - \\eta_t\\,\\nabla F_i(z_{t-1}),\\qquad z_t = z_{t-1} + v_t,

    avec :math:`v_0 = 0` et :math:`\\eta_t` comme dans :func:`sgd` (α = 0 redonne :func:`sgd`,
    avec les mêmes tirages pour la même graine).
    """
    objective = _check_objective(objective)
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


# -- jumeaux numpy de torch.optim ----------------------------------------------------------
def _lerp(start, end, weight):
    """Interpolation comme torch.lerp (même formule, donc mêmes arrondis)."""
    if abs(weight) < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1 - weight)


class _TorchTwin:
    """Base des jumeaux : un état interne, ``reset()`` et ``step(w, grad)``."""

    def __init__(self):
        self.reset()

    def reset(self):
        """Oublie l'état (vitesses, moyennes mobiles, compteur d'étapes)."""
        self.state = {"step": 0}

    def step(self, w, grad):
        """Une mise à jour : renvoie le nouveau point (``w`` et ``grad`` ne sont pas modifiés)."""
        self.state["step"] += 1
        return self._update(np.asarray(w, dtype=float), np.asarray(grad, dtype=float))

    def _update(self, p, g):
        raise NotImplementedError

    def __repr__(self):
        args = ", ".join(f"{k}={getattr(self, k)!r}" for k in self._params)
        return f"{type(self).__name__}({args})"


class SGD(_TorchTwin):
    """Jumeau numpy de ``torch.optim.SGD`` (mêmes paramètres, mêmes valeurs par défaut) :

    .. math::

        g \\leftarrow g + \\lambda p,\\quad b \\leftarrow \\rho\\, b + (1 - \\tau)\\, g
        \\ (b = g \\text{ à la première étape}),\\quad p \\leftarrow p - lr\\cdot b

    (avec Nesterov : :math:`p \\leftarrow p - lr\\,(g + \\rho b)`), où ρ = ``momentum``,
    τ = ``dampening``, λ = ``weight_decay``.
    """

    _params = ("lr", "momentum", "dampening", "weight_decay", "nesterov")

    def __init__(self, lr=0.001, momentum=0, dampening=0, weight_decay=0, nesterov=False):
        self.lr = check_positive("lr", lr)
        self.momentum = check_interval("momentum", momentum, 0.0, 1.0, high_included=True)
        self.dampening = check_interval("dampening", dampening, 0.0, 1.0, high_included=True)
        self.weight_decay = check_interval("weight_decay", weight_decay, 0.0, np.inf)
        if not isinstance(nesterov, (bool, np.bool_)):
            raise TypeError(
                f"Le paramètre nesterov doit être True ou False ; valeur reçue : {_shown(nesterov)}."
            )
        if nesterov and (self.momentum <= 0 or self.dampening != 0):
            raise ValueError(
                "Le paramètre nesterov=True demande momentum > 0 et dampening = 0 ; valeurs "
                f"reçues : momentum={momentum!r}, dampening={dampening!r}."
            )
        self.nesterov = bool(nesterov)
        super().__init__()

    def _update(self, p, g):
        if self.weight_decay != 0:
            g = g + self.weight_decay * p
        if self.momentum != 0:
            buf = self.state.get("momentum_buffer")
            if buf is None:
                buf = g.copy()
            else:
                buf = buf * self.momentum + (1 - self.dampening) * g
            self.state["momentum_buffer"] = buf
            g = g + self.momentum * buf if self.nesterov else buf
        return p + (-self.lr) * g


class RMSprop(_TorchTwin):
    """Jumeau numpy de ``torch.optim.RMSprop`` :

    .. math::

        s \\leftarrow \\alpha s + (1-\\alpha) g^2,\\quad
        p \\leftarrow p - lr\\,\\frac{g}{\\sqrt{s} + \\varepsilon}

    (``centered`` retranche le carré de la moyenne mobile de g sous la racine ; ``momentum``
    accumule :math:`b \\leftarrow \\rho b + g/(\\sqrt{s}+\\varepsilon)` puis :math:`p \\leftarrow p - lr\\,b`).
    """

    _params = ("lr", "alpha", "eps", "weight_decay", "momentum", "centered")

    def __init__(self, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False):
        self.lr = check_positive("lr", lr)
        self.alpha = check_interval("alpha", alpha, 0.0, 1.0)
        self.eps = check_positive("eps", eps)
        self.weight_decay = check_interval("weight_decay", weight_decay, 0.0, np.inf)
        self.momentum = check_interval("momentum", momentum, 0.0, 1.0, high_included=True)
        if not isinstance(centered, (bool, np.bool_)):
            raise TypeError(
                f"Le paramètre centered doit être True ou False ; valeur reçue : {_shown(centered)}."
            )
        self.centered = bool(centered)
        super().__init__()

    def _update(self, p, g):
        st = self.state
        if self.weight_decay != 0:
            g = g + self.weight_decay * p
        sq = st.get("square_avg", np.zeros_like(p))
        sq = sq * self.alpha + (1 - self.alpha) * g * g
        st["square_avg"] = sq
        if self.centered:
            ga = _lerp(st.get("grad_avg", np.zeros_like(p)), g, 1 - self.alpha)
            st["grad_avg"] = ga
            avg = np.sqrt(sq + -1 * ga * ga)
        else:
            avg = np.sqrt(sq)
        avg = avg + self.eps
        if self.momentum > 0:
            buf = st.get("momentum_buffer", np.zeros_like(p))
            buf = buf * self.momentum + g / avg
            st["momentum_buffer"] = buf
            return p + (-self.lr) * buf
        return p + (-self.lr) * g / avg


class Adam(_TorchTwin):
    """Jumeau numpy de ``torch.optim.Adam`` (attention : ``betas=(0.9, 0.999)`` par défaut) :

    .. math::

        m \\leftarrow \\beta_1 m + (1-\\beta_1) g,\\quad
        s \\leftarrow \\beta_2 s + (1-\\beta_2) g^2,\\quad
        p \\leftarrow p - \\frac{lr}{1-\\beta_1^t}\\,
        \\frac{m}{\\sqrt{s}/\\sqrt{1-\\beta_2^t} + \\varepsilon}

    (``amsgrad`` remplace s par son maximum au fil des étapes).
    """

    _params = ("lr", "betas", "eps", "weight_decay", "amsgrad")

    def __init__(self, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False):
        self.lr = check_positive("lr", lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(
                "Le paramètre betas doit être un couple (beta1, beta2), par exemple (0.9, 0.999) ; "
                f"valeur reçue : {_shown(betas)}."
            )
        self.betas = (
            check_interval("betas[0]", betas[0], 0.0, 1.0),
            check_interval("betas[1]", betas[1], 0.0, 1.0),
        )
        self.eps = check_positive("eps", eps)
        self.weight_decay = check_interval("weight_decay", weight_decay, 0.0, np.inf)
        if not isinstance(amsgrad, (bool, np.bool_)):
            raise TypeError(
                f"Le paramètre amsgrad doit être True ou False ; valeur reçue : {_shown(amsgrad)}."
            )
        self.amsgrad = bool(amsgrad)
        super().__init__()

    def _update(self, p, g):
        st = self.state
        beta1, beta2 = self.betas
        step = float(st["step"])
        if self.weight_decay != 0:
            g = g + self.weight_decay * p
        m = _lerp(st.get("exp_avg", np.zeros_like(p)), g, 1 - beta1)
        s = st.get("exp_avg_sq", np.zeros_like(p)) * beta2 + (1 - beta2) * g * g
        st["exp_avg"], st["exp_avg_sq"] = m, s
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        step_size = self.lr / bias_correction1
        bias_correction2_sqrt = bias_correction2**0.5
        if self.amsgrad:
            s = np.maximum(st.get("max_exp_avg_sq", np.zeros_like(p)), s)
            st["max_exp_avg_sq"] = s
        denom = np.sqrt(s) / bias_correction2_sqrt + self.eps
        return p + (-step_size) * m / denom


def run(optimizer, objective, w0, T, stochastic=False, seed=None):
    """Fait tourner un jumeau (:class:`SGD`, :class:`RMSprop`, :class:`Adam`, :class:`Adagrad`)
    pendant T étapes.

    À chaque étape, le gradient est :math:`\\nabla F(z_{t-1})`, ou, si ``stochastic=True``,
    :math:`\\nabla F_i(z_{t-1})` pour un exemple i tiré uniformément (mêmes tirages que
    :func:`sgd` pour la même graine). L'état de l'optimiseur est remis à zéro au début.
    Renvoie la trajectoire de forme ``(T + 1, d)`` (ou ``(T + 1, B, d)``).
    """
    if not isinstance(optimizer, _TorchTwin):
        raise TypeError(
            "Le paramètre optimizer doit être SGD(...), RMSprop(...), Adam(...) ou Adagrad(...) de "
            f"course_utils.optimizers ; valeur reçue : {_shown(optimizer)}."
        )
    objective = _check_objective(objective)
    T = check_count("T", T)
    if not isinstance(stochastic, (bool, np.bool_)):
        raise TypeError(
            f"Le paramètre stochastic doit être True ou False ; valeur reçue : {_shown(stochastic)}."
        )
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
    w0 : tableau de forme ``(d,)``, ou ``(B, d)`` pour un lot de départs.
    eta : nombre réel > 0, le pas d'apprentissage η.
    alpha : nombre réel dans [0, 1[, le coefficient de momentum α.
    T : entier ≥ 0, le nombre d'itérations.

    Renvoie
    -------
    tableau de forme ``(T + 1, d)`` (ou ``(T + 1, B, d)``) : :math:`z_0, \\dots, z_T`. Dès
    qu'un itéré n'est plus fini (divergence), lui et les suivants valent NaN, sans
    avertissement.
    """
    objective = _check_objective(objective)
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


# -- AdaGrad : un pas par coordonnée -------------------------------------------------------------
class Adagrad(_TorchTwin):
    """Jumeau numpy de ``torch.optim.Adagrad`` (mêmes paramètres, mêmes valeurs par défaut) :

    .. math::

        g \\leftarrow g + \\lambda p,\\quad
        s \\leftarrow s + g^2,\\quad
        p \\leftarrow p - \\frac{lr}{1 + (t - 1)\\,\\delta}
        \\cdot\\frac{g}{\\sqrt{s} + \\varepsilon},

    où :math:`s` (la somme des carrés des gradients passés, coordonnée par coordonnée) part de
    ``initial_accumulator_value``, λ = ``weight_decay``, δ = ``lr_decay`` et t est le numéro
    de l'étape. Chaque coordonnée a donc son propre pas, d'autant plus petit que ses gradients
    passés ont été grands.

    Paramètres
    ----------
    lr : nombre réel > 0 (0.01 par défaut).
    lr_decay : nombre réel ≥ 0 (0 par défaut).
    weight_decay : nombre réel ≥ 0 (0 par défaut).
    initial_accumulator_value : nombre réel ≥ 0 (0 par défaut).
    eps : nombre réel > 0 (1e-10 par défaut).

    Renvoie
    -------
    un optimiseur pour :func:`run` (ou ``step(w, grad)`` pas à pas).
    """

    _params = ("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps")

    def __init__(self, lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0,
                 eps=1e-10):
        self.lr = check_positive("lr", lr)
        self.lr_decay = check_interval("lr_decay", lr_decay, 0.0, np.inf)
        self.weight_decay = check_interval("weight_decay", weight_decay, 0.0, np.inf)
        self.initial_accumulator_value = check_interval(
            "initial_accumulator_value", initial_accumulator_value, 0.0, np.inf)
        self.eps = check_positive("eps", eps)
        super().__init__()

    def _update(self, p, g):
        # l'ordre des opérations de torch (_single_tensor_adagrad), pour les mêmes arrondis
        st = self.state
        step = float(st["step"])
        if self.weight_decay != 0:
            g = g + self.weight_decay * p
        clr = self.lr / (1 + (step - 1) * self.lr_decay)
        s = st.get("sum")
        if s is None:
            s = np.full_like(p, self.initial_accumulator_value)
        s = s + g * g
        st["sum"] = s
        std = np.sqrt(s) + self.eps
        return p + (-clr) * (g / std)


__all__ += ["heavy_ball", "Adagrad"]
