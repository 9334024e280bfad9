"""Les exercices du cours, qui se vérifient eux-mêmes.

Un seul point d'entrée ::

    from course_utils.exercises import check
    check("2.1", descente_de_gradient)   # la fonction écrite par l'étudiant

:func:`check` renvoie un :class:`Feedback` : ``.ok`` (réussi ou non) et ``.message`` (en
français). Dans un carnet, il s'affiche comme un encadré vert (réussi), rouge (pas encore, avec
ce qui ne va pas et un indice) ou gris (« à compléter » : la fonction n'a pas encore de corps) ;
ailleurs, comme du texte.

Comment la réponse est jugée :

- la fonction de l'étudiant est appelée sur plusieurs entrées : les données du cours
  (:func:`course_utils.linear_example`), des données tirées au hasard avec d'autres tailles
  (n ≠ 3, d ≠ 2 : rien d'écrit en dur ne passe) et les cas limites qui comptent (T = 0, un seul
  exemple…) ; un tableau de même valeur (une liste de listes) est accepté ;
- les résultats attendus viennent de la bibliothèque (objectifs, optimiseurs, jumeaux de
  ``torch.optim``, ``torch.optim`` lui-même), jamais d'une copie de la solution ;
- en cas d'écart, la réponse est comparée aux résultats des erreurs habituelles (calculés sur
  les mêmes entrées) : si l'une correspond, le message la nomme et donne un indice. Les erreurs
  invisibles dans les résultats (tableau de l'appelant modifié sur place, la même ligne rangée
  à chaque itération) sont vérifiées directement ;
- :func:`check` ne lève jamais d'exception et n'affiche jamais de trace : une exception levée
  par la fonction de l'étudiant est décrite (type, entrée, ligne de son code).

La solution de référence n'est jamais montrée ; un message peut donner la valeur attendue sur une
petite entrée précise (« pour w = (0 ; 0), on attendait F(w) = 4,667 »).
"""

from __future__ import annotations

import contextlib
import dis
import html
import importlib
import inspect
import re
import sysconfig
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .datasets import (
    diabetes,
    linear_example,
    standardize,
    train_validation_split,
    with_bias_column,
)
from .french import number, point
from .minibatch import batch_order, minibatch_sgd
from .objectives import LeastSquares, TanhNetwork
from .optimizers import (
    SGD,
    Adagrad,
    Adam,
    gradient_descent,
    heavy_ball,
    run,
    sample_indices,
    sgd,
    sgd_momentum,
)

__all__ = ["check", "Feedback", "EXERCISES"]

# Tolérance des comparaisons : large devant les arrondis (un autre ordre des opérations), très
# petite devant toutes les erreurs que l'on cherche à reconnaître.
RTOL = 1e-6


# =========================================================================== le retour affiché
_STATUS = {
    # statut : (titre, couleur du bord, couleur du fond, symbole)
    "ok": ("réussi", "#1e7e34", "#e6f4ea", "✔"),
    "erreur": ("pas encore", "#b00020", "#fdecea", "✘"),
    "a_completer": ("à compléter", "#5f6368", "#f1f3f4", "✎"),
    "indisponible": ("vérification impossible ici", "#5f6368", "#f1f3f4", "ℹ"),
}


class Feedback:
    """Le verdict de :func:`check` sur une réponse.

    Attributs : ``exercise`` (l'identifiant, par exemple ``"2.1"``), ``status`` (``"ok"``,
    ``"erreur"``, ``"a_completer"`` ou ``"indisponible"``), ``message`` (le texte en français),
    ``ok`` (vrai seulement si la réponse est juste).

    Dans un carnet, il s'affiche comme un encadré coloré (``_repr_html_``) ; ailleurs, comme du
    texte (``str``). Dans le message, ce qui est entre accents graves (`` `code` ``) est du code
    (et ce qui est entre ``**`` est en gras dans l'encadré).
    """

    def __init__(self, exercise, status, message, name=None):
        if status not in _STATUS:
            raise ValueError(f"statut inconnu : {status!r}")
        self.exercise = exercise
        self.status = status
        self._raw = message  # avec les **mots en gras** pour l'encadré
        # le texte brut, sans les ** du gras (mais pas dans le `code`, où ** est une puissance)
        self.message = "".join(part if k % 2 else part.replace("**", "")
                               for k, part in enumerate(re.split(r"(`[^`]*`)", message)))
        self.name = name

    @property
    def ok(self):
        return self.status == "ok"

    @property
    def title(self):
        who = f"Exercice {self.exercise}" if self.exercise else "Exercice"
        if self.name:
            who += f" ({self.name})"
        return f"{who} : {_STATUS[self.status][0]}"

    def __str__(self):
        return f"{_STATUS[self.status][3]} {self.title}\n{self.message}"

    def __repr__(self):
        return str(self)

    def _repr_html_(self):
        _, border, background, symbol = _STATUS[self.status]
        paragraphs = "".join(f"<p style='margin:0.3em 0'>{_html_text(p)}</p>"
                             for p in self._raw.split("\n") if p.strip())
        return (
            f"<div class='course-feedback course-feedback-{self.status}' "
            f"data-status='{self.status}' data-exercise='{html.escape(str(self.exercise))}' "
            f"style='border-left:6px solid {border};background:{background};color:#202124;"
            "padding:0.5em 0.9em;margin:0.3em 0;border-radius:4px;line-height:1.45'>"
            f"<div style='font-weight:bold;color:{border}'>{symbol} "
            f"{html.escape(self.title)}</div>{paragraphs}</div>"
        )


def _html_text(text):
    """Échappe le texte et met le `code` entre accents graves en police à chasse fixe."""
    parts = re.split(r"`([^`]*)`", text)
    out = []
    for k, part in enumerate(parts):
        if k % 2:
            out.append(f"<code>{html.escape(part)}</code>")
        else:
            out.append(re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(part)))
    return "".join(out)


# =========================================================================== outils
class _Verdict(Exception):
    """Interrompt la vérification avec un statut et un message."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def _fail(message):
    return _Verdict("erreur", message)


_INCOMPLETE = ("Remplacez le `...` par votre code (sous `# VOTRE CODE ICI`), puis exécutez "
               "à nouveau la cellule.")


@dataclass
class _Case:
    """Une entrée sur laquelle la fonction de l'étudiant est essayée."""

    label: str  # en français, après « pour » : « les données du cours et w = (0 ; 0) »
    make: object  # () -> (args, kwargs), de nouveaux objets à chaque appel
    course: bool = False  # les données du cours (pour reconnaître un résultat écrit en dur)
    data: dict = field(default_factory=dict)  # ce qu'il faut pour l'attendu et les variantes


@dataclass
class _Variant:
    """Une erreur habituelle : son résultat (ou un test sur la réponse) et l'indice à donner."""

    hint: str
    compute: object = None  # case -> résultat faux (tableau, ou tuple pour Adam)
    test: object = None  # (réponse en tableau, case) -> bool
    key: str = None  # la même erreur d'un essai à l'autre (par défaut : l'indice)

    def __post_init__(self):
        if self.key is None:
            self.key = self.hint


def _shape(shape):
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def _describe(value):
    """Ce qu'est une valeur, en quelques mots (pour dire ce que la fonction a renvoyé)."""
    if value is None:
        return "None"
    if isinstance(value, (bool, np.bool_)):
        return f"le booléen {value}"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return f"le nombre {number(float(value))}"
    if isinstance(value, np.ndarray):
        return f"un tableau numpy de forme {_shape(value.shape)}"
    if type(value).__module__.split(".")[0] == "torch":
        return f"un objet torch ({type(value).__name__}) de forme {_shape(tuple(value.shape))}" \
            if hasattr(value, "shape") else f"un objet torch ({type(value).__name__})"
    if isinstance(value, (list, tuple)):
        kind = "une liste" if isinstance(value, list) else "un tuple"
        return f"{kind} de {len(value)} élément{'s' if len(value) > 1 else ''}"
    if isinstance(value, str):
        return f"le texte {value[:40]!r}"
    return f"un objet de type {type(value).__name__}"


def _is_torch(value):
    return type(value).__module__.split(".")[0] == "torch" and hasattr(value, "detach")


def _untorch(value):
    """Les tenseurs torch (même avec ``requires_grad``) deviennent des tableaux numpy."""
    if _is_torch(value):
        return value.detach().cpu().numpy()
    if isinstance(value, (list, tuple)):
        return [_untorch(v) for v in value]
    return value


def _as_array(value):
    """La réponse en tableau de flottants, ou un message qui dit pourquoi c'est impossible."""
    if isinstance(value, str):
        raise _fail(f"Votre fonction renvoie du texte ({_describe(value)}) : il faut renvoyer des "
                    "nombres (un nombre ou un tableau numpy), pas une chaîne de caractères.")
    try:
        raw = np.asarray(_untorch(value))
        if raw.dtype.kind == "c":
            raise _fail(f"Votre fonction renvoie {_describe(value)} de nombres complexes : il "
                        "faut des nombres réels.")
        arr = np.asarray(raw, dtype=float)
    except _Verdict:
        raise
    except (TypeError, ValueError, RuntimeError):
        extra = ""
        if isinstance(value, (list, tuple)) and len(value) > 1:
            shapes = {np.shape(_untorch(v)) for v in value}
            if len(shapes) > 1:
                extra = (" Ses éléments n'ont pas tous la même forme ("
                         + ", ".join(_shape(s) for s in sorted(shapes)) + ").")
        raise _fail(f"Votre fonction renvoie {_describe(value)}, que je ne sais pas lire comme "
                    f"un tableau de nombres réels.{extra}") from None
    return arr


def _finite(arr):
    return bool(np.all(np.isfinite(arr)))


def _close(got, expected, rtol=RTOL, nonfinite=False):
    """Même forme et mêmes valeurs, à l'arrondi près. Avec ``nonfinite``, des NaN et des
    infinis aux mêmes places comptent comme égaux (une variante fausse qui diverge)."""
    got = np.asarray(got, dtype=float)
    expected = np.asarray(expected, dtype=float)
    if got.shape != expected.shape:
        return False
    if nonfinite and not (_finite(got) and _finite(expected)):
        same = (np.isnan(got) == np.isnan(expected)) & (np.isinf(got) == np.isinf(expected))
        ok = np.isfinite(expected)
        if not np.all(same) or not np.all(got[np.isinf(got)] == expected[np.isinf(got)]):
            return False
        return _close(got[ok], expected[ok], rtol) if np.any(ok) else True
    if not _finite(got) or not _finite(expected):
        return False
    scale = max(1.0, float(np.max(np.abs(expected)))) if expected.size else 1.0
    return bool(np.allclose(got, expected, rtol=rtol, atol=1e-9 * scale))


@contextlib.contextmanager
def _quiet():
    """Ni avertissement ni message de numpy pendant les calculs (ceux de l'étudiant compris)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield


# -- les exceptions levées par le code de l'étudiant -------------------------------------------
_LIBRARY_DIR = Path(__file__).resolve().parent
_SYSTEM_DIRS = []
for _key in ("stdlib", "platstdlib", "purelib", "platlib"):
    try:
        _SYSTEM_DIRS.append(Path(sysconfig.get_paths()[_key]).resolve())
    except (KeyError, OSError):  # pragma: no cover - selon l'installation de Python
        pass


def _is_student_file(filename):
    if filename.startswith("<"):
        return not filename.startswith("<frozen")
    path = Path(filename).resolve()
    return not any(path.is_relative_to(d) for d in [_LIBRARY_DIR, *_SYSTEM_DIRS])


def _student_line(exc):
    """La dernière ligne du code de l'étudiant dans la trace (jamais une ligne de la
    bibliothèque, de numpy ou de torch), ou None."""
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if _is_student_file(frame.filename):
            found = frame
    return found


def _exception_message(exc, case):
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if len(text) > 160:
        text = text[:157] + "..."
    what = f"l'erreur `{type(exc).__name__}`" + (f" (« {text} »)" if text else "")
    message = f"Votre fonction s'est arrêtée sur {what} pour {case.label}"
    frame = _student_line(exc)
    if frame is not None and frame.lineno:
        message += f", à la ligne {frame.lineno} de votre code"
        if frame.line:
            message += f" : `{frame.line.strip()}`"
    return message + "."


# -- la fonction de l'étudiant ------------------------------------------------------------------
def _is_empty(func):
    """Vrai si le corps de la fonction ne fait rien (``...``, ``pass``, une docstring)."""
    code = getattr(func, "__code__", None)
    if code is None:
        return False
    ops = [i for i in dis.get_instructions(code)
           if i.opname not in ("RESUME", "NOP", "CACHE", "EXTENDED_ARG")]
    if len(ops) == 1:
        return ops[0].opname == "RETURN_CONST" and ops[0].argval is None
    return (len(ops) == 2 and ops[0].opname == "LOAD_CONST" and ops[0].argval is None
            and ops[1].opname == "RETURN_VALUE")


def _contains_ellipsis(value):
    if value is Ellipsis:
        return True
    if isinstance(value, (list, tuple)):
        return any(_contains_ellipsis(v) for v in value)
    return False


# =========================================================================== les exercices
class _Exercise:
    """Un exercice : ses entrées, le résultat attendu, les erreurs habituelles."""

    id = ""
    chapter = 0
    name = ""  # le nom de la fonction que l'étudiant écrit
    params = ()  # ses paramètres, pour les messages
    quantity = "le résultat"  # ce que la fonction calcule (pour « on attendait … »)
    kind = "vector"  # "scalar", "vector", "trajectory" ou "tuple"
    parts = ()  # pour kind == "tuple" : les noms des tableaux renvoyés, dans l'ordre
    broadcast_advice = ""  # ajouté à l'indice d'une erreur de diffusion (`*`, `+`, `-`)
    start = "w0"  # trajectoire : le paramètre qui donne le départ z_0
    course_sizes = "n = 3, d = 2"  # les tailles des données du cours (« rien en dur »)

    def cases(self):
        raise NotImplementedError

    def expected(self, case):
        raise NotImplementedError

    def variants(self, case):
        return []

    def exception_hint(self, exc, case):
        return None

    def direct_checks(self, result, args, kwargs, case):
        """Les erreurs invisibles dans les valeurs renvoyées ; renvoie des indices."""
        return []

    def available(self):
        """None si l'exercice peut être vérifié ici, sinon un message."""
        return None

    @property
    def signature(self):
        return f"{self.name}({', '.join(self.params)})"


# -- entrées communes ---------------------------------------------------------------------------
def _rng(exercise_id):
    """Un générateur fixe par exercice : les mêmes entrées à chaque vérification."""
    seed = sum(ord(c) * 31**k for k, c in enumerate(exercise_id))
    return np.random.default_rng(seed)


def _random_data(rng, n, d):
    X = rng.normal(size=(n, d)).round(2)
    y = rng.normal(size=n).round(2)
    return X, y


def _sizes(X):
    n, d = X.shape
    return f"n = {n} exemple{'s' if n > 1 else ''}, d = {d}"


# -- variantes par facteur constant (gradients) ------------------------------------------------
def _factor_variants(expected, n, what="gradient", n_label="n"):
    """Les erreurs de facteur constant : 2 oublié, 1/n oublié, signe, et leurs combinaisons."""
    factors = []
    for half in (False, True):
        for times_n in (False, True):
            for neg in (False, True):
                if not (half or times_n or neg):
                    continue
                if times_n and n == 1:
                    continue
                c = (0.5 if half else 1.0) * (n if times_n else 1.0) * (-1.0 if neg else 1.0)
                parts = []
                if half:
                    parts.append("avez-vous oublié le facteur 2 qui vient de la dérivée du "
                                 "carré, (u²)' = 2u·u' ?")
                if times_n:
                    parts.append(f"vous avez fait la somme sur les exemples sans diviser par "
                                 f"{n_label} : c'est une moyenne, (1/n) Σ …")
                if neg:
                    parts.append("l'écart s'écrit prédiction moins cible, (w·x_i − y_i), et "
                                 "non (y_i − w·x_i) : le signe change tout, car −∇F montre la "
                                 "descente.")
                size = {0.5: "exactement la moitié du bon", -0.5: "exactement moins la "
                        "moitié du bon", -1.0: "exactement l'opposé du bon"}.get(
                            c, f"exactement {number(c)} fois le bon")
                hint = f"Votre {what} vaut {size} : " + " De plus, ".join(parts)
                factors.append(_Variant(hint, compute=lambda case, c=c: c * expected(case),
                                    key=f"factor-{half}-{times_n}-{neg}"))
    return factors


def _proportional_hint(got, expected, what="résultat"):
    """Un indice si la réponse est proportionnelle à l'attendu (mauvais facteur constant)."""
    got = np.asarray(got, dtype=float).ravel()
    expected = np.asarray(expected, dtype=float).ravel()
    if got.shape != expected.shape or got.size < 2 or not np.any(expected):
        return None
    k = int(np.argmax(np.abs(expected)))
    c = got[k] / expected[k]
    if c != 0 and np.isfinite(c) and np.allclose(got, c * expected, rtol=1e-6, atol=1e-12):
        return (f"Votre {what} est proportionnel au bon (il vaut {number(c)} fois le bon) : "
                "la direction est juste, vérifiez les facteurs constants de la formule.")
    return None


# -- variantes communes aux gradients d'un réseau (5.1, 5.2) ----------------------------------
_TANH_PAREN = ("La dérivée de tanh est tanh'(u) = 1 − tanh²(u) : le carré porte sur tanh seul, "
               "`1 - np.tanh(u)**2`, et non sur la différence, `(1 - np.tanh(u))**2`.")


def _gradient_layout_variants(expected, n):
    """Un gradient de dimension 2 mal rangé : composantes échangées, ou un tableau avec une
    ligne (n, 2) ou une colonne (2, n) par exemple, sans la moyenne."""
    return [
        _Variant("Vos deux composantes sont échangées : la première est ∂F/∂w₁, la seconde "
                 "∂F/∂w₂ (dans cet ordre).", compute=lambda case: expected(case)[::-1],
                 key="swapped"),
        _Variant(f"Votre fonction renvoie un tableau de forme (n, 2) = {_shape((n, 2))}, une "
                 "ligne par exemple : il reste à faire la moyenne (la somme, puis × 2/n) sur les "
                 "exemples.", test=lambda got, case: got.shape == (n, 2) and n != 2,
                 key="per-example"),
        _Variant(f"Votre fonction renvoie un tableau de forme (2, n) = {_shape((2, n))}, une "
                 "colonne par exemple : chaque composante doit être une somme sur les exemples "
                 "(par exemple `ecarts @ d1`, ou `np.sum(ecarts * d1)`), puis × 2/n.",
                 test=lambda got, case: got.shape == (2, n) and n != 2,
                 key="per-example-columns"),
    ]


# le n des données du cours : sur un essai où d vaut 3, diviser par d ne se distingue pas
# d'un « / 3 » écrit en dur (qui a son propre message)
_COURSE_N = 3


def _per_weight_hint(n, dim):
    """L'indice de la moyenne prise sur les d poids au lieu des n exemples."""
    return (f"Vous avez divisé par d = {dim}, le nombre de poids (`len(w)`, `X.shape[1]`), au "
            f"lieu de n = {n}, le nombre d'exemples (`len(y)`, `X.shape[0]`) : la moyenne se "
            "prend sur les exemples, (1/n) Σ_i.")


# ------------------------------------------------------------------------------------- 1.1
class _Objective(_Exercise):
    id, chapter, name = "1.1", 1, "objectif"
    params = ("w", "X", "y")
    quantity = "F(w)"
    kind = "scalar"
    broadcast_advice = (" Les n produits scalaires w·x_i s'écrivent d'un coup `X @ w` (`X * w` "
                        "multiplie case par case).")

    def cases(self):
        X, y = linear_example()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 5, 3)
        wr = rng.normal(size=3).round(2)
        X1, y1 = X[2:3], y[2:3]
        w1 = np.array([0.5, -1.0])
        return [
            _Case("les données du cours et w = (0 ; 0)",
                  lambda: ((np.zeros(2), *linear_example()), {}), course=True,
                  data=dict(X=X, y=y, w=np.zeros(2))),
            _Case("les données du cours et w = (−7 ; 7)",
                  lambda: ((np.array([-7.0, 7.0]), *linear_example()), {}), course=True,
                  data=dict(X=X, y=y, w=np.array([-7.0, 7.0]))),
            _Case(f"des données tirées au hasard ({_sizes(Xr)}) et w = {point(wr)}",
                  lambda: ((wr.copy(), Xr.copy(), yr.copy()), {}), data=dict(X=Xr, y=yr, w=wr)),
            _Case(f"un seul exemple (n = 1 : x_1 = {point(X1[0])}, y_1 = {number(y1[0])}) "
                  f"et w = {point(w1)}",
                  lambda: ((w1.copy(), X1.copy(), y1.copy()), {}), data=dict(X=X1, y=y1, w=w1)),
        ]

    def expected(self, case):
        d = case.data
        return LeastSquares(d["X"], d["y"]).value(d["w"])

    def variants(self, case):
        d = case.data
        F = LeastSquares(d["X"], d["y"])
        n = F.n
        r = F.residuals(d["w"])
        square = "avez-vous oublié d'élever les écarts au carré ? F(w) = (1/n) Σ (w·x_i − y_i)²."
        out = [
            _Variant("Votre fonction renvoie un nombre par exemple (forme "
                     f"{_shape((n,))}) : F(w) est un seul nombre, la **moyenne** des carrés "
                     "des écarts (`np.mean`).",
                     test=lambda got, case: got.shape == (n,), key="per-example"),
            _Variant("Votre résultat est la racine carrée du bon : F(w) est la moyenne des "
                     "carrés des écarts, sans racine.",
                     compute=lambda case: np.sqrt(F.value(d["w"]))),
            _Variant(f"Votre résultat est la moyenne des écarts, pas de leurs carrés : {square}",
                     compute=lambda case: np.mean(r)),
            _Variant("Votre résultat est la moyenne des écarts en valeur absolue, pas de leurs "
                     f"carrés : {square}", compute=lambda case: np.mean(np.abs(r))),
            _Variant(f"Votre résultat est la somme des écarts : {square} Et c'est une moyenne : "
                     "divisez par n.", compute=lambda case: np.sum(r)),
            _Variant(f"Votre résultat est la somme des écarts en valeur absolue : {square} Et "
                     "c'est une moyenne : divisez par n.",
                     compute=lambda case: np.sum(np.abs(r))),
            _Variant("Vous avez élevé au carré la **moyenne** des écarts : F(w) est la moyenne "
                     "de leurs **carrés**, (1/n) Σ (w·x_i − y_i)². Le `**2` doit porter sur les "
                     "écarts, à l'intérieur de la moyenne : `np.mean((X @ w - y) ** 2)`.",
                     compute=lambda case: np.mean(r) ** 2, key="square-of-mean"),
            _Variant("Votre résultat vaut exactement la moitié du bon : F(w) = (1/n) Σ "
                     "(w·x_i − y_i)², sans facteur ½ devant.",
                     compute=lambda case: F.value(d["w"]) / 2, key="half"),
        ]
        dim = d["X"].shape[1]
        if dim not in (n, _COURSE_N):
            out.append(_Variant(_per_weight_hint(n, dim), key="div-d",
                                compute=lambda case: n * F.value(d["w"]) / dim))
        if n > 1:
            out.insert(1, _Variant(
                f"Votre résultat vaut exactement n fois le bon (n = {n} ici) : vous avez fait "
                "la somme des carrés des écarts ; F(w) est leur **moyenne** : divisez par n "
                "(ou utilisez `np.mean`).", compute=lambda case: n * F.value(d["w"]),
                key="sum-squares"))
        return out


# ------------------------------------------------------------------------------------- 1.2
class _Gradient(_Objective):
    id, chapter, name = "1.2", 1, "gradient"
    quantity = "∇F(w)"
    kind = "vector"
    broadcast_advice = (" Pour multiplier chaque ligne x_i de X par son écart r_i (r de forme "
                        "(n,)), écrivez `r[:, None] * X` ; ou faites la somme d'un coup : "
                        "`X.T @ r`.")

    def expected(self, case):
        d = case.data
        return LeastSquares(d["X"], d["y"]).grad(d["w"])

    def variants(self, case):
        d = case.data
        n, dim = d["X"].shape
        per_example = ("une ligne par exemple. Il reste à additionner ces lignes (somme sur "
                       "l'axe des exemples, `axis=0`) et à diviser par n : ∇F(w) a d "
                       "composantes.")
        out = [
            _Variant(f"Votre fonction renvoie un tableau de forme (n, d) = {_shape((n, dim))} : "
                     + per_example,
                     test=lambda got, case: got.shape == (n, dim) and n != dim, key="shape-nd"),
            _Variant(f"Votre fonction renvoie un tableau de forme (d, n) = {_shape((dim, n))} : "
                     "une colonne par exemple. Il reste à les additionner (`axis=1`) et à "
                     "diviser par n : ∇F(w) a d composantes.",
                     test=lambda got, case: got.shape == (dim, n) and n != dim, key="shape-dn"),
            _Variant(f"Votre fonction renvoie n = {n} nombres (les écarts w·x_i − y_i ?) : "
                     f"∇F(w) est un vecteur de d = {dim} composantes, (2/n) Σ (w·x_i − y_i) x_i.",
                     test=lambda got, case: got.shape == (n,) and n != dim, key="shape-n"),
        ]
        if dim not in (n, _COURSE_N):
            out.append(_Variant(_per_weight_hint(n, dim), key="div-d",
                                compute=lambda case: n / dim * self.expected(case)))
        return out + _factor_variants(self.expected, n)


# ------------------------------------------------------------------------------------- 2.1
def _trajectory_checks(result, w0_given, w0_pristine, torch_hint=False, name="w0"):
    """Erreurs vues directement : w0 de l'appelant modifié (``name`` : le nom du paramètre),
    la même ligne rangée partout."""
    hints = []
    if isinstance(w0_given, np.ndarray) and not np.array_equal(w0_given, w0_pristine):
        if torch_hint:
            hints.append("Votre fonction a modifié le tableau w0 de l'appelant : "
                         "`torch.from_numpy(w0)` partage la mémoire de w0, et `opt.step()` "
                         "modifie ce tenseur sur place. Créez un tenseur neuf : "
                         "`torch.tensor(w0, dtype=torch.float64, requires_grad=True)`.")
        else:
            hints.append(f"Votre fonction a modifié le tableau {name} de l'appelant (ses valeurs "
                         f"ont changé après l'appel) : `z = {name}` ne copie pas le tableau, donc "
                         f"`z -= ...` modifie aussi {name}. Partez d'une copie : "
                         f"`z = {name}.copy()`, ou calculez un nouveau tableau à chaque "
                         "itération : `z = z - ...`.")
    if isinstance(result, (list, tuple)) and len(result) > 1:
        rows = list(result)
        shared = False
        for a in range(len(rows)):
            for b in range(a + 1, len(rows)):
                ra, rb = rows[a], rows[b]
                if ra is rb and isinstance(ra, np.ndarray) or _is_torch(ra) and ra is rb:
                    shared = True
                elif isinstance(ra, np.ndarray) and isinstance(rb, np.ndarray) and \
                        ra.size and np.shares_memory(ra, rb):
                    shared = True
                elif _is_torch(ra) and _is_torch(rb) and ra.numel() and \
                        ra.data_ptr() == rb.data_ptr():
                    shared = True
                if shared:
                    break
            if shared:
                break
        if shared:
            hints.append(_ALIAS_HINT_TORCH if torch_hint else _ALIAS_HINT)
    return hints


_ALIAS_HINT = ("Votre trajectoire range plusieurs fois le même tableau : quand il est modifié "
               "sur place (`z -= ...`), toutes ses copies « changent » en même temps, et toutes "
               "les lignes finissent égales au dernier point. Rangez une copie à chaque "
               "itération (`z.copy()`), ou calculez un nouveau tableau : `z = z - eta * g`.")
_ALIAS_HINT_TORCH = ("Votre trajectoire range plusieurs fois le même tenseur (ou la même "
                     "mémoire) : `p.detach().numpy()` n'est pas une copie, c'est une vue sur p, "
                     "que `opt.step()` modifie sur place ; toutes les lignes finissent égales "
                     "au dernier point. Rangez une copie : `p.detach().numpy().copy()`.")


def _same_rows_variant(torch_hint=False):
    """Toutes les lignes égales à la dernière (le même tableau rangé à chaque itération)."""
    def test(got, case):
        return (got.ndim == 2 and got.shape[0] > 1 and _finite(got)
                and np.allclose(got, got[-1]))
    return _Variant(_ALIAS_HINT_TORCH if torch_hint else _ALIAS_HINT, test=test)


def _t_points_variant(case_T):
    return _Variant(
        f"Votre trajectoire a T = {case_T} ligne{'s' if case_T > 1 else ''} au lieu de "
        f"T + 1 = {case_T + 1} : elle doit contenir le départ z_0 = w0 **et** les T points "
        "z_1, …, z_T (T itérations donnent T + 1 points ; le code de 2019 en oubliait un).",
        test=lambda got, case: got.ndim >= 1 and got.shape[0] == case_T, key="T-points")


class _GradientDescent(_Exercise):
    id, chapter, name = "2.1", 2, "descente_de_gradient"
    params = ("grad", "w0", "eta", "T")
    quantity = "z_t"
    kind = "trajectory"

    def cases(self):
        X, y = linear_example()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 6, 3)
        w0r = rng.normal(size=3).round(1) * 3
        X1, y1 = _random_data(rng, 4, 1)
        out = []
        for label, (Xc, yc), w0, eta, T, course in (
            ("le problème du cours (w0 = (−7 ; 7), η = 0,4, T = 20)", (X, y),
             np.array([-7.0, 7.0]), 0.4, 20, True),
            (f"des données tirées au hasard ({_sizes(Xr)}), w0 = {point(w0r)}, η = 0,2, T = 7",
             (Xr, yr), w0r, 0.2, 7, False),
            ("T = 0 (aucune itération : la trajectoire ne contient que z_0 = w0), "
             "avec les données du cours et w0 = (−7 ; 7)",
             (X, y), np.array([-7.0, 7.0]), 0.4, 0, False),
            (f"une seule dimension ({_sizes(X1)}), w0 = {point([2.0])}, η = 0,3, T = 5",
             (X1, y1), np.array([2.0]), 0.3, 5, False),
        ):
            F = LeastSquares(Xc, yc)
            out.append(_Case(label, lambda F=F, w0=w0, eta=eta, T=T: (
                (F.grad, w0.copy(), eta, T), {}), course=course,
                data=dict(F=F, w0=w0, eta=eta, T=T)))
        return out

    def expected(self, case):
        d = case.data
        return gradient_descent(d["F"], d["w0"], d["eta"], d["T"])

    def variants(self, case):
        d = case.data
        F, w0, eta, T = d["F"], d["w0"], d["eta"], d["T"]

        def loop(step):
            Z = [np.array(w0, dtype=float)]
            for _ in range(T):
                Z.append(step(Z[-1]))
            return np.array(Z)

        return [
            _t_points_variant(T),
            _same_rows_variant(),
            _Variant("Votre trajectoire monte : à chaque pas, il faut aller **contre** le "
                     "gradient, z_t = z_{t−1} − η ∇F(z_{t−1}) (avec un signe moins).",
                     compute=lambda case: loop(lambda z: z + eta * F.grad(z))),
            _Variant("Le gradient doit être recalculé au point courant à chaque pas : "
                     "g_t = ∇F(z_{t−1}), et non ∇F(w0) au départ.",
                     compute=lambda case: loop(lambda z: z - eta * F.grad(w0))),
        ]

    def direct_checks(self, result, args, kwargs, case):
        return _trajectory_checks(result, args[1], case.data["w0"])


# ------------------------------------------------------------------------------------- 2.2
class _StabilityThreshold(_Exercise):
    id, chapter, name = "2.2", 2, "seuil_de_stabilite"
    params = ("H",)
    quantity = "le seuil 2/L"
    kind = "scalar"

    def cases(self):
        X, y = linear_example()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 6, 4)
        X1, y1 = np.array([[1.5], [-0.5]]), np.array([1.0, 2.0])
        out = []
        for label, (Xc, yc), course in (
            ("la hessienne H des données du cours", (X, y), True),
            ("une matrice 4 × 4 tirée au hasard (d = 4)", (Xr, yr), False),
            ("une matrice 1 × 1 (d = 1)", (X1, y1), False),
        ):
            F = LeastSquares(Xc, yc)
            H = F.hessian()
            out.append(_Case(label, lambda H=H: ((H.copy(),), {}), course=course,
                             data=dict(F=F, H=H)))
        return out

    def expected(self, case):
        return case.data["F"].stability_threshold

    def variants(self, case):
        F, H = case.data["F"], case.data["H"]
        eig = np.linalg.eigvalsh(H)
        L, mu = eig[-1], eig[0]
        ev = "la plus grande valeur propre L = λ_max de H (`np.linalg.eigvalsh(H)` les range " \
             "par ordre croissant)"
        return [
            _Variant(f"Votre fonction renvoie {H.shape[0]} nombres (les valeurs propres ?) : le "
                     "seuil est un seul nombre, 2/L avec L la plus grande valeur propre.",
                     test=lambda got, case: got.shape == (H.shape[0],) and H.shape[0] > 1,
                     key="eigvals"),
            _Variant(f"Vous avez utilisé la plus petite valeur propre μ : c'est {ev} qui fixe "
                     "le seuil, car c'est dans sa direction que |1 − ηλ| dépasse 1 en premier.",
                     compute=lambda case: 2.0 / mu),
            _Variant(f"Votre seuil vaut la moitié du bon : c'est 2/L, et non 1/L, avec {ev} "
                     "(il faut |1 − ηL| < 1, soit η < 2/L).", compute=lambda case: 1.0 / L),
            _Variant(f"Vous avez utilisé 1/μ : le seuil est 2/L, avec {ev}.",
                     compute=lambda case: 1.0 / mu),
            _Variant("Vous avez utilisé la trace de H (la somme des valeurs propres) : le seuil "
                     f"dépend seulement de {ev} ; calculez-la avec `np.linalg.eigvalsh`.",
                     compute=lambda case: 2.0 / np.trace(H)),
            _Variant("Vous avez utilisé la trace de H : le seuil est 2/L, avec "
                     f"{ev}.", compute=lambda case: 1.0 / np.trace(H)),
            _Variant("Vous avez calculé le **meilleur pas** constant 2/(L + μ), pas le seuil "
                     "de stabilité 2/L (au-delà duquel la descente diverge).",
                     compute=lambda case: F.optimal_step),
            _Variant(f"Votre fonction renvoie L lui-même : le seuil est 2/L, avec {ev}.",
                     compute=lambda case: L),
            _Variant("Vous avez utilisé le plus grand coefficient de la matrice H, pas sa plus "
                     f"grande valeur propre : le seuil est 2/L, avec {ev}.",
                     compute=lambda case: 2.0 / np.max(np.abs(H))),
        ]


# ------------------------------------------------------------------------------------- 3.1
class _PartialGradient(_Exercise):
    id, chapter, name = "3.1", 3, "gradient_partiel"
    params = ("w", "x_i", "y_i")
    quantity = "∇F_i(w)"
    kind = "vector"

    def cases(self):
        X, y = linear_example()
        rng = _rng(self.id)
        x4, y4 = _random_data(rng, 1, 4)
        w4 = rng.normal(size=4).round(2)
        w = np.array([-7.0, 7.0])
        out = []
        for label, wc, xc, yc, course in (
            ("w = (−7 ; 7) et le premier exemple du cours, x_1 = (1 ; 1), y_1 = −1",
             w, X[0], y[0], True),
            ("w = (−7 ; 7) et le troisième exemple du cours, x_3 = (2 ; 0,5), y_3 = 2",
             w, X[2], y[2], True),
            (f"un exemple tiré au hasard en dimension d = 4 : x_i = {point(x4[0], 3)}, y_i = "
             f"{number(y4[0])}, w = {point(w4, 3)}", w4, x4[0], y4[0], False),
            ("une seule dimension : x_i = (3), y_i = 1, w = (0,5)",
             np.array([0.5]), np.array([3.0]), 1.0, False),
        ):
            out.append(_Case(label, lambda wc=wc, xc=xc, yc=yc: (
                (wc.copy(), xc.copy(), float(yc)), {}), course=course,
                data=dict(w=wc, x=xc, y=float(yc))))
        return out

    def expected(self, case):
        d = case.data
        return LeastSquares(d["x"][None, :], [d["y"]]).grad_i(d["w"], 0)

    def variants(self, case):
        d = case.data
        dim = d["x"].shape[0]
        no_n = ("∇F_i n'a **pas** de facteur 1/n : F_i(w) = (w·x_i − y_i)² ne regarde qu'un "
                "exemple, c'est la moyenne F = (1/n) Σ F_i qui apporte le 1/n (le code de 2019 "
                "divisait ici par n).")
        w, x, y = d["w"], d["x"], d["y"]
        out = [
            _Variant("Votre gradient partiel vaut le bon divisé par 3, le nombre d'exemples du "
                     "cours (avez-vous écrit (2/n) … ou divisé par n ?) : " + no_n,
                     compute=lambda case: self.expected(case) / 3.0),
            _Variant("`w * x_i` multiplie case par case et donne un vecteur ; w·x_i est le "
                     "**produit scalaire**, un seul nombre, Σ_k w_k x_{i,k} : écrivez "
                     "`w @ x_i` (ou `np.dot(w, x_i)`).",
                     compute=lambda case: 2 * (w * x - y) * x, key="elementwise"),
            _Variant(f"Votre fonction renvoie F_i(w) = (w·x_i − y_i)², la perte de l'exemple, et "
                     f"non son gradient : ∇F_i(w) = 2 (w·x_i − y_i) x_i, un vecteur de d = {dim} "
                     "composantes.",
                     test=lambda got, case: got.shape == () and _close(got, (w @ x - y) ** 2),
                     key="value"),
            _Variant(f"Votre fonction renvoie un seul nombre : ∇F_i(w) est un vecteur de d = "
                     f"{dim} composantes, 2 (w·x_i − y_i) x_i (n'oubliez pas le facteur x_i).",
                     test=lambda got, case: got.shape == () and dim > 1),
        ]
        if dim > 1:
            out.append(_Variant(
                f"Votre gradient partiel vaut le bon divisé par d = {dim} (`len(x_i)`) : "
                + no_n, compute=lambda case: self.expected(case) / dim, key="div-d"))
        return out + _factor_variants(self.expected, 1, what="gradient partiel")

    def exception_hint(self, exc, case):
        if isinstance(exc, NameError) and getattr(exc, "name", None) == "n":
            return ("Il n'y a pas de n ici, et c'est normal : ∇F_i(w) = 2 (w·x_i − y_i) x_i ne "
                    "regarde qu'un exemple, il n'a pas de facteur 1/n.")
        return None


# ------------------------------------------------------------------------------------- 3.2
def _sgd_variant(F, w0, eta, T, indices, *, rate="sqrt", full=False, alpha=None,
                 climb=False, carry=True, divide_n=False, half=False, at_start=False):
    """Les erreurs habituelles de la SGD (avec ou sans momentum), sur les mêmes tirages."""
    z = np.array(w0, dtype=float)
    v = np.zeros_like(z)
    Z = [z.copy()]
    for t in range(1, T + 1):
        i = int(indices[t - 1])
        at = np.asarray(w0, dtype=float) if at_start else z
        g = F.grad(at) if full else F.grad_i(at, i)
        if divide_n:
            g = g / F.n
        if half:
            g = g / 2
        step = {"sqrt": eta / np.sqrt(t), "t": eta / t, "const": eta,
                "sqrt+1": eta / np.sqrt(t + 1)}[rate]
        if alpha is None:
            z = z - step * g
        else:
            v = (alpha * v if carry else 0.0) - step * g
            z = z - v if climb else z + v
        Z.append(z.copy())
    return np.array(Z)


_T_FROM_ZERO = ("Le pas de l'étape t est η/√t avec t = 1, 2, …, T : si votre boucle compte t "
                "à partir de 0, le premier pas divise par √0 = 0. Comptez t de 1 à T (par "
                "exemple `for t in range(1, T + 1)`) ; l'exemple de l'étape t est alors "
                "`indices[t - 1]`.")
def _other_examples_variant(case):
    """Des pas de SGD justes (bon pas, bon gradient partiel, même vitesse), mais pas sur les
    exemples donnés : tirés par l'étudiant, parcourus dans l'ordre, décalés de 1…"""
    d = case.data
    F, w0, eta, T, idx = d["F"], d["w0"], d["eta"], d["T"], d["indices"]
    alpha = d["alpha"] or 0.0

    def test(got, case):
        if got.shape != (T + 1, np.size(w0)) or not _finite(got) or not _close(got[0], w0):
            return False
        v = np.zeros(np.size(w0))
        wrong = False
        for t in range(1, T + 1):
            z = got[t - 1]
            steps = z + alpha * v - eta / np.sqrt(t) * F.grad_i(z, np.arange(F.n))
            fits = [_close(got[t], s) for s in steps]
            if not any(fits):
                return False
            wrong = wrong or not fits[int(idx[t - 1])]
            v = got[t] - z
        return wrong

    return _Variant(
        "Vos pas suivent bien la formule, mais pas avec les exemples donnés : à l'étape t, "
        "utilisez l'exemple i = `indices[t - 1]` tel quel (les lignes `X[i]` et `y[i]`). Ne "
        "tirez pas vous-même au hasard, ne parcourez pas les exemples dans l'ordre, et ne "
        "retranchez pas 1 : les indices sont déjà numérotés à partir de 0, comme les lignes "
        "de X.", test=test, key="other-examples")


_INDEX_HINT = ("À l'étape t (t = 1, …, T), l'exemple tiré est `indices[t - 1]` : le tableau "
               "indices a T cases, numérotées de 0 à T − 1 (comme les lignes de X).")


class _StochasticDescent(_Exercise):
    id, chapter, name = "3.2", 3, "descente_stochastique"
    params = ("X", "y", "w0", "eta", "T", "indices")
    quantity = "z_t"
    kind = "trajectory"

    def _setups(self):
        """(label, X, y, w0, eta, alpha, T, graine des indices, données du cours ?)"""
        X, y = linear_example()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 5, 3)
        w0r = (rng.normal(size=3) * 3).round(1)
        return [
            ("le problème du cours (w0 = (−7 ; 7), η = 1/3, T = 50, indices de la graine 0)",
             X, y, np.array([-7.0, 7.0]), 1 / 3, None, 50, 0, True),
            (f"des données tirées au hasard ({_sizes(Xr)}), w0 = {point(w0r)}, η = 0,1, T = 12",
             Xr, yr, w0r, 0.1, None, 12, 3, False),
            ("T = 0 (aucune itération : la trajectoire ne contient que z_0 = w0), "
             "avec les données du cours", X, y, np.array([-7.0, 7.0]), 1 / 3, None, 0, 0, False),
            ("un seul exemple (n = 1 : x_1 = (0 ; −1), y_1 = 3), w0 = (1 ; 1), η = 0,2, T = 6",
             X[1:2], y[1:2], np.array([1.0, 1.0]), 0.2, None, 6, 1, False),
        ]

    def cases(self):
        out = []
        for label, Xc, yc, w0, eta, alpha, T, seed, course in self._setups():
            F = LeastSquares(Xc, yc)
            indices = sample_indices(F.n, T, seed=seed)
            args = (Xc, yc, w0, eta, T, indices) if alpha is None else \
                (Xc, yc, w0, eta, alpha, T, indices)
            out.append(_Case(label, lambda args=args: (
                tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args), {}),
                course=course, data=dict(F=F, w0=w0, eta=eta, alpha=alpha, T=T, seed=seed,
                                         indices=indices)))
        return out

    def expected(self, case):
        d = case.data
        return sgd(d["F"], d["w0"], d["eta"], d["T"], seed=d["seed"])

    def _common(self, case, alpha):
        d = case.data
        F, w0, eta, T, idx = d["F"], d["w0"], d["eta"], d["T"], d["indices"]

        def run(**kw):
            return lambda case: _sgd_variant(F, w0, eta, T, idx, alpha=alpha, **kw)

        def first_step_not_finite(got, case):
            return (got.ndim == 2 and got.shape[0] == T + 1 and T >= 1
                    and _finite(got[0]) and not _finite(got[1]))

        return [
            _t_points_variant(T),
            _same_rows_variant(),
            _Variant(_T_FROM_ZERO, test=first_step_not_finite),
            _Variant("Votre pas décroît comme η/t : le cours utilise η/√t (`eta / np.sqrt(t)`), "
                     "qui décroît plus lentement.", compute=run(rate="t")),
            _Variant("Votre pas reste constant (η à chaque étape) : il doit décroître, "
                     "η_t = η/√t à l'étape t.",
                     compute=run(rate="const")),
            _Variant("Votre pas de l'étape t est η/√(t + 1) : c'est η/√t, avec t = 1 au premier "
                     "pas (le premier pas vaut η).", compute=run(rate="sqrt+1")),
            _Variant("Vous utilisez le gradient complet ∇F (tous les exemples) : la descente "
                     "stochastique n'utilise à l'étape t que le gradient partiel ∇F_i de "
                     "l'exemple tiré, i = `indices[t - 1]`, soit 2 (z·x_i − y_i) x_i.",
                     compute=run(full=True)),
            _Variant("Vous divisez le gradient partiel par n, comme le code de 2019 : la formule "
                     "du cours utilise ∇F_i(z) = 2 (z·x_i − y_i) x_i, sans 1/n.",
                     compute=run(divide_n=True)),
            _Variant("Il manque le facteur 2 du gradient partiel : ∇F_i(z) = 2 (z·x_i − y_i) x_i "
                     "(dérivée du carré, (u²)' = 2u·u').", compute=run(half=True)),
            _Variant("Le gradient partiel doit être recalculé au point courant à chaque étape : "
                     "g_t = ∇F_i(z_{t−1}), et non ∇F_i(w0) au départ.",
                     compute=run(at_start=True)),
            _Variant("Votre fonction renvoie un seul point (le dernier, z_T ?) : il faut toute la "
                     "trajectoire z_0, z_1, …, z_T, une ligne par point. Rangez chaque point "
                     "dans une liste, puis renvoyez `np.array(liste)`.",
                     test=lambda got, case: got.shape == (np.size(w0),) and T >= 1,
                     key="last-point"),
            _other_examples_variant(case),
        ]

    def variants(self, case):
        return self._common(case, None)

    def exception_hint(self, exc, case):
        if isinstance(exc, ZeroDivisionError):
            return _T_FROM_ZERO
        if isinstance(exc, IndexError):
            return _INDEX_HINT
        return None

    def direct_checks(self, result, args, kwargs, case):
        return _trajectory_checks(result, args[2], case.data["w0"])


# ------------------------------------------------------------------------------------- 4.1
class _Momentum(_StochasticDescent):
    id, chapter, name = "4.1", 4, "descente_momentum"
    params = ("X", "y", "w0", "eta", "alpha", "T", "indices")

    def _setups(self):
        X, y = linear_example()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 5, 3)
        w0r = (rng.normal(size=3) * 3).round(1)
        return [
            ("le problème du cours (w0 = (−7 ; 7), η = 0,1, α = 0,7, T = 50, indices de la "
             "graine 0)", X, y, np.array([-7.0, 7.0]), 0.1, 0.7, 50, 0, True),
            (f"des données tirées au hasard ({_sizes(Xr)}), w0 = {point(w0r)}, η = 0,1, "
             "α = 0,5, T = 12", Xr, yr, w0r, 0.1, 0.5, 12, 3, False),
            ("T = 0 (aucune itération : la trajectoire ne contient que z_0 = w0), "
             "avec les données du cours", X, y, np.array([-7.0, 7.0]), 0.1, 0.7, 0, 0, False),
            ("un seul exemple (n = 1 : x_1 = (0 ; −1), y_1 = 3), w0 = (1 ; 1), η = 0,2, "
             "α = 0,6, T = 6", X[1:2], y[1:2], np.array([1.0, 1.0]), 0.2, 0.6, 6, 1, False),
        ]

    def expected(self, case):
        d = case.data
        return sgd_momentum(d["F"], d["w0"], d["eta"], d["alpha"], d["T"], seed=d["seed"])

    def variants(self, case):
        d = case.data
        F, w0, eta, alpha, T, idx = (d["F"], d["w0"], d["eta"], d["alpha"], d["T"],
                                     d["indices"])
        out = self._common(case, alpha)
        out[3:3] = [
            _Variant("Votre trajectoire s'éloigne (elle monte) : la vitesse "
                     "v_t = α v_{t−1} − (η/√t) ∇F_i(z_{t−1}) contient déjà le signe moins, il "
                     "faut donc **ajouter** la vitesse : z_t = z_{t−1} + v_t.",
                     compute=lambda case: _sgd_variant(F, w0, eta, T, idx, alpha=alpha,
                                                       climb=True)),
            _Variant("Votre trajectoire est celle de la SGD sans momentum : la vitesse n'est pas "
                     "conservée d'une étape à l'autre. Créez v une seule fois, v_0 = 0, avant la "
                     "boucle, puis mettez-la à jour à chaque étape : v = α v − (η/√t) ∇F_i.",
                     compute=lambda case: sgd(F, w0, eta, T, seed=d["seed"])),
        ]
        return out


# ------------------------------------------------------------------------------------- 5.1
def _tanh_gradient_variant(w, X, y, order="Mx", dtanh="exact", first_sign=-1.0):
    """∇F du réseau tanh avec une erreur : l'ordre x M (code de 2019), tanh' faux, ou le signe
    du poids de sortie c₁ = −1 oublié dans ∂R/∂w₁ (``first_sign=1``)."""
    w = np.asarray(w, dtype=float)
    x1, x2 = X[:, 0], X[:, 1]
    if order == "Mx":  # M x = (w1 x1 − x2, x1 + w2 x2)
        a, b = w[0] * x1 - x2, x1 + w[1] * x2
        da, db = x1, x2  # ∂a/∂w1, ∂b/∂w2
    else:  # x M = (w1 x1 + x2, −x1 + w2 x2)
        a, b = w[0] * x1 + x2, -x1 + w[1] * x2
        da, db = x1, x2
    deriv = {"exact": lambda u: 1.0 - np.tanh(u) ** 2, "one": lambda u: np.ones_like(u),
             "tanh": np.tanh, "paren": lambda u: (1.0 - np.tanh(u)) ** 2}[dtanh]
    r = -np.tanh(a) + np.tanh(b) - y
    g1 = first_sign * deriv(a) * da
    g2 = deriv(b) * db
    return (2.0 / len(y)) * np.array([np.sum(r * g1), np.sum(r * g2)])


class _NetworkGradient(_Exercise):
    id, chapter, name = "5.1", 5, "gradient_reseau"
    params = ("w", "X", "y")
    quantity = "∇F(w)"
    kind = "vector"

    def cases(self):
        X, y = linear_example()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 7, 2)
        wr = rng.normal(size=2).round(2)
        X1, y1 = X[2:3], y[2:3]
        out = []
        for label, wc, Xc, yc, course in (
            ("les données du cours et w = (1 ; 2)", np.array([1.0, 2.0]), X, y, True),
            ("les données du cours et w = (−2 ; −3)", np.array([-2.0, -3.0]), X, y, True),
            (f"des données tirées au hasard ({_sizes(Xr)}) et w = {point(wr)}", wr, Xr, yr,
             False),
            ("un seul exemple (n = 1 : x_1 = (2 ; 0,5), y_1 = 2) et w = (0,5 ; −1)",
             np.array([0.5, -1.0]), X1, y1, False),
        ):
            out.append(_Case(label, lambda wc=wc, Xc=Xc, yc=yc: (
                (wc.copy(), Xc.copy(), yc.copy()), {}), course=course,
                data=dict(w=wc, X=Xc, y=yc)))
        return out

    def expected(self, case):
        d = case.data
        return TanhNetwork(d["X"], d["y"]).grad(d["w"])

    def variants(self, case):
        d = case.data
        n = d["X"].shape[0]
        xm = ("Vous calculez x·M (l'ordre du code de 2019) au lieu de M·x : avec "
              "M = [[w₁, −1], [1, w₂]], le cours utilise M x = (w₁ x₁ − x₂ ; x₁ + w₂ x₂), "
              "soit, avec les poids de sortie c = (−1 ; 1), R_w(x) = c · tanh(M x) "
              "= −tanh(w₁ x₁ − x₂) + tanh(x₁ + w₂ x₂).")
        one = "La dérivée de tanh est tanh'(u) = 1 − tanh²(u), pas 1."
        tanh = "La dérivée de tanh est tanh'(u) = 1 − tanh²(u), pas tanh(u)."
        sign = ("Votre première composante a le mauvais signe : R_w(x) commence par "
                "−tanh(w₁ x₁ − x₂) (le poids de sortie c₁ = −1), donc ∂R_w(x)/∂w₁ = "
                "−(1 − tanh²(w₁ x₁ − x₂)) · x₁, avec un signe moins.")
        out = []
        for order, dt, hint in (("xM", "exact", xm), ("Mx", "one", one), ("Mx", "tanh", tanh),
                                ("Mx", "paren", _TANH_PAREN),
                                ("xM", "one", xm + " " + one), ("xM", "tanh", xm + " " + tanh)):
            out.append(_Variant(hint, compute=lambda case, o=order, t=dt: _tanh_gradient_variant(
                d["w"], d["X"], d["y"], o, t)))
        out.append(_Variant(sign, compute=lambda case: _tanh_gradient_variant(
            d["w"], d["X"], d["y"], first_sign=1.0)))
        return (out + _gradient_layout_variants(self.expected, n)
                + _factor_variants(self.expected, n, what="gradient"))


# ------------------------------------------------------------------------------------- 6.1
class _TorchLoop(_Exercise):
    id, chapter, name = "6.1", 6, "boucle_pytorch"
    params = ("F", "w0", "lr", "T", "momentum=0.0")
    quantity = "z_t"
    kind = "trajectory"

    def available(self):
        try:
            importlib.import_module("torch")
        except ImportError:
            return ("PyTorch n'est pas installé dans cet environnement (c'est le cas dans la "
                    "version du cours qui tourne dans le navigateur) : cet exercice ne peut pas "
                    "être vérifié ici. Ouvrez le carnet dans JupyterLab, après `make install`, "
                    "pour le faire.")
        return None

    def cases(self):
        from .torch_bridge import torch_loss

        X, y = linear_example()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 5, 2)
        ls, tanh = LeastSquares(X, y), TanhNetwork(X, y)
        rand = LeastSquares(Xr, yr)
        out = []
        for label, obj, w0, lr, T, momentum, course in (
            ("les moindres carrés du cours, w0 = (−7 ; 7), lr = 0,4, T = 20 (sans momentum)",
             ls, (-7.0, 7.0), 0.4, 20, None, True),
            ("les moindres carrés du cours, w0 = (−7 ; 7), lr = 0,1, T = 15, momentum = 0,8",
             ls, (-7.0, 7.0), 0.1, 15, 0.8, True),
            ("le réseau tanh du cours, w0 = (3 ; 4), lr = 0,5, T = 10, momentum = 0,5",
             tanh, (3.0, 4.0), 0.5, 10, 0.5, False),
            (f"des moindres carrés sur des données tirées au hasard ({_sizes(Xr)}), "
             "w0 = (1 ; −2), lr = 0,1, T = 8, momentum = 0,3", rand, (1.0, -2.0), 0.1, 8, 0.3,
             False),
            ("T = 0 (aucune itération : la trajectoire ne contient que z_0 = w0)", ls, (-7.0, 7.0),
             0.4, 0, None, False),
        ):
            w0 = np.array(w0)

            def make(obj=obj, w0=w0, lr=lr, T=T, momentum=momentum):
                def F(p, obj=obj):
                    return torch_loss(obj, p)
                kwargs = {} if momentum is None else {"momentum": momentum}
                return (F, w0.copy(), lr, T), kwargs

            out.append(_Case(label, make, course=course,
                             data=dict(obj=obj, w0=w0, lr=lr, T=T, momentum=momentum or 0.0)))
        return out

    def expected(self, case):
        from .torch_bridge import torch_trajectory

        d = case.data
        return torch_trajectory("SGD", d["obj"], d["w0"], d["T"], lr=d["lr"],
                                momentum=d["momentum"])

    def _no_zero_grad(self, case):
        import torch

        from .torch_bridge import torch_loss

        d = case.data
        p = torch.tensor(d["w0"], dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([p], lr=d["lr"], momentum=d["momentum"])
        Z = [d["w0"].copy()]
        for _ in range(d["T"]):
            torch_loss(d["obj"], p).backward()  # sans opt.zero_grad() : p.grad s'accumule
            opt.step()
            Z.append(p.detach().numpy().copy())
        return np.array(Z)

    def variants(self, case):
        T = case.data["T"]
        expected = self.expected(case)
        return [
            _t_points_variant(T),
            _same_rows_variant(torch_hint=True),
            _Variant("Les gradients s'accumulent : sans `opt.zero_grad()`, PyTorch **ajoute** "
                     "chaque nouveau gradient à `p.grad`. Appelez `opt.zero_grad()` au début "
                     "de chaque étape, avant `loss.backward()`.", compute=self._no_zero_grad),
            _Variant("Votre trajectoire est juste à 10⁻³ près seulement : vos calculs sont en "
                     "float32 (le type par défaut de torch). Créez le tenseur en float64 : "
                     "`torch.tensor(w0, dtype=torch.float64, requires_grad=True)`.",
                     test=lambda got, case: _close(got, expected, rtol=1e-3)),
        ]

    def exception_hint(self, exc, case):
        text = str(exc)
        if "does not require grad" in text:
            return ("Créez le tenseur avec `requires_grad=True` : sans cela, `loss.backward()` "
                    "ne sait pas par rapport à quoi dériver.")
        if "requires grad" in text and "numpy" in text:
            return ("Pour ranger un point, détachez-le du graphe de calcul et copiez-le : "
                    "`p.detach().numpy().copy()`.")
        if "leaf Variable" in text or "leaf variable" in text:
            return ("Ne modifiez pas p vous-même : c'est `opt.step()` qui fait le pas (créez "
                    "l'optimiseur avec `torch.optim.SGD([p], lr=lr, momentum=momentum)`).")
        return None

    def direct_checks(self, result, args, kwargs, case):
        return _trajectory_checks(result, args[1], case.data["w0"], torch_hint=True)


# ------------------------------------------------------------------------------------- 6.4
class _AdamStep(_Exercise):
    id, chapter, name = "6.4", 6, "pas_adam"
    params = ("w", "g", "m", "v", "t", "lr=1e-3", "betas=(0.9, 0.999)", "eps=1e-8")
    quantity = "(w, m, v)"
    kind = "tuple"
    parts = ("w", "m", "v")

    def cases(self):
        X, y = linear_example()
        F = LeastSquares(X, y)
        rng = _rng(self.id)
        w_course = np.array([-7.0, 7.0])
        g_course = F.grad(w_course)
        w3, g3 = rng.normal(size=3).round(2), rng.normal(size=3).round(2)
        m3, v3 = rng.normal(size=3).round(2) * 0.5, rng.uniform(0.1, 2.0, size=3).round(2)
        w2, g2 = np.array([0.3, -1.2]), np.array([2e-5, -1e-5])
        m2, v2 = np.array([1e-5, -2e-5]), np.array([3e-10, 1e-10])
        w4, g4 = rng.normal(size=4).round(2), rng.normal(size=4).round(2)
        m4, v4 = rng.normal(size=4).round(2) * 0.3, rng.uniform(0.1, 1.0, size=4).round(2)
        setups = [
            ("la première étape (t = 1, m = v = 0) au point w = (−7 ; 7) des données du cours, "
             "avec les valeurs par défaut (lr, betas et eps non donnés)",
             w_course, g_course, np.zeros(2), np.zeros(2), 1, {}, True),
            ("l'étape t = 5 en dimension d = 3, avec `lr=0.1, betas=(0.8, 0.99), eps=1e-8`",
             w3, g3, m3, v3, 5, dict(lr=0.1, betas=(0.8, 0.99), eps=1e-8), False),
            ("un gradient minuscule (un plateau, là où ε compte) à l'étape t = 3, avec "
             "`lr=0.01`",
             w2, g2, m2, v2, 3, dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8), False),
            ("l'étape t = 1 en dimension d = 4 (m et v non nuls), avec `lr=0.05, eps=0.01`",
             w4, g4, m4, v4, 1, dict(lr=0.05, betas=(0.9, 0.999), eps=0.01), False),
        ]
        out = []
        for label, w, g, m, v, t, kw, course in setups:
            out.append(_Case(label, lambda w=w, g=g, m=m, v=v, t=t, kw=kw: (
                (w.copy(), g.copy(), m.copy(), v.copy(), t), dict(kw)), course=course,
                data=dict(w=w, g=g, m=m, v=v, t=t, lr=kw.get("lr", 1e-3),
                          betas=kw.get("betas", (0.9, 0.999)), eps=kw.get("eps", 1e-8))))
        return out

    def expected(self, case):
        d = case.data
        opt = Adam(lr=d["lr"], betas=d["betas"], eps=d["eps"])
        opt.state = {"step": d["t"] - 1, "exp_avg": d["m"].copy(), "exp_avg_sq": d["v"].copy()}
        w = opt.step(d["w"], d["g"])
        return (w, opt.state["exp_avg"], opt.state["exp_avg_sq"])

    def _variant(self, case, *, correction="exact", eps_inside=False, square=True,
                 return_hat=False):
        d = case.data
        b1, b2 = d["betas"]
        g, t = d["g"], d["t"]
        m = b1 * d["m"] + (1 - b1) * g
        v = b2 * d["v"] + (1 - b2) * (g * g if square else g)
        k = {"exact": t, "t-1": t - 1, "t+1": t + 1}.get(correction, t)
        if correction == "none":
            m_hat, v_hat = m, v
        else:
            m_hat, v_hat = m / (1 - b1**k), v / (1 - b2**k)
        denom = np.sqrt(v_hat + d["eps"]) if eps_inside else np.sqrt(v_hat) + d["eps"]
        w = d["w"] - d["lr"] * m_hat / denom
        return (w, m_hat, v_hat) if return_hat else (w, m, v)

    def variants(self, case):
        t = case.data["t"]

        def v(hint, **kw):
            return _Variant(hint, compute=lambda case: self._variant(case, **kw))

        return [
            v("Il manque la correction de biais : m et v partent de 0, donc au début ils sont "
              "trop petits ; divisez-les par (1 − β₁ᵗ) et (1 − β₂ᵗ) : m̂ = m/(1 − β₁ᵗ), "
              "v̂ = v/(1 − β₂ᵗ), puis w − lr·m̂/(√v̂ + ε).", correction="none"),
            v("ε est au mauvais endroit : il s'ajoute **après** la racine, √v̂ + ε, et non "
              "dessous, √(v̂ + ε) (cela se voit quand le gradient est minuscule, sur un "
              "plateau).", eps_inside=True),
            v("Votre correction de biais utilise l'exposant t − 1 (à la première étape, elle "
              "divise par 1 − β⁰ = 0) : t compte les étapes à partir de 1 (la première étape "
              "est t = 1), m̂ = m/(1 − β₁ᵗ).",
              correction="t-1"),
            v("Votre correction de biais utilise l'exposant t + 1 : t est déjà le numéro de "
              "l'étape (la première est t = 1), m̂ = m/(1 − β₁ᵗ).", correction="t+1"),
            v("Renvoyez m et v, les moyennes mobiles elles-mêmes, et non m̂ et v̂ corrigées : "
              "ce sont m et v qui servent à l'étape suivante.", return_hat=True),
            v("v est la moyenne mobile des **carrés** des gradients : "
              "v = β₂ v + (1 − β₂) g² (le carré composante par composante, `g * g`).",
              square=False),
            _Variant("Votre correction de biais divise par 1 − β⁰ = 0 à la première étape : "
                     "t compte les étapes à partir de 1, m̂ = m/(1 − β₁ᵗ) (et non β₁ᵗ⁻¹).",
                     test=lambda got, case: t == 1 and not _finite(got)),
        ]

    def exception_hint(self, exc, case):
        if isinstance(exc, ZeroDivisionError):
            return ("Votre correction de biais divise par zéro : t compte les étapes à partir "
                    "de 1, m̂ = m/(1 − β₁ᵗ) (et non β₁ᵗ⁻¹).")
        return None


# ------------------------------------------------------------------------------------- 5.2
def _one_neuron_variant(w, x, y, *, w2_factor=True, x_factor=True, dtanh="exact",
                        x_in_d2=False):
    """∇F du réseau à un neurone avec une erreur dans la dérivée de R_w(x) = w₂ tanh(w₁ x)."""
    w = np.asarray(w, dtype=float)
    t = np.tanh(w[0] * x)
    deriv = {"exact": 1.0 - t * t, "one": np.ones_like(t), "tanh": t,
             "paren": (1.0 - t) ** 2}[dtanh]
    d1 = (w[1] if w2_factor else 1.0) * deriv * (x if x_factor else 1.0)
    d2 = t * x if x_in_d2 else t
    r = w[1] * t - y
    return (2.0 / len(y)) * np.array([np.sum(r * d1), np.sum(r * d2)])


class _OneNeuronGradient(_Exercise):
    id, chapter, name = "5.2", 5, "gradient_un_neurone"
    params = ("w", "x", "y")
    quantity = "∇F(w)"
    kind = "vector"

    def cases(self):
        from .datasets import one_neuron_example

        x, y = one_neuron_example()
        rng = _rng(self.id)
        xr, yr = rng.normal(size=9).round(2), rng.normal(size=9).round(2)
        wr = rng.normal(size=2).round(2)
        out = []
        for label, wc, xc, yc, course in (
            ("les données du cours et w = (1 ; 2)", np.array([1.0, 2.0]), x, y, True),
            ("les données du cours et w = (0,5 ; −1,5)", np.array([0.5, -1.5]), x, y, True),
            (f"des données tirées au hasard (n = 9 exemples) et w = {point(wr)}", wr, xr, yr,
             False),
            ("un seul exemple (n = 1 : x_1 = 2, y_1 = 1,4) et w = (−0,3 ; 0,8)",
             np.array([-0.3, 0.8]), x[5:], y[5:], False),
        ):
            out.append(_Case(label, lambda wc=wc, xc=xc, yc=yc: (
                (wc.copy(), xc.copy(), yc.copy()), {}), course=course,
                data=dict(w=wc, x=xc, y=yc)))
        return out

    def expected(self, case):
        from .networks import OneNeuronNetwork

        d = case.data
        return OneNeuronNetwork(d["x"], d["y"]).grad(d["w"])

    def variants(self, case):
        d = case.data
        n = d["x"].shape[0]
        chain = ("∂R_w(x)/∂w₁ = w₂ tanh'(w₁ x) · x : ")
        out = []
        for kw, hint in (
            (dict(w2_factor=False), chain + "il manque le facteur w₂ (la sortie est "
             "w₂ tanh(w₁ x), w₂ multiplie tout)."),
            (dict(x_factor=False), chain + "il manque le facteur x (la dérivée de w₁ x par "
             "rapport à w₁, par la dérivation en chaîne)."),
            (dict(dtanh="one"), "La dérivée de tanh est tanh'(u) = 1 − tanh²(u), pas 1."),
            (dict(dtanh="tanh"), "La dérivée de tanh est tanh'(u) = 1 − tanh²(u), pas tanh(u)."),
            (dict(dtanh="paren"), _TANH_PAREN),
            (dict(x_in_d2=True), "∂R_w(x)/∂w₂ = tanh(w₁ x), sans facteur x : w₂ multiplie "
             "tanh(w₁ x) de l'extérieur (c'est w₁ qui est à l'intérieur, avec x)."),
        ):
            out.append(_Variant(hint, compute=lambda case, kw=kw: _one_neuron_variant(
                d["w"], d["x"], d["y"], **kw)))
        return (out + _gradient_layout_variants(self.expected, n)
                + _factor_variants(self.expected, n, what="gradient"))


# ------------------------------------------------------------------------------------- 6.2
def _nesterov_variant(F, w0, lr, rho, T, *, form="torch", plain=False, carry=True,
                      climb=False, frozen=False):
    """Les erreurs habituelles du momentum de Nesterov (forme de PyTorch)."""
    z = np.array(w0, dtype=float)
    b = np.zeros_like(z)
    v = np.zeros_like(z)
    Z = [z.copy()]
    g0 = F.grad(z)
    for _ in range(T):
        if form == "course":  # la forme « regarder devant » : ses points sont les z_t
            v = rho * v - lr * F.grad(z + rho * v)
            z = z + v
        else:
            g = g0 if frozen else F.grad(z)
            b = rho * b + g if carry else g
            # sans Nesterov, le momentum de PyTorch (b_t = g_t + ρ b_{t−1}, l'ancienne somme)
            step = b if plain else g + rho * b
            z = z + lr * step if climb else z - lr * step
        Z.append(z.copy())
    return np.array(Z)


class _NesterovMomentum(_Exercise):
    id, chapter, name = "6.2", 6, "nesterov"
    params = ("grad", "w0", "lr", "momentum", "T")
    quantity = "p_t"
    kind = "trajectory"

    def cases(self):
        X, y = linear_example()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 6, 3)
        w0r = rng.normal(size=3).round(1) * 3
        out = []
        for label, F, w0, lr, rho, T, course in (
            ("les moindres carrés du cours (w0 = (−7 ; 7), lr = 0,1, momentum = 0,8, T = 30)",
             LeastSquares(X, y), np.array([-7.0, 7.0]), 0.1, 0.8, 30, True),
            (f"des moindres carrés sur des données tirées au hasard ({_sizes(Xr)}), "
             f"w0 = {point(w0r)}, lr = 0,05, momentum = 0,5, T = 8", LeastSquares(Xr, yr),
             w0r, 0.05, 0.5, 8, False),
            ("le réseau tanh du chapitre 5 (w0 = (3 ; 2), lr = 0,5, momentum = 0,9, T = 12)",
             TanhNetwork(X, y), np.array([3.0, 2.0]), 0.5, 0.9, 12, False),
            ("T = 0 (aucune itération : la trajectoire ne contient que p_0 = w0), "
             "avec les données du cours",
             LeastSquares(X, y), np.array([-7.0, 7.0]), 0.1, 0.8, 0, False),
        ):
            out.append(_Case(label, lambda F=F, w0=w0, lr=lr, rho=rho, T=T: (
                (F.grad, w0.copy(), lr, rho, T), {}), course=course,
                data=dict(F=F, w0=w0, lr=lr, rho=rho, T=T)))
        return out

    def expected(self, case):
        d = case.data
        return run(SGD(lr=d["lr"], momentum=d["rho"], nesterov=True), d["F"], d["w0"], d["T"])

    def variants(self, case):
        d = case.data
        F, w0, lr, rho, T = d["F"], d["w0"], d["lr"], d["rho"], d["T"]

        def v(hint, **kw):
            return _Variant(hint, compute=lambda case: _nesterov_variant(F, w0, lr, rho, T,
                                                                          **kw))

        return [
            _t_points_variant(T),
            _same_rows_variant(),
            v("Votre trajectoire est celle du momentum de PyTorch **sans** Nesterov, "
              "p_t = p_{t−1} − lr·b_t (c'est aussi ce que donne g_t + ρ b_{t−1}, avec "
              "l'ancienne somme). Nesterov ajoute le gradient une fois de plus : "
              "p_t = p_{t−1} − lr·(g_t + ρ b_t), où b_t est la somme **déjà mise à jour**, "
              "b_t = ρ b_{t−1} + g_t.", plain=True),
            v("La somme b doit s'accumuler d'une étape à l'autre : créez b = 0 une seule fois, "
              "avant la boucle, puis b = ρ b + g à chaque étape (sans momentum accumulé, "
              "il ne reste qu'une descente de gradient de pas lr·(1 + ρ)).", carry=False),
            v("Votre trajectoire monte : le pas va **contre** le gradient, "
              "p_t = p_{t−1} − lr·(g_t + ρ b_t) (avec un signe moins).", climb=True),
            v("Le gradient doit être recalculé au point courant à chaque étape : "
              "g_t = ∇F(p_{t−1}), et non ∇F(w0) au départ.", frozen=True),
            v("Vous avez écrit la forme « regarder devant » du cours, v_t = α v_{t−1} − "
              "η ∇F(z_{t−1} + α v_{t−1}) : c'est bien Nesterov, mais ses points z_t sont "
              "en retrait de α v_t sur ceux de PyTorch. L'exercice demande la forme de "
              "PyTorch : b_t = ρ b_{t−1} + g_t, p_t = p_{t−1} − lr·(g_t + ρ b_t), avec "
              "g_t = ∇F(p_{t−1}).", form="course"),
        ]

    def direct_checks(self, result, args, kwargs, case):
        return _trajectory_checks(result, args[1], case.data["w0"])


# ------------------------------------------------------------------------------------- 6.3
class _AdagradStep(_Exercise):
    id, chapter, name = "6.3", 6, "pas_adagrad"
    params = ("w", "g", "s", "lr=0.01", "eps=1e-10")
    quantity = "(w, s)"
    kind = "tuple"
    parts = ("w", "s")

    def cases(self):
        X, y = linear_example()
        F = LeastSquares(X, y)
        rng = _rng(self.id)
        w_course = np.array([-7.0, 7.0])
        w3, g3 = rng.normal(size=3).round(2), rng.normal(size=3).round(2)
        s3 = rng.uniform(0.5, 3.0, size=3).round(2)
        w4, g4 = rng.normal(size=4).round(2), rng.normal(size=4).round(2) * 0.1
        s4 = rng.uniform(0.0, 0.02, size=4).round(3)
        setups = [
            ("la première étape (s = 0) au point w = (−7 ; 7) des données du cours, avec les "
             "valeurs par défaut (lr et eps non donnés)", w_course, F.grad(w_course),
             np.zeros(2), {}, True),
            ("une étape en dimension d = 3 (s déjà non nul), avec `lr=0.5`", w3, g3, s3,
             dict(lr=0.5), False),
            ("une étape en dimension d = 4 avec de petits gradients, `lr=0.1, eps=0.01` (là "
             "où ε compte)", w4, g4, s4, dict(lr=0.1, eps=0.01), False),
        ]
        out = []
        for label, w, g, s, kw, course in setups:
            out.append(_Case(label, lambda w=w, g=g, s=s, kw=kw: (
                (w.copy(), g.copy(), s.copy()), dict(kw)), course=course,
                data=dict(w=w, g=g, s=s, lr=kw.get("lr", 0.01), eps=kw.get("eps", 1e-10))))
        return out

    def expected(self, case):
        d = case.data
        opt = Adagrad(lr=d["lr"], eps=d["eps"])
        opt.state = {"step": 0, "sum": d["s"].copy()}
        w = opt.step(d["w"], d["g"])
        return (w, opt.state["sum"])

    def _variant(self, case, *, old_s=False, eps_inside=False, square=True, root=True,
                 return_root=False, climb=False, average=None, no_eps=False, pooled=False,
                 swapped=False):
        d = case.data
        g, lr, eps = d["g"], d["lr"], (0.0 if no_eps else d["eps"])
        s = d["s"] + (np.sum(g * g) if pooled else g * g if square else g)
        if average is not None:
            s = average * d["s"] + (1 - average) * g * g
        used = d["s"] if old_s else s
        if not root:
            denom = used + eps
        elif eps_inside:
            denom = np.sqrt(used + eps)
        else:
            denom = np.sqrt(used) + eps
        w = d["w"] + lr * g / denom if climb else d["w"] - lr * g / denom
        if swapped:
            return (s, w)
        return (w, np.sqrt(s) if return_root else s)

    def variants(self, case):
        def v(hint, **kw):
            return _Variant(hint, compute=lambda case: self._variant(case, **kw))

        return [
            v("Ajoutez g² à s **avant** de faire le pas : s = s + g², puis "
              "w − lr·g/(√s + ε) avec la nouvelle somme (à la première étape, l'ancienne vaut "
              "0, et le pas serait énorme).", old_s=True),
            v("ε est au mauvais endroit : il s'ajoute **après** la racine, √s + ε, et non "
              "dessous, √(s + ε).", eps_inside=True),
            v("s est la somme des **carrés** des gradients : s = s + g² (le carré composante "
              "par composante, `g * g`).", square=False),
            v("Il manque la racine : le pas divise par √s + ε (`np.sqrt(s)`), et non par "
              "s + ε.", root=False),
            v("Renvoyez s, la somme des carrés elle-même, et non sa racine : c'est s qui sert "
              "à l'étape suivante.", return_root=True),
            v("Votre pas monte : il va **contre** le gradient, w − lr·g/(√s + ε) (avec un "
              "signe moins).", climb=True),
            v("Vous faites une moyenne mobile, comme RMSprop (s = 0,99 s + 0,01 g²) : AdaGrad, "
              "lui, fait la **somme** de tous les carrés, s = s + g² ; c'est justement le "
              "défaut que RMSprop corrige.", average=0.99),
            v("Il manque ε : le pas divise par √s + ε (`np.sqrt(s) + eps`). Il évite de "
              "diviser par zéro, et il compte quand les gradients sont minuscules.",
              no_eps=True),
            v("s se tient **coordonnée par coordonnée** : s = s + g², un carré par composante "
              "(`g * g` ou `g**2`), et non la somme des carrés de toutes les composantes "
              "(`np.sum(g**2)`) : chaque coordonnée a son propre pas.", pooled=True),
            v("Renvoyez le couple dans l'ordre `(w, s)` : d'abord le point après le pas, puis "
              "la somme des carrés.", swapped=True),
        ]


# ============================================ chapitres 2 et 4 : conditionnement, boule pesante
# ------------------------------------------------------------------------------------- 2.3
class _ConditionNumber(_Exercise):
    id, chapter, name = "2.3", 2, "conditionnement"
    params = ("H",)
    quantity = "le conditionnement κ = L/μ"
    kind = "scalar"

    def cases(self):
        X, y = linear_example()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 7, 4)
        out = []
        for label, H, course in (
            ("la hessienne H des données du cours", LeastSquares(X, y).hessian(), True),
            ("une matrice 4 × 4 tirée au hasard (d = 4)", LeastSquares(Xr, yr).hessian(),
             False),
            ("la cuvette inclinée H = [[5,5 ; 4,5], [4,5 ; 5,5]] (valeurs propres 1 et 10)",
             np.array([[5.5, 4.5], [4.5, 5.5]]), False),
            ("une matrice 1 × 1, H = [[2,5]] (d = 1)", np.array([[2.5]]), False),
        ):
            out.append(_Case(label, lambda H=H: ((H.copy(),), {}), course=course,
                             data=dict(H=H)))
        return out

    def expected(self, case):
        eig = np.linalg.eigvalsh(case.data["H"])
        return eig[-1] / eig[0]

    def variants(self, case):
        H = case.data["H"]
        eig = np.linalg.eigvalsh(H)
        L, mu = eig[-1], eig[0]
        d = H.shape[0]
        ev = ("L et μ sont la plus grande et la plus petite valeur propre de H "
              "(`np.linalg.eigvalsh(H)` les range par ordre croissant)")
        out = [
            _Variant(f"Votre fonction renvoie {d} nombres (les valeurs propres ?) : le "
                     f"conditionnement est un seul nombre, κ = L/μ, où {ev}.",
                     test=lambda got, case: got.shape == (d,) and d > 1, key="eigvals"),
            _Variant("Votre résultat vaut 1/κ : vous avez divisé la plus petite valeur propre par "
                     f"la plus grande. C'est κ = L/μ ≥ 1, où {ev} ; attention, "
                     "`np.linalg.eig` ne les range pas dans l'ordre.",
                     compute=lambda case: mu / L, key="inverse"),
            _Variant(f"Votre résultat est la différence L − μ : le conditionnement est un "
                     f"**rapport**, κ = L/μ, où {ev}.", compute=lambda case: L - mu,
                     key="difference"),
            _Variant("Vous avez calculé le facteur de contraction (L − μ)/(L + μ) de la descente "
                     "au meilleur pas, pas le conditionnement : κ = L/μ (le facteur vaut "
                     "(κ − 1)/(κ + 1)).", compute=lambda case: (L - mu) / (L + mu),
                     key="factor"),
            _Variant("Votre résultat est la racine carrée du bon : κ = L/μ est le rapport des "
                     "valeurs propres elles-mêmes, sans racine.",
                     compute=lambda case: np.sqrt(L / mu), key="sqrt"),
            _Variant("Votre résultat est le carré du bon : κ = L/μ, sans carré.",
                     compute=lambda case: (L / mu) ** 2, key="square"),
        ]
        diag = np.diag(H)
        if d > 1 and not np.isclose(diag.max() / diag.min(), L / mu):
            out.append(_Variant(
                "Vous avez divisé le plus grand coefficient de la **diagonale** de H par le plus "
                "petit : ce sont les courbures le long des axes w₁, w₂…, pas le long des "
                f"directions propres. Il faut les valeurs propres : {ev}.",
                compute=lambda case: diag.max() / diag.min(), key="diagonal"))
        return out


# ------------------------------------------------------------------------------------- 4.2
def _heavy_ball_variant(F, w0, eta, alpha, T, *, climb=False, carry=True, order="v-then-z",
                        decreasing=False, at_start=False, alpha_both=False):
    """Les erreurs habituelles de la boule pesante (gradient complet, pas constant)."""
    z = np.array(w0, dtype=float)
    v = np.zeros_like(z)
    Z = [z.copy()]
    for t in range(1, T + 1):
        g = F.grad(w0 if at_start else z)
        step = eta / np.sqrt(t) if decreasing else eta
        if order == "z-then-v":  # le déplacement avec l'ancienne vitesse
            z = z + v
            v = alpha * v - step * g
        else:
            if not carry:
                v = np.zeros_like(z)
            v = alpha * (v - step * g) if alpha_both else alpha * v - step * g
            z = z - v if climb else z + v
        Z.append(z.copy())
    return np.array(Z)


class _HeavyBall(_Exercise):
    id, chapter, name = "4.2", 4, "boule_pesante"
    params = ("grad", "w0", "eta", "alpha", "T")
    quantity = "z_t"
    kind = "trajectory"

    def cases(self):
        X, y = linear_example()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 6, 3)
        w0r = (rng.normal(size=3) * 3).round(1)
        X1, y1 = _random_data(rng, 4, 1)
        out = []
        for label, (Xc, yc), w0, eta, alpha, T, course in (
            ("le problème du cours (w0 = (−7 ; 7), η = 0,3, α = 0,5, T = 30)", (X, y),
             np.array([-7.0, 7.0]), 0.3, 0.5, 30, True),
            (f"des données tirées au hasard ({_sizes(Xr)}), w0 = {point(w0r)}, η = 0,2, "
             "α = 0,7, T = 9", (Xr, yr), w0r, 0.2, 0.7, 9, False),
            ("T = 0 (aucune itération : la trajectoire ne contient que z_0 = w0), "
             "avec les données du cours et w0 = (−7 ; 7)",
             (X, y), np.array([-7.0, 7.0]), 0.3, 0.5, 0, False),
            (f"une seule dimension ({_sizes(X1)}), w0 = {point([2.0])}, η = 0,3, α = 0,4, "
             "T = 6", (X1, y1), np.array([2.0]), 0.3, 0.4, 6, False),
        ):
            F = LeastSquares(Xc, yc)
            out.append(_Case(label, lambda F=F, w0=w0, eta=eta, alpha=alpha, T=T: (
                (F.grad, w0.copy(), eta, alpha, T), {}), course=course,
                data=dict(F=F, w0=w0, eta=eta, alpha=alpha, T=T)))
        return out

    def expected(self, case):
        d = case.data
        return heavy_ball(d["F"], d["w0"], d["eta"], d["alpha"], d["T"])

    def variants(self, case):
        d = case.data
        args = (d["F"], d["w0"], d["eta"], d["alpha"], d["T"])

        def run(**kw):
            return lambda case: _heavy_ball_variant(*args, **kw)

        return [
            _t_points_variant(d["T"]),
            _same_rows_variant(),
            _Variant("Votre trajectoire s'éloigne (elle monte) : la vitesse "
                     "v_t = α v_{t−1} − η ∇F(z_{t−1}) contient déjà le signe moins, il faut "
                     "donc **ajouter** la vitesse : z_t = z_{t−1} + v_t.", compute=run(climb=True)),
            _Variant("Votre trajectoire est celle de la descente de gradient du chapitre 2 : la "
                     "vitesse n'est pas conservée d'une itération à l'autre. Créez v une seule "
                     "fois, v_0 = 0, avant la boucle, puis v = α v − η ∇F(z).",
                     compute=run(carry=False), key="no-carry"),
            _Variant("Vous déplacez z avec l'**ancienne** vitesse avant de la mettre à jour : "
                     "calculez d'abord v_t = α v_{t−1} − η ∇F(z_{t−1}), puis "
                     "z_t = z_{t−1} + v_t (la nouvelle vitesse).",
                     compute=run(order="z-then-v")),
            _Variant("Votre pas décroît comme η/√t, comme la SGD avec momentum du début du "
                     "chapitre : la boule pesante garde un pas **constant** η.",
                     compute=run(decreasing=True)),
            _Variant("Le gradient doit être recalculé au point courant à chaque itération : "
                     "∇F(z_{t−1}), et non ∇F(w0) au départ.", compute=run(at_start=True)),
            _Variant("Votre α multiplie aussi le gradient : v_t = α v_{t−1} − η ∇F(z_{t−1}) ; "
                     "seule l'ancienne vitesse est multipliée par α.",
                     compute=run(alpha_both=True)),
        ]

    def direct_checks(self, result, args, kwargs, case):
        return _trajectory_checks(result, args[1], case.data["w0"])


# ------------------------------------------------------------------------------------- 7.1
def _epoch_variant(X, y, w, eta, b, order, *, divide="batch", shuffled=True, last=True,
                   frozen=False, climb=False, two=True):
    """Une époque de SGD par mini-lots avec une erreur habituelle, sur les mêmes entrées.

    divide : "batch" (la vraie taille du lot), "sum" (pas de division), "b" (toujours
    taille_lot) ou "n" (le nombre total d'exemples) ; shuffled : suivre ``order`` (sinon les
    lignes 0, 1, 2…) ; last : garder le dernier lot, plus petit ; frozen : chaque gradient pris
    au point w du début de l'époque ; climb : monter au lieu de descendre ; two : le facteur 2."""
    n = len(y)
    rows = np.asarray(order) if shuffled else np.arange(n)
    z0 = np.array(w, dtype=float)
    z, Z = z0, [z0]
    for k in range(0, n, b):
        lot = rows[k:k + b]
        if not last and len(lot) < b:
            break
        at = z0 if frozen else z
        r = X[lot] @ at - y[lot]
        size = {"batch": len(lot), "sum": 1, "b": b, "n": n}[divide]
        g = ((2.0 if two else 1.0) / size) * (r @ X[lot])
        z = z + eta * g if climb else z - eta * g
        Z.append(z)
    return np.array(Z)


def _chapter_7_data():
    """Les données du chapitre 7 : le jeu « diabète », séparé (graine 0), standardisé avec les
    statistiques de l'entraînement, précédé de la colonne de 1 (le biais)."""
    X, y = diabetes()
    X_train, _, y_train, _ = train_validation_split(X, y, validation=0.2, seed=0)
    return with_bias_column(standardize(X_train)[0]), y_train


class _MiniBatchEpoch(_Exercise):
    id, chapter, name = "7.1", 7, "epoque_mini_lots"
    params = ("X", "y", "w", "eta", "taille_lot", "ordre")
    quantity = "z_t"
    kind = "trajectory"
    start = "w"
    course_sizes = "n = 354, d = 11, taille_lot = 32"

    def cases(self):
        Xc, yc = _chapter_7_data()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 10, 3)
        wr = rng.normal(size=3).round(1)
        X1, y1 = _random_data(rng, 5, 2)
        Xf, yf = _random_data(rng, 12, 4)
        wf = rng.normal(size=4).round(1)
        setups = [
            ("les données du chapitre (n = 354 patients, d = 11), w = 0, η = 0,01, "
             "taille_lot = 32 (11 lots de 32, puis un de 2), l'ordre de la graine 0",
             Xc, yc, np.zeros(11), 0.01, 32, 0, True),
            ("les données du chapitre, au point w où s'arrête la première époque, η = 0,05, "
             "taille_lot = 100 (3 lots de 100, puis un de 54), l'ordre de la graine 1",
             Xc, yc, None, 0.05, 100, 1, False),
            (f"des données tirées au hasard ({_sizes(Xr)}), w = {point(wr)}, η = 0,1, "
             "taille_lot = 4 (deux lots de 4, puis un de 2)", Xr, yr, wr, 0.1, 4, 3, False),
            (f"taille_lot = 1, la SGD du chapitre 3 ({_sizes(X1)}), w = (0 ; 0), η = 0,05",
             X1, y1, np.zeros(2), 0.05, 1, 4, False),
            (f"des lots qui tombent juste ({_sizes(Xf)}, taille_lot = 4 : trois lots de 4), "
             f"w = {point(wf)}, η = 0,1", Xf, yf, wf, 0.1, 4, 5, False),
            (f"un seul lot, taille_lot = n (la descente de gradient : {_sizes(Xr)}), "
             f"w = {point(wr)}, η = 0,1", Xr, yr, wr, 0.1, 10, 6, False),
        ]
        first_epoch_end = None
        out = []
        for label, Xs, ys, w, eta, b, seed, course in setups:
            F = LeastSquares(Xs, ys)
            if w is None:  # le point atteint après la première époque du premier essai
                w = first_epoch_end
            order = batch_order(F.n, 1, F.n, seed=seed)[0]  # la permutation de l'époque
            if first_epoch_end is None:
                first_epoch_end = minibatch_sgd(F, w, eta, 1, b, seed=seed)[-1]
            out.append(_Case(label, lambda Xs=Xs, ys=ys, w=w, eta=eta, b=b, order=order: (
                (Xs.copy(), ys.copy(), w.copy(), eta, b, order.copy()), {}), course=course,
                data=dict(F=F, X=Xs, y=ys, w=w, eta=eta, b=b, seed=seed, order=order)))
        return out

    def expected(self, case):
        d = case.data
        # la première époque de minibatch_sgd avec la même graine suit exactement cet ordre
        return minibatch_sgd(d["F"], d["w"], d["eta"], 1, d["b"], seed=d["seed"])

    def variants(self, case):
        d = case.data
        X, y, w, eta, b, order = d["X"], d["y"], d["w"], d["eta"], d["b"], d["order"]
        n = len(y)
        lots = -(-n // b)
        rest = n - (lots - 1) * b

        def v(hint, key=None, **kw):
            return _Variant(hint, compute=lambda case: _epoch_variant(X, y, w, eta, b, order,
                                                                      **kw), key=key)

        out = [
            _Variant(f"Votre tableau a {lots} ligne{'s' if lots > 1 else ''} au lieu de "
                     f"{lots + 1} : il commence par le point de départ z_0 = w, puis un point "
                     f"après chacun des ⌈n/b⌉ = {lots} lots.",
                     compute=lambda case: self.expected(case)[1:], key="no-start"),
            _same_rows_variant(),
            v("Le gradient d'un lot est la **moyenne** des gradients de ses exemples, "
              "(2/b) Σ (w·x_i − y_i) x_i : vous avez fait leur somme ; divisez par le nombre "
              "d'exemples du lot, `len(lot)`.", divide="sum", key="sum"),
            v(f"Vous divisez par n = {n}, le nombre de **tous** les exemples : le gradient d'un "
              "lot est la moyenne sur les exemples **du lot**, divisée par leur nombre, "
              "`len(lot)`.", divide="n", key="divide-n"),
            v("Vous avez pris les exemples dans l'ordre des lignes (0, 1, 2…) : les lots se "
              "prennent dans l'ordre donné, `lot = ordre[k:k + taille_lot]`, puis les lignes "
              "`X[lot]` et les cibles `y[lot]`.", shuffled=False, key="order"),
            v("Le gradient de chaque lot doit être calculé au point courant z (celui qu'a "
              "donné le lot précédent), et non au point w du début de l'époque.", frozen=True,
              key="frozen"),
            v("Votre trajectoire monte : à chaque itération, il faut aller **contre** le "
              "gradient du lot, z ← z − η g (avec un signe moins).", climb=True, key="climb"),
            v("Votre gradient vaut la moitié du bon : avez-vous oublié le facteur 2 qui vient "
              "de la dérivée du carré ? g = (2/b) Σ (w·x_i − y_i) x_i.", two=False, key="two"),
        ]
        if rest < b:  # le dernier lot est plus petit : deux erreurs de plus à reconnaître
            out[1:1] = [
                v(f"Le dernier lot, plus petit, a été oublié : n = {n} n'est pas un multiple de "
                  f"taille_lot = {b}, il reste {rest} exemple{'s' if rest > 1 else ''} après "
                  f"{lots - 1} lots complets. Une époque passe sur **tous** les exemples : "
                  f"⌈n/b⌉ = {lots} lots (`range(0, n, taille_lot)` donne le début de chacun).",
                  last=False, key="drop-last"),
                v(f"Le dernier lot n'a que {rest} exemple{'s' if rest > 1 else ''} : sa moyenne "
                  f"se divise par sa vraie taille, `len(lot)`, et non par taille_lot = {b}.",
                  divide="b", key="last-by-b"),
            ]
        out.append(_Variant(
            f"Votre tableau a {lots + 2} lignes au lieu de {lots + 1} : votre boucle fait un "
            f"lot de trop (vide). Il y a ⌈n/b⌉ = {lots} lots, qui commencent aux positions "
            "`range(0, n, taille_lot)`.",
            test=lambda got, case: got.ndim >= 1 and got.shape[0] == lots + 2, key="extra"))
        if b > 1:
            out.append(_Variant(
                f"Votre tableau a {n + 1} lignes : votre boucle avance d'un exemple à la fois. "
                f"Les lots ne se chevauchent pas : ils commencent tous les taille_lot = {b} "
                "exemples, `range(0, n, taille_lot)`.",
                test=lambda got, case: got.ndim >= 1 and got.shape[0] == n + 1, key="by-one"))
        return out

    def exception_hint(self, exc, case):
        if isinstance(exc, IndexError):
            return ("Les lots se prennent dans `ordre` : `lot = ordre[k:k + taille_lot]` (une "
                    "tranche ne déborde jamais, même pour le dernier lot, plus court), puis "
                    "`X[lot]`, `y[lot]`.")
        if isinstance(exc, ZeroDivisionError):
            return ("Un lot vide (0 exemple) : votre boucle fait un lot de trop. Les lots "
                    "commencent aux positions `range(0, n, taille_lot)`, sans aller jusqu'à n.")
        return None

    def direct_checks(self, result, args, kwargs, case):
        return _trajectory_checks(result, args[2], case.data["w"], name="w")


# =========================================================================== le registre
#: les exercices, par identifiant (« 2.1 » : chapitre 2, premier exercice)
EXERCISES = {ex.id: ex for ex in (
    # dans l'ordre du cours (la liste des identifiants connus suit cet ordre)
    _Objective(), _Gradient(),
    _GradientDescent(), _StabilityThreshold(), _ConditionNumber(),
    _PartialGradient(), _StochasticDescent(),
    _Momentum(), _HeavyBall(),
    _NetworkGradient(), _OneNeuronGradient(),
    _TorchLoop(), _NesterovMomentum(), _AdagradStep(), _AdamStep(),
    _MiniBatchEpoch(),
)}


# =========================================================================== la vérification
def check(exercise_id, answer):
    """Vérifie la réponse d'un exercice et renvoie un :class:`Feedback` (jamais d'exception).

    Paramètres
    ----------
    exercise_id : str
        L'identifiant de l'exercice, par exemple ``"2.1"`` (voir ``EXERCISES``).
    answer : la fonction écrite par l'étudiant (par exemple ``descente_de_gradient``).
    """
    exercise_id = str(exercise_id).strip()
    ex = EXERCISES.get(exercise_id)
    if ex is None:
        known = ", ".join(EXERCISES)
        return Feedback(exercise_id, "erreur",
                        f"Je ne connais pas d'exercice « {exercise_id} ». Les exercices sont : "
                        f"{known} (par exemple `check(\"2.1\", descente_de_gradient)`).")
    try:
        status, message = _judge(ex, answer)
    except _Verdict as verdict:
        status, message = verdict.status, verdict.message
    except Exception as exc:  # pragma: no cover - un défaut du vérificateur, pas de l'étudiant
        status, message = "erreur", (
            "Le vérificateur lui-même a rencontré un problème inattendu "
            f"({type(exc).__name__} : {exc}). Ce n'est pas forcément votre faute : signalez-le "
            "à l'enseignant.")
    return Feedback(ex.id, status, message, name=ex.name)


def _judge(ex, answer):
    unavailable = ex.available()
    if unavailable:
        return "indisponible", unavailable
    if answer is None or answer is Ellipsis:
        raise _Verdict("a_completer", _INCOMPLETE)
    if not callable(answer):
        raise _fail(f"On attend une fonction, `def {ex.signature}:`, et non {_describe(answer)}."
                    f" Passez le nom de votre fonction, sans parenthèses : "
                    f"`check(\"{ex.id}\", {ex.name})`.")
    given = getattr(answer, "__name__", "")
    others = {e.name: e.id for e in EXERCISES.values() if e is not ex}
    if given in others:
        raise _fail(f"Vous avez donné la fonction `{given}` de l'exercice {others[given]} ; "
                    f"l'exercice {ex.id} attend `{ex.name}` : `check(\"{ex.id}\", {ex.name})`.")
    cases = ex.cases()
    _check_signature(ex, answer, cases[0])
    passed_course = False
    for case in cases:
        _judge_case(ex, answer, case, passed_course)
        passed_course = passed_course or case.course
    names = " ; ".join(c.label for c in cases)
    return "ok", (f"Bravo ! Votre fonction `{ex.name}` donne le bon résultat dans les "
                  f"{len(cases)} essais.\nEssais : {names}.")


def _check_signature(ex, answer, case):
    try:
        sig = inspect.signature(answer)
    except (TypeError, ValueError):
        return
    args, kwargs = case.make()
    try:
        sig.bind(*args, **kwargs)
    except TypeError:
        raise _fail(f"Votre fonction doit pouvoir s'appeler comme `{ex.signature}` ; la vôtre "
                    f"a pour paramètres `{_given_params(sig)}`.") from None


def _given_params(sig):
    return "(" + ", ".join(str(p) for p in sig.parameters.values()) + ")"


def _call(ex, answer, case):
    args, kwargs = case.make()
    try:
        with _quiet():
            result = answer(*args, **kwargs)
    except NotImplementedError:
        raise _Verdict("a_completer", _INCOMPLETE) from None
    except Exception as exc:
        message = _exception_message(exc, case)
        hint = (ex.exception_hint(exc, case) or _shape_hint(ex, exc, *case.make())
                or _name_hint(ex, exc))
        if hint:
            message += "\n" + hint
        raise _fail(message) from None
    return result, args, kwargs


def _shape_hint(ex, exc, args, kwargs):
    """Pour une erreur de formes (produit matriciel, diffusion), les formes des entrées et ce
    que demande l'opération qui a échoué."""
    text = str(exc)
    if not isinstance(exc, ValueError) or not re.search(
            r"shape|mismatch|broadcast|aligned|dimension", text):
        return None
    names = [p.split("=")[0] for p in ex.params]
    shapes = [f"`{name}` est de forme {_shape(value.shape)}"
              for name, value in zip(names, args, strict=False)
              if isinstance(value, np.ndarray)]
    if not shapes:
        return None
    if "broadcast" in text:  # *, +, - entre deux tableaux de formes incompatibles
        rule = (" ; `*`, `+` et `-` calculent case par case : deux tableaux de formes "
                "différentes ne s'accordent que si l'un se répète le long de l'autre (un vecteur "
                "(d,) sur chaque ligne d'une matrice (n, d)).")
        rule += ex.broadcast_advice
    elif "enough dimensions" in text:  # un nombre dans un produit @
        rule = (" ; `@` multiplie des vecteurs et des matrices : pour multiplier par un nombre, "
                "utilisez `*`.")
    else:
        rule = " ; `A @ B` demande que la dernière dimension de A soit la première de B"
        rule += " (`X.T` est la transposée de X)." if "X" in names else "."
    return "Les formes des tableaux ne s'accordent pas. Pour cet essai, " + ", ".join(shapes) \
        + rule


def _name_hint(ex, exc):
    """Pour un nom inconnu (``n`` jamais défini, numpy pas importé), où le trouver."""
    if not isinstance(exc, NameError) or isinstance(exc, UnboundLocalError):
        return None
    name = getattr(exc, "name", None)
    if name is None:
        return None
    params = ex.params
    if name == "n" and ("y" in params or "X" in params):
        where = "`len(y)`" if "y" in params else "`X.shape[0]`"
        return (f"`n` n'est pas défini dans votre fonction : c'est le nombre d'exemples, à lire "
                f"dans les arguments, `n = {where.strip('`')}`.")
    if name == "d" and ("w" in params or "X" in params or "w0" in params):
        where = "len(w)" if "w" in params else ("X.shape[1]" if "X" in params else "len(w0)")
        return (f"`d` n'est pas défini dans votre fonction : c'est le nombre de poids, à lire "
                f"dans les arguments, `d = {where}`.")
    if name == "np":
        return ("numpy n'est pas importé : exécutez d'abord la première cellule du carnet (ou "
                "écrivez `import numpy as np` au début de la cellule).")
    return (f"Le nom `{name}` n'est défini nulle part pour votre fonction : définissez-le dans "
            f"la fonction, à partir de ses paramètres ({', '.join(params)}).")


def _judge_case(ex, answer, case, passed_course):
    result, args, kwargs = _call(ex, answer, case)
    if _contains_ellipsis(result):
        raise _Verdict("a_completer", _INCOMPLETE)
    if result is None:
        if _is_empty(answer):
            raise _Verdict("a_completer", _INCOMPLETE)
        raise _fail(f"Votre fonction renvoie None pour {case.label} : avez-vous oublié la ligne "
                    "`return` à la fin ?")
    hints = ex.direct_checks(result, args, kwargs, case)
    with _quiet():
        expected = ex.expected(case)
    if ex.kind == "tuple":
        _judge_tuple(ex, answer, result, expected, case, hints)
        return
    got = _as_array(result)
    if not hints and _close(got, expected):
        return
    matched = hints or _diagnose(ex, answer, case, got, _matches)
    if _close(got, expected):
        intro = f"Pour {case.label}, les valeurs renvoyées sont justes, mais :"
    else:
        intro = _difference(ex, got, expected, case)
    if matched:
        raise _fail(intro + "\n" + "\n".join(matched))
    extra = []
    if ex.kind == "vector":
        hint = _proportional_hint(got, expected, "résultat")
        if hint:
            extra.append(hint)
    if passed_course and not case.course:
        extra.append("Votre fonction est juste sur les données du cours, mais pas sur "
                     f"celles-ci : n'écrivez rien en dur ({ex.course_sizes}, les valeurs du "
                     "cours) ; "
                     "utilisez les arguments reçus, et lisez les tailles dans leurs formes "
                     "(`X.shape`, `len(y)`).")
    raise _fail("\n".join([intro, *extra]))


def _diagnose(ex, answer, case, got, match):
    """L'indice de l'erreur habituelle qui explique la réponse, ou [] si aucune.

    Quand plusieurs erreurs donnent le même résultat sur cet essai (en dimension 2, la trace de
    H vaut L + μ), on garde celle qui explique aussi la réponse sur les autres essais."""
    candidates = [v for v in ex.variants(case) if match(v, got, case)]
    if len(candidates) > 1:
        for other in ex.cases():
            if other.label == case.label:
                continue
            try:
                result, _, _ = _call(ex, answer, other)
                other_got = (tuple(_as_array(r) for r in result) if ex.kind == "tuple"
                             else _as_array(result))
            except (_Verdict, TypeError):
                continue
            keys = {v.key for v in ex.variants(other) if match(v, other_got, other)}
            remaining = [v for v in candidates if v.key in keys]
            if remaining:
                candidates = remaining
    return [v.hint for v in candidates[:1]]


def _matches(variant, got, case):
    try:
        with _quiet():
            if variant.test is not None:
                return bool(variant.test(got, case))
            return _close(got, variant.compute(case), nonfinite=True)
    except Exception:  # une variante qui ne se calcule pas sur cette entrée ne correspond pas
        return False


def _difference(ex, got, expected, case):
    """Ce qui ne va pas, en une phrase : forme, valeurs non finies ou premier écart."""
    expected = np.asarray(expected, dtype=float)
    if got.shape != expected.shape:
        return (f"Pour {case.label}, on attendait un résultat de forme "
                f"{_shape(expected.shape)}{_shape_meaning(ex, expected)} ; votre fonction "
                f"renvoie un tableau de forme {_shape(got.shape)}.")
    if not _finite(got):
        bad = "NaN" if np.any(np.isnan(got)) else "un infini"
        where = ""
        if ex.kind == "trajectory":
            t = int(np.argmax(~np.all(np.isfinite(got), axis=-1)))
            where = f" (dès l'itération t = {t})"
        return f"Pour {case.label}, votre résultat contient {bad}{where}."
    if ex.kind == "scalar":
        return (f"Pour {case.label}, on attendait {ex.quantity} = {number(float(expected))} ; "
                f"votre fonction renvoie {number(float(got))}.")
    if ex.kind == "vector":
        return (f"Pour {case.label}, on attendait {ex.quantity} = {point(expected)} ; votre "
                f"fonction renvoie {point(got)}.")
    # trajectoire : la première ligne fausse
    rows = [t for t in range(expected.shape[0]) if not _close(got[t], expected[t])]
    t = rows[0] if rows else 0
    if t == 0:
        return (f"Pour {case.label}, la trajectoire doit commencer au départ : z_0 = {ex.start} "
                f"= {point(expected[0])} ; votre première ligne vaut {point(got[0])}.")
    before = "le départ z_0 est juste" if t == 1 else \
        f"les itérations z_0 à z_{t - 1} sont justes"
    return (f"Pour {case.label}, {before}, mais à l'itération t = {t}, on attendait "
            f"z_{t} = {point(expected[t])} ; votre fonction donne {point(got[t])}.")


def _shape_meaning(ex, expected):
    if ex.kind == "scalar":
        return " (un seul nombre)"
    if ex.kind == "trajectory":
        T1, d = expected.shape
        if "T" not in ex.params:  # une époque : le départ, puis un point par lot
            return f" : {T1} points (le départ, puis un par lot) de d = {d} coordonnées"
        return f" : T + 1 = {T1} points de d = {d} coordonnées"
    return f" : un vecteur de d = {expected.shape[0]} composantes"


def _judge_tuple(ex, answer, result, expected, case, hints):
    """Une réponse faite de plusieurs tableaux (``ex.parts`` : « w », « m », « v »…)."""
    k = len(ex.parts)
    if not isinstance(result, (tuple, list)) or len(result) != k:
        count = {2: "les deux tableaux", 3: "les trois tableaux"}.get(k, f"les {k} tableaux")
        raise _fail(f"Pour {case.label}, votre fonction renvoie {_describe(result)} : elle doit "
                    f"renvoyer {count} après le pas, `return {', '.join(ex.parts)}`.")
    got = tuple(_as_array(r) for r in result)
    if all(_close(a, b) for a, b in zip(got, expected, strict=True)):
        return
    matched = _diagnose(ex, answer, case, got, _matches_tuple)
    parts = []
    for label, a, b in zip(ex.parts, got, expected, strict=True):
        if not _close(a, b):
            if a.shape != b.shape:
                parts.append(f"{label} devrait être de forme {_shape(b.shape)}, le vôtre est de "
                             f"forme {_shape(a.shape)}")
            elif not _finite(a):
                parts.append(f"votre {label} contient des valeurs non finies (NaN ou infini)")
            else:
                parts.append(f"on attendait {label} = {point(b, 5)}, votre fonction donne "
                             f"{point(a, 5)}")
    intro = f"Pour {case.label} : " + " ; ".join(parts) + "."
    raise _fail("\n".join([intro, *hints, *matched]))


def _matches_tuple(variant, got, case):
    try:
        with _quiet():
            if variant.test is not None:
                return bool(variant.test(np.concatenate([np.ravel(g) for g in got]), case))
            wrong = variant.compute(case)
            return all(_close(a, b, nonfinite=True) for a, b in zip(got, wrong, strict=True))
    except Exception:
        return False
