"""Les jumeaux numpy des optimiseurs de ``torch.optim`` : :class:`SGD`, :class:`RMSprop`,
:class:`Adam`.

Mêmes paramètres, mêmes valeurs par défaut et mêmes formules (dans le même ordre, donc les
mêmes arrondis) que PyTorch ; des tests le prouvent en float64 sur 200 étapes. On les fait
tourner avec :func:`course_utils.optimizers.run` ; ils s'importent aussi depuis
:mod:`course_utils.optimizers` et :mod:`course_utils`.
"""

import numpy as np

from ._checks import _shown, check_bool, check_interval, check_positive

__all__ = ["SGD", "RMSprop", "Adam", "Adagrad"]


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

    Paramètres
    ----------
    lr : float > 0 ; momentum, dampening : floats dans [0, 1] ; weight_decay : float ≥ 0 ;
    nesterov : bool (demande momentum > 0 et dampening = 0). Mêmes défauts que torch.
    """

    _params = ("lr", "momentum", "dampening", "weight_decay", "nesterov")

    def __init__(self, lr=0.001, momentum=0, dampening=0, weight_decay=0, nesterov=False):
        self.lr = check_positive("lr", lr)
        self.momentum = check_interval("momentum", momentum, 0.0, 1.0, high_included=True)
        self.dampening = check_interval("dampening", dampening, 0.0, 1.0, high_included=True)
        self.weight_decay = check_interval("weight_decay", weight_decay, 0.0, np.inf)
        nesterov = check_bool("nesterov", nesterov)
        if nesterov and (self.momentum <= 0 or self.dampening != 0):
            raise ValueError(
                "Le paramètre nesterov=True demande momentum > 0 et dampening = 0 ; valeurs "
                f"reçues : momentum={momentum!r}, dampening={dampening!r}."
            )
        self.nesterov = nesterov
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
    accumule :math:`b \\leftarrow \\rho b + g/(\\sqrt{s}+\\varepsilon)` puis
    :math:`p \\leftarrow p - lr\\,b`).

    Paramètres
    ----------
    lr : float > 0 ; alpha : float dans [0, 1[ ; eps : float > 0 ; weight_decay : float ≥ 0 ;
    momentum : float dans [0, 1] ; centered : bool. Mêmes défauts que torch.
    """

    _params = ("lr", "alpha", "eps", "weight_decay", "momentum", "centered")

    def __init__(self, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False):
        self.lr = check_positive("lr", lr)
        self.alpha = check_interval("alpha", alpha, 0.0, 1.0)
        self.eps = check_positive("eps", eps)
        self.weight_decay = check_interval("weight_decay", weight_decay, 0.0, np.inf)
        self.momentum = check_interval("momentum", momentum, 0.0, 1.0, high_included=True)
        self.centered = check_bool("centered", centered)
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

    Paramètres
    ----------
    lr : float > 0 ; betas : couple (β₁, β₂) dans [0, 1[ ; eps : float > 0 ;
    weight_decay : float ≥ 0 ; amsgrad : bool. Mêmes défauts que torch.
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
        self.amsgrad = check_bool("amsgrad", amsgrad)
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
