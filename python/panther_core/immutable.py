"""Immutable, case-insensitive views over plain JSON values.

Detections get events as these views so that one rule cannot change what the next rule sees,
and so that `event["EventName"]` finds `eventName` (Panther's documented behaviour). The plain
data underneath is never copied until a caller asks for a mutable copy.
"""

import copy as _copy
import os
from collections.abc import Mapping, Sequence

try:
    # The C fast path of `get` and `[]`, when built for this interpreter (`npm run build`);
    # CARACAL_PURE_PYTHON=1 leaves it out (the tests run both).
    if os.environ.get("CARACAL_PURE_PYTHON") == "1":
        raise ImportError("pure Python requested")
    from panther_core._speedups import ViewBase, register_views

    ACCELERATED = True
    _bases = (ViewBase, Mapping)
    _new = ViewBase.__new__
except ImportError:
    ACCELERATED = False
    _bases = (Mapping,)
    _new = object.__new__

_MISSING = object()


def wrap(value):
    """Returns `value` wrapped when it is a container, unchanged otherwise."""
    if isinstance(value, dict):
        return ImmutableCaseInsensitiveDict(value)
    if isinstance(value, list):
        return ImmutableList(value)
    return value


def unwrap(value):
    """Returns the plain JSON value under a wrapped one (no copy)."""
    if isinstance(value, (ImmutableCaseInsensitiveDict, ImmutableList)):
        return value._data
    return value


def json_default(value):
    """`json.dumps(default=...)` hook: serializes wrapped values as their plain data."""
    if isinstance(value, (ImmutableCaseInsensitiveDict, ImmutableList)):
        return value._data
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


class ImmutableCaseInsensitiveDict(*_bases):
    """A read-only mapping whose string keys match in any case, at every nesting level.

    With the C base, `get` and `[]` answer exact-spelling hits from C and call `_get_slow` /
    `_getitem_slow` for everything else; without it, those methods are `get` and `[]`.
    """

    __slots__ = () if ACCELERATED else ("_data", "_lower", "_wrapped")

    def __init__(self, data=None):
        self._data = {} if data is None else data
        self._lower = None
        self._wrapped = None

    def _real_key(self, key):
        data = self._data
        try:
            if key in data:
                return key
        except TypeError:
            raise KeyError(key) from None
        if not isinstance(key, str):
            raise KeyError(key)
        lower = self._lower
        if lower is None:
            # Built on the first miss only: most lookups use the exact spelling.
            lower = {}
            for k in data:
                if isinstance(k, str):
                    lower.setdefault(k.lower(), k)
            self._lower = lower
        try:
            return lower[key.lower()]
        except KeyError:
            raise KeyError(key) from None

    def _getitem_slow(self, key):
        try:
            value = self._data[key]
        except (KeyError, TypeError):
            key = self._real_key(key)
            value = self._data[key]
        if value.__class__ is dict or value.__class__ is list:
            return self._wrapped_value(key, value)
        return value

    def _get_slow(self, key, default=None):
        # Flattened on purpose (no helper calls on the common path, `type()` rather than
        # `__class__`, nested views built without running `__init__`): this is the hottest call
        # in every detection.
        try:
            value = self._data[key]
        except (KeyError, TypeError):
            try:
                key = self._real_key(key)
            except KeyError:
                return default
            value = self._data[key]
        cls = type(value)
        if cls is dict:
            cache = self._wrapped
            if cache is None:
                cache = self._wrapped = {}
            wrapped = cache.get(key)
            if wrapped is None:
                wrapped = cache[key] = _new(ImmutableCaseInsensitiveDict)
                wrapped._data = value
                wrapped._lower = wrapped._wrapped = None
            return wrapped
        if cls is list:
            return self._wrapped_value(key, value)
        return value

    if not ACCELERATED:
        __getitem__ = _getitem_slow
        get = _get_slow

    def _wrapped_value(self, key, value):
        cache = self._wrapped
        if cache is None:
            cache = self._wrapped = {}
        wrapped = cache.get(key)
        if wrapped is None:
            wrapped = cache[key] = wrap(value)
        return wrapped

    def __contains__(self, key):
        try:
            self._real_key(key)
        except KeyError:
            return False
        return True

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)

    def __eq__(self, other):
        if isinstance(other, ImmutableCaseInsensitiveDict):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == {k: unwrap(v) for k, v in other.items()}
        return NotImplemented

    __hash__ = None

    def __repr__(self):
        return f"{type(self).__name__}({self._data!r})"

    def to_dict(self):
        """A mutable deep copy of the underlying data, as plain dicts and lists."""
        return _copy.deepcopy(self._data)

    # copy, deepcopy and pickle work alike with and without the C base (whose instances the
    # default protocol cannot rebuild): a view of the same, or a copied, plain value.
    def _clone(self, data):
        clone = _new(type(self))
        clone._data = data
        clone._lower = clone._wrapped = None
        return clone

    def __copy__(self):
        return self._clone(self._data)

    def __deepcopy__(self, memo):
        return self._clone(_copy.deepcopy(self._data, memo))

    def __reduce__(self):
        return (type(self), (self._data,))

    def copy(self):
        """A mutable deep copy (plain dict): the event itself stays immutable."""
        return self.to_dict()

    def deep_get(self, *keys, default=None):
        """The value under `keys` (each matched in any case), or `default` if absent or None."""
        value = self
        for key in keys:
            if not isinstance(value, Mapping):
                return default
            value = value.get(key, _MISSING)
            if value is _MISSING:
                return default
        return default if value is None else value

    def deep_walk(self, *keys, default=None, return_val="all"):
        """Like `deep_get`, but walks through lists; several found values come back as a list."""
        found = _walk(self, keys)
        values = [v for v in found if v is not None]
        if not values:
            return default
        if return_val == "first":
            return values[0]
        if return_val == "last":
            return values[-1]
        unique = []
        for v in values:
            if v not in unique:
                unique.append(v)
        return unique[0] if len(unique) == 1 else unique


def _walk(value, keys):
    if not keys:
        if isinstance(value, ImmutableList):
            out = []
            for item in value:
                out.extend(_walk(item, ()))
            return out
        return [value]
    if isinstance(value, ImmutableList):
        out = []
        for item in value:
            out.extend(_walk(item, keys))
        return out
    if isinstance(value, Mapping):
        nested = value.get(keys[0], _MISSING)
        if nested is _MISSING:
            return []
        return _walk(nested, keys[1:])
    return []


class ImmutableList(Sequence):
    """A read-only list whose items are wrapped like the event's."""

    __slots__ = ("_data",)

    def __init__(self, data=None):
        self._data = [] if data is None else data

    def __getitem__(self, index):
        if isinstance(index, slice):
            return ImmutableList(self._data[index])
        return wrap(self._data[index])

    def __len__(self):
        return len(self._data)

    def __eq__(self, other):
        if isinstance(other, ImmutableList):
            return self._data == other._data
        if isinstance(other, (list, tuple)):
            return self._data == [unwrap(v) for v in other]
        return NotImplemented

    __hash__ = None

    def __repr__(self):
        return f"{type(self).__name__}({self._data!r})"

    def to_list(self):
        """A mutable deep copy of the underlying list."""
        return _copy.deepcopy(self._data)

    def copy(self):
        """A mutable deep copy (plain list)."""
        return self.to_list()


if ACCELERATED:
    register_views(ImmutableCaseInsensitiveDict, ImmutableList)
