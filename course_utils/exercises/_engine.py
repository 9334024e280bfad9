"""Les outils communs aux exercices : le verdict, les entrées et les variantes (les erreurs
habituelles), la classe de base :class:`_Exercise` et les vérifications partagées par
plusieurs chapitres."""

from __future__ import annotations

import contextlib
import warnings
from dataclasses import dataclass, field

import numpy as np

from ..french import number


# Tolérance des comparaisons : large devant les arrondis (un autre ordre des opérations), très
# petite devant toutes les erreurs que l'on cherche à reconnaître.
RTOL = 1e-6


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


# -- trajectoires : les vérifications de 2.1, reprises aux chapitres 3, 4, 6 et 7 ----------------
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
