"""Les nombres derrière les figures du plan (w₁, w₂) : la région montrée, la grille des valeurs
de F (calculée d'un seul appel vectorisé, mise en cache) et le choix des niveaux.

Ces fonctions s'importent aussi depuis :mod:`course_utils.plotting`.
"""

import weakref
from collections import OrderedDict

import numpy as np

from ._checks import check_count, check_example, check_objective, check_region, check_some_finite

__all__ = ["region_of", "grid_values", "contour_levels"]

# Cache des grilles : objectif -> {(région, résolution, i): (W1, W2, valeurs)}. Les objectifs
# sont immuables (X et y en lecture seule) ; un objectif oublié libère ses grilles.
_GRID_CACHE = weakref.WeakKeyDictionary()
_GRIDS_PER_OBJECTIVE = 8


def region_of(objective, region=None):
    """La région à montrer : ``region`` vérifiée, ou celle de l'objectif.

    Paramètres
    ----------
    objective : un objectif de ``course_utils``.
    region : None, ou (w1_min, w1_max, w2_min, w2_max), quatre nombres finis croissants
        deux à deux.

    Renvoie
    -------
    tuple de quatre floats : ``region``, ou ``objective.default_region`` si ``region`` est None.
    """
    check_objective(objective)
    return check_region(objective.default_region if region is None else region)


def grid_values(objective, region=None, resolution=201, i=None):
    """La grille des valeurs de :math:`F` (ou de l'objectif partiel :math:`F_i`) sur la région,
    calculée d'un seul appel vectorisé.

    Le résultat est mis en cache par (objectif, région, résolution, i) : un deuxième appel
    renvoie les mêmes tableaux (en lecture seule) sans rien recalculer.

    Paramètres
    ----------
    objective : un objectif à deux paramètres (w₁, w₂).
    region : None (celle de l'objectif) ou (w1_min, w1_max, w2_min, w2_max).
    resolution : int ≥ 2, le nombre de points par côté.
    i : None (toute la somme F) ou l'indice d'un exemple, compté à partir de 0 (:math:`F_i`
        sans le facteur 1/n).

    Renvoie
    -------
    (W1, W2, valeurs) : trois tableaux de forme ``(resolution, resolution)``, comme
    ``np.meshgrid`` (``W1`` varie le long des colonnes, ``W2`` le long des lignes).
    """
    check_objective(objective, two_params=True)
    region = region_of(objective, region)
    resolution = check_count("resolution", resolution, low=2)
    # (une quadratique n'a pas d'exemples : objective.n n'est lu que si i est donné)
    i = None if i is None else check_example("i", i, objective.n)
    key = (region, resolution, i)
    try:
        grids = _GRID_CACHE.get(objective)
    except TypeError:  # objectif non hachable : pas de cache
        grids = None
    if grids is not None and key in grids:
        grids.move_to_end(key)
        return grids[key]
    w1 = np.linspace(region[0], region[1], resolution)
    w2 = np.linspace(region[2], region[3], resolution)
    W1, W2 = np.meshgrid(w1, w2)
    W = np.stack([W1, W2], axis=-1)
    values = objective.value(W) if i is None else objective.value_i(W, i)
    values = np.asarray(values, dtype=float)
    for arr in (W1, W2, values):
        arr.setflags(write=False)
    result = (W1, W2, values)
    try:
        grids = _GRID_CACHE.setdefault(objective, OrderedDict())
    except TypeError:
        return result
    grids[key] = result
    while len(grids) > _GRIDS_PER_OBJECTIVE:
        grids.popitem(last=False)
    return result


def contour_levels(values, n=20):
    """Des niveaux croissants qui montrent à la fois le fond des vallées et les murs.

    Choix : les niveaux sont les **quantiles** des valeurs finies pour des probabilités
    **géométriques**, de 0,5 % à 98 %. Chaque bande de couleur couvre ainsi une part de la
    région plus grande que la précédente (facteur constant) : les niveaux se resserrent au
    fond des vallées et sur les plateaux, et s'espacent sur les murs. Pour une cuvette
    quadratique (moindres carrés), l'aire sous un niveau est proportionnelle à
    :math:`F - F_{\\min}` : on retrouve des niveaux géométriques en :math:`F - F_{\\min}`.
    La règle ne dépend pas du signe de :math:`F` ; les valeurs non finies sont ignorées, et
    les niveaux confondus (plateaux exacts) ne comptent qu'une fois.

    Paramètres
    ----------
    values : tableau de nombres (par exemple la grille de :func:`grid_values`), dont au
        moins une valeur finie.
    n : int ≥ 2, le nombre de niveaux voulu.

    Renvoie
    -------
    ndarray 1-D strictement croissant, d'au plus ``n`` niveaux (moins si des niveaux se
    confondent).
    """
    n = check_count("n", n, low=2)
    finite = check_some_finite("values", values)
    low, high = float(finite.min()), float(finite.max())
    if not high > low:  # fonction constante : des niveaux autour de sa valeur
        half = max(abs(low), 1.0) * 0.5
        return np.linspace(low - half, low + half, n)
    levels = np.unique(np.quantile(finite, np.geomspace(5e-3, 0.98, n)))
    if levels.size < 2:  # presque tout est sur un plateau : des niveaux réguliers
        levels = np.linspace(low, high, n + 1)[1:]
    return levels
