"""Le widget WebFigure dans une page chromium nue, sans JupyterLab : le vrai module
(course_utils/static/explorer_figure.js) rendu avec un petit modèle qui imite celui
d'anywidget (get, set, on, off, save_changes, send). L'état est celui du widget Python
(``get_state``) et les points numpy du noyau arrivent comme dans JupyterLab, par un message
« points ». Sert au test d'image et aux mesures hors JupyterLab."""

from __future__ import annotations

import base64
import io
import json

import numpy as np
from PIL import Image

HARNESS = """async ([state, b64, moduleSource]) => {
  const bytes = (s) => { const a = Uint8Array.from(atob(s), c => c.charCodeAt(0));
                         return new DataView(a.buffer); };
  for (const [k, v] of Object.entries(b64)) state[k] = bytes(v);
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
  window.__fig = {model, listeners, sent, el,
                  root: el.querySelector('.course-web-figure'),
                  points: (msg, buffers) =>
                    (listeners['msg:custom'] || []).forEach(f => f(msg, buffers))};
  return true;
}"""


def _state(fig):
    state = fig.get_state()
    b64 = {}
    for key in ("background", "overlay"):
        b64[key] = base64.b64encode(bytes(state.pop(key))).decode()
    state = json.loads(json.dumps(state, default=float))
    return state, b64


def show(page, fig) -> None:
    """Rend `fig` (un WebFigure) dans `page` (page chromium vide)."""
    from course_utils.web_figure import _STATIC

    page.set_content("<!doctype html><html><body style='margin:0;background:white'></body></html>")
    state, b64 = _state(fig)
    page.evaluate(HARNESS, [state, b64, (_STATIC / "explorer_figure.js").read_text()])
    wait_drawn(page, 1)


def send_points(page, fig) -> None:
    """Le message « points » du noyau (trajectoires numpy de l'état courant de `fig`)."""
    meta, arrays = [], []
    for m in fig.methods:
        Z = fig.trajectories[m]
        arrays += [Z.ravel().tolist(), fig._values(Z).tolist()]
        meta.append(m)
    page.evaluate(
        """([msg, arrays]) => window.__fig.points(msg, arrays.map(a =>
             new DataView(Float64Array.from(a.map(Number)).buffer)))""",
        [{"type": "points", "key": fig._params_key(), "methods": meta},
         [[repr(float(x)) for x in a] for a in arrays]])


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
