"""The worker process: reads requests from stdin, writes results to the original stdout.

Protocol: one JSON object per line each way, except that a `run` request is followed by a line
holding its events as one JSON array, decoded one event at a time. Detections' `print` (and
anything written to fd 1 by C code) goes to stderr: fd 1 is re-pointed at fd 2 once the protocol
channel is duplicated.
Before each detection call the worker writes (event, detection, function) into a small
shared file; when a call runs too long the engine kills the process and reads that file to know
which call to blame and where to resume.
"""

import json
import json.decoder
import json.scanner
import mmap
import os
import resource
import sys
import time

from caracal_runtime import state
from caracal_runtime.content import install_globals, load_data_models, load_module
from caracal_runtime.functions import (
    FUNCTION_NAMES,
    NOT_CALLED,
    Detection,
    Evaluation,
    describe_exception,
    run_optional,
)
from caracal_runtime.testing import run_test
from panther_core.enriched_event import PantherEvent

IDLE = -1
#: Results are flushed at least this often, so a killed run loses little work.
FLUSH_SECONDS = 0.05


class Channel:
    """The protocol streams: requests in, results out."""

    def __init__(self):
        _widen_pipe(0)
        _widen_pipe(1)
        self.out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1 << 16)
        # Event batches arrive as lines of hundreds of KB: read them in pipe-sized chunks.
        self.inp = os.fdopen(os.dup(0), "rb", buffering=1 << 16)
        # Detections can neither write into nor read from the protocol streams.
        os.dup2(2, 1)
        sys.stdout = sys.stderr
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        # Kept open for the life of the process.
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115

    def send(self, message):
        """Writes one message and flushes it."""
        self.out.write(json.dumps(message, separators=(",", ":")))
        self.out.write("\n")
        self.out.flush()

    def receive(self):
        """The next message, or None at end of input."""
        line = self.inp.readline()
        return json.loads(line) if line else None

    def receive_text(self):
        """The next line as text (a `run` request's events), or None at end of input."""
        line = self.inp.readline()
        return line.decode("utf-8") if line else None


def _widen_pipe(fd):
    """Asks for a 1 MiB pipe (Linux; the default is 64 KiB), so the engine can hand over a whole
    batch, and the worker its results, in one write instead of waiting on each other."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass


class EngineState:
    """`panther_detection_helpers.caching` backed by the engine: one request per operation."""

    def __init__(self, channel):
        self.channel = channel

    def call(self, op, args):
        """Sends the operation and waits for the engine's answer."""
        self.channel.send({"type": "state", "op": op, "args": args})
        reply = self.channel.receive()
        if reply is None or reply.get("type") != "state-result":
            raise RuntimeError("the engine did not answer a state request")
        if not reply.get("ok"):
            raise RuntimeError(reply.get("message", "state request failed"))
        return reply.get("value")


class Worker:
    """Holds the loaded content and evaluates batches."""

    def __init__(self, channel, init):
        self.channel = channel
        fd = os.open(init["progressFile"], os.O_RDWR)
        self.marker = mmap.mmap(fd, 16)
        os.close(fd)
        # Int32 slots [reserved, event, detection, function]: item stores are the cheapest write.
        self.slots = memoryview(self.marker).cast("i")
        install_globals(init.get("globals", []))
        self.models, model_errors = load_data_models(init.get("dataModels", []))
        self.detections = []
        self.load_errors = [
            {"dataModel": e["id"], "errorType": "DataModelError", "message": e["message"]}
            for e in model_errors
        ]
        for spec in init["detections"]:
            self.detections.append(self._load(spec))
        self.by_index = {det.index: det for det in self.detections}
        self.by_log_type = {}
        for det, spec in zip(self.detections, init["detections"]):
            for log_type in spec["logTypes"]:
                self.by_log_type.setdefault(log_type, []).append(det)

    def _load(self, spec):
        try:
            module = load_module(spec["id"], spec["file"], spec["code"])
        except Exception as err:  # noqa: BLE001 - an import error is a rule error per event
            error_type, message = describe_exception(err)
            self.load_errors.append(
                {"index": spec["index"], "errorType": error_type, "message": message}
            )
            return Detection(spec, None, (error_type, f"importing the detection failed: {message}"))
        det = Detection(spec, module)
        if det.fns[0] is None:
            det.load_error = ("AttributeError", "the detection defines no rule() function")
        return det

    def run(self, request, events_text):
        """Evaluates `events[start:]` (a JSON array, as text), flushing results as it goes."""
        detections = self.by_log_type.get(request["logType"], [])
        model = self.models.get(request["logType"])
        # Skips name calls that timed out before: rare, so looked up once per event, not per call.
        skips = {}
        for event_index, det_index, fn in request.get("skips", []):
            skips.setdefault(event_index, {}).setdefault(det_index, set()).add(fn)
        runnable = [(d.fns[0], d.index) for d in detections if d.load_error is None]
        broken = [(d.index, d.load_error) for d in detections if d.load_error is not None]
        matches, errors = [], []
        start, count = request["start"], 0
        evaluate, monotonic = self._evaluate, time.monotonic
        last_flush = monotonic()
        for event_index, data in enumerate(iter_json_array(events_text)):
            count = event_index + 1
            if event_index < start:
                continue
            event = PantherEvent(data, model)
            skip = skips.get(event_index) if skips else None
            if skip is None:
                evaluate(event, event_index, runnable, None, matches, errors)
            else:
                calls = [c for c in runnable if 0 not in skip.get(c[1], ())]
                evaluate(event, event_index, calls, skip, matches, errors)
            for index, load_error in broken:
                errors.append(_error(event_index, index, "rule", *load_error))
            now = monotonic()
            if now - last_flush >= FLUSH_SECONDS:
                self._flush(event_index + 1, matches, errors)
                matches, errors = [], []
                last_flush = now
        self.slots[3] = IDLE
        self._flush(count, matches, errors)
        self.channel.send({"type": "done"})

    def _evaluate(self, event, event_index, calls, skip, matches, errors):
        """Runs each rule() of `calls` on one event: the hot loop.

        Locals only, one marker store per call, no allocation unless a rule matches or fails (the
        optional functions run in `_alert`, which restores fn = 0). The marker says idle while
        the next event is decoded, so a huge event is never blamed on the last rule called.
        """
        slots = self.slots
        slots[1] = event_index
        slots[3] = 0
        for rule, index in calls:
            slots[2] = index
            try:
                result = rule(event)
            except BaseException as err:  # noqa: BLE001 - even sys.exit() in a rule is a value
                errors.append(_error(event_index, index, "rule", *describe_exception(err)))
                continue
            if result is not False:
                if result is True:
                    done = None if skip is None else skip.get(index)
                    det = self.by_index[index]
                    self._alert(det, event, event_index, done, matches, errors)
                else:
                    message = f"rule() returned {type(result).__name__}, not bool"
                    errors.append(_error(event_index, index, "rule", "TypeError", message))
        slots[3] = IDLE

    def _flush(self, up_to, matches, errors):
        self.channel.send({"type": "results", "upTo": up_to, "matches": matches, "errors": errors})

    def _alert(self, det, event, event_index, skip, matches, errors):
        """rule() returned True: runs the optional functions, each with its fallback."""
        out = Evaluation()
        slots = self.slots

        def call(fn):
            f = det.fns[fn]
            if f is None or (skip is not None and fn in skip):
                return NOT_CALLED
            slots[3] = fn
            try:
                return f(event)
            except BaseException as err:  # noqa: BLE001 - even sys.exit() in a rule is a value
                out.fail(fn, *describe_exception(err))
                return NOT_CALLED

        match = run_optional(det, event, out, call)
        slots[3] = 0
        for fn, error_type, message in out.errors:
            errors.append(_error(event_index, det.index, FUNCTION_NAMES[fn], error_type, message))
        match["event"] = event_index
        match["detection"] = det.index
        matches.append(match)


_scan = json.scanner.make_scanner(json.JSONDecoder())
_space = json.decoder.WHITESPACE.match


def iter_json_array(text):
    """The items of the JSON array `text`, each decoded only when the loop asks for it.

    One event's objects are then freed before the next is decoded, which keeps the allocator
    reusing warm memory: decoding a whole batch up front costs about twice as much per event.
    """
    pos = _space(text, 0).end()
    if text[pos : pos + 1] != "[":
        raise ValueError("the events are not a JSON array")
    pos = _space(text, pos + 1).end()
    if text[pos : pos + 1] == "]":
        return
    while True:
        try:
            value, pos = _scan(text, pos)
        except StopIteration as stop:
            raise ValueError(f"invalid JSON in the events at offset {stop.value}") from None
        yield value
        end = text[pos : pos + 1]
        if end != "," and end != "]":
            pos = _space(text, pos).end()
            end = text[pos : pos + 1]
        if end == "]":
            return
        if end != ",":
            raise ValueError(f"invalid JSON in the events at offset {pos}")
        pos = _space(text, pos + 1).end()


def _error(event_index, det_index, function_name, error_type, message):
    return {
        "event": event_index,
        "detection": det_index,
        "functionName": function_name,
        "errorType": error_type,
        "message": message,
    }


def _limit_memory(megabytes):
    if megabytes:
        limit = int(megabytes) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main():
    """Runs the worker loop until stdin closes."""
    channel = Channel()
    init = channel.receive()
    if init is None or init.get("type") != "init":
        return 2
    _limit_memory(init.get("memoryMb"))
    state.use(EngineState(channel))
    worker = Worker(channel, init)
    channel.send({"type": "ready", "loadErrors": worker.load_errors})
    while True:
        request = channel.receive()
        if request is None:
            return 0
        if request.get("type") == "run":
            events = None
            if "eventsFile" not in request:
                events = channel.receive_text()
                if events is None:
                    return 0
            try:
                if events is None:
                    with open(request["eventsFile"], encoding="utf-8") as file:
                        events = file.read()
                worker.run(request, events)
            except Exception as err:  # noqa: BLE001 - the engine replaces this worker
                channel.send({"type": "run-failed", "message": f"{type(err).__name__}: {err}"})
        elif request.get("type") == "test":
            try:
                channel.send({"type": "test-result", **run_test(worker, request)})
                channel.send({"type": "done"})
            except Exception as err:  # noqa: BLE001 - the engine replaces this worker
                channel.send({"type": "run-failed", "message": f"{type(err).__name__}: {err}"})


if __name__ == "__main__":
    sys.exit(main())
