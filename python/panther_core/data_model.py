"""Data models: unified field names (`source_ip`) mapped to a log type's own fields.

A mapping is either a `Path` (the `$.a.b` / `a.b[0].c` subset of JSONPath, matched in any case)
or a `Method`: a function of the data model's module called with the event.
"""

import re

_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]|\['([^']*)'\]|\[\"([^\"]*)\"\]")


def parse_path(path):
    """Splits a `$.a.b[0]` path into keys and list indices; raises ValueError if unsupported."""
    text = path.strip()
    if text.startswith("$"):
        text = text[1:]
        if text.startswith("."):
            text = text[1:]
    parts = []
    pos = 0
    while pos < len(text):
        if text[pos] == ".":
            pos += 1
            continue
        match = _SEGMENT.match(text, pos)
        if match is None or match.end() == pos:
            raise ValueError(f"unsupported JSONPath {path!r}: only $.a.b and [n] are supported")
        name, index, quoted1, quoted2 = match.groups()
        if name is not None:
            if name in ("*", ".."):
                raise ValueError(f"unsupported JSONPath {path!r}: wildcards are not supported")
            parts.append(name)
        elif index is not None:
            parts.append(int(index))
        else:
            parts.append(quoted1 if quoted1 is not None else quoted2)
        pos = match.end()
    if not parts:
        raise ValueError(f"empty JSONPath {path!r}")
    return tuple(parts)


def follow(event, parts):
    """The value at `parts` below `event`, or None."""
    value = event
    for part in parts:
        if isinstance(part, int):
            try:
                value = value[part]
            except (IndexError, KeyError, TypeError):
                return None
        else:
            getter = getattr(value, "get", None)
            if getter is None:
                return None
            value = getter(part)
        if value is None:
            return None
    return value


class DataModel:
    """The mappings of one data model: name → parsed path or callable."""

    def __init__(self, data_model_id, mappings, module=None):
        self.data_model_id = data_model_id
        self.paths = {}
        self.methods = {}
        self.path_text = {}
        for mapping in mappings:
            name = mapping["name"]
            if mapping.get("path") is not None:
                self.paths[name] = parse_path(mapping["path"])
                self.path_text[name] = mapping["path"]
            else:
                method_name = mapping["method"]
                method = getattr(module, method_name, None) if module is not None else None
                if not callable(method):
                    raise ValueError(
                        f"data model {data_model_id}: mapping {name!r} names method "
                        f"{method_name!r}, which its module does not define"
                    )
                self.methods[name] = method

    def has(self, name):
        """True when the data model maps `name`."""
        return name in self.paths or name in self.methods

    def value(self, name, event):
        """The mapped value of `name` for `event` (None when the path leads nowhere)."""
        parts = self.paths.get(name)
        if parts is not None:
            return follow(event, parts)
        return self.methods[name](event)
