"""La version étudiante des carnets (``make student`` : nbconvert avec
``scripts/nbconvert_student.py``).

On la construit comme ``make student``, dans un dossier temporaire, puis : plus aucune
solution (ni cellule marquée ``solution``, ni ligne de leur code, ni réponse repliée
``<details>``), plus de sorties ; exécutée telle quelle, chaque carnet tourne sans erreur et
chaque exercice affiche « à compléter ».
"""

import re
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from course_utils.exercises import EXERCISES

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "scripts" / "nbconvert_student.py"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


def build(out, *notebooks):
    """La commande de ``make student``, vers ``out`` (et sur ``notebooks`` si donnés)."""
    subprocess.run(
        [sys.executable, "-m", "nbconvert", "--config", str(CONFIG),
         f"--FilesWriter.build_directory={out}", *map(str, notebooks)],
        check=True, capture_output=True, text=True,
    )


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    build(out)
    return out


def _execute(path):
    """Exécute un carnet tel quel (dans son dossier) ; renvoie le carnet avec ses sorties."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


@pytest.fixture(scope="module")
def executed(student_dir):
    """Les six carnets étudiants exécutés, deux à la fois (la machine a 2 cœurs)."""
    paths = sorted(student_dir.glob("*.ipynb"))
    with ProcessPoolExecutor(max_workers=2) as pool:
        return dict(zip([p.name for p in paths], pool.map(_execute, paths), strict=True))


def test_makefile_builds_the_same_way():
    makefile = (ROOT / "Makefile").read_text()
    assert "nbconvert --config scripts/nbconvert_student.py" in makefile


def test_one_student_notebook_per_chapter(student_dir):
    assert [p.name for p in sorted(student_dir.glob("*.ipynb"))] == [p.name for p in NOTEBOOKS]


def _solution_lines(nb):
    """Les lignes de code propres aux solutions : ni def, ni check, ni commentaire seul, ni
    ligne que la leçon montre elle-même (`opt.step()` dans la boucle PyTorch du chapitre 6)."""
    lines, lesson = set(), set()
    for cell in nb.cells:
        is_solution = "solution" in cell.metadata.get("tags", [])
        for line in cell.source.splitlines():
            line = line.strip()
            (lines if is_solution else lesson).add(line)
    return {line for line in lines - lesson
            if line and not line.startswith(("#", "def ", "check("))}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_solution_left(student_dir, path):
    source = nbformat.read(path, as_version=4)
    student = nbformat.read(student_dir / path.name, as_version=4)
    solutions = _solution_lines(source)
    chapter = int(path.stem[:2])
    assert len(solutions) >= sum(ex.chapter == chapter for ex in EXERCISES.values())
    student_code = [line.strip() for c in student.cells for line in c.source.splitlines()]
    left = solutions.intersection(student_code)
    assert not left, f"code de solution resté dans la version étudiante : {left}"
    for cell in student.cells:
        assert "solution" not in cell.metadata.get("tags", [])
        assert "<details" not in cell.source.lower()
        assert not cell.get("outputs"), "sorties effacées"
    assert "jupytext" not in student.metadata  # pas d'appariement : pas de .py créé
    # tout le reste est là, dans le même ordre (sans les réponses repliées)
    kept = [_without_answers(c.source) for c in source.cells
            if "solution" not in c.metadata.get("tags", [])]
    assert [c.source for c in student.cells] == [k for k in kept if k]


def _without_answers(text):
    """Une cellule sans ses réponses repliées ``<details>…</details>`` (les autres restent
    telles quelles)."""
    if "<details" not in text:
        return text
    text = re.sub(r"<details>.*?</details>\n?", "", text, flags=re.S)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def test_folded_answers_are_removed(tmp_path):
    """Les réponses repliées (ajoutées plus tard aux « À vous de jouer ») disparaissent, et
    une cellule qui ne contenait qu'elles aussi."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "### À vous de jouer\n\n1. Que se passe-t-il ?\n\n<details>\n<summary>Réponse"
            "</summary>\n\nLa trajectoire **diverge**.\n</details>\n\n2. Et ensuite ?\n"
            "<DETAILS><summary>Réponse</summary>Rien.</DETAILS>"),
        nbformat.v4.new_markdown_cell("<details><summary>Indice</summary>seul</details>"),
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell("y = 2", metadata={"tags": ["exercise"]}),
    ]
    src = tmp_path / "src" / "07_essai.ipynb"
    src.parent.mkdir()
    nbformat.write(nb, src)
    build(tmp_path / "out", src)
    out = nbformat.read(tmp_path / "out" / "07_essai.ipynb", as_version=4)
    assert [c.source for c in out.cells] == [
        "### À vous de jouer\n\n1. Que se passe-t-il ?\n\n2. Et ensuite ?", "y = 2"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_student_notebook_runs_and_every_exercise_is_to_be_completed(executed, path):
    nb = executed[path.name]
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, errors
    chapter = int(path.stem[:2])
    expected = sorted(i for i, ex in EXERCISES.items() if ex.chapter == chapter)
    seen = []
    for cell in nb.cells:
        if "exercise" not in cell.metadata.get("tags", []):
            continue
        (out,) = [o for o in cell.outputs if o.output_type == "execute_result"]
        text, html = out.data["text/plain"], out.data["text/html"]
        assert "à compléter" in text and "Remplacez le `...` par votre code" in text, text
        assert "course-feedback-a_completer" in html
        seen.append(text.split("Exercice ")[1].split(" ")[0])
    assert sorted(seen) == expected
