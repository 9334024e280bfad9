"""Règles de pas d'apprentissage (*learning-rate schedules*) pour les mini-lots.

Une règle est une simple fonction du numéro de l'itération : ``schedule(t, total)`` renvoie le
**facteur** qui multiplie le pas de base η à l'itération ``t`` (``t = 1, 2, …, total``), de
sorte que le pas utilisé est :math:`\\eta_t = \\eta \\times` ``schedule(t, total)``. Elle accepte
un tableau de ``t`` (un seul appel pour tout un entraînement). ``total`` est le nombre
d'itérations prévues : les règles qui « finissent » (cosinus) en ont besoin, les autres l'ignorent.

C'est la convention de ``torch.optim.lr_scheduler.LambdaLR`` (un facteur du pas de base) ;
l'itération ``t`` du cours correspond à l'appel ``k = t − 1`` de PyTorch.
"""

import math

import numpy as np

from ._checks import _shown, check_choice, check_count, check_interval
from .french import number

__all__ = [
    "Schedule",
    "SCHEDULES",
    "constant",
    "inv_sqrt",
    "inv_t",
    "step_decay",
    "cosine",
    "warmup_cosine",
    "get_schedule",
]


class Schedule:
    """Une règle de pas : une fonction ``(t, total) → facteur``, avec un nom et une étiquette
    en français (pour les légendes et les menus).

    Paramètres
    ----------
    name : identifiant court (``"cosine"``)
    label : nom affiché (``"cosinus"``)
    factor : fonction vectorisée ``(t, total) → facteur`` (t : tableau d'entiers ≥ 1)
    """

    def __init__(self, name, label, factor):
        self.name = name
        self.label = label
        self._factor = factor

    def __call__(self, t, total):
        """Le facteur du pas à la (aux) itération(s) ``t`` (de 1 à ``total``).

        Renvoie un float pour un ``t`` entier, un tableau pour un tableau de ``t``.
        """
        total = _check_total(total)
        arr = np.asarray(t)
        if arr.dtype.kind not in "iu" or np.any(arr < 1):
            raise ValueError(
                "Le paramètre t doit être un numéro d'itération entier, à partir de 1 ; "
                f"valeur reçue : {_shown(t)}."
            )
        out = np.asarray(self._factor(arr.astype(float), float(total)), dtype=float)
        out = np.broadcast_to(out, arr.shape).copy()
        return float(out) if out.ndim == 0 else out

    def __repr__(self):
        return f"Schedule({self.name!r}, « {self.label} »)"


def _check_total(total):
    return check_count("total", total, low=1)  # (le nombre total d'itérations)


def constant():
    """Pas constant : facteur 1.

    Renvoie
    -------
    :class:`Schedule` : la règle, à appeler ``(t, total)`` ; elle donne le facteur du pas à
    l'itération t (le pas est alors η fois ce facteur).
    """
    return Schedule("constant", "constant", lambda t, total: np.ones_like(t))


def inv_sqrt():
    """:math:`\\eta/\\sqrt{t}` : la règle de la SGD du cours (chapitre 3).

    Renvoie
    -------
    :class:`Schedule` : la règle, à appeler ``(t, total)`` ; elle donne le facteur du pas à
    l'itération t (le pas est alors η fois ce facteur).
    """
    return Schedule("inv_sqrt", "η/√t", lambda t, total: 1.0 / np.sqrt(t))


def inv_t():
    """:math:`\\eta/t` : décroît plus vite que :math:`\\eta/\\sqrt{t}`.

    Renvoie
    -------
    :class:`Schedule` : la règle, à appeler ``(t, total)`` ; elle donne le facteur du pas à
    l'itération t (le pas est alors η fois ce facteur).
    """
    return Schedule("inv_t", "η/t", lambda t, total: 1.0 / t)


def step_decay(factor=0.5, parts=4):
    """Paliers : le pas est multiplié par ``factor`` à chaque ``1/parts`` de l'entraînement
    (par défaut, divisé par 2 à chaque quart).

    Paramètres
    ----------
    factor : le facteur de chaque palier, dans ]0, 1[
    parts : le nombre de paliers (entier ≥ 1)

    Renvoie
    -------
    :class:`Schedule` : la règle, à appeler ``(t, total)`` ; elle donne le facteur du pas à
    l'itération t (le pas est alors η fois ce facteur).
    """
    factor = check_interval("factor", factor, 0.0, 1.0, low_included=False)
    parts = check_count("parts", parts, low=1)

    def fn(t, total):
        return factor ** np.floor(parts * (t - 1) / total)

    return Schedule("step", f"{parts} paliers (× {number(factor)} à chaque palier)", fn)


def cosine():
    """Cosinus : le pas descend doucement de η à 0 au fil des ``total`` itérations,
    :math:`\\eta\\,\\frac{1 + \\cos(\\pi (t-1)/\\text{total})}{2}`.

    Renvoie
    -------
    :class:`Schedule` : la règle, à appeler ``(t, total)`` ; elle donne le facteur du pas à
    l'itération t (le pas est alors η fois ce facteur).
    """
    return Schedule("cosine", "cosinus",
                    lambda t, total: 0.5 * (1.0 + np.cos(math.pi * (t - 1) / total)))


def warmup_cosine(warmup=0.05):
    """Échauffement linéaire puis cosinus : le pas monte de η/w à η pendant les w premières
    itérations (``w`` = la part ``warmup`` du total, au moins 1), puis descend en cosinus.

    Paramètres
    ----------
    warmup : la part de l'entraînement consacrée à l'échauffement, dans ]0, 1[

    Renvoie
    -------
    :class:`Schedule` : la règle, à appeler ``(t, total)`` ; elle donne le facteur du pas à
    l'itération t (le pas est alors η fois ce facteur).
    """
    warmup = check_interval("warmup", warmup, 0.0, 1.0, low_included=False)

    def fn(t, total):
        w = max(1.0, math.floor(warmup * total))
        rest = max(total - w, 1.0)
        up = t / w
        down = 0.5 * (1.0 + np.cos(math.pi * (t - w) / rest))
        return np.where(t <= w, up, down)

    return Schedule("warmup_cosine", "échauffement puis cosinus", fn)


#: les règles du chapitre 7, avec leurs réglages par défaut (nom → règle)
SCHEDULES = {s.name: s for s in (constant(), inv_sqrt(), inv_t(), step_decay(), cosine(),
                                  warmup_cosine())}


def get_schedule(schedule):
    """Une règle à partir de ``None`` (pas constant), d'un nom de :data:`SCHEDULES` ou d'une
    :class:`Schedule` (renvoyée telle quelle).

    Paramètres
    ----------
    schedule : None, un nom de :data:`SCHEDULES` (« constant », « inv_sqrt »…) ou une
        :class:`Schedule`.

    Renvoie
    -------
    :class:`Schedule` : la règle correspondante.
    """
    if schedule is None:
        return SCHEDULES["constant"]
    if isinstance(schedule, Schedule):
        return schedule
    return SCHEDULES[check_choice("schedule", schedule, tuple(SCHEDULES))]
