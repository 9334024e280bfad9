"""Les curseurs des figures vivantes, à la française et au clavier partout.

**Lectures à la française** : « 0,4000 » et non « 0.4000 ».

Un curseur d'ipywidgets écrit sa valeur avec d3-format, qui ne connaît que le point décimal,
et ne laisse pas choisir la langue depuis Python (la façon prévue, remplacer ``valueToString``
et ``stringToValue`` de la vue JavaScript, demande une extension compilée). :class:`FrenchSliders`
est un petit widget invisible (anywidget) qu'une figure vivante met dans sa boîte : dans le
navigateur, il récrit la lecture de chaque curseur de cette boîte avec la virgule décimale
chaque fois qu'ipywidgets l'écrit, et, quand l'étudiant tape une valeur (« 0,25 » comme
« 0.25 »), il remet le point juste avant qu'ipywidgets la lise. La valeur du curseur, en
Python, ne change pas ; le noyau n'intervient pas (il marche aussi dans les diapositives hors
ligne et dans JupyterLite).

**Flèches du clavier** : Notebook 7 lit ses raccourcis (↑ ↓ : cellule précédente ou suivante ;
← → : replier ou déplier les titres) avant que la touche n'arrive au bouton du curseur qui a
le focus, et la garde pour lui.
Le même widget marque ces touches comme prises (``preventDefault``) avant Notebook 7, qui les
laisse alors passer : le bouton du curseur les reçoit, comme dans JupyterLab.
"""

import anywidget
import ipywidgets as widgets

__all__ = ["FrenchSliders"]

_ESM = r"""
// la virgule décimale dans les nombres d'une lecture (« −7.00 » → « −7,00 ») ; le point
// pour ipywidgets, qui relit la lecture avec parseFloat
const toFrench = (text) => text.replace(/(\d)\.(\d)/g, "$1,$2");
const toPoint = (text) => text.replace(/(\d),(\d)/g, "$1.$2").replace(/^,/, "0.");
// les touches que le bouton d'un curseur (noUiSlider) comprend
const SLIDER_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "PageUp",
                             "PageDown", "Home", "End"]);

function render({ el }) {
  let box = null, observer = null, frame = 0;
  // les lectures où l'étudiant tape (événement « input »), puis qu'ipywidgets lit (Entrée
  // ou sortie du champ) : on n'y touche pas. Une lecture qui a seulement le focus (juste
  // après Entrée, quand ipywidgets la réécrit, parfois deux fois) est récrite comme les autres.
  const typing = new WeakSet();
  // le texte (au point) posé juste avant qu'ipywidgets ne lise la lecture : dès qu'il a
  // changé, ipywidgets a lu la valeur et réécrit la lecture ; elle repasse aussitôt à la
  // française (dans la même tâche : aucune image ne montre le point)
  const handedOver = new WeakMap();

  function rewrite() {
    if (!box) return;
    for (const readout of box.querySelectorAll(".widget-readout")) {
      if (typing.has(readout)) {
        if (!handedOver.has(readout) || readout.textContent === handedOver.get(readout)) continue;
        typing.delete(readout);
        handedOver.delete(readout);
      }
      const text = readout.textContent;
      const french = toFrench(text);
      if (french !== text) readout.textContent = french;
    }
  }

  function isReadout(target) {
    return Boolean(target.classList && target.classList.contains("widget-readout"));
  }
  function onInput(event) {
    if (isReadout(event.target)) typing.add(event.target);
  }
  // avant qu'ipywidgets lise la valeur tapée (Entrée ou sortie du champ) : le point
  function beforeRead(event) {
    const readout = event.target;
    if (!isReadout(readout)) return;
    if (event.type === "keydown" && event.key !== "Enter") return;
    // l'observateur ne doit pas remettre la virgule avant qu'ipywidgets ait lu la valeur
    typing.add(readout);
    readout.textContent = toPoint(readout.textContent);
    handedOver.set(readout, readout.textContent);
    // ipywidgets lit la valeur et réécrit la lecture dans ce même événement (l'observateur la
    // remet alors à la française) ; s'il ne la réécrit pas (la valeur tapée n'a rien changé),
    // à la française à la tâche suivante
    setTimeout(() => {
      typing.delete(readout);
      handedOver.delete(readout);
      rewrite();
    }, 0);
  }

  // une touche pour le bouton d'un curseur de la boîte : marquée comme prise avant que
  // l'application (Notebook 7, phase de capture) ne la lise comme un raccourci ; le bouton la
  // reçoit quand même (noUiSlider ne regarde pas defaultPrevented)
  function keepSliderKeys(event) {
    const target = event.target;
    if (!box || !SLIDER_KEYS.has(event.key)) return;
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    if (!target.classList || !target.classList.contains("noUi-handle")) return;
    if (!box.contains(target)) return;
    event.preventDefault();
  }

  // la boîte de la figure vivante : le parent de ce widget, une fois posé dans la page
  function attach() {
    if (!el.isConnected || !el.parentElement) {
      frame = requestAnimationFrame(attach);
      return;
    }
    box = el.parentElement.closest(".widget-box") || el.parentElement;
    box.addEventListener("keydown", beforeRead, true);
    box.addEventListener("blur", beforeRead, true);
    box.addEventListener("input", onInput);
    window.addEventListener("keydown", keepSliderKeys, true);
    observer = new MutationObserver(() => rewrite());
    observer.observe(box, { subtree: true, childList: true, characterData: true });
    box.classList.add("course-french-readouts");
    rewrite();
  }
  attach();

  return () => {
    cancelAnimationFrame(frame);
    window.removeEventListener("keydown", keepSliderKeys, true);
    if (observer) observer.disconnect();
    if (box) {
      box.removeEventListener("keydown", beforeRead, true);
      box.removeEventListener("blur", beforeRead, true);
      box.removeEventListener("input", onInput);
    }
  };
}

export default { render };
"""


class FrenchSliders(anywidget.AnyWidget):
    """Un widget invisible : les lectures des curseurs de la boîte qui le contient s'écrivent
    avec la virgule décimale, et leurs boutons reçoivent les flèches du clavier même dans
    Notebook 7 (voir le module). À mettre parmi les enfants de la boîte d'une
    figure vivante, par exemple en dernier."""

    _esm = _ESM

    def __init__(self, **kwargs):
        super().__init__(layout=widgets.Layout(display="none"), **kwargs)
