"""Calls a detection's functions with Panther's semantics, checks and fallbacks."""

import json
import os
import sysconfig
import traceback

from panther_core.immutable import json_default

#: Function names in call order; their indices go into the progress marker.
FUNCTION_NAMES = (
    "rule",
    "title",
    "dedup",
    "alert_context",
    "severity",
    "description",
    "reference",
    "runbook",
    "destinations",
)
SEVERITIES = ("INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL")
MAX_GENERATED = 1000
MAX_CONTEXT_BYTES = 200 * 1024
MAX_MESSAGE = 1000


class Detection:
    """One loaded detection: metadata plus its module's functions (None when not defined)."""

    def __init__(self, spec, module, load_error=None):
        self.index = spec["index"]
        self.id = spec["id"]
        self.name = spec.get("name") or spec["id"]
        self.severity = spec["severity"]
        self.load_error = load_error
        # Kept for tests, whose mocks patch names in the detection's module.
        self.module = module
        self.fns = tuple(
            _function(module, name) if module is not None else None for name in FUNCTION_NAMES
        )
        self.doc_fns = tuple(
            (fn, key)
            for fn, key in ((5, "description"), (6, "reference"), (7, "runbook"))
            if self.fns[fn] is not None
        )


def _function(module, name):
    fn = getattr(module, name, None)
    return fn if callable(fn) else None


def describe_exception(err):
    """`(errorType, message)` with the innermost content frame as `file:line`."""
    where = ""
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if not frame.filename.startswith(_NOT_CONTENT):
            where = f" ({frame.filename}:{frame.lineno})"
            break
    message = f"{err}{where}"
    return type(err).__name__, message[:MAX_MESSAGE]


#: Frames in these places are not the content's: the runtime itself, the stdlib, installed packages.
_NOT_CONTENT = tuple(
    {os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "<"}
    | {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    | {"/usr/lib/python3"}
)


class Evaluation:
    """What one (detection, event) evaluation produced: maybe a match, and errors."""

    __slots__ = ("match", "errors")

    def __init__(self):
        self.match = None
        self.errors = []

    def fail(self, fn, error_type, message):
        """Records that function `fn` failed."""
        self.errors.append((fn, error_type, message))


def run_optional(det, event, out, call):  # noqa: ARG001 - `call` closes over the event
    """After rule() returned True: computes the alert fields, each with its fallback.

    Undefined functions are skipped here rather than in `call`: most rules define few of them.
    """
    fns = det.fns
    title = _text(call(1), 1, out) if fns[1] is not None else None
    dedup = _text(call(2), 2, out) if fns[2] is not None else None
    match = {
        "title": title or det.name,
        "dedup": dedup or title or f"defaultDedupString:{det.id}",
        "alertContext": _context(call(3), out) if fns[3] is not None else {},
        "severity": _severity(call(4), det.severity, out) if fns[4] is not None else det.severity,
        "destinations": _destinations(call(8), out) if fns[8] is not None else None,
    }
    for fn, key in det.doc_fns:
        value = _text(call(fn), fn, out, limit=None)
        if value:
            match[key] = value
    return match


_NOT_CALLED = object()


def _text(result, fn, out, limit=MAX_GENERATED):
    if result is _NOT_CALLED:
        return None
    if not isinstance(result, str):
        if result is not None:
            out.fail(fn, "TypeError", f"{FUNCTION_NAMES[fn]}() returned {_kind(result)}, not str")
        return None
    return result if limit is None else result[:limit]


def _context(result, out):
    if result is _NOT_CALLED or result is None:
        return {}
    if not hasattr(result, "keys"):
        out.fail(3, "TypeError", f"alert_context() returned {_kind(result)}, not a dict")
        return {}
    try:
        text = json.dumps(result, default=json_default)
    except (TypeError, ValueError) as err:
        out.fail(3, type(err).__name__, f"alert_context() is not JSON-serializable: {err}")
        return {}
    if len(text.encode("utf-8")) > MAX_CONTEXT_BYTES:
        out.fail(3, "ValueError", f"alert_context() is over {MAX_CONTEXT_BYTES} bytes")
        return {}
    return json.loads(text)


def _severity(result, default, out):
    if result is _NOT_CALLED:
        return default
    if isinstance(result, str):
        upper = result.upper()
        if upper == "DEFAULT":
            return default
        if upper in SEVERITIES:
            return upper
    out.fail(4, "ValueError", f"severity() returned {result!r:.50}, expected one of {SEVERITIES}")
    return default


def _destinations(result, out):
    if result is _NOT_CALLED or result is None:
        return None
    if isinstance(result, (list, tuple)) and all(isinstance(d, str) for d in result):
        return list(result)
    out.fail(8, "TypeError", f"destinations() returned {_kind(result)}, not a list of str")
    return None


def _kind(value):
    return type(value).__name__


NOT_CALLED = _NOT_CALLED
