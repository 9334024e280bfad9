"""La construction du site JupyterLite (scripts/build_lite.py), sans navigateur ni réseau : les
copies des chapitres pour le navigateur, le chapitre 6 exécuté sans PyTorch, le verrou de
Pyodide réduit et vérifié. (Le site lui-même : `make lite-test`, tests/lite.)"""

import ast
import importlib.util
import json
import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from course_utils.torch_bridge import NO_TORCH_NOTE

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
CHECK = "# NBVAL_CHECK_OUTPUT"


@pytest.fixture(scope="module")
def build_lite():
    spec = importlib.util.spec_from_file_location("build_lite", ROOT / "scripts" / "build_lite.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def text_of(outputs):
    return "".join(o.get("text", "") if o["output_type"] == "stream"
                   else o.get("data", {}).get("text/plain", "") for o in outputs)  # fmt: skip


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_lite_copy_installs_first_and_never_calls_torch(build_lite, path):
    nb = nbformat.read(path, as_version=4)
    before = nbformat.writes(nb)
    lite = build_lite.lite_notebook(nb, ["numpy", "ipympl"])
    assert nbformat.writes(nb) == before, "le carnet versionné ne doit pas changer"
    install = lite.cells[0]
    assert install.metadata["jupyter"]["source_hidden"] is True
    assert "%pip install -q numpy ipympl" in install.source
    assert "%pip install -q --no-deps course_utils" in install.source
    assert lite.metadata["kernelspec"]["name"] == "python"
    for cell, copy in zip(nb.cells, lite.cells[1:], strict=True):
        if "torch" in cell.metadata.get("tags", []):
            assert copy.cell_type == "markdown"
            code = build_lite.listing_code(cell.source)
            assert f"```python\n{code}\n```" in copy.source
            assert "NBVAL" not in copy.source and len(code) >= len(cell.source) - 21
            assert "montré sans être exécuté" in copy.source
            shown = text_of(cell.outputs).strip()
            if shown:  # la sortie que PyTorch a donnée, telle que nbval la vérifie
                assert f"```\n{shown}\n```" in copy.source
        else:
            assert copy == cell


def uses_torch(source):
    """Vrai si ce code Python (magies IPython ôtées) nomme torch ou l'importe."""
    tree = ast.parse(re.sub(r"^\s*%.*$", "", source, flags=re.M))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    names |= {a.name.split(".")[0] for n in ast.walk(tree)
              if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}  # fmt: skip
    return "torch" in names


def test_every_cell_that_calls_torch_is_tagged():
    """Une cellule qui appelle PyTorch sans la marque « torch » casserait le chapitre dans le
    navigateur."""
    for path in CHAPTERS:
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "torch" in c.metadata.get("tags", [])]
        untagged = [c.source for c in nb.cells if c.cell_type == "code"
                    and c not in tagged and uses_torch(c.source)]  # fmt: skip
        assert not untagged, f"{path.name} : cellules à marquer « torch » :\n{untagged}"
        if path.stem.startswith("06"):
            assert len(tagged) >= 8, "chapitre 6 : les cellules PyTorch ne sont plus marquées"


#: les chapitres qui ont des cellules PyTorch (marquées « torch »)
WITH_TORCH = [p for p in CHAPTERS if any("torch" in c.metadata.get("tags", [])
                                         for c in nbformat.read(p, as_version=4).cells)]


def test_chapters_with_torch_cells_are_known():
    assert [p.stem[:2] for p in WITH_TORCH] == ["06", "07"]


@pytest.mark.parametrize("path", WITH_TORCH, ids=[p.stem for p in WITH_TORCH])
def test_chapter_runs_without_torch(build_lite, path, tmp_path, monkeypatch):
    """La copie d'un chapitre pour le navigateur, exécutée dans un noyau où torch n'existe
    pas : aucune erreur, toutes les figures et tous les widgets, la phrase de course_utils une
    fois si le chapitre appelle torch_trajectory, et les sorties vérifiées par nbval (hors
    cellules PyTorch) identiques à celles obtenues avec PyTorch."""
    nb = build_lite.lite_notebook(nbformat.read(path, as_version=4), [])
    assert build_lite.INSTALL_TAG in nb.cells[0].metadata["tags"]
    nb.cells = nb.cells[1:]  # course_utils est déjà installé ici (pas de piplite)
    hidden = tmp_path / "sans-torch"
    hidden.mkdir()
    (hidden / "torch.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'torch'\", name='torch')\n")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(hidden), *filter(None, [os.environ.get("PYTHONPATH")])]))
    monkeypatch.delenv("MPLBACKEND", raising=False)
    ran = NotebookClient(nb, timeout=300, kernel_name="python3",
                         resources={"metadata": {"path": str(path.parent)}}).execute()

    errors = [o for c in ran.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error" or o.get("name") == "stderr"]  # fmt: skip
    assert not errors, errors
    stdout = "".join(o.get("text", "") for c in ran.cells if c.cell_type == "code"
                     for o in c.outputs if o.output_type == "stream")  # fmt: skip
    calls_bridge = any("torch_trajectory(" in c.source for c in ran.cells if c.cell_type == "code")
    assert stdout.count(NO_TORCH_NOTE) == (1 if calls_bridge else 0)
    checked = 0
    for cell in ran.cells:
        if cell.cell_type != "code":
            continue
        if "plt.show()" in cell.source:
            assert any("image/png" in o.get("data", {}) for o in cell.outputs), cell.source
        if "Explorer(" in cell.source and cell.source.strip().endswith(")"):
            assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                       for o in cell.outputs)  # fmt: skip
        if CHECK in cell.source:
            original = next(c for c in nbformat.read(path, as_version=4).cells
                            if c.source == cell.source)  # fmt: skip
            assert text_of(cell.outputs) == text_of(original.outputs), cell.source
            checked += 1
    # chapitre 6 : les écarts au momentum du cours et les F(z_T) des quatre optimiseurs
    assert checked >= (2 if path.stem.startswith("06") else 1)


# -- le verrou de Pyodide réduit -------------------------------------------------------------
def fake_lock(tmp_path, files):
    packages = {}
    for name, depends in files.items():
        f = tmp_path / f"{name}-1.0-py3-none-any.whl"
        f.write_bytes(name.encode())
        packages[name] = {"name": name, "version": "1.0", "file_name": f.name,
                          "depends": depends, "sha256": build_sha(f)}  # fmt: skip
    return {"info": {"version": "0.27.7"}, "packages": packages}


def build_sha(path):
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_trimmed_lock_keeps_the_dependencies_and_checks_every_sha256(build_lite, tmp_path,
                                                                     monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    lock = fake_lock(shared, {"ipython": ["jedi", "sqlite3"], "jedi": ["parso"], "parso": [],
                              "sqlite3": [], "numpy": [], "unused": []})  # fmt: skip
    npm = tmp_path / "npm"
    npm.mkdir()
    for name in build_lite.PYODIDE_RUNTIME:
        (npm / name).write_text(name)
    monkeypatch.setattr(build_lite, "SHARED_PACKAGES", shared)
    site_lock = build_lite.stage_local_pyodide(npm, lock, {"ipython", "numpy"}, tmp_path / "a")
    assert sorted(site_lock["packages"]) == ["ipython", "jedi", "numpy", "parso", "sqlite3"]
    written = json.loads((tmp_path / "a" / "pyodide-lock.json").read_text())
    assert written == site_lock
    assert not (tmp_path / "a" / lock["packages"]["unused"]["file_name"]).exists()

    (shared / lock["packages"]["parso"]["file_name"]).write_bytes(b"autre chose")
    with pytest.raises(build_lite.BuildError, match="sha256"):
        build_lite.stage_local_pyodide(npm, lock, {"ipython"}, tmp_path / "b")
    with pytest.raises(build_lite.BuildError, match="pas dans le verrou"):
        build_lite.lock_closure(lock, {"torch"})
    with pytest.raises(build_lite.BuildError, match="dépend de"):
        build_lite.check_lock_complete({"ipython": lock["packages"]["ipython"]})
