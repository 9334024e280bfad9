"""Le verrou `requirements.lock` : les versions exactes que la CI installe et teste.

`pyproject.toml` garde des fourchettes ; `make lock` (pip-compile) en tire le verrou, et
`make install` installe avec `-c requirements.lock`. Ces tests échouent quand le verrou ne suit
plus `pyproject.toml` (une dépendance ajoutée sans `make lock`, une fourchette relevée au-delà
de la version fixée) ou quand l'environnement installé n'est pas celui du verrou.
"""

import re
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10 : pytest y dépend de tomli
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
REGENERATE = "régénérez-le avec `make lock` (voir le README, partie mainteneurs)"
# une ligne du verrou : nom==version, rien d'autre (pas d'option d'index, pas de chemin local)
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;#]+)$")
CUDA_PACKAGE = re.compile(r"^(nvidia-|triton$|cuda-)")


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _requirements():
    """(groupe, exigence) pour les dépendances du paquet et de chacune de ses extras."""
    project = _pyproject()["project"]
    pairs = [("paquet", Requirement(text)) for text in project["dependencies"]]
    for extra, texts in project.get("optional-dependencies", {}).items():
        pairs += [(extra, Requirement(text)) for text in texts]
    return pairs


def _lock_lines():
    lines = LOCK.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _pins():
    pins = {}
    for line in _lock_lines():
        match = PIN.match(line)
        if match:
            pins[canonicalize_name(match["name"])] = Version(match["version"])
    return pins


def _make_install_extras():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^EXTRAS\s*:?=\s*(\S+)\s*$", makefile, re.MULTILINE)
    assert match, "le Makefile ne définit plus EXTRAS (les extras de `make install`)"
    return match[1].split(",")


def test_lock_holds_only_exact_pins():
    bad = [line for line in _lock_lines() if not PIN.match(line)]
    assert not bad, (
        f"requirements.lock ne doit contenir que des lignes nom==version ; trouvé : {bad} ; "
        f"{REGENERATE}"
    )


@pytest.mark.parametrize(
    ("group", "requirement"), _requirements(), ids=lambda value: str(value)
)
def test_lock_pins_each_dependency_of_pyproject_within_its_range(group, requirement):
    if requirement.marker and not requirement.marker.evaluate({"extra": group}):
        pytest.skip(f"{requirement} ne concerne pas cette plateforme")
    name = canonicalize_name(requirement.name)
    pins = _pins()
    assert name in pins, (
        f"{requirement.name} (groupe « {group} » de pyproject.toml) manque dans "
        f"requirements.lock ; {REGENERATE}"
    )
    assert requirement.specifier.contains(pins[name], prereleases=True), (
        f"requirements.lock fixe {requirement.name}=={pins[name]}, hors de la fourchette "
        f"« {requirement.specifier} » de pyproject.toml ; {REGENERATE}"
    )


def test_make_install_extras_exist_in_pyproject():
    extras = _pyproject()["project"]["optional-dependencies"]
    missing = [extra for extra in _make_install_extras() if extra not in extras]
    assert not missing, f"extras de `make install` absentes de pyproject.toml : {missing}"


def test_lock_pins_torch_as_constraints_txt_and_no_cuda():
    constraints = [
        Requirement(line)
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    torch_pin = next(req for req in constraints if req.name == "torch")
    assert str(torch_pin.specifier).startswith("=="), "constraints.txt doit fixer torch (==)"
    assert _pins()["torch"] == Version(str(torch_pin.specifier)[2:]), (
        f"requirements.lock fixe torch=={_pins()['torch']}, constraints.txt dit "
        f"{torch_pin.specifier}"
    )
    cuda = sorted(name for name in _pins() if CUDA_PACKAGE.match(name))
    assert not cuda, (
        f"requirements.lock contient des paquets CUDA {cuda} : il a été calculé sans la roue "
        "CPU de torch ; relancez `make lock` sur une machine comme celle de la CI"
    )


def test_installed_environment_is_the_lock():
    """Ce que `make install` a mis dans .venv : les versions du verrou, torch sans CUDA."""
    if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        pytest.skip("hors du .venv de `make install` (conda, Binder…) : rien à comparer")
    installed = {
        canonicalize_name(dist.metadata["Name"]): Version(dist.version)
        for dist in metadata.distributions()
    }
    pins = _pins()
    wanted = {canonicalize_name(req.name) for group, req in _requirements()
              if group in ["paquet", *_make_install_extras()]}
    missing = sorted(wanted - installed.keys())
    assert not missing, f"non installés : {missing} ; relancez `make install`"
    # torch s'installe en 2.13.0+cpu pour torch==2.13.0 : on compare la version publique
    different = {
        name: f"installé {installed[name]}, verrou {pin}"
        for name, pin in pins.items()
        if name in installed and Version(installed[name].public) != pin
    }
    assert not different, f"versions installées hors du verrou : {different}"
    cuda = sorted(name for name in installed if CUDA_PACKAGE.match(name))
    assert not cuda, f"paquets CUDA installés : {cuda}"
