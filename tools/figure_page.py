"""La figure web de l'explorateur dans une page chromium nue, sans JupyterLab : le vrai module
(course_utils/static/explorer_figure.js) rendu avec un petit modèle qui imite celui
d'anywidget (get, set, on, off, save_changes, send). L'état est celui du widget Python
(``get_state``, octets compris, posés comme ipywidgets les pose : des DataView), points du
noyau compris. Sert au test d'image et aux mesures hors JupyterLab."""

from __future__ import annotations

import base64
import io
import json

import numpy as np
from ipywidgets.widgets.widget import _remove_buffers
from PIL import Image

HARNESS = """async ([state, paths, b64, moduleSource]) => {
  const view = (s) => { const a = Uint8Array.from(atob(s), c => c.charCodeAt(0));
                        return new DataView(a.buffer); };
  paths.forEach((path, k) => {
    let obj = state;
    for (const p of path.slice(0, -1)) obj = obj[p];
    obj[path[path.length - 1]] = view(b64[k]);
  });
  const listeners = {};
  const sent = [];
  const model = {
    get: (k) => state[k],
    set: (k, v) => { const old = state[k]; state[k] = v;
                     if (old !== v) (listeners['change:' + k] || []).slice().forEach(f => f()); },
    save_changes: () => {},
    on: (ev, f) => { (listeners[ev] = listeners[ev] || []).push(f); },
    off: (ev, f) => { listeners[ev] = (listeners[ev] || []).filter(g => g !== f); },
    send: (msg) => sent.push(msg),
  };
  const url = URL.createObjectURL(new Blob([moduleSource], {type: 'text/javascript'}));
  const mod = await import(url);
  const el = document.createElement('div');
  document.body.appendChild(el);
  await mod.default.render({model, el});
  window.__fig = {model, listeners, sent, el, view,
                  root: el.querySelector('.course-web-figure')};
  return true;
}"""

SET_STATE = """([state, paths, b64]) => {
  paths.forEach((path, k) => {
    let obj = state;
    for (const p of path.slice(0, -1)) obj = obj[p];
    obj[path[path.length - 1]] = window.__fig.view(b64[k]);
  });
  for (const [k, v] of Object.entries(state)) window.__fig.model.set(k, v);
}"""


def _state(widget, keys=None):
    state = widget.get_state(keys)
    state, paths, buffers = _remove_buffers(state)
    state = json.loads(json.dumps(state, default=float))
    return state, paths, [base64.b64encode(bytes(b)).decode() for b in buffers]


def show(page, fig) -> None:
    """Rend `fig` (le ``WebFigure`` d'un explorateur : ``explorer.web_figure``) dans `page`
    (page chromium vide), avec son état, points du noyau compris."""
    from course_utils.web_figure import _STATIC

    page.set_content("<!doctype html><html><body style='margin:0;background:white'></body></html>")
    fig.ensure_background()  # (comme à l'affichage)
    page.evaluate(HARNESS, [*_state(fig), (_STATIC / "explorer_figure.js").read_text()])
    wait_drawn(page, 1)


def send_points(page, fig) -> None:
    """Les points que le noyau vient de calculer (attribut ``points`` de `fig`), reçus comme
    un changement d'état venu du noyau."""
    page.evaluate(SET_STATE, list(_state(fig, ["points"])))


def send_ahead(page, fig) -> None:
    """Les points calculés d'avance par le noyau (attribut ``ahead`` de `fig`, repli noyau),
    reçus comme un changement d'état venu du noyau."""
    page.evaluate(SET_STATE, list(_state(fig, ["ahead"])))


def set_params(page, **values) -> None:
    """Change des paramètres dans le modèle de la page (comme un curseur relié)."""
    page.evaluate("(v) => { for (const [k, x] of Object.entries(v)) "
                  "window.__fig.model.set(k, x); }", values)


def draws(page) -> int:
    return page.evaluate("() => window.__fig.root.__courseFigure.draws")


def wait_drawn(page, n: int) -> None:
    page.wait_for_function("(n) => window.__fig && window.__fig.root.__courseFigure.draws >= n",
                           arg=n, timeout=30_000)


def canvas_pixels(page) -> np.ndarray:
    """Les pixels du canevas (RGBA), tels que dessinés (pas une capture d'écran)."""
    url = page.evaluate("() => window.__fig.root.querySelector('canvas').toDataURL('image/png')")
    png = base64.b64decode(url.split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))
