"""Les diapositives du cours : les préprocesseurs nbconvert, l'index et les PDF.

Un carnet devient une présentation par nbconvert seul (réglages : ``slides/nbconvert_config.py``,
gabarit : ``slides/templates/offline``) ; ``make slides`` le fait pour chaque carnet. Les
préprocesseurs d'ici, dans l'ordre où la configuration les enchaîne autour de l'exécution :

- `InlineFigures` (avant l'exécution) : ``%matplotlib widget`` devient ``%matplotlib inline``
  (sans navigateur, ipympl ne produit que des vues de widget ; le backend inline, des PNG) ;
- `WidgetSnapshots` : une vue de widget que la page sait faire vivre sans noyau (contrôles
  ipywidgets et anywidget : l'explorateur) reste, avec son image PNG devant elle et l'état de
  ses widgets (et seulement de ceux-là) dans la page ; une autre (sonde de gradient, sur ipympl)
  devient son image PNG, suivie d'une légende ; un widget sans image, une phrase ;
- `DropStderr` : pas d'avertissements (flux stderr) sur les diapositives ;
- `DropTestMarkers` : pas de marqueurs de nbval (``# NBVAL_CHECK_OUTPUT``…) ;
- `FrenchSpacing` : espaces insécables avant « ; : ! ? » et dans les guillemets ;
- `ChapterTitle` : le premier titre du carnet devient le titre de la page ;
- `RemoveTaggedCells` : le ``TagRemovePreprocessor`` de nbconvert (``hide-input``, et les
  cellules `REMOVED_CELL_TAGS`), mais après l'exécution.

L'exécution elle-même est l'``ExecutePreprocessor`` de nbconvert.

En ligne de commande (depuis la racine du dépôt ; ``make slides`` et ``make slides-pdf``) :

- ``python -m tools.slides index build/slides --notebooks notebooks`` : ``index.html``, la
  page d'accueil qui liste les présentations (et leurs PDF à jour) ;
- ``python -m tools.slides pdf build/slides/01_x.slides.html build/slides/pdf/01_x.pdf`` :
  une présentation imprimée par chromium (mode ``?print-pdf`` de reveal.js, une page par
  diapositive ; le gabarit réduit une diapositive trop haute pour sa page).
"""

from __future__ import annotations

import argparse
import html
import re
import time
from pathlib import Path

import nbformat
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from traitlets import Unicode

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "slides" / "templates"

#: cellules retirées des diapositives (après exécution : les suivantes peuvent en dépendre) ;
#: ``solution`` : les solutions des exercices ne se projettent pas
REMOVED_CELL_TAGS = ("remove-cell", "solution")

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_WIDGET_MAGIC = re.compile(r"^(\s*)%matplotlib\s+(widget|ipympl|notebook|nbagg)\b.*$", re.M)
_NBVAL_MARKER = re.compile(r"^[ \t]*#[ \t]*NBVAL_[A-Z_]+[ \t]*\n?", re.M)


# --------------------------------------------------------------------------- préprocesseurs


class InlineFigures(Preprocessor):
    """``%matplotlib widget`` (ou ``ipympl``, ``notebook``, ``nbagg``) -> ``%matplotlib inline``."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            cell.source = _WIDGET_MAGIC.sub(r"\1%matplotlib inline", cell.source)
        return cell, resources


#: les modules de widgets que la page fait vivre sans noyau (gabarit offline : html-manager,
#: qui contient base et controls, et anywidget, copiés dans assets/)
OFFLINE_MODULES = ("@jupyter-widgets/base", "@jupyter-widgets/controls", "anywidget")
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_LINKS = ("LinkModel", "DirectionalLinkModel")


def _model_refs(value):
    """Les identifiants de modèles cités (« IPY_MODEL_… ») dans un état de widget."""
    if isinstance(value, str):
        return {value[len("IPY_MODEL_"):]} if value.startswith("IPY_MODEL_") else set()
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return set().union(*map(_model_refs, value)) if value else set()
    return set()


class WidgetSnapshots(Preprocessor):
    """Les vues de widgets des diapositives, et l'état des widgets gardé dans la page.

    Une vue dont tous les modèles (elle, ses enfants, leurs mises en page) viennent de
    `OFFLINE_MODULES` reste vivante : le gabarit pose son image PNG devant elle (sans
    JavaScript, l'image reste) ; l'état de ses modèles, et des liens ``jslink`` entre eux, est
    gardé dans les métadonnées du carnet (le reste de l'état enregistré par l'exécution est
    retiré). Une autre vue devient son image PNG suivie de `caption`, ou, sans image, la phrase
    `placeholder`."""

    caption = Unicode(
        "Instantané : ouvrez le carnet dans JupyterLab pour déplacer les curseurs.",
        help="légende sous l'instantané d'un widget").tag(config=True)
    placeholder = Unicode(
        "Élément interactif : ouvrez le carnet dans JupyterLab pour l'utiliser.",
        help="ce qui remplace un widget sans image").tag(config=True)

    def preprocess(self, nb, resources):
        store = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {})
        self._models = store.get("state", {})
        self._kept = set()
        nb, resources = super().preprocess(nb, resources)
        if self._kept:
            kept = set(self._kept)
            for model_id, model in self._models.items():  # les liens entre modèles gardés
                refs = _model_refs(model.get("state", {}))
                if model.get("model_name") in _LINKS and refs and refs <= self._kept:
                    kept.add(model_id)
            store["state"] = {k: v for k, v in self._models.items() if k in kept}
            nb.metadata["widgets"] = {WIDGET_STATE: store}
        else:
            nb.metadata.pop("widgets", None)
        return nb, resources

    def _offline_closure(self, model_id):
        """Les modèles d'une vue (elle et ce qu'elle cite), ou None si l'un manque à l'état
        enregistré ou ne vient pas d'un module que la page fait vivre."""
        seen, todo = set(), [model_id]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            model = self._models.get(current)
            if model is None or model.get("model_module") not in OFFLINE_MODULES:
                return None
            seen.add(current)
            todo.extend(_model_refs(model.get("state", {})))
        return seen

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        outputs = []
        for out in cell.outputs:
            data = out.get("data", {})
            if WIDGET_VIEW not in data:
                outputs.append(out)
                continue
            live = self._offline_closure(data[WIDGET_VIEW].get("model_id", ""))
            if live:
                self._kept |= live
                out.data = {k: data[k] for k in (WIDGET_VIEW, "image/png", "text/plain")
                            if k in data}
                outputs.append(out)
            elif "image/png" in data:
                out.data = {k: data[k] for k in ("image/png", "text/plain") if k in data}
                out.metadata = {k: v for k, v in out.get("metadata", {}).items()
                                if k == "image/png"}
                outputs += [out, _caption(self.caption)]
            else:
                outputs.append(_caption(self.placeholder))
        cell.outputs = outputs
        return cell, resources


def _caption(text):
    return nbformat.v4.new_output("display_data", data={
        "text/html": f'<p class="course-snapshot-caption">{html.escape(text)}</p>',
        "text/plain": text})


class DropStderr(Preprocessor):
    """Sans les flux stderr : des avertissements, avec des chemins de la machine qui construit,
    qui n'apprennent rien aux étudiants."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs
                            if not (o.output_type == "stream" and o.get("name") == "stderr")]
        return cell, resources


class DropTestMarkers(Preprocessor):
    """Sans les lignes ``# NBVAL_…`` : elles servent aux tests, pas aux étudiants."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            cell.source = _NBVAL_MARKER.sub("", cell.source)
        return cell, resources


_FR_PUNCT = re.compile(r"[ \u00a0]+([;:!?»])")
_FR_GUILLEMET = re.compile(r"(«)[ \u00a0]+")
_PROTECTED = re.compile(r"(```.*?```|~~~.*?~~~|`[^`\n]*`|\$\$.*?\$\$|\$[^$\n]*\$|<[^>\n]*>"
                        r"|\]\([^)\n]*\)|https?://\S+)", re.S)


class FrenchSpacing(Preprocessor):
    """Espaces insécables avant « ; : ! ? » et à l'intérieur des guillemets, hors code,
    formules, balises, liens et tableaux : au vidéoprojecteur, un « ; » ne se retrouve plus
    seul en début de ligne."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "markdown":
            return cell, resources
        parts = _PROTECTED.split(cell.source)
        for k in range(0, len(parts), 2):  # les parties paires : le texte hors code, formules…
            lines = parts[k].split("\n")
            for j, line in enumerate(lines):
                if line.lstrip().startswith("|"):
                    continue  # une ligne de tableau markdown (« | :--- | ») reste telle quelle
                line = _FR_PUNCT.sub("\u00a0\\1", line)
                lines[j] = _FR_GUILLEMET.sub("\\1\u00a0", line)
            parts[k] = "\n".join(lines)
        cell.source = "".join(parts)
        return cell, resources


class ChapterTitle(Preprocessor):
    """Le premier titre du carnet devient le titre de la page (``<title>``)."""

    def preprocess(self, nb, resources):
        nb.metadata["title"] = chapter_title(nb, resources["metadata"]["name"])
        return nb, resources


class RemoveTaggedCells(TagRemovePreprocessor):
    """Le ``TagRemovePreprocessor`` de nbconvert, réglé à part : nbconvert lance le sien
    avant l'exécution, qui retirerait une cellule ``solution`` dont la suite a besoin ; celui-ci
    passe après."""


# --------------------------------------------------------------------------- ce que dit un carnet


def chapter_title(nb, fallback: str) -> str:
    """Le premier titre markdown du carnet (« # … », « ## … », ``<h1>``), sans le balisage."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            m = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
            if m and m.group(1):
                return m.group(1)
            m = re.search(r"<h[1-6][^>]*>(.*?)</h[1-6]>", line, re.I)
            if m:
                return re.sub(r"<[^>]+>", "", m.group(1)).strip()
    return fallback


def slide_count(nb) -> int:
    """Le nombre de diapositives que reveal.js comptera : la première cellule visible, puis
    chaque cellule « slide » ou « subslide » (mêmes règles que nbconvert), hors cellules
    retirées."""
    types = [cell.metadata.get("slideshow", {}).get("slide_type", "-") for cell in nb.cells
             if not set(REMOVED_CELL_TAGS) & set(cell.metadata.get("tags", []))]
    visible = [i for i, t in enumerate(types) if t not in ("notes", "skip")]
    if not visible:
        return 0
    return 1 + sum(t in ("slide", "subslide") for t in types[visible[0] + 1:])


# --------------------------------------------------------------------------- index et PDF


def write_index(out: Path, notebooks: Path) -> list[dict]:
    """``<out>/index.html`` : chaque carnet de `notebooks` dont la présentation est dans `out`,
    avec son titre, son nombre de diapositives et son PDF s'il est à jour."""
    import jinja2

    chapters = []
    for path in sorted(notebooks.glob("*.ipynb")):
        deck = out / f"{path.stem}.slides.html"
        if not deck.is_file():
            continue
        nb = nbformat.read(path, as_version=4)
        pdf = out / "pdf" / f"{path.stem}.pdf"
        fresh = pdf.is_file() and pdf.stat().st_mtime >= deck.stat().st_mtime
        chapters.append({"name": path.stem, "title": chapter_title(nb, path.stem),
                         "slides": slide_count(nb), "html": deck.name,
                         "pdf": f"pdf/{pdf.name}" if fresh else None})
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                             autoescape=jinja2.select_autoescape(["html", "j2"]))
    page = env.get_template("chapters.html.j2").render(
        chapters=chapters, built=time.strftime("%d/%m/%Y %H:%M"))
    (out / "index.html").write_text(page, encoding="utf-8")
    return chapters


def print_pdf(deck: Path, pdf: Path) -> dict:
    """Imprime `deck` dans `pdf` par chromium, sans réseau ; renvoie ``{"pages", "shrunk"}``
    (pages imprimées, diapositives réduites par le gabarit pour tenir dans leur page)."""
    from playwright.sync_api import sync_playwright

    from tools.browser import launch, only_local_files

    pdf.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page()
            only_local_files(page)
            page.goto(deck.resolve().as_uri() + "?print-pdf", wait_until="load")
            # le gabarit pose course-pdf-ready quand les pages sont en place, MathJax
            # recomposé et chaque diapositive ajustée à sa page
            page.wait_for_selector("html.course-pdf-ready", state="attached", timeout=120_000)
            page.pdf(path=str(pdf), print_background=True, prefer_css_page_size=True)
            return page.evaluate("window.coursePdf")
        finally:
            browser.close()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.slides", description=__doc__.split(
        "\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    index = sub.add_parser("index", help="écrire index.html dans le dossier des présentations")
    index.add_argument("out", type=Path, help="dossier des présentations (build/slides)")
    index.add_argument("--notebooks", type=Path, default=ROOT / "notebooks",
                       help="dossier des carnets (défaut : notebooks/)")
    pdf = sub.add_parser("pdf", help="imprimer une présentation en PDF (chromium)")
    pdf.add_argument("deck", type=Path, help="la présentation (<nom>.slides.html)")
    pdf.add_argument("pdf", type=Path, help="le PDF à écrire")
    args = parser.parse_args(argv)

    if args.command == "index":
        chapters = write_index(args.out, args.notebooks)
        print(f"{args.out / 'index.html'} : {len(chapters)} présentation(s), "
              f"{sum(bool(c['pdf']) for c in chapters)} PDF")
    else:
        fit = print_pdf(args.deck, args.pdf)
        print(f"{args.pdf} : {fit['pages']} pages"
              + (f" ({fit['shrunk']} diapositive(s) réduite(s) pour tenir dans la page)"
                 if fit["shrunk"] else ""))


if __name__ == "__main__":
    main()
