"""Vérifications des arguments, avec des messages d'erreur en français.

Toutes les vérifications de ``course_utils`` sont ici : une fonction par notion (un booléen,
un objectif, un indice d'exemple, un Axes, une couleur, un texte…), donc un seul message par
notion. Chaque message nomme le paramètre fautif et la valeur reçue, pour qu'un étudiant sache
immédiatement quoi corriger.

Trois modules, un par sorte de valeur : ``scalars`` (nombres, booléens, choix, textes),
``arrays`` (tableaux, points, trajectoires, données, objectifs, exemples, tenseurs) et
``figures`` (Axes, couleurs, région, niveaux). Le reste du paquet importe d'ici.

matplotlib, torch et les classes d'objectifs ne sont importés qu'à l'appel des fonctions qui en
ont besoin : ce paquet ne dépend de rien d'autre que numpy.
"""

from .arrays import (
    as_float_array,
    check_abscissa,
    check_dataset,
    check_example,
    check_examples,
    check_finite,
    check_grid,
    check_labelled,
    check_matrix,
    check_objective,
    check_point,
    check_points,
    check_some_finite,
    check_tensor,
    check_trajectory,
)
from .figures import (
    check_axes,
    check_axes_pair,
    check_color,
    check_colors,
    check_levels,
    check_region,
)
from .scalars import (
    _is_integer,
    _received,
    _shown,
    check_batch_size,
    check_bool,
    check_callable,
    check_choice,
    check_choices,
    check_count,
    check_identifier,
    check_instance,
    check_interval,
    check_positive,
    check_real,
    check_seed,
    check_text,
)

__all__ = [
    "_is_integer", "_received", "_shown",
    "as_float_array", "check_abscissa", "check_axes", "check_axes_pair",
    "check_batch_size", "check_bool",
    "check_callable", "check_choice", "check_choices", "check_color", "check_colors",
    "check_count", "check_dataset", "check_example", "check_examples", "check_finite",
    "check_grid", "check_identifier", "check_instance", "check_interval", "check_labelled",
    "check_levels", "check_matrix", "check_objective", "check_point", "check_points",
    "check_positive", "check_real", "check_region", "check_seed", "check_some_finite",
    "check_tensor", "check_text", "check_trajectory",
]
