"""Le pont vers PyTorch : les objectifs du cours écrits avec des opérations torch, et les
trajectoires des vrais optimiseurs de ``torch.optim``.

- :func:`torch_loss` : :math:`F(p)` (ou :math:`F_i(p)`) calculé avec des opérations torch sur
  un tenseur ``p`` ; ``loss.backward()`` donne alors le gradient par différentiation
  automatique (*autograd*), sans formule écrite à la main ;
- :func:`torch_trajectory` : fait tourner ``torch.optim.<nom>`` (``SGD``, ``RMSprop``,
  ``Adam``…) pendant T étapes et renvoie la trajectoire :math:`z_0, \\dots, z_T` sous forme
  de tableau numpy ``(T + 1, d)``, comme les fonctions de :mod:`course_utils.optimizers`.

torch n'est importé qu'à l'appel de ces fonctions : le reste de ``course_utils`` fonctionne
sans torch. Là où PyTorch n'existe pas (dans le navigateur, avec Pyodide), :func:`torch_trajectory`
fait tourner le jumeau numpy de l'optimiseur (:mod:`course_utils.twins`, prouvés égaux à
``torch.optim`` par les tests) et le dit une fois, en une phrase (:data:`NO_TORCH_NOTE`).
"""

import inspect
import math

import numpy as np

from ._checks import (
    _shown,
    check_bool,
    check_choice,
    check_count,
    check_example,
    check_objective,
    check_point,
    check_seed,
    check_tensor,
)
from .networks import TanhNetwork
from .objectives import LeastSquares
from .optimizers import METHODS, SCHEDULES, sample_indices
from .twins import SGD, Adagrad, Adam, RMSprop

__all__ = ["OPTIMIZERS", "NO_TORCH_NOTE", "torch_available", "torch_loss", "torch_trajectory",
           "torch_method_trajectory"]

#: les optimiseurs de ``torch.optim`` des méthodes du registre
#: (:data:`course_utils.optimizers.METHODS`, lu au chargement de ce module) ; d'autres sont
#: acceptés par :func:`torch_trajectory`
OPTIMIZERS = tuple(dict.fromkeys(m.torch_optimizer for m in METHODS.values()
                                 if m.torch_optimizer is not None))

#: les objectifs qui ont une formule torch (:func:`torch_loss`)
_TORCH_OBJECTIVES = (LeastSquares, TanhNetwork)

#: les jumeaux numpy de ``torch.optim`` (:mod:`course_utils.twins`), qui remplacent ses
#: optimiseurs là où PyTorch n'est pas installé
_TWINS = {cls.__name__: cls for cls in (SGD, RMSprop, Adam, Adagrad)}

#: la phrase qui le dit, écrite une fois (à la première trajectoire calculée sans PyTorch)
NO_TORCH_NOTE = (
    "PyTorch n'est pas installé ici (c'est le cas dans le navigateur) : les trajectoires de "
    "torch.optim sont calculées par leurs jumeaux numpy de course_utils "
    f"({', '.join(_TWINS)}), égaux à PyTorch aux arrondis près."
)
_note_shown = False


# -- outils ------------------------------------------------------------------------------------
def _torch():
    """Importe torch à la demande, avec un message clair s'il n'est pas installé."""
    try:
        import torch
    except ImportError:  # dans le navigateur (Pyodide) ; `make install` installe torch
        raise ImportError(
            "Ce chapitre a besoin de PyTorch, qui n'est pas installé dans cet environnement. "
            "Installez-le avec `make install` (ou `pip install -c constraints.txt -e '.[torch]'`)."
        ) from None
    return torch


def torch_available():
    """Vrai si PyTorch peut être importé ici (faux dans le navigateur).

    Renvoie
    -------
    bool : True si ``import torch`` réussit, False s'il lève ``ImportError``.
    """
    try:
        _torch()
    except ImportError:
        return False
    return True


def _optimizer_class(torch, name):
    """La classe ``torch.optim.<name>``, vérifiée."""
    known = sorted(
        n for n, c in vars(torch.optim).items()
        if inspect.isclass(c) and issubclass(c, torch.optim.Optimizer)
        and c is not torch.optim.Optimizer and n != "LBFGS"
    )
    _check_name(name, known)
    return getattr(torch.optim, name)


def _check_name(name, known):
    """`name` est l'un des noms `known` (des optimiseurs de ``torch.optim``)."""
    if not isinstance(name, str):
        raise TypeError(
            "Le paramètre name doit être le nom d'un optimiseur de torch.optim, en texte, par "
            f"exemple « SGD », « RMSprop » ou « Adam » ; valeur reçue : {_shown(name)} "
            f"(de type {type(name).__name__})."
        )
    if name == "LBFGS":
        raise ValueError(
            "Le paramètre name ne peut pas valoir « LBFGS » : cet optimiseur réévalue F "
            "plusieurs fois par étape (il demande une « closure ») et ne donne pas un point "
            "par itération. Choisissez « SGD », « RMSprop » ou « Adam »."
        )
    if name not in known:
        raise ValueError(
            f"Le paramètre name doit être le nom d'un optimiseur de torch.optim (attention aux "
            f"majuscules), par exemple « SGD », « RMSprop » ou « Adam » ; valeur reçue : "
            f"{_shown(name)}. Noms permis : {', '.join(known)}."
        )


def _make_optimizer(cls, p, kwargs):
    """``cls([p], **kwargs)``, avec des messages en français pour les réglages refusés."""
    accepted = [n for n in inspect.signature(cls.__init__).parameters
                if n not in ("self", "params")]
    unknown = [k for k in kwargs if k not in accepted]
    if unknown:
        raise TypeError(
            f"torch.optim.{cls.__name__} n'a pas de paramètre {', '.join(unknown)} ; ses "
            f"paramètres sont : {', '.join(accepted)}."
        )
    try:
        return cls([p], **kwargs)
    except (TypeError, ValueError) as err:
        raise type(err)(
            f"torch.optim.{cls.__name__} refuse les réglages {_shown(kwargs)} (message de "
            f"torch : « {err} »). Vérifiez par exemple que lr est positif."
        ) from None


def _make_twin(name, kwargs):
    """Le jumeau numpy de ``torch.optim.<name>``, avec les réglages de ``torch.optim``."""
    if (isinstance(name, str) and name != "LBFGS"
            and name.lower() not in {n.lower() for n in _TWINS}):
        raise ValueError(
            f"Le paramètre name vaut {_shown(name)} : sans PyTorch (dans le navigateur), "
            "torch_trajectory ne connaît que les optimiseurs qui ont un jumeau numpy dans "
            f"course_utils : {', '.join(sorted(_TWINS))}."
        )
    _check_name(name, sorted(_TWINS))
    cls = _TWINS[name]
    unknown = [k for k in kwargs if k not in cls._params]
    if unknown:
        raise TypeError(
            f"Le jumeau numpy de torch.optim.{name} n'a pas de paramètre {', '.join(unknown)} ; "
            f"ses paramètres sont : {', '.join(cls._params)}."
        )
    return cls(**kwargs)


def _twin_trajectory(name, objective, w0, T, stochastic, seed, schedule, kwargs):
    """La trajectoire de :func:`torch_trajectory`, calculée par le jumeau numpy : même boucle,
    mêmes tirages, même pas ``lr/√t`` que ``LambdaLR`` ; le gradient vient de nos formules
    au lieu d'autograd."""
    global _note_shown
    twin = _make_twin(name, kwargs)
    if not _note_shown:
        print(NO_TORCH_NOTE)
        _note_shown = True
    lr = twin.lr
    indices = sample_indices(objective.n, T, seed) if stochastic else None
    Z = np.full((T + 1, objective.d), np.nan)
    Z[0] = z = w0
    with np.errstate(all="ignore"):
        for t in range(1, T + 1):
            if schedule == "inv_sqrt":
                twin.lr = lr * (1.0 / math.sqrt(t))  # comme LambdaLR : lr · λ(t − 1)
            g = objective.grad(z) if indices is None else objective.grad_i(z, int(indices[t - 1]))
            z = twin.step(z, g)
            if not np.all(np.isfinite(z)):
                break  # divergence : la suite reste NaN
            Z[t] = z
    return Z


# -- la fonction objectif, en opérations torch --------------------------------------------------
def torch_loss(objective, p, i=None):
    """La fonction objectif du cours écrite avec des opérations torch, pour que
    ``loss.backward()`` calcule le gradient par différentiation automatique.

    Paramètres
    ----------
    objective : LeastSquares ou TanhNetwork
        Fournit les données ``X`` (forme ``(n, d)``) et ``y`` (forme ``(n,)``).
    p : torch.Tensor de forme ``(d,)``
        Les poids :math:`\\mathbf{w}` ; en ``torch.float64`` pour retrouver les valeurs de
        numpy à l'arrondi près, avec ``requires_grad=True`` pour obtenir le gradient.
    i : None ou int
        ``None`` : toute la moyenne :math:`F(\\mathbf{w}) = \\frac{1}{n}\\sum_i
        (f_{\\mathbf{w}}(\\mathbf{x}_i) - y_i)^2` ; un indice d'exemple (compté à partir
        de 0) : le terme :math:`F_i(\\mathbf{w}) = (f_{\\mathbf{w}}(\\mathbf{x}_i) - y_i)^2`,
        sans le facteur :math:`1/n`, comme ``objective.value_i``.

    Les formules : moindres carrés, :math:`f_{\\mathbf{w}}(\\mathbf{x}) = \\mathbf{w}\\cdot
    \\mathbf{x}` (toutes les sorties d'un coup : ``X @ p``) ; réseau tanh,
    :math:`R_{\\mathbf{w}}(\\mathbf{x}) = \\mathbf{c}\\cdot\\tanh(M\\mathbf{x})` avec
    :math:`M = \\begin{bmatrix} w_1 & -1 \\\\ 1 & w_2 \\end{bmatrix}` et
    :math:`\\mathbf{c} = [-1, 1]`, les poids de sortie (toutes les sorties d'un coup :
    ``tanh(X @ M.T) @ c``).

    Renvoie
    -------
    torch.Tensor : un scalaire (0-D), du type de ``p``.
    """
    torch = _torch()
    objective = check_objective(objective, kinds=_TORCH_OBJECTIVES)
    p = check_tensor("p", p, objective.d, torch)
    i = check_example("i", i, objective.n, optional=True)
    rows = slice(None) if i is None else slice(i, i + 1)
    # des copies : les données de l'objectif sont en lecture seule
    X = torch.tensor(objective.X[rows], dtype=p.dtype)  # (n, d), ou (1, d) pour F_i
    y = torch.tensor(objective.y[rows], dtype=p.dtype)
    if isinstance(objective, LeastSquares):
        outputs = X @ p  # w · x_i pour chaque ligne x_i
    else:
        # M = [[w1, -1], [1, w2]] : la diagonale vient de p (et reçoit donc le gradient)
        M = torch.diag(p) + torch.tensor([[0.0, -1.0], [1.0, 0.0]], dtype=p.dtype)
        c = torch.tensor(objective.c, dtype=p.dtype)  # les poids de sortie
        outputs = torch.tanh(X @ M.T) @ c  # la ligne i de X @ M.T est (M x_i)ᵀ
    residuals = outputs - y
    return torch.mean(residuals * residuals)


# -- les trajectoires des optimiseurs de torch.optim --------------------------------------------
def torch_trajectory(name, objective, w0, T, *, stochastic=False, seed=None,
                     schedule="constant", **kwargs):
    """Fait tourner le vrai ``torch.optim.<name>`` pendant T étapes et renvoie la trajectoire.

    Chaque étape est la boucle d'entraînement habituelle de PyTorch ::

        opt.zero_grad()                 # efface le gradient de l'étape précédente
        loss = torch_loss(objective, p) # F(p), ou F_i(p) en version stochastique
        loss.backward()                 # autograd remplit p.grad
        opt.step()                      # la mise à jour de l'optimiseur

    Paramètres
    ----------
    name : str
        Le nom de l'optimiseur dans ``torch.optim`` : « SGD », « RMSprop », « Adam »
        (d'autres, comme « Adagrad » ou « AdamW », marchent aussi).
    objective : LeastSquares ou TanhNetwork
    w0 : le départ :math:`\\mathbf{z}_0`, de forme ``(d,)``.
    T : int, le nombre d'étapes.
    stochastic : bool
        ``False`` : le gradient de :math:`F` ; ``True`` : celui de :math:`F_i` pour un
        exemple i tiré uniformément, avec **les mêmes tirages** que :func:`~course_utils.sgd`,
        :func:`~course_utils.sgd_momentum` et :func:`~course_utils.run` pour la même graine
        (:func:`~course_utils.optimizers.sample_indices`).
    seed : None ou int, la graine des tirages (ignorée si ``stochastic=False``).
    schedule : « constant » (le pas ``lr`` à chaque étape, le comportement de torch) ou
        « inv_sqrt » (le pas :math:`lr/\\sqrt{t}` à l'étape t, comme dans le cours ; réalisé par
        ``torch.optim.lr_scheduler.LambdaLR``).
    **kwargs : les réglages de l'optimiseur, passés tels quels (``lr``, ``momentum``,
        ``betas``, ``alpha``, ``eps``…). Sans réglage, ce sont les valeurs par défaut de torch.

    Renvoie
    -------
    ndarray de forme ``(T + 1, d)`` : :math:`\\mathbf{z}_0, \\dots, \\mathbf{z}_T`. Comme dans
    le reste du cours, une divergence n'est pas une erreur : dès qu'un itéré n'est plus fini,
    lui et les suivants valent NaN.

    Sans PyTorch (dans le navigateur), c'est le jumeau numpy de ``torch.optim.<name>`` qui
    tourne (« SGD », « RMSprop », « Adam » ou « Adagrad », :mod:`course_utils.twins`) ; la
    première fois, une phrase le dit (:data:`NO_TORCH_NOTE`).
    """
    torch = _torch() if torch_available() else None
    cls = None if torch is None else _optimizer_class(torch, name)
    objective = check_objective(objective, kinds=_TORCH_OBJECTIVES)
    w0 = check_point("w0", w0, objective.d, batch=False)
    T = check_count("T", T)
    stochastic = check_bool("stochastic", stochastic)
    seed = check_seed("seed", seed)
    check_choice("schedule", schedule, SCHEDULES)
    if torch is None:
        return _twin_trajectory(name, objective, w0, T, stochastic, seed, schedule, kwargs)

    p = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    opt = _make_optimizer(cls, p, kwargs)
    scheduler = None
    if schedule == "inv_sqrt":
        # LambdaLR multiplie le lr de départ par lr_lambda(k), k = nombre d'appels à
        # scheduler.step() déjà faits : l'étape t = k + 1 utilise lr / √t.
        scheduler = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: 1.0 / math.sqrt(k + 1))
    indices = sample_indices(objective.n, T, seed) if stochastic else None

    Z = np.full((T + 1, objective.d), np.nan)
    Z[0] = w0
    for t in range(1, T + 1):
        opt.zero_grad()
        loss = torch_loss(objective, p, None if indices is None else int(indices[t - 1]))
        loss.backward()
        opt.step()
        if scheduler is not None:
            scheduler.step()
        z = p.detach().numpy()
        if not np.all(np.isfinite(z)):
            break  # divergence : la suite reste NaN
        Z[t] = z
    return Z


def torch_method_trajectory(method, objective, w0, eta, T, alpha=0.5, seed=None):
    """La trajectoire d'une méthode du registre, calculée par son équivalent de ``torch.optim``.

    Lit :data:`course_utils.optimizers.METHODS` : la classe (``torch_optimizer``), ses
    réglages (``torch_settings(eta, alpha)``), la règle de pas (``schedule``) et le tirage
    des exemples (``uses_seed``, avec les mêmes tirages que le cours). Le résultat égale
    celui de ``METHODS[method].trajectory`` à l'arrondi près (testé pour chaque méthode),
    sauf pour « momentum » : à pas η/√t, le momentum de PyTorch n'est pas celui du cours
    (chapitre 06).

    Paramètres
    ----------
    method : str, un nom du registre (« gd », « sgd », « momentum », « rmsprop », « adam »…).
    objective : LeastSquares ou TanhNetwork.
    w0 : le départ, de forme ``(d,)``.
    eta : float > 0, le pas η (le ``lr`` de torch).
    T : int, le nombre d'étapes.
    alpha : float, le coefficient de momentum α (ignoré si la méthode ne s'en sert pas).
    seed : None ou int, la graine des tirages (ignorée si la méthode ne tire rien).

    Renvoie
    -------
    ndarray de forme ``(T + 1, d)``, comme :func:`torch_trajectory`.
    """
    m = METHODS[check_choice("method", method, tuple(METHODS))]
    if m.torch_optimizer is None:
        raise ValueError(
            f"Le paramètre method vaut « {m.name} », une méthode sans équivalent déclaré "
            "dans torch.optim (torch_optimizer=None dans le registre)."
        )
    return torch_trajectory(m.torch_optimizer, objective, w0, T, stochastic=m.uses_seed,
                            seed=seed, schedule=m.schedule, **m.torch_settings(eta, alpha))
