"""Le cours dans le navigateur, sans rien installer : un site JupyterLite dans build/lite/.

Usage ::

    python scripts/build_lite.py                   # Pyodide chargé depuis son CDN public
    python scripts/build_lite.py --pyodide local   # Pyodide dans le site : marche sans réseau
    python scripts/build_lite.py --out DIR

(``make lite`` et ``make lite PYODIDE=local`` appellent ce script.)

Ce que fait la construction :

1. Les roues Python du site (``pypi/``, installées par piplite dans le navigateur) :
   ``course_utils``, construite depuis ce dépôt, et les paquets purement Python de
   ``SITE_WHEELS``, chacun à la version installée dans l'environnement de construction
   (téléchargés une fois de PyPI, gardés dans le cache des téléchargements, `CACHE`). Une
   dépendance qui n'est ni dans Pyodide ni parmi ces roues est ajoutée, et la construction
   le dit.
2. Les extensions JupyterLab (le JavaScript des widgets et d'ipympl) viennent de ces mêmes
   roues : le JavaScript et le Python d'un paquet ont toujours la même version. Le noyau
   Pyodide vient de ``jupyterlite-pyodide-kernel``. Rien d'autre de l'environnement.
3. Pyodide :

   - par défaut, le site charge Pyodide |version| et ses paquets depuis le CDN public ;
   - avec ``--pyodide local``, le site les contient : le moteur et son ``pyodide-lock.json``
     viennent du paquet npm ``pyodide@<version>`` (``npm pack``, gardé dans `CACHE`),
     les paquets WebAssembly (numpy, matplotlib…) de ``../shared/pyodide-<version>/packages``.
     Seuls les paquets nécessaires (ce que le noyau charge au démarrage, ce que demandent les
     roues du site, et leurs dépendances) sont copiés, chacun vérifié par son sha256 dans le
     verrou de npm (une différence arrête la construction), et le verrou du site est réduit à
     ces paquets.

   Dans les deux cas, piplite ne va jamais chercher sur PyPI (``disablePyPIFallback``).
4. Les chapitres : des copies de ``notebooks/*.ipynb`` (les carnets versionnés ne changent
   pas), chacune avec en tête une cellule repliée qui installe ``course_utils`` et les widgets
   par piplite, et le noyau Pyodide. Une cellule marquée ``torch`` (elle appelle PyTorch, qui
   n'existe pas pour Pyodide) devient un extrait de code non exécuté, suivi de la sortie que
   PyTorch a donnée (celle que vérifie nbval) ; ``course_utils.torch_bridge`` prend le
   relais avec les jumeaux numpy de ``torch.optim``. Une cellule repliée le reste.
5. ``jupyter lite build`` (jupyterlite-core, interface JupyterLab seule), puis les
   vérifications du site : fichiers du verrou présents, aucune adresse de CDN dans la
   configuration en mode local.

Une construction identique à la précédente (mêmes entrées) n'est pas refaite. Les
téléchargements (roues de PyPI, paquet npm de Pyodide) sont gardés hors du dépôt, dans
``$LITE_CACHE`` (par défaut ``~/.cache/course_utils-lite``) : un clone neuf ne les refait pas.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from email.parser import Parser
from pathlib import Path

import nbformat
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"
DEFAULT_OUT = BUILD / "lite"
#: les téléchargements (roues de PyPI, paquet npm de Pyodide), gardés d'une construction et
#: d'un clone à l'autre ; chaque roue est prise à sa version exacte, le paquet npm est vérifié
#: par npm et chaque paquet WebAssembly par son sha256
CACHE = Path(os.environ.get("LITE_CACHE") or Path(
    os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "course_utils-lite")
# Le dossier source de jupyter lite : son nom ne doit pas commencer par celui du dossier de
# sortie (build/lite), sinon jupyterlite ignore son jupyter-lite.json.
STAGING = BUILD / "site-source"

PYODIDE_VERSION = "0.27.7"
PYODIDE_CDN = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"
SHARED_PACKAGES = ROOT.parent / "shared" / f"pyodide-{PYODIDE_VERSION}" / "packages"
#: les fichiers du moteur Pyodide pris dans le paquet npm (sans cartes de sources ni .d.ts)
PYODIDE_RUNTIME = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")

#: Les paquets purement Python du site, en plus de course_utils, chacun à la version installée
#: dans l'environnement de construction. Ajouter une roue au site = ajouter une ligne ici.
SITE_WHEELS = (
    "comm",  # le noyau Pyodide l'installe au démarrage : sans lui, il ne démarre pas
    "ipywidgets",
    "jupyterlab_widgets",  # porte le JavaScript des widgets (extension JupyterLab)
    "ipympl",  # porte aussi son extension JupyterLab
    # la figure de l'explorateur dessinée dans le navigateur (course_utils.web_figure) : le
    # JavaScript d'anywidget (son extension JupyterLab) et ses dépendances, psygnal et
    # typing_extensions (ajoutées par `resolve`)
    "anywidget",
)
#: ce que le noyau (jupyterlite-pyodide-kernel 0.6.1, initKernel) installe à son démarrage ;
#: s'il en manque un, le noyau attend sans fin, sans message d'erreur
KERNEL_START = ("micropip", "ssl", "sqlite3", "jedi", "ipython")
#: les dépendances de course_utils qui ne servent qu'au poste de travail
DESKTOP_ONLY = {"jupyterlab", "jupytext"}
#: l'environnement de Pyodide 0.27 pour les marqueurs des dépendances (``; sys_platform...``)
PYODIDE_ENV = {
    **default_environment(),
    "python_version": "3.12", "python_full_version": "3.12.7",
    "implementation_name": "cpython", "platform_python_implementation": "CPython",
    "sys_platform": "emscripten", "platform_system": "Emscripten", "os_name": "posix",
    "platform_machine": "wasm32", "extra": "",
}  # fmt: skip

#: la marque des cellules qui n'ont de sens qu'avec PyTorch (chapitre 6) : elles l'appellent,
#: ou comparent ses résultats à ceux des jumeaux numpy
TORCH_TAG = "torch"
TORCH_LISTING_NOTE = ("*PyTorch n'existe pas dans le navigateur : ce code est montré sans être "
                      "exécuté, avec la sortie qu'il donne dans JupyterLab.*")
TORCH_LISTING_NOTE_NO_OUTPUT = ("*PyTorch n'existe pas dans le navigateur : ce code est montré "
                                "sans être exécuté.*")
INSTALL_TAG = "lite-install"
#: le noyau Pyodide de JupyterLite
LITE_KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
#: les adresses qui ne doivent figurer dans aucune configuration du site hors ligne
CDN_PATTERN = re.compile(r"cdn\.|jsdelivr|unpkg|pypi\.org|files\.pythonhosted", re.I)


class BuildError(RuntimeError):
    """Une construction impossible, expliquée."""


def _shown_path(path: Path) -> str:
    """Le chemin, relatif au dépôt quand il y est."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def log(message: str) -> None:
    print(f"[lite] {message}", flush=True)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run(cmd: list[str], **kwargs) -> None:
    try:
        subprocess.run(cmd, check=True, **kwargs)
    except subprocess.CalledProcessError as exc:
        raise BuildError(f"échec de : {' '.join(map(str, cmd))}") from exc


# --------------------------------------------------------------------------- roues


def wheel_requirements(wheel: Path) -> list[Requirement]:
    """Les dépendances (Requires-Dist) d'une roue qui s'appliquent dans Pyodide."""
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        msg = Parser().parsestr(z.read(meta).decode())
    reqs = [Requirement(r) for r in msg.get_all("Requires-Dist") or []]
    return [r for r in reqs if r.marker is None or r.marker.evaluate(PYODIDE_ENV)]


def build_course_wheel(dest: Path) -> Path:
    """La roue de course_utils, construite dans un dossier temporaire (pas de build/ ni
    d'egg-info dans le dépôt)."""
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.glob("course_utils-*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("pyproject.toml", "README.md", "LICENSE"):
            shutil.copy2(ROOT / name, src / name)
        shutil.copytree(ROOT / "course_utils", src / "course_utils",
                        ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
        run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
             "-w", str(dest), str(src)])  # fmt: skip
    (wheel,) = dest.glob("course_utils-*.whl")
    return wheel


def installed_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def cached_wheel(cache: Path, name: str, version: str | None) -> Path | None:
    """Une roue pure (py3-none-any) de `name` déjà téléchargée, à cette version."""
    for path in sorted(cache.glob("*.whl")):
        wname, wversion, _, tags = parse_wheel_filename(path.name)
        pure = all(t.abi == "none" and t.platform == "any" for t in tags)
        if wname == canonicalize_name(name) and pure and (
                version is None or wversion == Version(version)):
            return path
    return None


def download_wheels(specs: list[str], cache: Path) -> None:
    """Télécharge des roues purement Python (PyPI) : ``--platform any`` écarte les roues
    compilées qu'un paquet publierait aussi."""
    cache.mkdir(parents=True, exist_ok=True)
    log(f"téléchargement (PyPI) : {', '.join(specs)}")
    run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
         "--platform", "any", "--implementation", "py", "--abi", "none",
         "--python-version", "3.12", "-d", str(cache), *specs])  # fmt: skip


def site_wheels(names, cache: Path) -> dict[str, Path]:
    """Les roues de `names`, à la version installée ici (sinon la dernière) : {nom: roue}."""
    wheels, missing = {}, []
    for name in names:
        version = installed_version(name)
        found = cached_wheel(cache, name, version)
        if found:
            wheels[canonicalize_name(name)] = found
        else:
            missing.append((name, version))
    if missing:
        download_wheels([f"{n}=={v}" if v else n for n, v in missing], cache)
        for name, version in missing:
            found = cached_wheel(cache, name, version)
            if not found:
                raise BuildError(f"pas de roue purement Python pour {name} {version or ''}")
            wheels[canonicalize_name(name)] = found
    return wheels


def kernel_extension() -> Path:
    """Le dossier de l'extension du noyau Pyodide (installée avec jupyterlite-pyodide-kernel)."""
    ext = Path(sys.prefix) / "share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension"
    if not (ext / "package.json").exists():
        raise BuildError(f"extension du noyau Pyodide introuvable ({ext}) : `make lite` "
                         "installe jupyterlite-pyodide-kernel")  # fmt: skip
    return ext


def kernel_wheels() -> dict[str, Version]:
    """Les roues que l'extension du noyau apporte elle-même (piplite, pyodide_kernel,
    ipykernel et widgetsnbextension factices) : {nom: version}."""
    index = json.loads((kernel_extension() / "static/pypi/all.json").read_text())
    return {canonicalize_name(name): max(Version(v) for v in entry["releases"])
            for name, entry in index.items()}  # fmt: skip


def _version(text: str) -> Version | None:
    """La version d'un paquet du verrou (None si elle n'est pas au format PEP 440, comme
    « 1.1.1w » d'openssl : une bibliothèque, jamais demandée par une roue)."""
    try:
        return Version(text)
    except ValueError:
        return None


def resolve(course_wheel: Path, wheels: dict[str, Path], lock: dict, cache: Path, mode: str):
    """Vérifie que chaque dépendance des roues du site est satisfaite dans le navigateur, par
    le verrou de Pyodide, les roues du noyau ou celles du site (en ajoutant au site une roue
    purement Python qui manquerait ; en mode local, aussi pour un paquet du verrou dont
    ../shared n'a pas le fichier). Renvoie (roues, racines à prendre dans le verrou)."""
    lock_versions = {canonicalize_name(k): _version(v["version"])
                     for k, v in lock["packages"].items()
                     if mode == "cdn" or (SHARED_PACKAGES / v["file_name"]).exists()}  # fmt: skip
    kernel = kernel_wheels()
    roots = set(KERNEL_START)
    todo = [(course_wheel, [r for r in wheel_requirements(course_wheel)
                            if canonicalize_name(r.name) not in DESKTOP_ONLY])]  # fmt: skip
    todo += [(w, wheel_requirements(w)) for w in wheels.values()]
    seen = set()
    while todo:
        wheel, reqs = todo.pop()
        for req in reqs:
            name = canonicalize_name(req.name)
            if (wheel.name, name) in seen:
                continue
            seen.add((wheel.name, name))
            if name in wheels:
                version = parse_wheel_filename(wheels[name].name)[1]
            elif name in lock_versions:
                version = lock_versions[name]
                roots.add(name)
            elif name in kernel:
                version = kernel[name]
            else:
                log(f"{req.name}, demandé par {wheel.name}, ajouté aux roues du site")
                wheels.update(site_wheels([req.name], cache))
                added = wheels[name]
                todo.append((added, wheel_requirements(added)))
                version = parse_wheel_filename(added.name)[1]
            if version is not None and req.specifier and not req.specifier.contains(
                    version, prereleases=True):
                raise BuildError(f"{wheel.name} demande {req}, le navigateur aurait {version}")
    return wheels, roots


# --------------------------------------------------------------------------- Pyodide


def npm_pyodide(cache: Path) -> Path:
    """Le paquet npm pyodide@<version> (``npm pack``, vérifié par npm), gardé dans `cache` ;
    renvoie le dossier où il est déballé (dans build/, propre à ce clone)."""
    tgz = cache / f"pyodide-{PYODIDE_VERSION}.tgz"
    if not tgz.exists():
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            log(f"npm pack pyodide@{PYODIDE_VERSION}")
            run(["npm", "pack", "--silent", f"pyodide@{PYODIDE_VERSION}",
                 "--pack-destination", tmp], stdout=subprocess.DEVNULL)  # fmt: skip
            os.replace(Path(tmp) / tgz.name, tgz)  # entier ou absent
    unpacked = BUILD / f"pyodide-{PYODIDE_VERSION}-npm"
    shutil.rmtree(unpacked, ignore_errors=True)
    with tarfile.open(tgz) as tar:
        tar.extractall(unpacked, filter="data")
    return unpacked / "package"


def lock_closure(lock: dict, roots) -> dict:
    """Les entrées du verrou pour `roots` et toutes leurs dépendances (clés normalisées)."""
    packages = {canonicalize_name(k): (k, v) for k, v in lock["packages"].items()}
    needed, todo = {}, [canonicalize_name(r) for r in roots]
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        if name not in packages:
            raise BuildError(f"{name} n'est pas dans le verrou de Pyodide {PYODIDE_VERSION}")
        key, entry = packages[name]
        needed[name] = (key, entry)
        todo += [canonicalize_name(d) for d in entry["depends"]]
    return dict(sorted(needed.values()))


def stage_local_pyodide(npm_dir: Path, lock: dict, roots, dest: Path) -> dict:
    """Copie dans `dest` le moteur (npm) et les paquets nécessaires (../shared), vérifiés ;
    écrit le verrou réduit. Renvoie ce verrou."""
    dest.mkdir(parents=True)
    for name in PYODIDE_RUNTIME:
        shutil.copy2(npm_dir / name, dest / name)
    trimmed = lock_closure(lock, roots)
    if not SHARED_PACKAGES.is_dir():
        raise BuildError(f"{SHARED_PACKAGES} introuvable : les paquets WebAssembly de Pyodide "
                         "doivent être dans ../shared (voir son README)")  # fmt: skip
    for entry in trimmed.values():
        src = SHARED_PACKAGES / entry["file_name"]
        if not src.exists():
            raise BuildError(f"{entry['file_name']} manque dans {SHARED_PACKAGES}")
        digest = sha256(src)
        if digest != entry["sha256"]:
            raise BuildError(f"{src} : sha256 {digest}, le verrou npm de Pyodide "
                             f"{PYODIDE_VERSION} attend {entry['sha256']}")  # fmt: skip
        shutil.copy2(src, dest / entry["file_name"])
    check_lock_complete(trimmed)
    site_lock = {"info": lock["info"], "packages": trimmed}
    (dest / "pyodide-lock.json").write_text(json.dumps(site_lock, indent=1, sort_keys=True))
    log(f"Pyodide {PYODIDE_VERSION} local : {len(trimmed)} paquets sur "
        f"{len(lock['packages'])}, sha256 vérifiés")  # fmt: skip
    return site_lock


def check_lock_complete(packages: dict) -> None:
    """Chaque dépendance d'une entrée du verrou est elle-même dans le verrou."""
    names = {canonicalize_name(k) for k in packages}
    for key, entry in packages.items():
        missing = [d for d in entry["depends"] if canonicalize_name(d) not in names]
        if missing:
            raise BuildError(f"verrou réduit incomplet : {key} dépend de {missing}")


# --------------------------------------------------------------------------- carnets


def install_cell(packages: list[str]) -> nbformat.NotebookNode:
    """La cellule repliée qui installe, dans le navigateur, ce dont le chapitre a besoin."""
    source = (
        "# Dans le navigateur (JupyterLite) : installe les outils du cours et les widgets.\n"
        f"%pip install -q {' '.join(packages)}\n"
        "%pip install -q --no-deps course_utils"
    )
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata = {
        "jupyter": {"source_hidden": True},
        "slideshow": {"slide_type": "skip"},
        "tags": ["hide-input", INSTALL_TAG],
    }
    return cell


def listing_code(source: str) -> str:
    """Le code d'une cellule tel qu'un extrait le montre : sans la marque de nbval."""
    return "\n".join(line for line in source.splitlines()
                     if line.strip() != "# NBVAL_CHECK_OUTPUT")  # fmt: skip


def torch_listing(cell) -> nbformat.NotebookNode:
    """Une cellule qui appelle PyTorch, en extrait de code non exécuté, suivi de la sortie
    texte que PyTorch a donnée quand le carnet versionné en garde une."""
    text = "".join(
        o.get("text", "") if o.output_type == "stream"
        else o.get("data", {}).get("text/plain", "") + "\n"
        for o in cell.get("outputs", [])
        if o.output_type in ("stream", "execute_result")
    ).rstrip("\n")
    parts = [TORCH_LISTING_NOTE if text else TORCH_LISTING_NOTE_NO_OUTPUT,
             f"```python\n{listing_code(cell.source)}\n```"]  # fmt: skip
    if text:
        parts.append(f"```\n{text}\n```")
    md = nbformat.v4.new_markdown_cell("\n\n".join(parts))
    # une solution repliée (jupyter.source_hidden) le reste
    md.metadata = {k: v for k, v in cell.metadata.items()
                   if k in ("slideshow", "tags", "jupyter")}  # fmt: skip
    return md


def lite_notebook(nb, packages: list[str]):
    """La copie d'un chapitre pour le navigateur (le carnet `nb` n'est pas modifié)."""
    nb = copy.deepcopy(nb)
    cells = [install_cell(packages)]
    for cell in nb.cells:
        if cell.cell_type == "code" and TORCH_TAG in cell.metadata.get("tags", []):
            cells.append(torch_listing(cell))
        else:
            cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = dict(LITE_KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def stage_notebooks(dest: Path, packages: list[str]) -> list[str]:
    dest.mkdir(parents=True)
    names = []
    for path in sorted(NOTEBOOKS.glob("[0-9]*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        nbformat.write(lite_notebook(nb, packages), dest / path.name)
        names.append(path.name)
    return names


# --------------------------------------------------------------------------- site


def inputs_digest(mode: str) -> str:
    """Empreinte de tout ce dont dépend le site (pour ne pas refaire une construction
    identique)."""
    h = hashlib.sha256(f"{mode}\n{sys.prefix}\n".encode())
    files = [Path(__file__), ROOT / "pyproject.toml",
             *sorted(NOTEBOOKS.glob("[0-9]*.ipynb")),
             *sorted(f for f in (ROOT / "course_utils").rglob("*")
                     if f.is_file() and "__pycache__" not in f.parts)]  # fmt: skip
    if mode == "local":
        files.append(SHARED_PACKAGES.parent / "SHA256SUMS")
    for f in files:
        h.update(f.relative_to(ROOT.parent).as_posix().encode() + b"\0")
        h.update(f.read_bytes() if f.exists() else b"<absent>")
    for name in ("jupyterlite-core", "jupyterlite-pyodide-kernel", *SITE_WHEELS):
        h.update(f"{name}=={installed_version(name)}\n".encode())
    return h.hexdigest()


def lite_config(mode: str, out: Path, extensions: list[Path]) -> dict:
    return {
        "LiteBuildConfig": {
            "apps": ["lab"],
            "contents": ["files"],
            "output_dir": str(out),
            # les extensions JupyterLab : celle du noyau et celles des roues du site,
            # rien d'autre de l'environnement (ni jupytext, ni jupyterlab_pygments)
            "ignore_sys_prefix": ["federated_extensions"],
            "federated_extensions": [str(p) for p in extensions],
            "no_sourcemaps": True,
            "no_unused_shared_packages": True,
        },
    }


def pyodide_settings(mode: str) -> dict:
    settings = {"disablePyPIFallback": True}
    if mode == "cdn":
        settings["pyodideUrl"] = PYODIDE_CDN + "pyodide.js"
    # en local, l'extension du noyau écrit elle-même ./static/pyodide/pyodide.js
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Descente de gradient",
            "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": settings},
        },
    }


_COMMAND_MODE = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite)"


def _heading_keys(selector: str, disabled: bool = False) -> list[dict]:
    keys = [("notebook:move-cursor-heading-above-or-collapse", "ArrowLeft"),
            ("notebook:move-cursor-heading-below-or-expand", "ArrowRight")]  # fmt: skip
    return [{"command": c, "keys": [k], "selector": selector, **({"disabled": True} if disabled
                                                                else {})} for c, k in keys]


#: réglages de JupyterLab dans le site :
#: - pas de nouvelles de Jupyter ni de vérification de mises à jour (rien vers l'extérieur) ;
#: - ← et → vont aux curseurs des widgets : dans l'interface de JupyterLite 0.6 (JupyterLab
#:   4.4), les raccourcis « titre précédent / suivant » du mode commande les prennent dès que
#:   le focus est n'importe où dans le carnet ; ils ne valent plus que sur une cellule.
SETTINGS_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/shortcuts-extension:shortcuts": {"shortcuts": [
        *_heading_keys(f"{_COMMAND_MODE} :focus", disabled=True),
        *_heading_keys(f"{_COMMAND_MODE} .jp-Cell:focus"),
        *_heading_keys(f"{_COMMAND_MODE}:focus"),
    ]},
}


def local_schema_default(out: Path) -> None:
    """Le schéma des réglages du noyau donne le CDN comme valeur par défaut de pyodideUrl
    (jupyter-lite.json la remplace) : dans un site hors ligne, il donne l'adresse locale."""
    path = out / "extensions/@jupyterlite/pyodide-kernel-extension/static/schema"
    path = path / "kernel.v0.schema.json"
    schema = json.loads(path.read_text())
    schema["properties"]["pyodideUrl"]["default"] = "./static/pyodide/pyodide.js"
    path.write_text(json.dumps(schema, indent=2))


def check_site(out: Path, mode: str) -> None:
    """Les vérifications du site construit (aussi faites par tests/lite)."""
    problems = []
    configs = [*out.rglob("jupyter-lite.json"), *out.rglob("overrides.json")]
    kernel = None
    for cfg in configs:
        data = json.loads(cfg.read_text())
        plugin = data.get("jupyter-config-data", {}).get("litePluginSettings", {}).get(
            "@jupyterlite/pyodide-kernel-extension:kernel")
        if plugin and cfg.parent == out:
            kernel = plugin
        if mode == "local" and CDN_PATTERN.search(cfg.read_text()):
            problems.append(f"{cfg.relative_to(out)} nomme une adresse externe")
    if not kernel or kernel.get("disablePyPIFallback") is not True:
        problems.append("jupyter-lite.json : disablePyPIFallback n'est pas activé")
    if mode == "local":
        pyodide = out / "static" / "pyodide"
        if kernel and kernel.get("pyodideUrl") != "./static/pyodide/pyodide.js":
            problems.append(f"pyodideUrl = {kernel.get('pyodideUrl')!r}")
        lock = json.loads((pyodide / "pyodide-lock.json").read_text())
        for entry in lock["packages"].values():
            path = pyodide / entry["file_name"]
            if not path.exists():
                problems.append(f"{entry['file_name']} nommé par le verrou, absent du site")
            elif sha256(path) != entry["sha256"]:
                problems.append(f"{entry['file_name']} : sha256 différent du verrou")
        try:
            check_lock_complete(lock["packages"])
        except BuildError as exc:
            problems.append(str(exc))
    if problems:
        raise BuildError("site invalide :\n  " + "\n  ".join(problems))


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def build(mode: str, out: Path, force: bool = False) -> Path:
    out = out.resolve()
    stamp = out / ".build-inputs"
    digest = inputs_digest(mode)
    if not force and stamp.exists() and stamp.read_text() == digest:
        log(f"{_shown_path(out)} est à jour (Pyodide {mode})")
        return out
    wheel_cache = CACHE / "wheels"
    shutil.rmtree(STAGING, ignore_errors=True)
    (STAGING / "pypi").mkdir(parents=True)

    course = build_course_wheel(STAGING / "pypi")
    npm_dir = npm_pyodide(CACHE)
    lock = json.loads((npm_dir / "pyodide-lock.json").read_text())
    wheels, roots = resolve(course, site_wheels(SITE_WHEELS, wheel_cache), lock, wheel_cache,
                            mode)
    for wheel in wheels.values():
        shutil.copy2(wheel, STAGING / "pypi" / wheel.name)
    log("roues du site : " + ", ".join(sorted(p.name for p in (STAGING / "pypi").glob("*.whl"))))
    if mode == "local":
        stage_local_pyodide(npm_dir, lock, roots, STAGING / "static" / "pyodide")

    # ce que la cellule d'installation demande : les dépendances de course_utils utiles
    # dans le navigateur, puis les autres roues du site (course_utils lui-même sans
    # dépendances : jupyterlab et jupytext n'ont rien à faire dans le navigateur)
    course_deps = [r.name for r in wheel_requirements(course)
                   if canonicalize_name(r.name) not in DESKTOP_ONLY]  # fmt: skip
    packages = course_deps + [n for n in SITE_WHEELS if n not in course_deps]
    chapters = stage_notebooks(STAGING / "files", packages)

    (STAGING / "jupyter-lite.json").write_text(json.dumps(pyodide_settings(mode), indent=2))
    (STAGING / "overrides.json").write_text(json.dumps(SETTINGS_OVERRIDES, indent=2))
    extensions = [kernel_extension(), *wheels.values()]
    (STAGING / "jupyter_lite_config.json").write_text(
        json.dumps(lite_config(mode, out, extensions), indent=2))
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(STAGING / ".jupyterlite.doit.db", ignore_errors=True)
    jupyter = Path(sys.executable).parent / "jupyter"
    log(f"jupyter lite build -> {_shown_path(out)}")
    run([str(jupyter), "lite", "build", "--lite-dir", str(STAGING)], cwd=STAGING)
    if mode == "local":
        local_schema_default(out)
    check_site(out, mode)
    stamp.write_text(digest)
    size = dir_size(out)
    log(f"{len(chapters)} chapitres ; site {size / 1e6:.1f} Mo ({mode}) dans "
        f"{_shown_path(out)}/ ; servir ce dossier tel quel (tout hébergement statique)")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pyodide", choices=("cdn", "local"), default="cdn",
                        help="d'où le site charge Pyodide (défaut : cdn)")  # fmt: skip
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--force", action="store_true", help="reconstruire même si à jour")
    args = parser.parse_args(argv)
    try:
        build(args.pyodide, args.out, args.force)
    except BuildError as exc:
        print(f"[lite] ERREUR : {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
