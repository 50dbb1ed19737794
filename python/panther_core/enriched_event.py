"""`PantherEvent`: the object every rule function receives."""

from datetime import datetime, timezone

from panther_core.immutable import ImmutableCaseInsensitiveDict

_MISSING = object()


class PantherEvent(ImmutableCaseInsensitiveDict):
    """An immutable, case-insensitive event with data-model (`udm`) and enrichment lookups."""

    __slots__ = ("data_model",)

    def __init__(self, data=None, data_model=None):
        # The base's fields are set here rather than through super(): one is built per event
        # evaluated, so the saved call counts.
        self._data = {} if data is None else data
        self._lower = self._wrapped = None
        self.data_model = data_model

    def _clone(self, data):
        clone = super()._clone(data)
        # The data model is shared configuration, never copied.
        clone.data_model = self.data_model
        return clone

    def __reduce__(self):
        return (type(self), (self._data, self.data_model))

    def udm(self, *names, default=None):
        """The unified field `names[0]`, then `names[1:]` looked up below it; never raises.

        Without a mapping for the name, falls back to `p_udm.<name>`, then the top-level key.
        """
        if not names:
            return default
        first = names[0]
        value = None
        model = self.data_model
        try:
            if model is not None and model.has(first):
                value = model.value(first, self)
            else:
                value = self.deep_get("p_udm", first)
                if value is None:
                    value = self.get(first)
        except Exception:  # noqa: BLE001 - udm is documented never to raise
            value = None
        for key in names[1:]:
            getter = getattr(value, "get", None)
            value = getter(key) if getter is not None else None
        return default if value is None else value

    def udm_path(self, name):
        """The `Path` a data model maps `name` to, or None (no model, a `Method` mapping)."""
        model = self.data_model
        if model is None:
            return None
        return model.path_text.get(name)

    def event_time_epoch(self):
        """`p_event_time` as whole seconds since the epoch (UTC), or None without it."""
        text = self.get("p_event_time")
        if not isinstance(text, str) or text == "":
            return None
        return int(parse_time(text).timestamp())

    def lookup(self, table, *keys, default=None):
        """Enrichment from `p_enrichment.<table>`, optionally deeper along `keys`."""
        return self.deep_get("p_enrichment", table, *keys, default=default)


def parse_time(text):
    """Parses `YYYY-MM-DD HH:MM:SS[.fff]` (Caracal's `p_*` format) or ISO 8601; UTC if naive."""
    value = text.strip().replace("Z", "+00:00")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed
