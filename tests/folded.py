"""Les réponses repliées des chapitres (``<details><summary>Réponse</summary> … </details>``),
lues dans les jumeaux .py, pour les tests ``test_answers_NN.py``.

Chaque question « À vous de jouer » reçoit sa réponse juste en dessous ; ces fonctions en
donnent le texte (normalisé comme le lit l'étudiant : ``0{,}4957`` → « 0,4957 »,
``(4\\,;\\,0)`` → « (4 ; 0) ») et vérifient qu'aucune question n'en manque.
"""

import re
from functools import lru_cache
from pathlib import Path

import jupytext

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
FOLDED = re.compile(r"<details>\s*<summary>Réponse</summary>(.*?)</details>", re.S)
QUESTION = re.compile(r"^\d+\. ", re.M)  # « 1. », « 2. »… en début de ligne


def normalize(text):
    """Le texte en une ligne, les nombres et couples écrits comme les lit l'étudiant."""
    text = text.replace("{,}", ",").replace("\\,;\\,", " ; ").replace("\\,", " ")
    return " ".join(text.split())


@lru_cache(maxsize=None)
def markdown_cells(chapter):
    """Les sources des cellules Markdown du chapitre (« 01 », « 03 »…)."""
    (path,) = NOTEBOOKS.glob(f"{chapter}_*.py")
    return tuple(c.source for c in jupytext.read(path).cells if c.cell_type == "markdown")


def answers(chapter):
    """Le texte de chaque réponse repliée du chapitre, dans l'ordre."""
    return [normalize(m) for cell in markdown_cells(chapter) for m in FOLDED.findall(cell)]


def questions(chapter):
    """Les questions des cellules « À vous de jouer » : pour chacune, le couple (question,
    réponse) ; la réponse est None si la question n'en a pas juste en dessous, avant la
    question suivante."""
    out = []
    for cell in markdown_cells(chapter):
        if "À vous de jouer" not in cell:
            continue
        starts = [m.start() for m in QUESTION.finditer(cell)] + [len(cell)]
        for a, b in zip(starts, starts[1:], strict=False):
            item = cell[a:b]
            found = FOLDED.findall(item)
            question = normalize(FOLDED.sub("", item))
            out.append((question, normalize(found[0]) if len(found) == 1 else None))
    return out
