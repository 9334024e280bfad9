"""Les figures du cours : courbes de niveau, champs de gradient, trajectoires, courbes
d'apprentissage et sorties du modèle ; toutes s'importent d'ici.

Chaque fonction dessine sur un ``Axes`` matplotlib qu'on lui donne (jamais sur une figure
« courante ») et renvoie les objets dessinés, pour qu'on puisse les modifier ensuite. Les
points non finis (une trajectoire qui a divergé contient des lignes NaN) ne sont simplement
pas dessinés : ni erreur, ni avertissement. Les nombres des figures (graduations, barres de
couleurs) s'écrivent avec la virgule décimale (:mod:`course_utils.french`).

Rangement :

- :mod:`course_utils.grids` : la région, la grille des valeurs, les niveaux ;
- :mod:`course_utils.plane` : les figures dans le plan (w₁, w₂) ;
- :mod:`course_utils.curves` : les figures au fil des itérations ;
- ici : la figure d'une descente (:func:`plot_run`), qui réunit les deux.
"""

from matplotlib.figure import Figure

from ._checks import check_axes_pair, check_colors, check_labelled, check_text
from ._figures import ALARM, CMAP, COLORS, method_color
from .curves import (
    legend_f_star_last,
    plot_learning_curve,
    plot_lr_range,
    plot_model_outputs,
    plot_schedules,
)
from .grids import contour_levels, grid_values, region_of
from .plane import (
    gradient_field_scale,
    plot_contour,
    plot_contour_grid,
    plot_gradient_field,
    plot_surface,
    plot_trajectories,
    plot_trajectory,
)

__all__ = [
    "ALARM",
    "COLORS",
    "CMAP",
    "method_color",
    "region_of",
    "grid_values",
    "contour_levels",
    "plot_contour_grid",
    "plot_contour",
    "plot_surface",
    "gradient_field_scale",
    "plot_gradient_field",
    "plot_trajectory",
    "plot_trajectories",
    "plot_learning_curve",
    "plot_model_outputs",
    "plot_schedules",
    "plot_lr_range",
    "plot_run",
]


def plot_run(objective, runs, *, title=None, colors=None, log=None, region=None,
             legend_loc="lower left", curve_legend_loc="upper right",
             curve_title="Courbe d'apprentissage", axes=None, figsize=(10, 4.2),
             markers=False):
    """Une ou plusieurs descentes : à gauche, les trajectoires sur les courbes de niveau ; à
    droite, les courbes d'apprentissage, dans les mêmes couleurs.

    Paramètres
    ----------
    objective : un objectif à deux paramètres (w₁, w₂).
    runs : dict non vide étiquette → trajectoire (forme ``(T + 1, 2)``, ou un lot
        ``(T + 1, B, 2)``), par exemple ``{"$\\eta = 0{,}4$": Z}``.
    title : None (le titre de :func:`plot_contour`) ou str, le titre de gauche.
    colors : None (:data:`COLORS`) ou une liste de couleurs, une par descente (reprises en
        boucle).
    log : None (choix automatique), True ou False : l'échelle des courbes d'apprentissage.
    region : None (celle de l'objectif) ou (w1_min, w1_max, w2_min, w2_max).
    legend_loc, curve_legend_loc : str, la place des légendes à gauche et à droite
        (``loc`` de matplotlib : « best », « upper right »…) ; None : celle que choisissent
        :func:`plot_trajectories` (avec ``markers``) et :func:`plot_learning_curve` (petite,
        à la meilleure place).
    curve_title : str, le titre de droite.
    axes : None (une nouvelle figure) ou deux Axes ``(ax, axc)`` où dessiner.
    figsize : (largeur, hauteur) en pouces de la nouvelle figure (si ``axes`` est None).
    markers : bool, la légende de gauche explique aussi les marques de départ et d'arrivée
        (celle de :func:`plot_trajectories`).

    Renvoie
    -------
    (fig, (ax, axc)) : la ``Figure`` et ses deux Axes (trajectoires, courbes). Dans un
    carnet, écrire ``fig`` en fin de cellule l'affiche.
    """
    check_labelled("runs", runs)
    colors = check_colors("colors", COLORS if colors is None else colors)
    check_text("curve_title", curve_title, optional=False)
    if axes is None:
        fig = Figure(figsize=figsize, layout="constrained")
        ax, axc = fig.subplots(1, 2)
    else:
        ax, axc = check_axes_pair("axes", axes)
        fig = ax.figure
    plot_contour(ax, objective, region=region, title=title)
    if markers:
        plot_trajectories(ax, runs, colors=colors)
        if legend_loc is not None:
            ax.get_legend().set_loc(legend_loc)
    for k, (label, Z) in enumerate(runs.items()):
        color = colors[k % len(colors)]
        if not markers:
            plot_trajectory(ax, Z, color=color, label=str(label))
        plot_learning_curve(axc, objective, Z, color=color, label=str(label), log=log)
    if not markers:
        ax.legend(loc=legend_loc)
    if curve_legend_loc is not None:
        legend_f_star_last(axc, loc=curve_legend_loc)
    axc.set_title(curve_title)
    return fig, (ax, axc)
