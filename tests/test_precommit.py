"""Les carnets versionnés passent tels quels le crochet nbstripout de .pre-commit-config.yaml :
seules les cellules vérifiées par nbval (``# NBVAL_CHECK_OUTPUT``) gardent sortie et numéro
d'exécution, parce qu'elles seules portent ``keep_output: true``."""

import shlex
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

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
    assert len(IPYNB) == 6
    proc = subprocess.run(  # --verify : n'écrit rien, échoue si un carnet changerait
        [sys.executable, "-m", "nbstripout", *command[1:], "--verify", *map(str, IPYNB)],
        capture_output=True, text=True)
    assert proc.returncode == 0, (
        f"nbstripout modifierait des carnets ({proc.stdout.strip()}) : "
        "python scripts/sync_notebooks.py notebooks/NN_xxx.py")
