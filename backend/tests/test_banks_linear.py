"""The import parsers' work grows linearly with their input, whatever its shape.

Every pathological shape of bench/import_shapes.py (the benchmark times the same shapes at
1 MiB through the API) is parsed and validated as the importer does, at n and at 4n
characters. Linear work takes about 4 times as long on 4 times the input, quadratic work 16
times: the test fails above 8 (2.8 per doubling). Measured on a shared 2-core machine at a
load average of 10: at most 5.8 for today's parsers, 11 to 17 for each quadratic path this
test was written against (the Aiken option letters counted per option, `$CATEGORY:` lines
popped off the front of a list, a path string spelled per string of a deep JSON value).

Why a time ratio and not an operation count: counting operations would need a tracer whose
own cost dwarfs the parsers'. The ratio is made robust instead: CPU time of this process
(time.process_time, so other processes on the machine do not count), the best of several runs,
and the garbage collector off while measuring (its pauses depend on every object the test
session holds; it is amortized linear and not what this test is about), and the smaller input
grown until it costs at least MIN_SECONDS of CPU: a 4 ms measurement on a loaded CI machine once
came out at 8.01 for a parser that is 4.0 on a quiet one (timer and cache noise weigh most on the
shortest run). No absolute time is asserted: timing goals live in the benchmark
(bench/pathological_imports.py).
"""

from __future__ import annotations

import gc
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from online_exam.banks import importer
from online_exam.exams.schemas import MAX_QUESTIONS

FACTOR = 4
MAX_RATIO = 8.0  # linear: ~4; quadratic: ~16
RUNS = 5
MIN_SECONDS = 0.02  # the smaller input's CPU time, so noise is a small part of it
MAX_GROWTH = 16  # how far the smaller input may grow beyond the shape's test size


def _load_shapes() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "bench" / "import_shapes.py"
    spec = importlib.util.spec_from_file_location("import_shapes", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


SHAPES = _load_shapes().SHAPES


def _work(format_: str, text: str) -> None:
    """What an import does before it touches the database: parse, then validate."""
    _, result = importer.parse(format_, text)
    importer._validate(result, room=MAX_QUESTIONS, published=False)


def _best_time(format_: str, text: str, runs: int = RUNS) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        _work(format_, text)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("shape", SHAPES, ids=[shape.name for shape in SHAPES])
def test_work_grows_linearly_with_the_input(ctx, shape) -> None:
    _work(shape.format, shape.make(shape.test_size))  # warm up (imports, regex caches)
    size = shape.test_size
    while size < shape.test_size * MAX_GROWTH and (
        _best_time(shape.format, shape.make(size), runs=1) < MIN_SECONDS
    ):
        size *= 2
    small, large = shape.make(size), shape.make(size * FACTOR)
    assert len(large) > (FACTOR - 0.5) * len(small)  # the shape really grows
    gc.collect()
    gc.disable()
    try:
        ratio = _best_time(shape.format, large) / max(_best_time(shape.format, small), 1e-4)
    finally:
        gc.enable()
    assert ratio < MAX_RATIO, (
        f"{shape.name}: {FACTOR}x the input took {ratio:.1f}x the time (linear: ~{FACTOR}x)"
    )


def test_unstorable_names_the_first_bad_string_by_its_path() -> None:
    """The iterative walk reports the same place the recursive one did."""
    question = {
        "type": "single",
        "alternatives": [{"text": "fine"}, {"text": "fine", "feedback": ["ok", "bad\x00"]}],
        "text": "also bad\ud800",
    }
    assert importer._unstorable(question) == (
        "alternatives[1].feedback[1] contains a NUL character."
    )
    assert importer._unstorable({"k\x00": 1}) == "k\x00 contains a NUL character."
    assert importer._unstorable(["x", ["\ud800"]]) == (
        "[1][0] contains an invalid character (a lone surrogate)."
    )
    assert importer._unstorable("\x00") == "A text contains a NUL character."
    assert importer._unstorable({"a": [{"b": "fine"}], "c": 1.5, "d": None}) is None
