"""The store behind `panther_detection_helpers.caching`.

In a worker, every operation is a request to the engine (one store shared by all workers, so
counters stay correct whichever worker sees an event; the server keeps it in its metadata store,
`caracal test` in memory). Elsewhere, `MemoryState` implements the
same operations in-process; both follow the same semantics.
"""

import time

_current = None


def backend():
    """The active store: the engine's when running in a worker, else an in-process one."""
    global _current  # noqa: PLW0603 - one store per process
    if _current is None:
        _current = MemoryState()
    return _current


def use(store):
    """Replaces the active store (the worker installs its request channel)."""
    global _current  # noqa: PLW0603 - one store per process
    _current = store


class MemoryState:
    """In-process store: key → (kind, value, expires_at or None)."""

    def __init__(self, clock=time.time):
        self.items = {}
        self.clock = clock

    def _live(self, key):
        item = self.items.get(key)
        if item is None:
            return None
        expires = item[2]
        if expires is not None and expires <= self.clock():
            del self.items[key]
            return None
        return item

    def call(self, op, args):
        """Runs one operation; the names and arguments are the engine protocol's."""
        key = args[0]
        item = self._live(key)
        expires = item[2] if item is not None else None
        if op == "get_counter":
            return item[1] if item is not None and item[0] == "counter" else 0
        if op == "increment_counter":
            current = item[1] if item is not None and item[0] == "counter" else 0
            self.items[key] = ("counter", current + args[1], expires)
            return current + args[1]
        if op == "reset":
            self.items.pop(key, None)
            return None
        if op == "set_expiration":
            if item is not None:
                self.items[key] = (item[0], item[1], args[1])
            return None
        if op in ("get_string_set", "get_dictionary"):
            kind = "set" if op == "get_string_set" else "dict"
            empty = [] if kind == "set" else {}
            return item[1] if item is not None and item[0] == kind else empty
        if op in ("put_string_set", "put_dictionary"):
            kind = "set" if op == "put_string_set" else "dict"
            self.items[key] = (kind, args[1], args[2])
            return None
        if op in ("add_to_string_set", "remove_from_string_set"):
            current = set(item[1]) if item is not None and item[0] == "set" else set()
            if op == "add_to_string_set":
                current.update(args[1])
            else:
                current.difference_update(args[1])
            self.items[key] = ("set", sorted(current), expires)
            return sorted(current)
        raise ValueError(f"unknown state operation {op!r}")
