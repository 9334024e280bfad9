"""Les figures au fil des itérations : la courbe d'apprentissage :math:`F(z_t)` et les sorties
du modèle :math:`f_{z_t}(x_i)`.

Chaque fonction dessine sur un ``Axes`` matplotlib qu'on lui donne et renvoie les objets
dessinés. Une descente qui diverge n'est pas une erreur : la courbe s'arrête à la première
étape non finie (:func:`course_utils.optimizers.divergence_step`) et la figure le dit. Ces
fonctions s'importent depuis :mod:`course_utils.plotting`.
"""

import numpy as np
from matplotlib.ticker import FixedLocator, MaxNLocator, NullLocator

from ._checks import (
    check_abscissa,
    check_axes,
    check_bool,
    check_choice,
    check_color,
    check_count,
    check_positive,
    check_colors,
    check_objective,
    check_text,
    check_trajectory,
)
from ._figures import ALARM, COLORS, as_batch, drawable, known_minima
from .french import french_axes, number
from .objectives import LeastSquares
from .optimizers import divergence_step
from .schedules import get_schedule

__all__ = [
    "plot_learning_curve",
    "plot_model_outputs",
    "iteration_locator",
    "plot_schedules",
    "plot_lr_range",
]

# identifiant de la droite horizontale F(w*) (pour ne la tracer qu'une fois par Axes)
_F_STAR_GID = "course_utils.F_star"


def iteration_locator():
    """Les graduations de l'axe des itérations : entières et rondes (0, 5, 10… ; 0, 50, 100…).

    Renvoie
    -------
    MaxNLocator de matplotlib, à poser avec ``ax.xaxis.set_major_locator(...)``.
    """
    return MaxNLocator(integer=True, steps=[1, 2, 2.5, 5, 10])


def _time_axis(ax, T, ylabel):
    """Axe des itérations : toute la durée prévue (0..T, même si la courbe s'arrête avant),
    graduations entières, étiquettes en français."""
    ax.update_datalim(np.array([[0.0, 0.0], [float(max(T, 1)), 0.0]]), updatey=False)
    ax.autoscale_view()
    ax.set_xlabel("itération $t$")
    ax.set_ylabel(ylabel)
    ax.xaxis.set_major_locator(iteration_locator())
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


def legend_f_star_last(ax, **kwargs):
    """La légende de ``ax``, avec la droite :math:`F(\\mathbf{w}^*)` en dernier (après les
    courbes, même si elle a été tracée avant certaines) ; ``kwargs`` vont à ``ax.legend``.
    Renvoie la légende, ou None si rien n'a d'étiquette."""
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return None
    order = sorted(range(len(handles)), key=lambda k: handles[k].get_gid() == _F_STAR_GID)
    return ax.legend([handles[k] for k in order], [labels[k] for k in order], **kwargs)


def plot_learning_curve(ax, objective, Z, label=None, color=None, log=None, *, x=None,
                        xlabel=None, minimum=True, linestyle="-", per_epoch=None,
                        xscale="linear", plain_log=False):
    """La courbe d'apprentissage :math:`F(\\mathbf{z}_t)` pour :math:`t = 0, \\dots, T`.

    Une droite pointillée montre :math:`F(\\mathbf{w}^*)` quand l'objectif a une méthode
    ``minimizer()`` ou ``minimizers()`` (une seule fois par Axes). Si la descente a divergé,
    la courbe s'arrête et une note « divergence à l'itération t » l'indique.

    Paramètres
    ----------
    ax : Axes matplotlib.
    objective : un objectif de ``course_utils``.
    Z : trajectoire ``(T + 1, d)`` ou lot ``(T + 1, B, d)`` (une courbe par départ,
        l'étiquette sur la première).
    label : None ou str, l'étiquette de la légende.
    color : None (la couleur suivante de l'Axes) ou une couleur matplotlib.
    log : None (échelle logarithmique si les valeurs sont positives et couvrent plus de
        deux décades), True ou False.
    x : None (les itérations 0, 1, …, T) ou un tableau de T + 1 abscisses croissantes (par
        exemple des époques, ou un nombre de gradients calculés).
    xlabel : None ou str, le nom de l'axe horizontal quand ``x`` est donné.
    minimum : bool, tracer la droite :math:`F(\\mathbf{w}^*)` (``True`` par défaut).
    linestyle : le style du trait (``"-"``, ``"--"``…).
    per_epoch : None ou int ≥ 1, le nombre d'itérations par époque (mini-lots,
        chapitre 7) : l'axe horizontal compte alors les **époques** (l'itération t est à
        l'abscisse t / per_epoch), graduées par des entiers ; ne se donne pas avec ``x``.
    xscale : ``"linear"`` (par défaut) ou ``"log"`` : un axe horizontal logarithmique (1,
        10, 100… : pour comparer des courbes de longueurs très différentes ; le point t = 0
        n'y a pas de place).
    plain_log : bool, graduer les axes logarithmiques en toutes lettres (« 3 000 », « 10 000 »)
        plutôt qu'en puissances de dix (voir :func:`course_utils.french.french_axes`).

    Renvoie
    -------
    list de ``Line2D`` : les courbes, une par départ.
    """
    check_axes(ax)
    check_objective(objective)
    Z = check_trajectory("Z", Z, d=objective.d)
    check_text("label", label)
    check_color("color", color)
    log = check_bool("log", log, none_means="choix automatique")
    minimum = check_bool("minimum", minimum)
    check_text("xlabel", xlabel)
    F = np.asarray(objective.value(as_batch(Z)), dtype=float)  # (T+1, B)
    F = np.where(np.isfinite(F), F, np.nan)
    T = F.shape[0] - 1
    xscale = check_choice("xscale", xscale, ("linear", "log"))
    plain_log = check_bool("plain_log", plain_log)
    if per_epoch is not None:
        per_epoch = check_count("per_epoch", per_epoch, low=1)
        if x is not None:
            raise ValueError(
                "Les paramètres x et per_epoch ne se donnent pas ensemble : per_epoch calcule "
                f"lui-même les abscisses (les époques) ; valeurs reçues : x de longueur "
                f"{len(np.atleast_1d(x))}, per_epoch={per_epoch}."
            )
        x = np.arange(T + 1) / per_epoch
        xlabel = "époque" if xlabel is None else xlabel
    t = np.arange(T + 1) if x is None else check_abscissa("x", x, T + 1)
    vals = F[np.isfinite(F)]
    if log is None:
        auto = bool(vals.size and vals.min() > 0 and vals.max() / vals.min() > 100)
        scale = "log" if auto else ax.get_yscale()
    else:
        scale = "log" if log else "linear"
    shown = F if scale == "log" else drawable(F)
    curves = []
    for b in range(F.shape[1]):
        (line,) = ax.plot(t, shown[:, b], linestyle, marker="o" if T <= 60 else None, ms=3,
                          lw=1.6,
                          color=color, label=label if (b == 0 and label is not None) else
                          "_nolegend_")
        color = line.get_color()
        curves.append(line)
    for b in range(F.shape[1]):
        t_div = divergence_step(F[:, b])
        if not t_div:  # aucune divergence, ou dès le départ (rien à marquer)
            continue
        t_last, F_last = t[t_div - 1], shown[t_div - 1, b]
        ax.plot([t_last], [F_last], ls="none", marker="X", ms=9, mfc=color, mec="black",
                mew=0.8, zorder=4, clip_on=False, label="_nolegend_")
        right = t_last > t[0] + 0.6 * (t[-1] - t[0])
        ax.annotate(f"divergence à l'itération {t_div}", xy=(t_last, F_last),
                    xytext=(-8 if right else 8, -6), textcoords="offset points",
                    ha="right" if right else "left", va="top", fontsize="small", color=ALARM,
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec=ALARM, alpha=0.85),
                    annotation_clip=False, zorder=6)
    minima = known_minima(objective) if minimum else []
    if len(minima) and not any(line.get_gid() == _F_STAR_GID for line in ax.lines):
        f_star = float(np.min(objective.value(minima)))
        ax.axhline(f_star, color="gray", ls="--", lw=1.0, zorder=1, gid=_F_STAR_GID,
                   label="$F(\\mathbf{w}^*)$")
    ticks = _prepare_huge_values(ax, scale)
    if scale != ax.get_yscale():
        ax.set_yscale(scale)
    if ticks is not None:  # des puissances de 10 choisies ici, sans débordement
        ax.yaxis.set_major_locator(FixedLocator(ticks))
        ax.yaxis.set_minor_locator(NullLocator())
    if x is None:
        _time_axis(ax, T, "$F(\\mathbf{z}_t)$")
    else:
        ax.set_xlabel(xlabel or "")
        ax.set_ylabel("$F(\\mathbf{z}_t)$")
        ax.grid(True, which="major", alpha=0.3)
        if per_epoch is not None:
            ax.xaxis.set_major_locator(iteration_locator())  # des époques entières
    if xscale != ax.get_xscale():
        ax.set_xscale(xscale)
    legend_f_star_last(ax, fontsize="small", loc="best", framealpha=0.9)
    french_axes(ax, plain_log=plain_log)
    return curves


def plot_model_outputs(ax, objective, Z, colors=None):
    """Les sorties du modèle :math:`f_{\\mathbf{z}_t}(\\mathbf{x}_i)` au fil des itérations,
    une courbe par exemple i, chacune avec sa cible :math:`y_i` en pointillés (même couleur).

    Paramètres
    ----------
    ax : Axes matplotlib.
    objective : un objectif de ``course_utils``.
    Z : trajectoire de forme ``(T + 1, d)``.
    colors : None (:data:`COLORS`) ou une liste d'au moins n couleurs (une par exemple).

    Renvoie
    -------
    dict : ``"outputs"`` et ``"targets"``, deux listes de ``Line2D`` (une par exemple).
    """
    check_axes(ax)
    check_objective(objective)
    Z = check_trajectory("Z", Z, d=objective.d, batch=False)
    n = objective.n
    if colors is None:
        colors = [COLORS[k % len(COLORS)] for k in range(n)]
    check_colors("colors", colors, at_least=n)
    P = drawable(objective.predict(Z))  # (T+1, n)
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
    french_axes(ax)
    return {"outputs": outputs, "targets": targets}


def plot_schedules(ax, schedules, total, eta=1.0, x=None, xlabel=None, per_epoch=None):
    """Les pas :math:`\\eta_t = \\eta \\times` ``schedule(t, total)`` de plusieurs règles, au fil
    des itérations t = 1, …, ``total`` (une courbe par règle, son nom en légende).

    Paramètres
    ----------
    ax : Axes matplotlib.
    schedules : une liste de règles (:class:`course_utils.schedules.Schedule` ou leurs noms).
    total : int ≥ 1, le nombre d'itérations.
    eta : float > 0, le pas de base η (1 par défaut : on voit alors le facteur).
    x : None (les itérations 1, …, total) ou ``total`` abscisses croissantes.
    xlabel : None ou str, le nom de l'axe horizontal quand ``x`` ou ``per_epoch`` est donné.
    per_epoch : None ou int ≥ 1, le nombre d'itérations par époque : l'axe horizontal compte
        alors les époques (l'itération t à l'abscisse t / per_epoch), graduées par des
        entiers ; ne se donne pas avec ``x``.

    Renvoie
    -------
    list de ``Line2D`` : une courbe par règle.
    """
    check_axes(ax)
    total = check_count("total", total, low=1)
    eta = check_positive("eta", eta)
    check_text("xlabel", xlabel)
    if isinstance(schedules, str) or not hasattr(schedules, "__iter__"):
        schedules = [schedules]
    rules = [get_schedule(s) for s in schedules]
    t = np.arange(1, total + 1)
    if per_epoch is not None:
        per_epoch = check_count("per_epoch", per_epoch, low=1)
        if x is not None:
            raise ValueError(
                "Les paramètres x et per_epoch ne se donnent pas ensemble : per_epoch calcule "
                f"lui-même les abscisses (les époques) ; valeur reçue : per_epoch={per_epoch}."
            )
        x = t / per_epoch
        xlabel = "époque" if xlabel is None else xlabel
    abscissa = t if x is None else check_abscissa("x", x, total)
    lines = []
    for k, rule in enumerate(rules):
        (line,) = ax.plot(abscissa, eta * rule(t, total), "-", lw=1.8,
                          color=COLORS[k % len(COLORS)], label=rule.label)
        lines.append(line)
    ax.set_xlabel(xlabel if x is not None and xlabel else "itération $t$")
    ax.set_ylabel("pas $\\eta_t$" if eta != 1.0 else "$\\eta_t / \\eta$")
    if per_epoch is not None:
        ax.xaxis.set_major_locator(iteration_locator())  # des époques entières
    ax.set_ylim(bottom=0)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize="small", loc="best", framealpha=0.9)
    french_axes(ax)
    return lines


def plot_lr_range(ax, etas, losses, suggested=None):
    """Le test de l'intervalle de pas : la perte après chaque itération en fonction du pas
    (échelles logarithmiques), avec le pas suggéré s'il est donné.

    Paramètres
    ----------
    ax : Axes matplotlib.
    etas, losses : ce que renvoie :func:`course_utils.minibatch.lr_range_test`.
    suggested : None ou le pas à marquer (par exemple
        :func:`course_utils.minibatch.suggested_eta`).

    Renvoie
    -------
    ``Line2D`` : la courbe de la perte.
    """
    check_axes(ax)
    etas = check_abscissa("etas", etas, len(np.atleast_1d(etas)))
    losses = np.asarray(losses, dtype=float)
    if losses.shape != etas.shape:
        raise ValueError(
            f"Le paramètre losses doit avoir la forme de etas {etas.shape} ; reçu un tableau de "
            f"forme {losses.shape}."
        )
    shown = np.where(np.isfinite(losses) & (losses > 0), losses, np.nan)
    (line,) = ax.plot(etas, shown, "-", color=COLORS[0], lw=1.6, label="perte après l'itération")
    best = int(np.nanargmin(shown))
    ax.plot([etas[best]], [shown[best]], "o", color=COLORS[1], ms=7,
            label=f"perte la plus basse (η ≈ {number(etas[best], 2)})")
    if suggested is not None:
        suggested = check_positive("suggested", suggested)
        ax.axvline(suggested, color=COLORS[2], ls="--", lw=1.4,
                   label=f"pas suggéré η ≈ {number(suggested, 2)}")
    blown = np.flatnonzero(~np.isfinite(shown[best:]))
    if blown.size:
        ax.axvspan(etas[best + blown[0] - 1], etas[-1], color=ALARM, alpha=0.1,
                   label="la perte explose : arrêt")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("pas d'apprentissage $\\eta$ (il grandit à chaque itération)")
    ax.set_ylabel("perte $F$ (entraînement)")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize="small", loc="best", framealpha=0.9)
    french_axes(ax, plain_log=True)  # « 0,01 », « 3 000 » : des pas et des pertes à lire
    return line
