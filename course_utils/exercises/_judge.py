"""Le jugement d'une réponse : appeler la fonction de l'étudiant sur chaque entrée, comparer
au résultat attendu, nommer l'erreur habituelle reconnue ou décrire l'exception levée."""

from __future__ import annotations

import dis
import inspect
import re
import sysconfig
import traceback
from pathlib import Path

import numpy as np

from ..divergence import divergence_step
from ..french import number, point
from ._feedback import Feedback
from ._engine import (
    _INCOMPLETE,
    _Verdict,
    _as_array,
    _close,
    _describe,
    _fail,
    _finite,
    _proportional_hint,
    _quiet,
    _shape,
)
from ._registry import EXERCISES


# -- les exceptions levées par le code de l'étudiant -------------------------------------------
# la bibliothèque entière (course_utils), pas seulement le dossier exercises/ de ce module
_LIBRARY_DIR = Path(__file__).resolve().parent.parent
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


# =========================================================================== la vérification
def check(exercise_id, answer):
    """Vérifie la réponse d'un exercice et renvoie un :class:`Feedback` (jamais d'exception).

    Paramètres
    ----------
    exercise_id : str
        L'identifiant de l'exercice, par exemple ``"2.1"`` (voir ``EXERCISES``).
    answer : la fonction écrite par l'étudiant (par exemple ``descente_de_gradient``).

    Renvoie
    -------
    :class:`Feedback` : le verdict, dont ``status`` vaut ``"ok"`` (la réponse est juste),
    ``"erreur"`` (un résultat faux, une exception, un exercice inconnu…), ``"a_completer"``
    (``answer`` vaut ``...`` ou None, ou lève ``NotImplementedError``) ou ``"indisponible"``
    (l'exercice ne peut pas être vérifié ici, par exemple sans PyTorch) ; ``message`` dit
    pourquoi, en français.
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
            t = divergence_step(got)
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
