"""Counters, string sets and dictionaries that persist across events, with expirations.

Panther keeps these in DynamoDB; Caracal keeps them in the detection engine (Node side), shared
by every worker process, through `caracal_runtime.state`. Outside a worker (unit tests of content)
an in-process store with the same semantics is used. Expirations are epoch seconds and are always
honoured on read, so `force_ttl_check` is accepted but never needed.
"""

from caracal_runtime.state import backend


def get_counter(key, force_ttl_check=False):  # noqa: ARG001 - Panther's signature
    """The counter's value (0 when absent or expired)."""
    return int(backend().call("get_counter", [key]))


def increment_counter(key, val=1):
    """Adds `val` to the counter and returns its new value."""
    return int(backend().call("increment_counter", [key, int(val)]))


def reset_counter(key):
    """Deletes the counter."""
    backend().call("reset", [key])


def set_key_expiration(key, epoch_seconds):
    """Makes `key` (counter, set or dictionary) expire at `epoch_seconds`."""
    backend().call("set_expiration", [key, float(epoch_seconds)])


def get_string_set(key, force_ttl_check=False):  # noqa: ARG001 - Panther's signature
    """The string set (empty when absent or expired)."""
    return set(backend().call("get_string_set", [key]))


def put_string_set(key, val, epoch_seconds=None):
    """Replaces the string set with `val`, optionally expiring at `epoch_seconds`."""
    items = sorted({str(v) for v in _as_items(val)})
    backend().call("put_string_set", [key, items, _epoch(epoch_seconds)])


def add_to_string_set(key, val):
    """Adds a string (or each string of an iterable); returns the new set."""
    items = sorted({str(v) for v in _as_items(val)})
    return set(backend().call("add_to_string_set", [key, items]))


def remove_from_string_set(key, val):
    """Removes a string (or each string of an iterable); returns the new set."""
    items = sorted({str(v) for v in _as_items(val)})
    return set(backend().call("remove_from_string_set", [key, items]))


def reset_string_set(key):
    """Deletes the string set."""
    backend().call("reset", [key])


def get_dictionary(key, force_ttl_check=False):  # noqa: ARG001 - Panther's signature
    """The stored dictionary (empty when absent or expired)."""
    return dict(backend().call("get_dictionary", [key]))


def put_dictionary(key, val, epoch_seconds=None):
    """Stores a JSON-serializable dictionary, optionally expiring at `epoch_seconds`."""
    if not isinstance(val, dict):
        raise TypeError(f"put_dictionary expects a dict, got {type(val).__name__}")
    backend().call("put_dictionary", [key, val, _epoch(epoch_seconds)])


def _as_items(val):
    if isinstance(val, str):
        return [val]
    return list(val)


def _epoch(epoch_seconds):
    return None if epoch_seconds is None else float(epoch_seconds)
