"""Lire les réponses repliées des « À vous de jouer » d'un chapitre (pour les tests des réponses).

Dans le jumeau .py d'un chapitre, chaque question numérotée d'une cellule « À vous de jouer »
est suivie de sa réponse, ``<details><summary>Réponse</summary> … </details>``.
:func:`answers` renvoie, pour chaque cellule « À vous de jouer » (dans l'ordre du chapitre),
la liste des couples (question, réponse), textes écrits comme les lit l'étudiant (une ligne,
« 0,4957 », « (4 ; 0) »).
"""

import re
from functools import lru_cache
from pathlib import Path

import jupytext

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NUMBER = r"[−-]?\d+(?:,\d+)?"  # un nombre écrit à la française
_DETAILS = re.compile(r"<details><summary>Réponse</summary>(.*?)</details>", re.S)
_ITEM = re.compile(r"^(\d+)\. ", re.M)


def _flat(text):
    text = text.replace("{,}", ",").replace("\\,;\\,", " ; ")
    return " ".join(text.split())


@lru_cache(maxsize=None)
def answers(chapter):
    """[[(question, réponse), ...], ...] : une liste par cellule « À vous de jouer »."""
    (path,) = NOTEBOOKS.glob(f"{chapter}_*.py")
    nb = jupytext.read(path)
    out = []
    for cell in nb.cells:
        if cell.cell_type != "markdown" or "### À vous de jouer" not in cell.source:
            continue
        body = cell.source.split("### À vous de jouer", 1)[1]
        starts = [m.start() for m in _ITEM.finditer(body)]
        items = [body[a:b] for a, b in zip(starts, starts[1:] + [len(body)], strict=True)]
        pairs = []
        for item in items:
            found = _DETAILS.findall(item)
            assert len(found) == 1, f"chapitre {chapter} : une réponse par question\n{item}"
            question = _DETAILS.sub("", item)
            pairs.append((_flat(question), _flat(found[0])))
        out.append(pairs)
    return out


def answer(chapter, cell, question):
    """La réponse à la question ``question`` (à partir de 1) de la cellule « À vous de jouer »
    numéro ``cell`` (à partir de 1) du chapitre."""
    return answers(chapter)[cell - 1][question - 1][1]


def numbers_in(text, pattern):
    """Les nombres du motif (``{N}`` : un nombre à la française) trouvés dans ``text``."""
    regex = pattern.replace("{N}", f"({NUMBER})")
    match = re.search(regex, text)
    assert match, f"motif introuvable {regex!r} dans :\n{text}"
    groups = [float(g.replace("−", "-").replace(",", ".")) for g in match.groups()]
    return groups if len(groups) > 1 else groups[0]


def written_in(text, pattern):
    """Comme :func:`numbers_in`, mais les nombres tels qu'ils sont écrits (pour les
    arrondis)."""
    regex = pattern.replace("{N}", f"({NUMBER})")
    match = re.search(regex, text)
    assert match, f"motif introuvable {regex!r} dans :\n{text}"
    return match.groups() if len(match.groups()) > 1 else match.group(1)
