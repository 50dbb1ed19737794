"""Runs one unit test of a detection (Panther's `Tests` entries) inside a worker process.

Each `Mocks` entry becomes a real `unittest.mock.MagicMock(return_value=...)` patched onto that
name in the detection's module for the whole test, so `rule()` and every alert function see it.
When `rule()` returns True the alert functions run too, with the same checks as in production.
A policy is tested the same way over its `Resource`: `policy()` must return a bool, False means
non-compliant, and then the alert functions run (a failing policy is what opens an alert).
"""

import json
from contextlib import ExitStack
from unittest import mock

from caracal_runtime.functions import (
    FUNCTION_NAMES,
    NOT_CALLED,
    Evaluation,
    describe_exception,
    run_optional,
)
from panther_core.enriched_event import PantherEvent
from panther_core.immutable import json_default

IDLE = -1


def run_test(worker, request):
    """The result of one test: the rule's output or error, and every alert function's."""
    det = worker.by_index.get(request["detection"])
    if det is None:
        return {"loadError": f"unknown detection #{request['detection']}"}
    policy = _policy(det)
    if det.load_error is not None and policy is None:
        return {"loadError": f"{det.load_error[0]}: {det.load_error[1]}"}
    model = worker.models.get(request.get("logType") or "")
    event = PantherEvent(request["log"], model)
    slots = worker.slots
    slots[1] = request.get("test", 0)
    slots[2] = det.index
    try:
        with ExitStack() as stack:
            for spec in request.get("mocks", []):
                problem = _patch(stack, det.module, spec)
                if problem is not None:
                    return {"mockError": problem}
            return _evaluate(det, event, slots, policy)
    finally:
        slots[3] = IDLE


def _policy(det):
    """The policy() function of a policy detection (which defines no rule()), else None."""
    if det.module is None or det.fns[0] is not None:
        return None
    fn = getattr(det.module, "policy", None)
    return fn if callable(fn) else None


def _patch(stack, module, spec):
    name = spec["objectName"]
    # A mock of a name the module lacks is almost always a typo: say so rather than create it.
    if not hasattr(module, name):
        return f"mock target {name!r} is not defined in the detection's module"
    stack.enter_context(
        mock.patch.object(module, name, mock.MagicMock(return_value=spec.get("returnValue")))
    )
    return None


def _evaluate(det, event, slots, policy=None):
    slots[3] = 0
    name = "rule" if policy is None else "policy"
    try:
        result = (det.fns[0] if policy is None else policy)(event)
    except BaseException as err:  # noqa: BLE001 - a raising rule is a test error, not a crash
        return {"rule": {"error": _describe(err)}}
    if not isinstance(result, bool):
        message = f"TypeError: {name}() returned {type(result).__name__}, not bool"
        return {"rule": {"output": _jsonable(result), "error": message}}
    outcome = {"rule": {"output": result}, "functions": {}}
    # A rule alerts when it returns True; a policy when it returns False (non-compliant).
    if result is (policy is None):
        outcome["functions"], outcome["alert"] = _alert_functions(det, event, slots)
    return outcome


def _alert_functions(det, event, slots):
    """Every defined alert function's raw output or error, and the alert they make together."""
    outputs = {}
    out = Evaluation()

    def call(fn):
        f = det.fns[fn]
        if f is None:
            return NOT_CALLED
        slots[3] = fn
        try:
            value = f(event)
        except BaseException as err:  # noqa: BLE001 - reported as that function's failure
            outputs[fn] = {"error": _describe(err)}
            return NOT_CALLED
        finally:
            slots[3] = 0
        outputs[fn] = {"output": _jsonable(value)}
        return value

    alert = run_optional(det, event, out, call)
    for fn, error_type, message in out.errors:
        outputs[fn] = {**outputs.get(fn, {}), "error": f"{error_type}: {message}"}
    # What the alert gets: DEFAULT severity resolves to the YAML severity.
    if 4 in outputs and "error" not in outputs[4]:
        outputs[4]["output"] = alert["severity"]
    return {FUNCTION_NAMES[fn]: value for fn, value in sorted(outputs.items())}, alert


def _describe(err):
    error_type, message = describe_exception(err)
    return f"{error_type}: {message}"


def _jsonable(value):
    try:
        return json.loads(json.dumps(value, default=json_default))
    except (TypeError, ValueError):
        return repr(value)[:1000]
