"""Un exercice dans un vrai JupyterLab (chromium), comme le fait un étudiant.

La version étudiante du chapitre 1 (``make student``, construite ici dans la racine du
serveur) est ouverte et exécutée : l'exercice 1.1 affiche « à compléter ». On écrit alors
dans la cellule d'exercice une réponse fausse (la somme au lieu de la moyenne), on l'exécute
au clavier (Maj+Entrée) : l'encadré rouge donne l'indice. On corrige, on réexécute :
l'encadré devient vert.

Captures : test-artifacts/e2e/exercice-1.1-{a-completer,faux,juste}.png.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tools.lab import REPO_ROOT, cell_errors, open_notebook, run_all_cells, screenshot

pytestmark = pytest.mark.e2e

WRONG = '''from course_utils.exercises import check


def objectif(w, X, y):
    ecarts = X @ w - y
    return np.sum(ecarts**2)


check("1.1", objectif)'''

RIGHT = WRONG.replace("np.sum(ecarts**2)", "np.mean(ecarts**2)")


@pytest.fixture(scope="module")
def student_notebook(lab_root):
    out = lab_root / "etudiant"
    subprocess.run(
        [sys.executable, "-m", "nbconvert", "--config",
         str(REPO_ROOT / "scripts" / "nbconvert_student.py"),
         f"--FilesWriter.build_directory={out}",
         str(REPO_ROOT / "notebooks" / "01_regression_lineaire.ipynb")],
        check=True, capture_output=True,
    )  # fmt: skip
    return "etudiant/01_regression_lineaire.ipynb"


def _retype(page, cell, source):
    """Remplace le texte de la cellule comme au clavier (sélectionner tout, écrire), puis
    l'exécute avec Maj+Entrée."""
    editor = cell.locator(".jp-InputArea-editor .cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(source)  # sans l'indentation automatique de l'éditeur
    expect(editor).to_contain_text("objectif(w, X, y)")
    page.keyboard.press("Shift+Enter")


def test_wrong_then_right_answer(page, jupyter_lab, student_notebook):
    open_notebook(page, jupyter_lab, student_notebook)
    assert run_all_cells(page), cell_errors(page)
    assert cell_errors(page) == []

    cell = page.locator(".jp-CodeCell").filter(has_text='check("1.1", objectif)')
    expect(cell).to_have_count(1)
    box = cell.locator(".course-feedback")
    expect(box).to_have_attribute("data-status", "a_completer")
    expect(box).to_contain_text("Exercice 1.1 (objectif) : à compléter")
    cell.scroll_into_view_if_needed()
    screenshot(cell, "exercice-1.1-a-completer")

    _retype(page, cell, WRONG)
    red = cell.locator(".course-feedback-erreur")
    expect(red).to_be_visible(timeout=60_000)
    expect(red).to_contain_text("pas encore")
    expect(red).to_contain_text("on attendait F(w) = 4,667 ; votre fonction renvoie 14")
    expect(red).to_contain_text("vous avez fait la somme des carrés des écarts")
    assert red.locator("strong", has_text="moyenne").count() == 1
    # rouge : la couleur du bord de l'encadré
    assert "rgb(176, 0, 32)" in red.evaluate("e => getComputedStyle(e).borderLeftColor")
    cell.scroll_into_view_if_needed()
    screenshot(cell, "exercice-1.1-faux")

    _retype(page, cell, RIGHT)
    green = cell.locator(".course-feedback-ok")
    expect(green).to_be_visible(timeout=60_000)
    expect(green).to_contain_text("Exercice 1.1 (objectif) : réussi")
    expect(green).to_contain_text("dans les 4 essais")
    assert "rgb(30, 126, 52)" in green.evaluate("e => getComputedStyle(e).borderLeftColor")
    expect(cell.locator(".course-feedback")).to_have_count(1)
    assert cell_errors(page) == []
    cell.scroll_into_view_if_needed()
    screenshot(cell, "exercice-1.1-juste")


def test_teacher_notebook_shows_exercise_then_collapsed_solution(page, jupyter_lab):
    """Dans le carnet complet (chapitre 2), l'exercice 2.1 dit « à compléter » ; juste après,
    la solution est repliée (son code ne se voit pas) et son encadré est vert."""
    open_notebook(page, jupyter_lab, "02_descente_de_gradient.ipynb")
    assert run_all_cells(page), cell_errors(page)
    exercise = page.locator(".jp-CodeCell").filter(has_text='check("2.1", descente_de_gradient)')
    expect(exercise).to_have_count(1)
    expect(exercise.locator(".course-feedback")).to_have_attribute("data-status", "a_completer")
    solution = page.locator(".jp-CodeCell:has(.course-feedback-ok[data-exercise='2.1'])")
    expect(solution).to_have_count(1)
    expect(solution.locator(".jp-InputArea-editor")).to_be_hidden()  # code replié
    expect(solution.locator(".course-feedback-ok")).to_contain_text("réussi")
    exercise.scroll_into_view_if_needed()
    screenshot(page, "exercice-2.1-carnet-complet")
