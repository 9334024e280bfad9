"""Les figures dans le plan des paramètres (w₁, w₂) : courbes de niveau, surface, champ de
gradient, trajectoires.

Chaque fonction dessine sur un ``Axes`` matplotlib qu'on lui donne (jamais sur une figure
« courante ») et renvoie les objets dessinés. Les points non finis (une trajectoire qui a
divergé contient des lignes NaN) ne sont simplement pas dessinés. Ces fonctions s'importent
depuis :mod:`course_utils.plotting`.
"""

import numpy as np
from matplotlib.colors import BoundaryNorm
from matplotlib.lines import Line2D
from matplotlib.ticker import FormatStrFormatter

from ._checks import (
    check_axes,
    check_bool,
    check_choice,
    check_color,
    check_colors,
    check_count,
    check_example,
    check_grid,
    check_labelled,
    check_levels,
    check_objective,
    check_positive,
    check_real,
    check_text,
    check_trajectory,
)
from ._figures import CMAP, COLORS, HALO, as_batch, drawable, known_minima, known_saddle_points
from .divergence import last_finite
from .french import FrenchFormatter, french_axes
from .grids import contour_levels, grid_values, region_of

__all__ = [
    "plot_contour_grid",
    "plot_contour",
    "plot_surface",
    "gradient_field_scale",
    "plot_gradient_field",
    "plot_trajectory",
    "plot_trajectories",
]


def _setup_plane(ax, region):
    ax.set_xlim(region[0], region[1])
    ax.set_ylim(region[2], region[3])
    ax.set_aspect("equal")
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")


# -- courbes de niveau -------------------------------------------------------------------------
def plot_contour_grid(ax, W1, W2, values, levels=20, filled=True, colorbar=False,
                      label="F(\\mathbf{w})", title=None, **kwargs):
    """Les courbes de niveau d'une grille déjà calculée, dans le style du cours.

    Pour une fonction que :func:`plot_contour` ne connaît pas (un autre objectif, une
    variante calculée dans un carnet) : mêmes couleurs, mêmes niveaux, mêmes axes.

    Paramètres
    ----------
    ax : Axes matplotlib.
    W1, W2, values : trois tableaux 2-D de même forme, comme ceux de ``np.meshgrid`` ou de
        :func:`grid_values` ; les valeurs non finies sont laissées en blanc.
    levels : int (un nombre de niveaux, choisis par :func:`contour_levels`) ou liste de
        niveaux strictement croissants.
    filled : bool, zones colorées (« viridis » adouci) et fines lignes noires ; sinon des
        lignes colorées seules.
    colorbar : bool, ajoute une barre de couleurs (graduations à la française).
    label : str, la grandeur dessinée, en formule sans les ``$`` (étiquette de la barre de
        couleurs).
    title : None ou str, le titre de l'Axes (None : pas de titre).
    **kwargs : passés tels quels à ``ax.contourf`` (ou ``ax.contour`` si ``filled=False``),
        par-dessus les réglages du cours : ``alpha=0.5``, ``cmap="magma"``,
        ``colors="gray"``…

    Renvoie
    -------
    ContourSet : les zones colorées (ou les lignes si ``filled=False``).
    """
    check_axes(ax)
    W1, W2, values = check_grid(W1, W2, values)
    filled = check_bool("filled", filled)
    colorbar = check_bool("colorbar", colorbar)
    check_text("label", label, optional=False)
    title = check_text("title", title)
    lv = check_levels(levels)
    if not isinstance(lv, np.ndarray):
        lv = contour_levels(values, lv)
    V = np.ma.masked_invalid(values)
    style = {"levels": lv, "cmap": CMAP, "norm": BoundaryNorm(lv, ncolors=256, extend="both")}
    if "colors" in kwargs:  # des couleurs imposées remplacent la carte de couleurs
        del style["cmap"], style["norm"]
    if filled:
        style.update(alpha=0.8, extend="both", zorder=0)
        cs = ax.contourf(W1, W2, V, **{**style, **kwargs})
        ax.contour(W1, W2, V, levels=lv, colors="black", linewidths=0.4, alpha=0.3, zorder=1)
    else:
        style.update(linewidths=1.0, zorder=1)
        cs = ax.contour(W1, W2, V, **{**style, **kwargs})
    if colorbar:
        cb = ax.figure.colorbar(cs, ax=ax, label=f"${label}$",
                                format=FrenchFormatter(FormatStrFormatter("%.3g")))
        step = max(1, int(np.ceil(len(lv) / 7)))
        cb.set_ticks(lv[::step])
    _setup_plane(ax, (float(W1.min()), float(W1.max()), float(W2.min()), float(W2.max())))
    if title is not None:
        ax.set_title(title)
    french_axes(ax)
    return cs


def plot_contour(ax, objective, region=None, resolution=201, levels=20, filled=True,
                 show_minimizer=True, colorbar=False, title=None, i=None, show_saddle=True):
    """Les courbes de niveau de :math:`F` (ou de l'objectif partiel :math:`F_i`) sur la région.

    Une étoile marque :math:`\\mathbf{w}^*` si l'objectif a une méthode ``minimizer()``, une
    étoile par minimum s'il a une méthode ``minimizers()`` (plusieurs minima), et une croix
    blanche son point selle s'il a une méthode ``saddle_point()``.

    Paramètres
    ----------
    ax : Axes matplotlib.
    objective : un objectif à deux paramètres (w₁, w₂).
    region : None (celle de l'objectif) ou (w1_min, w1_max, w2_min, w2_max).
    resolution : int ≥ 2, points de la grille par côté.
    levels : int (un nombre de niveaux, choisis par :func:`contour_levels`) ou liste de
        niveaux.
    filled : bool, zones colorées et fines lignes, sinon des lignes seules.
    show_minimizer : bool, l'étoile du minimum, ou des minima (quand ils sont connus).
    colorbar : bool, une barre de couleurs.
    title : None (« Courbes de niveau de F — nom de l'objectif ») ou str (``""`` : aucun).
    i : None, ou l'indice d'un exemple à partir de 0 : ``i=0`` dessine :math:`F_1`.
    show_saddle : bool, la croix du point selle (quand il est connu).

    Renvoie
    -------
    ContourSet : les zones colorées (ou les lignes si ``filled=False``).
    """
    check_axes(ax)
    check_objective(objective, two_params=True)
    region = region_of(objective, region)
    show_minimizer = check_bool("show_minimizer", show_minimizer)
    show_saddle = check_bool("show_saddle", show_saddle)
    title = check_text("title", title)
    W1, W2, values = grid_values(objective, region, resolution, i=i)
    name = "F(\\mathbf{w})" if i is None else f"F_{{{int(i) + 1}}}(\\mathbf{{w}})"
    if title is None:
        title = f"Courbes de niveau de ${name}$ — {objective.name}"
    cs = plot_contour_grid(ax, W1, W2, values, levels=levels, filled=filled,
                           colorbar=colorbar, label=name, title=title)
    minima = known_minima(objective) if show_minimizer else []
    if len(minima):
        label = "$\\mathbf{w}^*$ (minimum)" if len(minima) == 1 else "minima"
        ax.plot(minima[:, 0], minima[:, 1], ls="none", marker="*", ms=16, mfc="#FFD700",
                mec="black", mew=1.0, zorder=4, label=label)
    saddles = known_saddle_points(objective) if show_saddle else []
    if len(saddles):
        ax.plot(saddles[:, 0], saddles[:, 1], ls="none", marker="X", ms=11, mfc="white",
                mec="black", mew=1.2, zorder=4, label="point selle")
    return cs


def plot_surface(ax, objective, region=None, resolution=81, azim=-60, elev=30, title=None):
    """La surface :math:`F(w_1, w_2)` en 3D.

    Paramètres
    ----------
    ax : Axes 3D (``fig.add_subplot(..., projection="3d")``).
    objective : un objectif à deux paramètres.
    region : None (celle de l'objectif) ou (w1_min, w1_max, w2_min, w2_max).
    resolution : int ≥ 2, points de la grille par côté.
    azim, elev : floats, l'orientation de la vue (en degrés).
    title : None (« Surface de F ») ou str.

    Renvoie
    -------
    Poly3DCollection : la surface dessinée.
    """
    check_axes(ax, three_d=True)
    azim, elev = check_real("azim", azim), check_real("elev", elev)
    title = check_text("title", title)
    W1, W2, values = grid_values(objective, region, resolution)
    surf = ax.plot_surface(W1, W2, drawable(values), cmap=CMAP, linewidth=0,
                           antialiased=True, alpha=0.9)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    ax.set_zlabel("$F(\\mathbf{w})$")
    ax.set_title("Surface de $F$" if title is None else title)
    ax.view_init(elev=elev, azim=azim)
    french_axes(ax)
    return surf


# -- champ de gradient -------------------------------------------------------------------------
#: les deux façons de régler la longueur des flèches (voir :func:`plot_gradient_field`)
LENGTHS = ("sqrt", "linear")


def _field_points(region, density):
    """Les centres des cases d'une grille density × density (aucune flèche sur les bords),
    et la taille d'une case (dx, dy)."""
    dx = (region[1] - region[0]) / density
    dy = (region[3] - region[2]) / density
    w1 = region[0] + dx * (np.arange(density) + 0.5)
    w2 = region[2] + dy * (np.arange(density) + 0.5)
    return np.stack(np.meshgrid(w1, w2), axis=-1), dx, dy


def _descent_field(objective, P, i):
    """Les points où −∇F (ou −∇F_i) est fini, et ces vecteurs : deux tableaux (m, 2)."""
    G = objective.grad(P) if i is None else objective.grad_i(P, i)
    D = -np.asarray(G, dtype=float)
    ok = np.all(np.isfinite(D), axis=-1)
    return P[ok], D[ok]


def _drawn_lengths(norm, lengths):
    """La longueur (avant l'échelle) d'une flèche de norme ‖∇F‖ : ‖∇F‖^(1/2) ou ‖∇F‖."""
    return np.sqrt(norm) if lengths == "sqrt" else norm


def _check_fields(i, n):
    """``i`` d'un champ (None ou un indice) ou d'une liste de champs : la liste des champs."""
    many = isinstance(i, (list, tuple))
    if many and not i:
        raise ValueError("Le paramètre i doit contenir au moins un champ (None pour F, ou un "
                         "indice d'exemple) ; valeur reçue : une liste vide.")
    return [check_example("i", k, n, optional=True) for k in (i if many else [i])]


def gradient_field_scale(objective, i=None, region=None, density=15, lengths="sqrt"):
    """L'échelle qui dessine un ou plusieurs champs de gradient ensemble, sans qu'aucune
    flèche ne dépasse la case de la grille.

    C'est l'échelle que :func:`plot_gradient_field` choisit seule pour un champ
    (``scale=None``) ; pour plusieurs champs, calculez-la une fois ici, puis passez-la à
    chaque appel (``scale=...``) : leurs flèches se comparent alors en longueur.

    Paramètres
    ----------
    objective : un objectif à deux paramètres.
    i : None (:math:`\\nabla F`), l'indice d'un exemple à partir de 0 (:math:`\\nabla F_i`),
        ou une liste de ces champs, par exemple ``[None, 0, 1, 2]``.
    region : None (celle de l'objectif) ou (w1_min, w1_max, w2_min, w2_max).
    density : int ≥ 2, flèches par côté, comme dans :func:`plot_gradient_field`.
    lengths : « sqrt » (longueurs proportionnelles à :math:`\\|\\nabla F\\|^{1/2}`) ou
        « linear » (proportionnelles à :math:`\\|\\nabla F\\|`), comme dans
        :func:`plot_gradient_field`.

    Renvoie
    -------
    float : l'échelle, au sens de matplotlib (``quiver(..., scale_units="xy")``) : une flèche
    de longueur dessinée :math:`\\ell` (:math:`\\|\\nabla F\\|^{1/2}` ou :math:`\\|\\nabla F\\|`)
    mesure :math:`\\ell / \\text{scale}` en unités de :math:`w_1` ; la plus longue flèche de
    tous les champs mesure 0,9 fois la case de la grille (1 si tous les gradients sont nuls).
    """
    check_objective(objective, two_params=True)
    fields = _check_fields(i, objective.n)
    region = region_of(objective, region)
    density = check_count("density", density, low=2)
    lengths = check_choice("lengths", lengths, LENGTHS)
    P, dx, dy = _field_points(region, density)
    longest = 0.0
    for k in fields:
        _, D = _descent_field(objective, P, k)
        if D.size:
            longest = max(longest, float(_drawn_lengths(np.linalg.norm(D, axis=-1),
                                                        lengths).max()))
    return longest / (0.9 * min(dx, dy)) if longest > 0 else 1.0


def plot_gradient_field(ax, objective, region=None, density=15, i=None, color=None, label=None,
                        scale=None, lengths="sqrt"):
    """Les flèches de :math:`-\\nabla F(\\mathbf{w})` (ou de :math:`-\\nabla F_i`) sur une
    grille ``density × density``.

    Longueur lisible (par défaut) : chaque flèche garde la direction de :math:`-\\nabla F`
    mais sa longueur est proportionnelle à :math:`\\|\\nabla F\\|^{1/2}` (et non à
    :math:`\\|\\nabla F\\|`), la plus longue valant presque l'écart entre deux points de la
    grille ; ainsi les murs (forte pente) et la vallée (faible pente) restent visibles.

    Plusieurs champs à la même échelle : avec ``lengths="linear"`` et une même ``scale``
    (celle de :func:`gradient_field_scale`), les flèches sont des vecteurs fidèles, à une
    même échelle : en un point, la flèche de :math:`-\\nabla F` est alors exactement la
    moyenne des flèches des :math:`-\\nabla F_i`.

    Paramètres
    ----------
    ax : Axes matplotlib.
    objective : un objectif à deux paramètres.
    region : None (celle de l'objectif) ou (w1_min, w1_max, w2_min, w2_max).
    density : int ≥ 2, flèches par côté (au centre des cases : aucune sur les bords).
    i : None (:math:`\\nabla F`) ou l'indice d'un exemple à partir de 0 (:math:`\\nabla F_i`).
    color : None (gris foncé, ou la couleur de l'exemple) ou une couleur matplotlib.
    label : None (la formule) ou str, l'étiquette de la légende.
    scale : None (la plus longue flèche de ce champ vaut 0,9 case) ou un nombre strictement
        positif : l'échelle de :func:`gradient_field_scale`, ou celle d'un champ déjà
        dessiné (attribut ``scale`` du ``Quiver`` renvoyé), avec le même ``lengths``.
    lengths : « sqrt » (longueur proportionnelle à :math:`\\|\\nabla F\\|^{1/2}`, lisible
        partout) ou « linear » (proportionnelle à :math:`\\|\\nabla F\\|` : les flèches
        s'additionnent et se moyennent comme les gradients).

    Renvoie
    -------
    Quiver : les flèches ; son attribut ``scale`` est l'échelle utilisée (à passer à un
    autre appel pour dessiner à la même échelle), son attribut ``legend_handle`` la flèche
    témoin qui porte l'étiquette dans la légende.
    """
    check_axes(ax)
    check_objective(objective, two_params=True)
    region = region_of(objective, region)
    density = check_count("density", density, low=2)
    i = check_example("i", i, objective.n, optional=True)
    check_color("color", color)
    check_text("label", label)
    lengths = check_choice("lengths", lengths, LENGTHS)
    if scale is None:
        scale = gradient_field_scale(objective, i, region, density, lengths)
    else:
        scale = check_positive("scale", scale)
    P, _, _ = _field_points(region, density)
    P, D = _descent_field(objective, P, i)
    norm = np.linalg.norm(D, axis=-1)
    factor = np.zeros_like(norm)
    positive = norm > 0
    factor[positive] = _drawn_lengths(norm[positive], lengths) / norm[positive]
    D = D * factor[:, None]  # même direction, longueur ‖g‖^(1/2) ou ‖g‖
    if color is None:
        color = "#1a1a1a" if i is None else COLORS[(i + 1) % len(COLORS)]
    if label is None:
        label = ("$-\\nabla F(\\mathbf{w})$" if i is None
                 else f"$-\\nabla F_{{{i + 1}}}(\\mathbf{{w}})$")
    q = ax.quiver(P[:, 0], P[:, 1], D[:, 0], D[:, 1], color=color, angles="xy",
                  scale_units="xy", scale=scale, width=0.0045, headwidth=4.0, headlength=4.5,
                  headaxislength=4.0, pivot="tail", minlength=0.5, edgecolor="white",
                  linewidth=0.4, zorder=2)
    # matplotlib ne sait pas mettre un Quiver dans une légende : une flèche témoin, sans
    # données, porte l'étiquette
    (handle,) = ax.plot([], [], ls="none", marker="$\\rightarrow$", ms=13, color=color,
                        label=label)
    q.legend_handle = handle
    _setup_plane(ax, region)
    french_axes(ax)
    return q


# -- trajectoires ------------------------------------------------------------------------------
def plot_trajectory(ax, Z, color=None, label=None, show_ends=True, markersize=4):
    """Une trajectoire : les points et les segments.

    Le départ :math:`\\mathbf{z}_0` est un rond vide, l'arrivée :math:`\\mathbf{z}_T` un carré
    plein ; si la trajectoire a divergé (lignes NaN), la ligne s'arrête et son dernier point
    fini est marqué d'une croix.

    Paramètres
    ----------
    ax : Axes matplotlib.
    Z : trajectoire de forme ``(T + 1, 2)``, ou un lot ``(T + 1, B, 2)`` (une ligne par
        départ, l'étiquette sur la première seulement).
    color : None (la couleur suivante de l'Axes) ou une couleur matplotlib.
    label : None ou str, l'étiquette de la légende.
    show_ends : bool, les marques du départ, de l'arrivée et de la divergence.
    markersize : float ≥ 0, la taille des points.

    Renvoie
    -------
    dict : ``"lines"`` (liste de ``Line2D``, une par départ), ``"start"``, ``"end"`` et
    ``"diverged"`` (des ``Line2D``, ou None si ``show_ends=False``).
    """
    check_axes(ax)
    Z = check_trajectory("Z", Z, d=2)
    check_color("color", color)
    check_text("label", label)
    show_ends = check_bool("show_ends", show_ends)
    markersize = check_positive("markersize", markersize, strict=False)
    batch = drawable(as_batch(Z))
    lines = []
    for b in range(batch.shape[1]):
        (line,) = ax.plot(batch[:, b, 0], batch[:, b, 1], "-o", color=color, ms=markersize,
                          lw=1.5, zorder=3, path_effects=HALO,
                          label=label if (b == 0 and label is not None) else "_nolegend_")
        color = line.get_color()  # la couleur tirée du cycle, pour tout le reste
        lines.append(line)
    artists = {"lines": lines, "start": None, "end": None, "diverged": None}
    if not show_ends:
        return artists
    finite = np.all(np.isfinite(batch), axis=-1)  # (T+1, B)
    starts = batch[0][finite[0]]
    ends, crashes = [], []
    for b in range(batch.shape[1]):
        last = last_finite(batch[:, b])
        if last is None:
            continue
        (ends if finite[-1, b] else crashes).append(batch[last, b])
    ends, crashes = np.reshape(ends, (-1, 2)), np.reshape(crashes, (-1, 2))
    big = 2.2 * markersize + 2
    (artists["start"],) = ax.plot(starts[:, 0], starts[:, 1], ls="none", marker="o", ms=big,
                                  mfc="white", mec=color, mew=1.8, zorder=5,
                                  label="_nolegend_")
    (artists["end"],) = ax.plot(ends[:, 0], ends[:, 1], ls="none", marker="s", ms=big - 1,
                                mfc=color, mec="black", mew=0.8, zorder=5, label="_nolegend_")
    (artists["diverged"],) = ax.plot(crashes[:, 0], crashes[:, 1], ls="none", marker="X",
                                     ms=big + 2, mfc=color, mec="black", mew=0.8, zorder=5,
                                     label="_nolegend_")
    return artists


def plot_trajectories(ax, trajectories, colors=None):
    """Plusieurs trajectoires, en couleurs distinctes, avec une légende (qui explique aussi
    les marques de départ, d'arrivée et de divergence).

    Paramètres
    ----------
    ax : Axes matplotlib.
    trajectories : dict non vide étiquette → trajectoire (forme ``(T + 1, 2)`` ou
        ``(T + 1, B, 2)``).
    colors : None (:data:`COLORS`) ou une liste de couleurs, reprises en boucle.

    Renvoie
    -------
    dict : étiquette → objets dessinés (voir :func:`plot_trajectory`).
    """
    check_axes(ax)
    check_labelled("trajectories", trajectories)
    colors = check_colors("colors", COLORS if colors is None else colors)
    drawn = {}
    for k, (label, Z) in enumerate(trajectories.items()):
        drawn[label] = plot_trajectory(ax, Z, color=colors[k % len(colors)], label=str(label))
    handles, labels = ax.get_legend_handles_labels()
    handles += [
        Line2D([], [], ls="none", marker="o", ms=10, mfc="white", mec="black", mew=1.5),
        Line2D([], [], ls="none", marker="s", ms=9, mfc="gray", mec="black", mew=0.8),
    ]
    labels += ["départ $\\mathbf{z}_0$", "arrivée $\\mathbf{z}_T$"]
    if any(a["diverged"] is not None and len(a["diverged"].get_xdata()) for a in drawn.values()):
        handles.append(Line2D([], [], ls="none", marker="X", ms=11, mfc="gray", mec="black",
                              mew=0.8))
        labels.append("dernier point avant la divergence")
    ax.legend(handles, labels, loc="best", fontsize="small", framealpha=0.9)
    return drawn
