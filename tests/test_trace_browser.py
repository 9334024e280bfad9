"""L'analyse de trace (``tools/trace.py``, celle de ``benchmarks/trace_browser.py``) sur une
trace synthétique (sans navigateur) : bonnes bornes (appui → image peinte) et bon classement
des tâches."""

import pytest

from tools.trace import decompose

PID, TID = 1, 7


def x(name, ts, dur, **data):
    e = {"ph": "X", "pid": PID, "tid": TID, "name": name, "ts": ts, "dur": dur}
    if data:
        e["args"] = {"data": data}
    return e


def task(ts, dur, *children):
    return [x("RunTask", ts, dur), *children]


def trace():
    """Un appui à t = 1000 µs, puis (µs) : image du curseur, message busy, message de l'image
    (qui charge le PNG), un « load » sans décodage (autre image), le « load » de l'image reçue,
    une réaction de JupyterLab, l'image de la page qui la montre, et une image plus tardive."""
    events = [{"ph": "M", "pid": PID, "tid": TID, "name": "thread_name",
               "args": {"name": "CrRendererMain"}},
              # un autre fil de rendu, moins chargé : ignoré
              {"ph": "M", "pid": 2, "tid": 9, "name": "thread_name",
               "args": {"name": "CrRendererMain"}},
              {"ph": "X", "pid": 2, "tid": 9, "name": "RunTask", "ts": 1500, "dur": 90_000}]
    events += task(1_000, 2_000, x("EventDispatch", 1_100, 1_500, type="keydown"))
    events += task(4_000, 3_000, x("ProxyMain::BeginMainFrame", 4_100, 2_800))
    events += task(10_000, 1_000, x("FunctionCall", 10_100, 200, functionName="_onWSMessage"))
    events += task(20_000, 6_000, x("FunctionCall", 20_100, 200, functionName="_onWSMessage"),
                   x("ResourceFetcher::requestResource", 21_000, 500))
    events += task(27_000, 1_000, x("ResponseBodyLoader::OnStateChange", 27_100, 300))
    events += task(29_000, 500, x("EventDispatch", 29_050, 400, type="load"))
    events += task(30_000, 3_000, x("EventDispatch", 30_050, 2_900, type="load"),
                   x("ImageFrameGenerator::decode", 30_100, 1_800))
    events += task(34_000, 2_000, x("MessagePort::Accept", 34_050, 1_900))
    events += task(37_000, 4_000, x("ProxyMain::BeginMainFrame", 37_100, 3_800))
    events += task(60_000, 2_000, x("ProxyMain::BeginMainFrame", 60_100, 1_800))
    return events


def test_decompose_bounds_and_categories():
    (row,) = decompose(trace())
    assert row["total"] == pytest.approx(40.0)  # de l'appui à la fin de l'image à 37–41 ms
    assert row["first_message"] == pytest.approx(9.0)
    assert row["image_message"] == pytest.approx(19.0)  # le message qui charge le PNG
    assert row["image_task"] == pytest.approx(6.0)
    assert row["load"] == pytest.approx(29.0)  # le « load » qui décode, pas le précédent
    busy = row["busy"]
    assert busy == pytest.approx({"keydown": 2.0, "frame": 7.0, "ws": 7.0, "blob": 1.0,
                                  "load": 3.5, "lab": 2.0})
    assert row["free"] == pytest.approx(40.0 - 22.5)


def test_decompose_skips_a_press_without_a_drawn_image():
    events = [e for e in trace() if e.get("args", {}).get("data", {}).get("type") != "load"
              and e["name"] != "ImageFrameGenerator::decode"]
    assert decompose(events) == []
