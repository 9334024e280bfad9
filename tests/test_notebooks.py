"""Hygiène des carnets : jumeaux jupytext synchrones, pas de sorties versionnées (sauf les
cellules vérifiées par nbval), métadonnées de diapositives, carnets « minces »."""

import re
from pathlib import Path

import jupytext
import nbformat
import pytest
from jupytext.compare import compare_notebooks

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
IPYNB = sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))
EXPECTED = [
    "01_regression_lineaire",
    "02_descente_de_gradient",
    "03_descente_stochastique",
    "04_momentum",
    "05_non_convexe",
    "06_pytorch",
    "07_mini_lots",
]
CHECK = "# NBVAL_CHECK_OUTPUT"


def ids(paths):
    return [p.stem for p in paths]


def test_the_chapters_are_there():
    assert [p.stem for p in IPYNB] == EXPECTED
    assert sorted(p.stem for p in NOTEBOOKS.glob("[0-9]*.py")) == EXPECTED


def test_readme_lists_every_chapter_with_its_computed_duration():
    """La table « Les sept chapitres » du README : une ligne par carnet, et sa durée suit la
    règle qu'elle énonce (une minute par centaine de mots du texte, dix minutes par exercice à
    coder, arrondi à 5 minutes), comme le total annoncé."""
    from course_utils.exercises import EXERCISES

    readme = (NOTEBOOKS.parent / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(0\d_\w+)` \|.*\| ≈ (\d+) min \|$", readme, flags=re.M))
    assert list(rows) == EXPECTED
    total = 0
    for path in IPYNB:
        nb = nbformat.read(path, as_version=4)
        words = sum(len(re.findall(r"\w+", c.source)) for c in nb.cells
                    if c.cell_type == "markdown")
        chapter = int(path.stem[:2])
        n_exercises = sum(ex.chapter == chapter for ex in EXERCISES.values())
        minutes = 5 * round((words / 100 + 10 * n_exercises) / 5)
        assert int(rows[path.stem]) == minutes, (path.stem, words, n_exercises)
        total += minutes
    assert f"environ {round(total / 60)} h en tout" in readme.replace("\n", " ")


@pytest.mark.parametrize("path", IPYNB, ids=ids(IPYNB))
def test_twins_are_in_sync(path):
    nb_ipynb = jupytext.read(path)
    nb_py = jupytext.read(path.with_suffix(".py"))
    # même texte, mêmes types de cellules, mêmes métadonnées (sorties ignorées)
    compare_notebooks(nb_py, nb_ipynb, fmt="py:percent", allow_expected_differences=False)


@pytest.mark.parametrize("path", IPYNB, ids=ids(IPYNB))
def test_committed_without_outputs_or_widget_state(path):
    nb = nbformat.read(path, as_version=4)
    assert "widgets" not in nb.metadata, "état des widgets versionné"
    checked = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if CHECK in cell.source:
            checked += 1
            assert cell.outputs, f"cellule vérifiée sans sortie :\n{cell.source}"
            assert cell.execution_count is not None, "nbval exige un numéro d'exécution"
            for out in cell.outputs:
                assert out.output_type in ("stream", "execute_result"), out.output_type
        else:
            assert not cell.outputs, f"sortie versionnée :\n{cell.source[:200]}"


@pytest.mark.parametrize("path", IPYNB, ids=ids(IPYNB))
def test_every_cell_is_a_slide_part_and_plots_are_collapsed(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        assert "slide_type" in cell.metadata.get("slideshow", {}), cell.source[:120]
        plots = re.search(r"\bplt\.|plotting\.|\bax\.|\baxes\b", cell.source)
        if cell.cell_type == "code" and plots:
            if "Explorer(" in cell.source or "GradientProbe(" in cell.source:
                continue
            assert "hide-input" in cell.metadata.get("tags", []), cell.source[:120]
            assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, cell.source[:120]


def _tags(cell):
    return cell.metadata.get("tags", [])


@pytest.mark.parametrize("path", IPYNB, ids=ids(IPYNB))
def test_thin_notebooks_in_french_with_credit(path):
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "course_utils" in code
    # un carnet ne définit pas d'outils : seuls les exercices (et leurs solutions) ont un def
    lesson = "\n".join(c.source for c in nb.cells if c.cell_type == "code"
                       and not {"exercise", "solution"} & set(_tags(c)))
    assert not re.search(r"^\s*(def|class)\s", lesson, re.M), "un carnet ne définit pas d'outils"
    assert "Pascal Germain" in text and "2019" in text and "CC BY 4.0" in text
    assert "Objectifs" in text and "À vous de jouer" in text and "À retenir" in text
    assert re.search(r"\b\w*(Explorer|GradientProbe)\(", code), "au moins un widget interactif"
    assert CHECK in code, "chaque chapitre vérifie au moins un de ses nombres"


EXERCISE_CALL = re.compile(r'^check\("(\d\.\d)", (\w+)\)$', re.M)


@pytest.mark.parametrize("path", IPYNB, ids=ids(IPYNB))
def test_exercises_are_skeleton_then_hidden_solution(path):
    """Chaque exercice : une cellule Markdown « À vous de coder », la cellule d'exercice
    (squelette avec ``...`` et ``# VOTRE CODE ICI``, puis ``check``), et juste après la
    solution (marquée ``solution``, repliée, hors des diapositives) qui rappelle ``check``.
    Les solutions passent : tests/test_exercises.py exécute ces cellules."""
    from course_utils.exercises import EXERCISES

    nb = nbformat.read(path, as_version=4)
    chapter = int(path.stem[:2])
    expected = sorted(i for i, ex in EXERCISES.items() if ex.chapter == chapter)
    found = []
    for k, cell in enumerate(nb.cells):
        tags = _tags(cell)
        if "solution" in tags:
            assert "exercise" in _tags(nb.cells[k - 1]), "une solution suit son exercice"
        if "exercise" not in tags:
            continue
        calls = EXERCISE_CALL.findall(cell.source)
        assert len(calls) == 1, cell.source
        ex_id, name = calls[0]
        ex = EXERCISES[ex_id]
        assert name == ex.name and f"def {ex.signature}:" in cell.source, cell.source
        assert "# VOTRE CODE ICI" in cell.source and re.search(r"^ +\.\.\.$", cell.source, re.M)
        assert "from course_utils.exercises import check" in cell.source
        before = nb.cells[k - 1]
        assert before.cell_type == "markdown" and "À vous de coder" in before.source
        assert f"`{name}(" in before.source, "la consigne nomme la fonction à écrire"
        solution = nb.cells[k + 1]
        assert "solution" in _tags(solution)
        assert solution.metadata.get("jupyter", {}).get("source_hidden") is True
        assert solution.metadata["slideshow"]["slide_type"] == "skip"
        assert EXERCISE_CALL.findall(solution.source) == [(ex_id, name)]
        assert f"def {name}(" in solution.source and "# VOTRE CODE ICI" not in solution.source
        # que la solution passe, tests/test_exercises.py le vérifie (il exécute ces cellules)
        found.append(ex_id)
    assert sorted(found) == expected


def test_readme_layout_names_every_module():
    """« Organisation du dépôt » (README) : chaque module du paquet et des outils y est nommé."""
    root = NOTEBOOKS.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("### Organisation du dépôt"):]
    # les sous-paquets du cours compris (course_utils/exercises/)
    paths = [*(root / "course_utils").rglob("*.py"), *(root / "tools").glob("*.py")]
    modules = [p.name for p in paths if p.name != "__init__.py"]
    assert "_judge.py" in modules  # le sous-paquet des exercices est bien parcouru
    missing = [name for name in modules if f"`{name}`" not in layout]
    assert not missing, f"modules absents de la table du README : {missing}"
