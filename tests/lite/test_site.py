"""Le site construit (build/lite, Pyodide dans le site), vérifié sans navigateur : le verrou de
Pyodide et ses fichiers, aucune adresse de CDN dans la configuration, les roues et les
chapitres du site tirés de ce dépôt."""

from __future__ import annotations

import ast
import hashlib
import json
import re
import zipfile
from pathlib import Path

import nbformat
import pytest

from tools.lite import REPO_ROOT

pytestmark = pytest.mark.lite

CDN = re.compile(r"cdn\.|jsdelivr|unpkg|pypi\.org|pythonhosted|githubusercontent", re.I)
KERNEL = "@jupyterlite/pyodide-kernel-extension:kernel"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def defaults(schema):
    """Les valeurs par défaut (clés « default ») d'un schéma JSON, à toute profondeur."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "default":
                yield value
            yield from defaults(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from defaults(value)


@pytest.fixture(scope="module")
def lock(site):
    return json.loads((site / "static" / "pyodide" / "pyodide-lock.json").read_text())


def test_every_file_of_the_trimmed_lock_is_in_the_site(site, lock):
    pyodide = site / "static" / "pyodide"
    packages = lock["packages"]
    assert lock["info"]["version"] == "0.27.7" and lock["info"]["python"].startswith("3.12")
    for entry in packages.values():
        path = pyodide / entry["file_name"]
        assert path.is_file(), f"{entry['file_name']} : nommé par le verrou, absent du site"
        assert sha256(path) == entry["sha256"], entry["file_name"]
    # aucune dépendance manquante (le noyau se bloquerait sans erreur)
    names = {canonical(k) for k in packages}
    for key, entry in packages.items():
        missing = {canonical(d) for d in entry["depends"]} - names
        assert not missing, f"{key} dépend de {missing}, absent du verrou"
    # ce que le noyau charge au démarrage, et ce que le cours importe
    for needed in ("micropip", "jedi", "ipython", "ssl", "sqlite3", "numpy", "matplotlib"):
        assert needed in names, needed
    # le verrou est réduit : rien d'autre que ses fichiers (et le moteur) dans static/pyodide
    shipped = {p.name for p in pyodide.iterdir()}
    runtime = {"pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
               "pyodide-lock.json"}  # fmt: skip
    assert shipped == runtime | {e["file_name"] for e in packages.values()}


def test_the_wasm_packages_match_the_npm_lock_of_shared(site, lock):
    """Chaque paquet du site est celui de ../shared (SHA256SUMS), lui-même vérifié par le
    verrou de npm à la construction."""
    sums = REPO_ROOT.parent / "shared" / "pyodide-0.27.7" / "SHA256SUMS"
    expected = dict(reversed(line.split()) for line in sums.read_text().splitlines() if line)
    expected = {Path(k).name: v for k, v in expected.items()}
    for entry in lock["packages"].values():
        assert expected.get(entry["file_name"]) == entry["sha256"], entry["file_name"]


def test_no_configuration_names_a_cdn(site):
    # la configuration que lisent la page et le noyau : aucune adresse, relative seulement
    configs = [*site.rglob("jupyter-lite.json"), *site.rglob("pypi/all.json"),
               site / "static" / "pyodide" / "pyodide-lock.json"]  # fmt: skip
    assert len(configs) >= 4
    for path in configs:
        found = re.findall(r"\w+://[^\s\"]*", path.read_text())
        assert not found, f"{path.relative_to(site)} nomme {found}"
    # ni CDN dans les réglages, les valeurs par défaut des schémas de réglages, les chapitres
    for path in [*site.rglob("overrides.json"), *site.rglob("*.ipynb")]:
        found = CDN.findall(path.read_text())
        assert not found, f"{path.relative_to(site)} nomme {found}"
    schemas = [*site.rglob("*.schema.json"), *(site / "build" / "schemas").rglob("*.json")]
    assert any(p.name == "kernel.v0.schema.json" for p in schemas)
    for path in schemas:
        found = CDN.findall(json.dumps(list(defaults(json.loads(path.read_text())))))
        assert not found, f"{path.relative_to(site)} : valeur par défaut {found}"
    settings = json.loads((site / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = settings["litePluginSettings"][KERNEL]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.js"
    assert kernel["disablePyPIFallback"] is True


def test_the_site_wheels_come_from_this_repository(site):
    (wheel,) = (site / "pypi").glob("course_utils-*.whl")
    with zipfile.ZipFile(wheel) as z:
        shipped = {n: z.read(n) for n in z.namelist() if n.startswith("course_utils/")}
    ours = {p.relative_to(REPO_ROOT).as_posix(): p.read_bytes()
            for p in (REPO_ROOT / "course_utils").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}  # fmt: skip
    assert shipped == ours, "site périmé : `make lite PYODIDE=local`"
    index = json.loads((site / "pypi" / "all.json").read_text())
    # les widgets, ipympl, et anywidget avec ses dépendances (la figure web de l'explorateur)
    assert {canonical(n) for n in index} >= {"course-utils", "ipywidgets", "ipympl", "comm",
                                             "jupyterlab-widgets", "anywidget", "psygnal",
                                             "typing-extensions"}  # fmt: skip


def test_lab_extensions_are_the_widgets_and_the_kernel_only(site):
    extensions = sorted(str(p.parent.relative_to(site / "extensions"))
                        for p in (site / "extensions").glob("**/package.json"))  # fmt: skip
    # celle du noyau, et celles que portent les roues du site (rien de l'environnement)
    from_wheels = set()
    for wheel in (site / "pypi").glob("*.whl"):
        with zipfile.ZipFile(wheel) as z:
            from_wheels |= {m.group(1) for n in z.namelist()
                            if (m := re.search(r"\.data/data/share/jupyter/labextensions/"
                                               r"((?:@[^/]+/)?[^/@]+)/package\.json$", n))}
    assert extensions == sorted({"@jupyterlite/pyodide-kernel-extension", *from_wheels})
    assert {"@jupyter-widgets/jupyterlab-manager", "jupyter-matplotlib", "anywidget"} <= from_wheels
    # le JavaScript et le Python d'un paquet viennent de la même roue : même version
    for ext, wheel_glob in (("jupyter-matplotlib", "ipympl-*.whl"),
                            ("@jupyter-widgets/jupyterlab-manager", "jupyterlab_widgets-*.whl"),
                            ("anywidget", "anywidget-*.whl")):
        (wheel,) = (site / "pypi").glob(wheel_glob)
        with zipfile.ZipFile(wheel) as z:
            inside = z.read(next(n for n in z.namelist()
                                 if n.endswith(f"labextensions/{ext}/package.json")))
        shipped = json.loads((site / "extensions" / ext / "package.json").read_text())
        assert shipped["version"] == json.loads(inside)["version"], ext


def test_chapters_are_lite_copies_of_the_notebooks(site):
    ours = sorted((REPO_ROOT / "notebooks").glob("[0-9]*.ipynb"))
    assert sorted(p.name for p in (site / "files").glob("*.ipynb")) == [p.name for p in ours]
    for path in ours:
        original = nbformat.read(path, as_version=4)
        copy = nbformat.read(site / "files" / path.name, as_version=4)
        assert copy.metadata.kernelspec.name == "python"  # le noyau Pyodide
        first = copy.cells[0]
        assert first.cell_type == "code" and first.metadata["jupyter"]["source_hidden"]
        assert "%pip install" in first.source and "course_utils" in first.source
        assert len(copy.cells) == len(original.cells) + 1
        for ours_cell, lite_cell in zip(original.cells, copy.cells[1:], strict=True):
            if "torch" in ours_cell.metadata.get("tags", []):
                assert lite_cell.cell_type == "markdown"
                code = ours_cell.source.replace("# NBVAL_CHECK_OUTPUT\n", "")
                assert f"```python\n{code}\n```" in lite_cell.source
            else:
                assert lite_cell.source == ours_cell.source
        # aucune cellule de code n'appelle PyTorch (absent du navigateur)
        for cell in copy.cells:
            if cell.cell_type == "code":
                python = re.sub(r"^\s*%.*$", "", cell.source, flags=re.M)  # sans les magies
                names = {n.id for n in ast.walk(ast.parse(python)) if isinstance(n, ast.Name)}
                names |= {a.name.split(".")[0] for n in ast.walk(ast.parse(python))
                          if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
                assert "torch" not in names, f"{path.name} :\n{cell.source}"
