"""Ce que partagent les modules de figures : la palette, la couleur de chaque méthode, et la
préparation des valeurs à dessiner (NaN pour ce qui n'est plus fini, bornes des flottants)."""

import numpy as np
from matplotlib import patheffects

from ._checks import check_choice
from .optimizers import METHODS

#: couleurs distinctes pour les trajectoires (palette d'Okabe et Ito, lisible par les
#: personnes daltoniennes ; le jaune, invisible sur les courbes de niveau, est omis ; le lie-de-vin
#: de Paul Tol le remplace, pour que les huit méthodes du registre aient chacune la sienne)
COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
          "#882255")

#: la carte de couleurs des courbes de niveau (vallées sombres, murs clairs)
CMAP = "viridis"

#: la couleur des alertes (divergence, F qui augmente, valeur refusée)
ALARM = "#b00020"

# Au-delà de cette taille, matplotlib ne sait plus calculer les bornes des axes (débordement
# des flottants) : en échelle linéaire, les valeurs démesurées sont ramenées à ±HUGE.
HUGE = 1e150

# contour blanc autour des trajectoires : lisibles sur les zones sombres comme claires
HALO = [patheffects.withStroke(linewidth=2.6, foreground="white", alpha=0.6)]


def method_color(name):
    """La couleur d'une méthode du registre : la même dans toutes les figures et tous les
    carnets, fixée par sa place dans :data:`course_utils.optimizers.METHODS`.

    Paramètres
    ----------
    name : str, un nom du registre (« gd », « sgd », « momentum »…).

    Renvoie
    -------
    str : une couleur de :data:`COLORS`.
    """
    names = tuple(METHODS)
    return COLORS[names.index(check_choice("name", name, names)) % len(COLORS)]


def drawable(values):
    """Les valeurs à dessiner en échelle linéaire : NaN si non finies, bornées à ±HUGE."""
    values = np.asarray(values, dtype=float)
    return np.clip(np.where(np.isfinite(values), values, np.nan), -HUGE, HUGE)


def as_batch(Z):
    """(T+1, d) -> (T+1, 1, d) ; un lot reste tel quel."""
    return Z[:, None, :] if Z.ndim == 2 else Z


def known_minima(objective):
    """Les minima que l'objectif connaît, pour les marquer d'une étoile.

    Paramètres
    ----------
    objective : un objectif de ``course_utils``.

    Renvoie
    -------
    tableau de forme ``(k, d)`` : les lignes de ``minimizers()`` (plusieurs minima, comme les
    deux minima miroirs de :class:`~course_utils.networks.OneNeuronNetwork`), sinon la seule
    ligne de ``minimizer()``, sinon aucune ligne (``k = 0``, par exemple pour le réseau tanh).
    """
    if hasattr(objective, "minimizers"):
        found = objective.minimizers()
    elif hasattr(objective, "minimizer"):
        found = objective.minimizer()
    else:
        return np.empty((0, objective.d))
    return np.atleast_2d(np.asarray(found, dtype=float))


def known_saddle_points(objective):
    """Les points selles que l'objectif connaît (sa méthode ``saddle_point()``).

    Paramètres
    ----------
    objective : un objectif de ``course_utils``.

    Renvoie
    -------
    tableau de forme ``(k, d)``, ``k = 0`` si l'objectif n'en connaît pas.
    """
    if not hasattr(objective, "saddle_point"):
        return np.empty((0, objective.d))
    return np.atleast_2d(np.asarray(objective.saddle_point(), dtype=float))
