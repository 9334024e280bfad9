"""Le verdict sur une descente : a-t-elle divergé, et à quelle étape ? F a-t-il augmenté ?

La seule définition de la divergence du cours : la courbe d'apprentissage, la ligne d'état et
l'alerte de l'explorateur la lisent toutes ici. Ces noms s'importent aussi depuis
:mod:`course_utils.optimizers`.
"""

from dataclasses import dataclass

import numpy as np

__all__ = ["divergence_step", "last_finite", "went_up", "Verdict"]


def divergence_step(values):
    """La première étape où une descente cesse d'être finie.

    La seule définition de la divergence du cours : la courbe d'apprentissage, la ligne
    d'état et l'alerte de l'explorateur la lisent toutes ici.

    Paramètres
    ----------
    values : les valeurs :math:`F(z_t)`, de forme ``(T + 1,)``, ou une trajectoire
        ``(T + 1, d)`` (une étape n'est plus finie dès qu'une de ses composantes ne l'est
        plus). Pour un lot, appeler une fois par départ.

    Renvoie
    -------
    int ou None : le premier t où la valeur n'est plus finie (NaN ou infini), ou None si
    tout est fini. :math:`F(z_t)` déborde souvent une étape avant :math:`z_t`.
    """
    v = np.asarray(values, dtype=float)
    bad = ~np.isfinite(v)
    if bad.ndim > 1:
        bad = bad.reshape(bad.shape[0], -1).any(axis=1)
    return int(np.argmax(bad)) if bad.any() else None


def last_finite(values):
    """La dernière étape où une descente est encore finie : là où la figure pose le point
    d'arrivée (ou le dernier point avant la divergence).

    Paramètres
    ----------
    values : comme pour :func:`divergence_step`, ``(T + 1,)`` ou une trajectoire
        ``(T + 1, d)`` (une étape est finie si toutes ses composantes le sont).

    Renvoie
    -------
    int ou None : le dernier t dont la valeur est finie, ou None s'il n'y en a aucun.
    """
    v = np.asarray(values, dtype=float)
    ok = np.isfinite(v)
    if ok.ndim > 1:
        ok = ok.reshape(ok.shape[0], -1).all(axis=1)
    rows = np.flatnonzero(ok)
    return int(rows[-1]) if rows.size else None


def went_up(values):
    """F a-t-il augmenté entre le départ et la fin ?

    Paramètres
    ----------
    values : les valeurs :math:`F(z_0), \\dots, F(z_T)`, de forme ``(T + 1,)``.

    Renvoie
    -------
    bool : ``True`` si :math:`F(z_T) > F(z_0)` (faux si T = 0 ou si une des deux valeurs
    n'est pas finie).
    """
    v = np.asarray(values, dtype=float)
    return bool(v.shape[0] > 1 and v[-1] > v[0])


@dataclass(frozen=True)
class Verdict:
    """Le verdict sur une courbe :math:`F(z_t)` : où elle a divergé, et si F a augmenté.

    Attributs
    ---------
    diverged_at : int ou None, l'étape donnée par :func:`divergence_step`.
    went_up : bool, :func:`went_up` (toujours faux si la courbe a divergé).
    alarming : bool (propriété), vrai si l'une ou l'autre : la figure et la ligne d'état
        l'écrivent alors en rouge.
    """

    diverged_at: int | None
    went_up: bool

    @classmethod
    def of(cls, values):
        """Le verdict sur les valeurs :math:`F(z_t)` (forme ``(T + 1,)``)."""
        step = divergence_step(values)
        return cls(step, step is None and went_up(values))

    @property
    def alarming(self):
        return self.diverged_at is not None or self.went_up
