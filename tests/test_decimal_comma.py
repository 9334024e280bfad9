"""La virgule décimale dans tout ce qu'un étudiant lit du cours exécuté (#10).

Chaque chapitre de notebooks/ est exécuté (nbclient, deux carnets à la fois) avec la sonde de
``tools/french_audit.py`` : elle note chaque texte que matplotlib **dessine** (figures
affichées par ``plt.show()`` et figures vivantes — explorateurs, sonde de gradient, et tout
objet qui dessine une figure matplotlib —, graduations de tous les axes, barres de couleurs et
3D comprises, décalages, titres, noms d'axes, légendes, annotations, textes libres), et la
ligne d'état (``.status``) de chaque objet vivant qui en a une à côté d'une figure ou d'une
vue (trouvé par ``gc``, même affiché sans variable). S'y ajoutent ce
que chaque cellule affiche : sorties imprimées (celles des cellules ``# NBVAL_CHECK_OUTPUT``
comprises) et résultats (messages des exercices…).

Le test échoue, en nommant le chapitre, la cellule et le texte, si un nombre y est écrit avec
un point décimal, ou si une virgule de formule ``{,}`` est écrite hors d'une formule ``$...$``
(matplotlib l'afficherait telle quelle).

Exceptions voulues (``tools.french_audit.without_code``) :

- **le code montré comme du code**, dans une sortie seulement (jamais dans une figure ni une
  ligne d'état) : un argument nommé Python (``Adam(params, lr=0.001, betas=(0.9, 0.999))``
  au chapitre 6, qui montre le code qu'on écrirait), un morceau entre accents graves ou dans
  ``<code>`` (« avec `lr=0.1` » dans le message d'un exercice), et les numéros d'exercices
  (« Exercice 6.2 ») ;
- **les lectures des curseurs** (« 0.4 » à droite d'un curseur ipywidgets) : le navigateur
  les écrit, au format d3 d'ipywidgets ; elles ne font pas partie de la figure et ne sont pas
  vues ici ;
- la représentation ``repr`` d'un widget ou d'une figure (``Explorer(..., η=0.4, T=20)``,
  ``<Figure size ...>``) : seule la vue du widget ou l'image s'affiche, pas ce texte.

Les fautes connues dans les cellules des carnets, en attente d'une correction, sont dans
:data:`PENDING` ; une faute corrigée doit en sortir (le test le demande).
"""

import html
import json
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from tools.french_audit import faults

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

#: installe la sonde dans le noyau, avant la première cellule du carnet
SETUP = """\
import sys as _audit_sys
_audit_sys.path.insert(0, {root!r})
from tools.french_audit import install as _audit_install
_audit_install(get_ipython(), {log!r})
del _audit_sys, _audit_install
"""

#: Fautes connues dans les cellules des carnets (pas dans la bibliothèque), à corriger dans le
#: carnet : (chapitre, un morceau du texte fautif) → ce qu'il faut faire. Le test échoue si une
#: faute nouvelle apparaît, et aussi si une faute listée ici a disparu (retirez-la alors).
PENDING: dict[tuple[str, str], str] = {}


class Fault(NamedTuple):
    chapter: str
    cell: str  # « cellule k (« première ligne ») »
    where: str  # figure et rôle, ligne d'état, sortie
    text: str
    problems: tuple

    def __str__(self):
        text = self.text if len(self.text) < 300 else self.text[:300] + "…"
        return (f"{self.chapter}, {self.cell} — {self.where} : {text!r} "
                f"→ {', '.join(self.problems)}")


def execute(path, log):
    """Exécute le carnet ``path`` (dans son dossier) avec la sonde, qui écrit dans ``log``.

    Renvoie
    -------
    (carnet exécuté, enregistrements du journal : un par cellule exécutée).
    """
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(SETUP.format(root=str(ROOT), log=str(log))))
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    del nb.cells[0]
    records = [json.loads(line) for line in Path(log).read_text(encoding="utf-8").splitlines()]
    return nb, records


def shown_text(output):
    """Le texte qu'un étudiant lit d'une sortie de cellule (None : rien à lire ici).

    Comme JupyterLab, on prend la représentation la plus riche : la vue d'un widget (sa figure
    et sa ligne d'état sont vues par la sonde), puis le HTML (sans balises ni styles, le code
    ``<code>`` gardé entre accents graves), le Markdown, une image (ses textes sont vus par la
    sonde), enfin le texte brut.
    """
    if output.output_type == "stream":
        return output.text
    if output.output_type not in ("execute_result", "display_data"):
        return None
    data = output.get("data", {})
    if WIDGET_VIEW in data:
        return None
    if "text/html" in data:
        page = re.sub(r"<(style|script)\b.*?</\1>", " ", data["text/html"], flags=re.S | re.I)
        page = re.sub(r"<code\b[^>]*>(.*?)</code>", r"`\1`", page, flags=re.S | re.I)
        return html.unescape(re.sub(r"<[^>]*>", " ", page))
    if "text/markdown" in data:
        return data["text/markdown"]
    if any(mime.startswith("image/") for mime in data):
        return None
    return data.get("text/plain")


def _cell_name(nb, k):
    lines = [ln for ln in nb.cells[k].source.splitlines()
             if ln.strip() and not ln.lstrip().startswith("#")]
    first = lines[0].strip() if lines else nb.cells[k].source.strip()[:60]
    return f"cellule {k + 1} (« {first[:70]} »)"


def chapter_faults(chapter, nb, records):
    """Toutes les fautes d'un carnet exécuté avec la sonde."""
    found = []
    by_count = {c.execution_count: k for k, c in enumerate(nb.cells)
                if c.cell_type == "code" and c.execution_count is not None}
    statuses_seen = set()
    for record in records:
        k = by_count.get(record["execution_count"])
        cell = _cell_name(nb, k) if k is not None else "préparation"
        for figure, role, text in record["texts"]:
            problems = faults(text)
            if problems:
                found.append(Fault(chapter, cell, f"figure « {figure} », {role}", text,
                                   tuple(problems)))
        for kind, status in record["statuses"]:
            if (kind, status) in statuses_seen:
                continue
            statuses_seen.add((kind, status))
            problems = faults(status)
            if problems:
                found.append(Fault(chapter, cell, f"ligne d'état ({kind})", status,
                                   tuple(problems)))
    for k, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            text = shown_text(output)
            problems = faults(text, code=True) if text else []
            if problems:
                found.append(Fault(chapter, _cell_name(nb, k),
                                   f"sortie ({output.output_type})", text, tuple(problems)))
    return found


# -- un carnet fautif exprès : le test attrape ce qu'il doit attraper -------------------------
PLANTED_CELLS = [
    "%matplotlib inline\n"
    "import matplotlib.pyplot as plt\n"
    "from course_utils.french import french_axes, number\n"
    "from course_utils.plotting import plot_contour\n"
    "from course_utils import LeastSquares, linear_example",
    # un titre écrit avec f"{0.5}", des graduations laissées à matplotlib
    "fig, ax = plt.subplots()\n"
    "ax.plot([0, 1], [0.2, 0.7])\n"
    "ax.set_title(f\"pas η = {0.5}\")\n"
    "plt.show()",
    # une barre de couleurs faite à la main, sans formateur : ses graduations
    "fig, ax = plt.subplots()\n"
    "fig.colorbar(ax.imshow([[0.0, 0.5]]), ax=ax)\n"
    "french_axes(ax)\n"
    "plt.show()",
    # ce que fait la bibliothèque : tout à la française ; mais une virgule {,} hors formule
    "fig, ax = plt.subplots()\n"
    "plot_contour(ax, LeastSquares(*linear_example()), resolution=21, colorbar=True,\n"
    "             title=f\"η = {number(0.5, tex=True)}\")\n"
    "ax.annotate(f\"${number(2.5e-3, tex=True)}$\", (0, 0))\n"
    "plt.show()",
    # une figure vivante inventée (une figure, une vue, une ligne d'état), affichée sans être
    # gardée dans une variable : seul son widget la tient en vie, comme l'explorateur
    "import ipywidgets\n"
    "from matplotlib.figure import Figure\n"
    "from matplotlib.backends.backend_agg import FigureCanvasAgg\n"
    "class Gadget:\n"
    "    def __init__(self):\n"
    "        self.figure = Figure()\n"
    "        FigureCanvasAgg(self.figure)\n"
    "        self.figure.text(0.1, 0.5, f\"F = {number(0.125)}\")\n"
    "        self.figure.canvas.draw()\n"
    "        self.status = f\"η = {0.25}\"\n"
    "        self.widget = ipywidgets.HTML(self.status)\n"
    "        self.widget.observe(self._changed, names=\"value\")\n"
    "    def _changed(self, change):\n"
    "        pass\n"
    "display(Gadget().widget)",
    # des sorties imprimées : une faute, du code montré comme du code
    "print(f\"F(z_T) = {0.3}\")\n"
    "print(\"Adam(params) revient à Adam(params, lr=0.001, betas=(0.9, 0.999))\")",
]


@pytest.fixture(scope="module")
def planted_notebook(tmp_path_factory):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in PLANTED_CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                 "display_name": "Python 3"}
    path = tmp_path_factory.mktemp("fautif") / "99_fautif.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def executed(request, tmp_path_factory, planted_notebook):
    """Les chapitres et le carnet fautif, exécutés avec la sonde, deux à la fois (la machine
    a 2 cœurs) ; seulement ceux dont un test est choisi (``-k 03_descente`` n'exécute que le
    chapitre 3)."""
    logs = tmp_path_factory.mktemp("sonde")
    chosen = {item.callspec.params["path"].stem if hasattr(item, "callspec") else "99_fautif"
              for item in request.session.items
              if item.module is request.module and "executed" in item.fixturenames}
    paths = [p for p in [*NOTEBOOKS, planted_notebook] if p.stem in chosen]
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = pool.map(execute, paths, [logs / f"{p.stem}.jsonl" for p in paths])
        return dict(zip([p.stem for p in paths], results, strict=True))


def test_the_planted_mistakes_are_caught(executed):
    """Le test lui-même : chaque faute plantée est attrapée (figure, barre de couleurs, ligne
    d'état, sortie, virgule hors formule), avec sa cellule ; rien d'autre."""
    nb, records = executed["99_fautif"]
    found = chapter_faults("99_fautif", nb, records)
    report = "\n".join(map(str, found))
    by_cell = {}
    for fault in found:
        by_cell.setdefault(int(fault.cell.split()[1]), []).append(fault)
    assert sorted(by_cell) == [2, 3, 4, 5, 6], report
    # 2 : le titre et les graduations de matplotlib (0.2, 0.3… de l'axe y, 0.0… de l'axe x)
    titles = [f for f in by_cell[2] if "titre" in f.where]
    assert [f.text for f in titles] == ["pas η = 0.5"], report
    assert {f.where.rsplit(", ", 1)[1] for f in by_cell[2]} == {
        "titre", "graduation de l'axe x", "graduation de l'axe y"}, report
    # 3 : la barre de couleurs seule (l'Axes de l'image est à la française)
    assert {f.text for f in by_cell[3]} == {"0.0", "0.1", "0.2", "0.3", "0.4", "0.5"}, report
    # 4 : la virgule {,} écrite hors formule dans le titre, rien d'autre (graduations de la
    # barre de couleurs et annotation à la française)
    assert [f.text for f in by_cell[4]] == ["η = 0{,}5"], report
    # 5 : la ligne d'état de l'objet inventé ; le texte de sa figure est à la française
    assert [(f.where, f.text) for f in by_cell[5]] == [("ligne d'état (Gadget)", "η = 0.25")]
    # 6 : la sortie fautive, pas le code montré comme du code
    assert [f.problems for f in by_cell[6]] == [("0.3",)], report


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_number_a_student_reads_has_a_decimal_comma(executed, path):
    nb, records = executed[path.stem]
    texts = sum(len(r["texts"]) for r in records)
    assert texts > 50, "la sonde n'a presque rien vu : est-elle installée ?"
    live = any(WIDGET_VIEW in o.get("data", {}) and "image/png" in o.get("data", {})
               for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    if live:  # une figure vivante est affichée : la sonde a lu sa ligne d'état
        assert any(r["statuses"] for r in records), "aucune ligne d'état vue"
    found = chapter_faults(path.stem, nb, records)
    pending = {key: reason for key, reason in PENDING.items() if key[0] == path.stem}
    new = [f for f in found if not any(part in f.text for _, part in pending)]
    assert not new, "nombres écrits avec un point :\n" + "\n".join(map(str, new))
    fixed = [key for key in pending if not any(key[1] in f.text for f in found)]
    assert not fixed, f"fautes corrigées, à retirer de PENDING : {fixed}"


# -- chaque Axes de la bibliothèque écrit à la française, même après un dessin complet ---------
# Des régions et des réglages où les graduations tombent sur des décimales (0,38 ; 1,6…) : une
# graduation oubliée par french_axes y écrirait un point.
ARTIFACTS = ROOT / "test-artifacts" / "virgule"
NEAR_MINIMUM = (1.5, 2.3, -3.3, -2.5)  # autour de w* des moindres carrés : F ≈ 0,37…0,6


def _unfrench_formatters(fig):
    """Les axes dont les graduations (dessinées) ne passent pas par FrenchFormatter."""
    from matplotlib.ticker import NullFormatter, NullLocator

    from course_utils.french import FrenchFormatter

    bad = []
    for ax in fig.axes:
        colorbar = getattr(ax, "_colorbar", None)
        if colorbar is not None:
            axes = [("barre de couleurs", colorbar.long_axis)]
        else:
            axes = [(n, getattr(ax, f"{n}axis")) for n in "xyz" if hasattr(ax, f"{n}axis")]
        for name, axis in axes:
            for which in ("major", "minor"):
                locator = getattr(axis, f"get_{which}_locator")()
                formatter = getattr(axis, f"get_{which}_formatter")()
                if isinstance(locator, NullLocator) or isinstance(formatter, NullFormatter):
                    continue
                if not isinstance(formatter, FrenchFormatter):
                    bad.append(f"« {ax.get_title()} » : axe {name} ({which})")
    return bad


def _check_drawn(texts, *, commas=1):
    """Aucune faute dans les textes dessinés, et au moins ``commas`` nombres décimaux (sinon
    le test ne prouverait rien)."""
    strings = [s for _, s in texts]
    assert strings, "rien n'a été dessiné"
    wrong = {s: faults(s) for s in strings if faults(s)}
    assert not wrong, wrong
    decimal = {s for s in strings if re.search(r"\d(,|\{,\})\d", s)}
    assert len(decimal) >= commas, strings


def _save(fig, name):
    """Enregistre la figure dans test-artifacts/virgule/ (pour la regarder) ; la dessine."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    fig.savefig(ARTIFACTS / f"{name}.png", dpi=80)


def _redrawn(texts, axis):
    """Les graduations de ``axis`` ont-elles été redessinées (un dessin complet) ?"""
    drawn = {id(text) for text, _ in texts}
    return any(id(label) in drawn for label in axis.get_ticklabels())


def test_contour_colorbar_and_3d_surface(least_squares, tanh_net):
    from matplotlib.figure import Figure

    from course_utils.plotting import plot_contour, plot_gradient_field, plot_surface
    from tools.french_audit import drawn_texts

    fig = Figure(figsize=(13, 4), layout="constrained")
    ax = fig.add_subplot(1, 3, 1)
    plot_contour(ax, least_squares, region=NEAR_MINIMUM, resolution=41, colorbar=True)
    plot_gradient_field(fig.add_subplot(1, 3, 2), least_squares, region=NEAR_MINIMUM)
    plot_surface(fig.add_subplot(1, 3, 3, projection="3d"), tanh_net, region=(0.2, 0.6, 0.2, 0.6),
                 resolution=15)
    with drawn_texts() as texts:
        _save(fig, "courbes_barre_surface")
    assert _unfrench_formatters(fig) == []
    _check_drawn(texts, commas=10)
    colorbar = fig.axes[1]
    assert hasattr(colorbar, "_colorbar")
    ticks = [t.get_text() for t in colorbar._colorbar.long_axis.get_ticklabels()]
    assert any("," in t for t in ticks), ticks
    z = [t.get_text() for t in fig.axes[-1].zaxis.get_ticklabels()]
    assert any("," in t for t in z), z  # les graduations de la surface (axe z) aussi


def test_log_axes_after_a_change_of_scale(least_squares):
    """set_xscale / set_yscale remettent les formateurs de matplotlib : les fonctions de la
    bibliothèque remettent les leurs après."""
    from matplotlib.figure import Figure

    from course_utils import gradient_descent
    from course_utils.minibatch import lr_range_test, suggested_eta
    from course_utils.plotting import plot_learning_curve, plot_lr_range, plot_schedules
    from course_utils.datasets import diabetes, standardize, with_bias_column
    from tools.french_audit import drawn_texts

    fig = Figure(figsize=(13, 4), layout="constrained")
    ax, axl, axs = fig.subplots(1, 3)
    Z = gradient_descent(least_squares, (-7, 7), 0.1, 40)
    plot_learning_curve(ax, least_squares, Z[:3], log=False)  # linéaire d'abord…
    plot_learning_curve(ax, least_squares, Z, log=True)  # … puis logarithmique
    X, y = diabetes()
    F = type(least_squares)(with_bias_column(standardize(X)[0]), y / 100)
    etas, losses = lr_range_test(F, np.zeros(F.d), batch_size=32, seed=0)
    plot_lr_range(axl, etas, losses, suggested=suggested_eta(etas, losses))
    plot_schedules(axs, ["constant", "inv_sqrt", "cosine"], 50, eta=0.3)
    assert ax.get_yscale() == "log" and axl.get_xscale() == "log"
    with drawn_texts() as texts:
        _save(fig, "echelles_log")
    assert _unfrench_formatters(fig) == []
    _check_drawn(texts, commas=5)


def _widget_texts(widget, change):
    """Les textes dessinés pendant ``change(widget)`` (les changements de curseurs passent par
    le blitting, et par un dessin complet quand une borne d'axe change)."""
    from tools.french_audit import drawn_texts

    with drawn_texts() as texts:
        change(widget)
    return texts


def test_live_widgets_after_a_full_redraw(least_squares):
    """Les figures vivantes, à leur premier dessin puis après des changements qui refont le
    fond (bornes de la courbe d'apprentissage, de l'axe des époques)."""
    from course_utils.datasets import diabetes, standardize, train_validation_split
    from course_utils.datasets import with_bias_column
    from course_utils.widgets import Explorer, GradientProbe, MiniBatchExplorer
    from tools.french_audit import drawn_texts

    with drawn_texts() as first:
        explorer = Explorer(least_squares, region=NEAR_MINIMUM, w0=(1.6, -3.2), eta=0.1, T=10)
        # montré (comme par le carnet) : le fond envoyé au navigateur et l'image PNG de secours
        # sont dessinés ; avant, rien ne l'est
        explorer._repr_mimebundle_()
    _check_drawn(first, commas=5)
    limits = explorer.curve_axes.get_xlim(), explorer.curve_axes.get_ylim()

    def push(e):
        e.controls["T"].value = 150  # l'axe des itérations change
        e.controls["eta"].value = 0.6  # F augmente : l'axe de F change, une alerte s'écrit

    texts = _widget_texts(explorer, push)
    assert (explorer.curve_axes.get_xlim(), explorer.curve_axes.get_ylim()) != limits
    assert _redrawn(texts, explorer.curve_axes.xaxis), "pas de dessin complet"
    _check_drawn(texts, commas=3)
    assert _unfrench_formatters(explorer.figure) == []
    assert not faults(explorer.status)
    _save(explorer.figure, "explorateur_apres_redessin")

    with drawn_texts() as first:
        probe = GradientProbe(least_squares, w=(1.6, -3.2), region=NEAR_MINIMUM)
    _check_drawn(first, commas=5)
    probe.controls["w1"].value = 2.05
    assert not faults(probe.status) and "2,05" in probe.status

    X, y = diabetes()
    X_train, X_val, y_train, y_val = train_validation_split(X, y, validation=0.2, seed=0)
    X_train, shift, scale = standardize(X_train)
    train = type(least_squares)(with_bias_column(X_train), y_train)
    validation = type(least_squares)(with_bias_column((X_val - shift) / scale), y_val)
    with drawn_texts() as first:  # le premier dessin aussi (les bornes ne sont pas encore fixées)
        minibatch = MiniBatchExplorer(train, validation, eta=0.01, epochs=5)
    _check_drawn(first, commas=1)

    def more_epochs(m):
        m.controls["epochs"].value = 45  # l'axe des époques change
        m.controls["eta"].value = 0.3  # le pas change d'échelle, la perte peut exploser

    texts = _widget_texts(minibatch, more_epochs)
    assert _redrawn(texts, minibatch.figure.axes[0].xaxis), "pas de dessin complet"
    _check_drawn(texts, commas=1)
    assert _unfrench_formatters(minibatch.figure) == []
    assert not faults(minibatch.status)
    _save(minibatch.figure, "mini_lots_apres_redessin")


def test_web_figure_background_after_a_change_of_limits(least_squares):
    """Le fond de la figure web (l'image matplotlib que le navigateur reçoit) est redessiné
    quand une borne d'axe change, en français ; l'instantané PNG aussi."""
    from course_utils.widgets import Explorer
    from tools.french_audit import drawn_texts

    explorer = Explorer(least_squares, region=NEAR_MINIMUM, w0=(1.6, -3.2), eta=0.1, T=10)
    fig = explorer.web_figure
    fig.ensure_background()  # (la figure est montrée)
    before = fig.background
    with drawn_texts() as texts:
        explorer.controls["T"].value = 150  # l'axe des itérations change
        explorer.controls["eta"].value = 0.6  # l'axe de F change, une alerte s'écrit
    assert fig.background != before, "le fond n'a pas été redessiné"
    assert _redrawn(texts, explorer.curve_axes.xaxis)
    _check_drawn(texts, commas=3)
    with drawn_texts() as texts:
        fig.snapshot()
    _check_drawn(texts, commas=5)
    assert _unfrench_formatters(explorer.figure) == []
