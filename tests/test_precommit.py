"""Les carnets versionnés passent tels quels les crochets de .pre-commit-config.yaml :

- nbstripout : seules les cellules vérifiées par nbval (``# NBVAL_CHECK_OUTPUT``) gardent sortie
  et numéro d'exécution, parce qu'elles seules portent ``keep_output: true`` ;
- jupytext : chaque paire .ipynb / .py est déjà synchrone, dans un sens comme dans l'autre.
"""

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from jupytext.cli import jupytext as jupytext_cli

ROOT = Path(__file__).resolve().parent.parent
IPYNB = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
CHECK = "# NBVAL_CHECK_OUTPUT"


def hook(hook_id):
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return next(h for repo in config["repos"] for h in repo["hooks"] if h["id"] == hook_id)


@pytest.mark.parametrize("path", IPYNB, ids=[p.stem for p in IPYNB])
def test_checked_cells_alone_keep_their_output(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        checked = CHECK in cell.source
        assert cell.metadata.get("keep_output", False) is checked, (
            f"keep_output doit valoir {checked} (scripts/sync_notebooks.py) :\n{cell.source}")
        if not checked:
            assert cell.execution_count is None, f"numéro d'exécution versionné :\n{cell.source}"


def test_nbstripout_hook_leaves_committed_notebooks_unchanged():
    command = shlex.split(hook("nbstripout")["entry"])
    assert command[0] == "nbstripout"
    assert len(IPYNB) == 7
    proc = subprocess.run(  # --verify : n'écrit rien, échoue si un carnet changerait
        [sys.executable, "-m", "nbstripout", *command[1:], "--verify", *map(str, IPYNB)],
        capture_output=True, text=True)
    assert proc.returncode == 0, (
        f"nbstripout modifierait des carnets ({proc.stdout.strip()}) : "
        "python scripts/sync_notebooks.py notebooks/NN_xxx.py")


@pytest.mark.parametrize("path", IPYNB, ids=[p.stem for p in IPYNB])
@pytest.mark.parametrize("source", [".py", ".ipynb"])
def test_jupytext_sync_leaves_the_pair_unchanged(path, source, tmp_path):
    """``jupytext --sync`` depuis l'un ou l'autre fichier de la paire (le crochet prend celui
    qui a été modifié) ne réécrit rien : pas même les métadonnées."""
    assert "--sync" in shlex.split(hook("jupytext")["entry"])
    shutil.copy(ROOT / "notebooks" / "jupytext.toml", tmp_path)
    pair = [shutil.copy(path.with_suffix(ext), tmp_path) for ext in (".ipynb", ".py")]
    newer = tmp_path / path.with_suffix(source).name
    os.utime(newer, (newer.stat().st_atime, newer.stat().st_mtime + 10))
    jupytext_cli(["--sync", "--quiet", str(newer)])
    for copy in map(Path, pair):
        assert copy.read_text(encoding="utf-8") == (ROOT / "notebooks" / copy.name).read_text(
            encoding="utf-8"), f"jupytext réécrirait {copy.name} : scripts/sync_notebooks.py"
