"""Les figures du cours : courbes de niveau, champs de gradient, trajectoires, courbes
d'apprentissage et sorties du modèle.

Chaque fonction dessine sur un ``Axes`` matplotlib qu'on lui donne (jamais sur une figure
« courante ») et renvoie les objets dessinés, pour qu'on puisse les modifier ensuite.
Les points non finis (une trajectoire qui a divergé contient des lignes NaN) ne sont
simplement pas dessinés : ni erreur, ni avertissement.
"""

import numbers
import weakref
from collections import OrderedDict

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, is_color_like
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, MaxNLocator, NullLocator

from ._checks import _shown, as_float_array, check_count, check_real
from .objectives import LeastSquares, Objective

__all__ = [
    "COLORS",
    "CMAP",
    "region_of",
    "grid_values",
    "contour_levels",
    "plot_contour",
    "plot_surface",
    "plot_gradient_field",
    "plot_trajectory",
    "plot_trajectories",
    "plot_learning_curve",
    "plot_model_outputs",
]

#: couleurs distinctes pour les trajectoires (palette d'Okabe et Ito, lisible par les
#: personnes daltoniennes ; le jaune, invisible sur les courbes de niveau, est omis)
COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")

#: la carte de couleurs des courbes de niveau (vallées sombres, murs clairs)
CMAP = "viridis"

# Cache des grilles : objectif -> {(région, résolution): (W1, W2, valeurs)}. Les objectifs
# sont immuables (X et y en lecture seule) ; un objectif oublié libère ses grilles.
_GRID_CACHE = weakref.WeakKeyDictionary()
_GRIDS_PER_OBJECTIVE = 8

# Au-delà de cette taille, matplotlib ne sait plus calculer les bornes des axes (débordement
# des flottants) : en échelle linéaire, les valeurs démesurées sont ramenées à ±_HUGE.
_HUGE = 1e150

# identifiant de la droite horizontale F(w*) (pour ne la tracer qu'une fois par Axes)
_F_STAR_GID = "course_utils.F_star"

# contour blanc autour des trajectoires : lisibles sur les zones sombres comme claires
_HALO = [patheffects.withStroke(linewidth=2.6, foreground="white", alpha=0.6)]


# -- vérifications -----------------------------------------------------------------------------
def _check_axes(ax):
    if not isinstance(ax, Axes):
        raise TypeError(
            "Le paramètre ax doit être un Axes matplotlib (par exemple "
            "fig, ax = plt.subplots()) ; valeur reçue : "
            f"{_shown(ax)} (de type {type(ax).__name__})."
        )
    return ax


def _check_objective(objective, two_params=False):
    if not isinstance(objective, Objective):
        raise TypeError(
            "Le paramètre objective doit être une fonction objectif de course_utils "
            "(par exemple LeastSquares(X, y) ou TanhNetwork(X, y)) ; valeur reçue : "
            f"{_shown(objective)} (de type {type(objective).__name__})."
        )
    if two_params and objective.d != 2:
        raise ValueError(
            "Le paramètre objective doit avoir exactement 2 paramètres (w1, w2) pour être "
            f"dessiné dans le plan ; reçu un objectif à d = {objective.d} paramètres."
        )
    return objective


def _check_bool(name, value):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(
            f"Le paramètre {name} doit être True ou False ; valeur reçue : {_shown(value)}."
        )
    return bool(value)


def _check_text(name, value):
    if value is not None and not isinstance(value, str):
        raise TypeError(
            f"Le paramètre {name} doit être un texte (str) ou None ; valeur reçue : "
            f"{_shown(value)} (de type {type(value).__name__})."
        )
    return value


def _check_color(name, value):
    if value is not None and not is_color_like(value):
        raise ValueError(
            f"Le paramètre {name} doit être une couleur matplotlib (par exemple « tab:blue » "
            f"ou « #0072B2 ») ou None ; valeur reçue : {_shown(value)}."
        )
    return value


def _check_count_at_least(name, value, low):
    n = check_count(name, value)
    if n < low:
        raise ValueError(
            f"Le paramètre {name} doit être un entier au moins égal à {low} ; "
            f"valeur reçue : {n}."
        )
    return n


def _check_trajectory(Z, d=None, name="Z", batch=True):
    """Une trajectoire (T+1, d) ou un lot (T+1, B, d), en flottants ; ±inf devient NaN."""
    Z = as_float_array(name, Z)
    ndims = (2, 3) if batch else (2,)
    shapes = "(T + 1, d)" + (" ou (T + 1, B, d)" if batch else "")
    if d is not None:
        shapes = shapes.replace("d)", f"{d})")
    if Z.ndim not in ndims or 0 in Z.shape or (d is not None and Z.shape[-1] != d):
        raise ValueError(
            f"Le paramètre {name} doit être une trajectoire de forme {shapes} ; reçu un "
            f"tableau de forme {Z.shape}."
        )
    return np.where(np.isfinite(Z), Z, np.nan)


def _drawable(values):
    """Les valeurs à dessiner en échelle linéaire : NaN si non finies, bornées à ±_HUGE."""
    values = np.asarray(values, dtype=float)
    return np.clip(np.where(np.isfinite(values), values, np.nan), -_HUGE, _HUGE)


def _as_batch(Z):
    """(T+1, d) -> (T+1, 1, d) ; un lot reste tel quel."""
    return Z[:, None, :] if Z.ndim == 2 else Z


# -- la grille des valeurs ---------------------------------------------------------------------
def region_of(objective, region=None):
    """La région (w1_min, w1_max, w2_min, w2_max) à montrer : ``region`` vérifiée, ou
    ``objective.default_region``."""
    _check_objective(objective)
    if region is None:
        region = objective.default_region
    message = (
        "Le paramètre region doit être (w1_min, w1_max, w2_min, w2_max), quatre nombres finis "
        f"avec w1_min < w1_max et w2_min < w2_max ; valeur reçue : {_shown(region)}."
    )
    if isinstance(region, (str, bytes)) or not hasattr(region, "__len__") or len(region) != 4:
        raise ValueError(message)
    try:
        values = tuple(check_real("region", v) for v in region)
    except TypeError:
        raise TypeError(message) from None
    a, b, c, d = values
    if not (np.all(np.isfinite(values)) and a < b and c < d):
        raise ValueError(message)
    return values


def grid_values(objective, region=None, resolution=201, i=None):
    """La grille ``(W1, W2, valeurs)`` de :math:`F` (ou de l'objectif partiel :math:`F_i` si
    ``i`` est un indice d'exemple, à partir de 0) sur la région (``np.meshgrid``, forme
    ``(resolution, resolution)``), calculée d'un seul appel vectorisé.

    Le résultat est mis en cache par (objectif, région, résolution, i) : un deuxième appel
    renvoie les mêmes tableaux (en lecture seule) sans rien recalculer.
    """
    _check_objective(objective, two_params=True)
    region = region_of(objective, region)
    resolution = _check_count_at_least("resolution", resolution, 2)
    if i is not None:
        objective._index(i)  # erreur claire si l'indice n'existe pas
        i = int(i)
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
    """``n`` niveaux croissants qui montrent à la fois le fond des vallées et les murs.

    Choix : les niveaux sont les **quantiles** des valeurs finies pour des probabilités
    **géométriques**, de 0,5 % à 98 %. Chaque bande de couleur couvre ainsi une part de la
    région plus grande que la précédente (facteur constant) : les niveaux se resserrent au
    fond des vallées et sur les plateaux, et s'espacent sur les murs. Pour une cuvette
    quadratique (moindres carrés), l'aire sous un niveau est proportionnelle à
    :math:`F - F_{\\min}` : on retrouve des niveaux géométriques en :math:`F - F_{\\min}`.
    La règle ne dépend pas du signe de :math:`F` ; les valeurs non finies sont ignorées, et
    les niveaux confondus (plateaux exacts) ne comptent qu'une fois.
    """
    n = _check_count_at_least("n", n, 2)
    arr = as_float_array("values", values)
    finite = arr[np.isfinite(arr)]
    if finite.size == 0:
        raise ValueError(
            "Le paramètre values doit contenir au moins une valeur finie ; reçu un tableau de "
            f"forme {arr.shape} sans aucune valeur finie."
        )
    low, high = float(finite.min()), float(finite.max())
    if not high > low:  # fonction constante : des niveaux autour de sa valeur
        half = max(abs(low), 1.0) * 0.5
        return np.linspace(low - half, low + half, n)
    levels = np.unique(np.quantile(finite, np.geomspace(5e-3, 0.98, n)))
    if levels.size < 2:  # presque tout est sur un plateau : des niveaux réguliers
        levels = np.linspace(low, high, n + 1)[1:]
    return levels


# -- les figures dans le plan (w1, w2) ---------------------------------------------------------
def _setup_plane(ax, region):
    ax.set_xlim(region[0], region[1])
    ax.set_ylim(region[2], region[3])
    ax.set_aspect("equal")
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")


def _levels_from(values, levels):
    if isinstance(levels, (numbers.Integral, np.integer)) and not isinstance(levels, bool):
        return contour_levels(values, int(levels))
    if isinstance(levels, (bool, np.bool_, str)) or not hasattr(levels, "__len__"):
        raise TypeError(
            "Le paramètre levels doit être un nombre de niveaux (entier) ou une liste de "
            f"niveaux croissants ; valeur reçue : {_shown(levels)}."
        )
    lv = as_float_array("levels", levels)
    if lv.ndim != 1 or lv.size < 2 or not np.all(np.isfinite(lv)) or np.any(np.diff(lv) <= 0):
        raise ValueError(
            "Le paramètre levels doit contenir au moins deux niveaux finis et strictement "
            f"croissants ; valeur reçue : {_shown(levels)}."
        )
    return lv


def plot_contour(ax, objective, region=None, resolution=201, levels=20, filled=True,
                 show_minimizer=True, colorbar=False, title=None, i=None):
    """Les courbes de niveau de :math:`F` sur la région (ou de l'objectif partiel
    :math:`F_i` si ``i`` est un indice d'exemple, à partir de 0 : ``i=0`` dessine :math:`F_1`).

    ``levels`` : un nombre de niveaux (choisis par :func:`contour_levels`) ou la liste des
    niveaux. ``filled`` : zones colorées (« viridis » adouci) et fines lignes, sinon des
    lignes seules. L'étoile marque :math:`\\mathbf{w}^*` si l'objectif a une méthode
    ``minimizer()``. Renvoie le ``ContourSet`` (les zones, ou les lignes).
    """
    _check_axes(ax)
    _check_objective(objective, two_params=True)
    region = region_of(objective, region)
    filled = _check_bool("filled", filled)
    show_minimizer = _check_bool("show_minimizer", show_minimizer)
    colorbar = _check_bool("colorbar", colorbar)
    title = _check_text("title", title)
    W1, W2, values = grid_values(objective, region, resolution, i=i)
    name = "F(\\mathbf{w})" if i is None else f"F_{{{int(i) + 1}}}(\\mathbf{{w}})"
    lv = _levels_from(values, levels)
    V = np.ma.masked_invalid(values)
    norm = BoundaryNorm(lv, ncolors=256, extend="both")
    if filled:
        cs = ax.contourf(W1, W2, V, levels=lv, cmap=CMAP, norm=norm, alpha=0.8,
                         extend="both", zorder=0)
        ax.contour(W1, W2, V, levels=lv, colors="black", linewidths=0.4, alpha=0.3, zorder=1)
    else:
        cs = ax.contour(W1, W2, V, levels=lv, cmap=CMAP, norm=norm, linewidths=1.0, zorder=1)
    if colorbar:
        cb = ax.figure.colorbar(cs, ax=ax, label=f"${name}$", format="%.3g")
        step = max(1, int(np.ceil(len(lv) / 7)))
        cb.set_ticks(lv[::step])
    if show_minimizer and hasattr(objective, "minimizer"):
        w_star = np.asarray(objective.minimizer(), dtype=float)
        ax.plot([w_star[0]], [w_star[1]], ls="none", marker="*", ms=16, mfc="#FFD700",
                mec="black", mew=1.0, zorder=4, label="$\\mathbf{w}^*$ (minimum)")
    _setup_plane(ax, region)
    if title is None:
        title = f"Courbes de niveau de ${name}$ — {objective.name}"
    ax.set_title(title)
    return cs


def plot_surface(ax, objective, region=None, resolution=81, azim=-60, elev=30, title=None):
    """La surface :math:`F(w_1, w_2)` en 3D, sur un ``Axes`` 3D
    (``fig.add_subplot(..., projection="3d")``) ; ``azim`` et ``elev`` orientent la vue.
    Renvoie la surface dessinée."""
    _check_axes(ax)
    if getattr(ax, "name", "") != "3d":
        raise TypeError(
            "Le paramètre ax doit être un Axes 3D, créé par fig.add_subplot(..., "
            f"projection=\"3d\") ; reçu un Axes de type « {getattr(ax, 'name', type(ax).__name__)} »."
        )
    azim, elev = check_real("azim", azim), check_real("elev", elev)
    W1, W2, values = grid_values(objective, region, resolution)
    surf = ax.plot_surface(W1, W2, _drawable(values), cmap=CMAP, linewidth=0,
                           antialiased=True, alpha=0.9)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    ax.set_zlabel("$F(\\mathbf{w})$")
    ax.set_title("Surface de $F$" if title is None else _check_text("title", title))
    ax.view_init(elev=elev, azim=azim)
    return surf


def plot_gradient_field(ax, objective, region=None, density=15, i=None, color=None, label=None):
    """Les flèches de :math:`-\\nabla F(\\mathbf{w})` (ou de :math:`-\\nabla F_i` si ``i``
    est l'indice d'un exemple, compté à partir de 0) sur une grille ``density × density``.

    Longueur lisible : chaque flèche garde la direction de :math:`-\\nabla F` mais sa
    longueur est proportionnelle à :math:`\\|\\nabla F\\|^{1/2}` (et non à
    :math:`\\|\\nabla F\\|`), la plus longue valant presque l'écart entre deux points de la
    grille ; ainsi les murs (forte pente) et la vallée (faible pente) restent visibles.
    La légende utilise une flèche témoin (attribut ``legend_handle`` du résultat).
    Renvoie le ``Quiver``.
    """
    _check_axes(ax)
    _check_objective(objective, two_params=True)
    region = region_of(objective, region)
    density = _check_count_at_least("density", density, 2)
    if i is not None:
        if isinstance(i, (bool, np.bool_)) or not isinstance(i, (numbers.Integral, np.integer)):
            raise TypeError(
                f"Le paramètre i doit être None ou un indice entier d'exemple entre 0 et "
                f"{objective.n - 1} ; valeur reçue : {_shown(i)} (de type {type(i).__name__})."
            )
        if not 0 <= i < objective.n:
            raise ValueError(
                f"Le paramètre i doit être un indice d'exemple entre 0 et {objective.n - 1} "
                f"(l'exemple i = 0 est x_1 dans le cours) ; valeur reçue : {i}."
            )
        i = int(i)
    _check_color("color", color)
    _check_text("label", label)
    # centres des cases d'une grille density × density : aucune flèche sur les bords
    dx = (region[1] - region[0]) / density
    dy = (region[3] - region[2]) / density
    w1 = region[0] + dx * (np.arange(density) + 0.5)
    w2 = region[2] + dy * (np.arange(density) + 0.5)
    P1, P2 = np.meshgrid(w1, w2)
    P = np.stack([P1, P2], axis=-1)
    G = objective.grad(P) if i is None else objective.grad_i(P, i)
    D = -np.asarray(G, dtype=float)
    ok = np.all(np.isfinite(D), axis=-1)
    P1, P2, D = P1[ok], P2[ok], D[ok]
    norm = np.linalg.norm(D, axis=-1)
    factor = np.zeros_like(norm)
    positive = norm > 0
    factor[positive] = norm[positive] ** -0.5
    D = D * factor[:, None]  # longueur ‖g‖^(1/2)
    longest = float(np.sqrt(norm.max())) if norm.size else 0.0
    scale = longest / (0.9 * min(dx, dy)) if longest > 0 else 1.0
    if color is None:
        color = "#1a1a1a" if i is None else COLORS[(i + 1) % len(COLORS)]
    if label is None:
        label = ("$-\\nabla F(\\mathbf{w})$" if i is None
                 else f"$-\\nabla F_{{{i + 1}}}(\\mathbf{{w}})$")
    q = ax.quiver(P1, P2, D[:, 0], D[:, 1], color=color, angles="xy", scale_units="xy",
                  scale=scale, width=0.0045, headwidth=4.0, headlength=4.5, headaxislength=4.0,
                  pivot="tail", minlength=0.5, edgecolor="white", linewidth=0.4, zorder=2)
    # matplotlib ne sait pas mettre un Quiver dans une légende : une flèche témoin, sans
    # données, porte l'étiquette
    (handle,) = ax.plot([], [], ls="none", marker="$\\rightarrow$", ms=13, color=color,
                        label=label)
    q.legend_handle = handle
    _setup_plane(ax, region)
    return q


def plot_trajectory(ax, Z, color=None, label=None, show_ends=True, markersize=4):
    """Une trajectoire ``Z`` de forme ``(T + 1, 2)`` (ou un lot ``(T + 1, B, 2)`` : une ligne
    par départ, l'étiquette sur la première seulement) : les points et les segments.

    Le départ :math:`\\mathbf{z}_0` est un rond vide, l'arrivée :math:`\\mathbf{z}_T` un carré
    plein ; si la trajectoire a divergé (lignes NaN), la ligne s'arrête et son dernier point
    fini est marqué d'une croix. Renvoie un dict d'objets dessinés : ``"lines"`` (liste,
    une ligne par départ), ``"start"``, ``"end"`` et ``"diverged"`` (des ``Line2D``, ou
    None si ``show_ends=False``).
    """
    _check_axes(ax)
    Z = _check_trajectory(Z, d=2)
    _check_color("color", color)
    _check_text("label", label)
    show_ends = _check_bool("show_ends", show_ends)
    markersize = check_real("markersize", markersize)
    if not (np.isfinite(markersize) and markersize >= 0):
        raise ValueError(
            "Le paramètre markersize doit être un nombre positif ou nul ; valeur reçue : "
            f"{_shown(markersize)}."
        )
    batch = _drawable(_as_batch(Z))
    lines = []
    for b in range(batch.shape[1]):
        (line,) = ax.plot(batch[:, b, 0], batch[:, b, 1], "-o", color=color, ms=markersize,
                          lw=1.5, zorder=3, path_effects=_HALO,
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
        rows = np.flatnonzero(finite[:, b])
        if rows.size == 0:
            continue
        (ends if finite[-1, b] else crashes).append(batch[rows[-1], b])
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
    """Plusieurs trajectoires, en couleurs distinctes, avec une légende.

    ``trajectories`` : un dict étiquette → trajectoire (forme ``(T + 1, 2)`` ou
    ``(T + 1, B, 2)``). ``colors`` : une liste de couleurs (par défaut :data:`COLORS`).
    Renvoie un dict étiquette → objets dessinés (voir :func:`plot_trajectory`).
    """
    _check_axes(ax)
    if not isinstance(trajectories, dict) or not trajectories:
        raise TypeError(
            "Le paramètre trajectories doit être un dict non vide étiquette → trajectoire, "
            "par exemple {'$\\eta = 0.4$': Z} ; valeur reçue : "
            f"{_shown(trajectories)} (de type {type(trajectories).__name__})."
        )
    if colors is None:
        colors = COLORS
    if isinstance(colors, str) or not hasattr(colors, "__len__") or len(colors) == 0:
        raise TypeError(
            "Le paramètre colors doit être une liste de couleurs (ou None) ; valeur reçue : "
            f"{_shown(colors)}."
        )
    for c in colors:
        _check_color("colors", c)
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


# -- les figures au fil des itérations ---------------------------------------------------------
def _check_log(log):
    if log is not None and not isinstance(log, (bool, np.bool_)):
        raise TypeError(
            f"Le paramètre log doit être None (choix automatique), True ou False ; valeur "
            f"reçue : {_shown(log)}."
        )
    return log


def plot_learning_curve(ax, objective, Z, label=None, color=None, log=None):
    """La courbe d'apprentissage :math:`F(\\mathbf{z}_t)` pour :math:`t = 0, \\dots, T`
    (une courbe par départ pour un lot ``(T + 1, B, d)``).

    ``log=None`` : échelle logarithmique si les valeurs sont positives et couvrent plus de
    deux décades. Une droite pointillée montre :math:`F(\\mathbf{w}^*)` quand l'objectif a
    une méthode ``minimizer()``. Si la descente a divergé, la courbe s'arrête et une note
    « divergence à l'itération t » l'indique. Renvoie la liste des courbes (``Line2D``).
    """
    _check_axes(ax)
    _check_objective(objective)
    Z = _check_trajectory(Z, d=objective.d)
    _check_text("label", label)
    _check_color("color", color)
    log = _check_log(log)
    F = np.asarray(objective.value(_as_batch(Z)), dtype=float)  # (T+1, B)
    F = np.where(np.isfinite(F), F, np.nan)
    T = F.shape[0] - 1
    t = np.arange(T + 1)
    finite = np.isfinite(F)
    vals = F[finite]
    if log is None:
        auto = bool(vals.size and vals.min() > 0 and vals.max() / vals.min() > 100)
        scale = "log" if auto else ax.get_yscale()
    else:
        scale = "log" if log else "linear"
    shown = F if scale == "log" else _drawable(F)
    curves = []
    for b in range(F.shape[1]):
        (line,) = ax.plot(t, shown[:, b], "-", marker="o" if T <= 60 else None, ms=3, lw=1.6,
                          color=color, label=label if (b == 0 and label is not None) else
                          "_nolegend_")
        color = line.get_color()
        curves.append(line)
    # divergence : la première itération où F n'est plus fini
    diverged = [b for b in range(F.shape[1]) if not finite[:, b].all()]
    for b in diverged:
        t_div = int(np.argmin(finite[:, b]))
        if t_div == 0:
            continue
        t_last, F_last = t_div - 1, shown[t_div - 1, b]
        ax.plot([t_last], [F_last], ls="none", marker="X", ms=9, mfc=color, mec="black",
                mew=0.8, zorder=4, clip_on=False, label="_nolegend_")
        right = t_last > 0.6 * T
        ax.annotate(f"divergence à l'itération {t_div}", xy=(t_last, F_last),
                    xytext=(-8 if right else 8, -6), textcoords="offset points",
                    ha="right" if right else "left", va="top", fontsize="small", color="#b00020",
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="#b00020", alpha=0.85),
                    annotation_clip=False, zorder=6)
    if hasattr(objective, "minimizer") and not any(
        line.get_gid() == _F_STAR_GID for line in ax.lines
    ):
        f_star = float(objective.value(objective.minimizer()))
        ax.axhline(f_star, color="gray", ls="--", lw=1.0, zorder=1, gid=_F_STAR_GID,
                   label="$F(\\mathbf{w}^*)$")
    ticks = _prepare_huge_values(ax, scale)
    if scale != ax.get_yscale():
        ax.set_yscale(scale)
    if ticks is not None:  # des puissances de 10 choisies ici, sans débordement
        ax.yaxis.set_major_locator(FixedLocator(ticks))
        ax.yaxis.set_minor_locator(NullLocator())
    _time_axis(ax, T, "$F(\\mathbf{z}_t)$")
    handles, labels = ax.get_legend_handles_labels()
    if handles:  # F(w*) en dernier, après les courbes
        order = sorted(range(len(handles)), key=lambda k: handles[k].get_gid() == _F_STAR_GID)
        ax.legend([handles[k] for k in order], [labels[k] for k in order], fontsize="small",
                  loc="best", framealpha=0.9)
    return curves


def _iteration_locator():
    """Graduations de l'axe des itérations : entières et rondes (0, 5, 10… ; 0, 50, 100…)."""
    return MaxNLocator(integer=True, steps=[1, 2, 2.5, 5, 10])


def _time_axis(ax, T, ylabel):
    """Axe des itérations : toute la durée prévue (0..T, même si la courbe s'arrête avant),
    graduations entières, étiquettes en français."""
    ax.update_datalim(np.array([[0.0, 0.0], [float(max(T, 1)), 0.0]]), updatey=False)
    ax.autoscale_view()
    ax.set_xlabel("itération $t$")
    ax.set_ylabel(ylabel)
    ax.xaxis.set_major_locator(_iteration_locator())
    ax.grid(True, which="major", alpha=0.3)


def _prepare_huge_values(ax, scale):
    """Juste avant de diverger, F atteint 1e300 : en échelle log, la marge automatique de
    matplotlib (5 % de l'étendue des exposants) et ses graduations déborderaient des
    flottants (avertissements). On réduit la marge verticale (à faire avant de changer
    d'échelle) et on renvoie des puissances de 10 à imposer comme graduations (ou None)."""
    y0, y1 = ax.dataLim.intervaly
    if scale != "log" or not (np.isfinite(y0) and np.isfinite(y1) and 0 < y0 < y1):
        return None
    if y1 < 1e200:
        return None
    lo, hi = np.log10(y0), np.log10(y1)
    ax.set_ymargin(min(0.05, max(0.0, (305.0 - hi) / (hi - lo))))
    lo, hi = int(np.floor(lo)), int(np.floor(hi))
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100) if (hi - lo) / s <= 7)
    return 10.0 ** np.arange(-(-lo // step) * step, hi + 1, step)


def plot_model_outputs(ax, objective, Z, colors=None):
    """Les sorties du modèle :math:`f_{\\mathbf{z}_t}(\\mathbf{x}_i)` au fil des itérations,
    une courbe par exemple i, chacune avec sa cible :math:`y_i` en pointillés (même
    couleur). ``Z`` est une trajectoire ``(T + 1, d)``. Renvoie un dict ``"outputs"`` et
    ``"targets"`` (listes de ``Line2D``, une par exemple).
    """
    _check_axes(ax)
    _check_objective(objective)
    Z = _check_trajectory(Z, d=objective.d, batch=False)
    n = objective.n
    if colors is None:
        colors = [COLORS[k % len(COLORS)] for k in range(n)]
    if isinstance(colors, str) or not hasattr(colors, "__len__") or len(colors) < n:
        raise ValueError(
            f"Le paramètre colors doit être une liste d'au moins n = {n} couleurs (une par "
            f"exemple) ou None ; valeur reçue : {_shown(colors)}."
        )
    for c in colors:
        _check_color("colors", c)
    P = np.asarray(objective.predict(Z), dtype=float)  # (T+1, n)
    P = _drawable(P)
    T = P.shape[0] - 1
    t = np.arange(T + 1)
    linear = isinstance(objective, LeastSquares)
    outputs, targets = [], []
    for k in range(n):
        name = (f"$\\mathbf{{z}}_t\\cdot\\mathbf{{x}}_{{{k + 1}}}$" if linear
                else f"$f_{{\\mathbf{{z}}_t}}(\\mathbf{{x}}_{{{k + 1}}})$")
        (line,) = ax.plot(t, P[:, k], "-", marker="o" if T <= 60 else None, ms=3, lw=1.6,
                          color=colors[k], label=name)
        target = ax.axhline(float(objective.y[k]), color=colors[k], ls="--", lw=1.2,
                            alpha=0.9, label=f"$y_{{{k + 1}}}$")
        outputs.append(line)
        targets.append(target)
    _time_axis(ax, T, "sortie du modèle")
    ax.legend(outputs + targets, [a.get_label() for a in outputs + targets], ncol=2,
              fontsize="small", loc="best", framealpha=0.9)
    return {"outputs": outputs, "targets": targets}
