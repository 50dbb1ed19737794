"""Turns the content the engine sends (globals, data models, detections) into modules.

Globals are importable by their GlobalID through a meta-path finder, so helpers may import each
other in any order and share module state. Each detection becomes its own module, named after its
id and compiled with its file name so tracebacks point at `file:line`.
"""

import importlib.abc
import importlib.util
import sys
import types

from panther_core.data_model import DataModel


class GlobalsFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds modules among the content's globals (GlobalID → source)."""

    def __init__(self, sources):
        self.sources = sources

    def find_spec(self, fullname, path=None, target=None):  # noqa: ARG002 - finder protocol
        """A spec when `fullname` is a GlobalID of the content."""
        source = self.sources.get(fullname)
        if source is None:
            return None
        return importlib.util.spec_from_loader(fullname, self, origin=source["file"])

    def create_module(self, spec):  # noqa: ARG002 - default module creation
        """Default module creation."""
        return None

    def exec_module(self, module):
        """Runs the global's code in its module."""
        source = self.sources[module.__name__]
        module.__file__ = source["file"]
        exec(compile(source["code"], source["file"], "exec"), module.__dict__)  # noqa: S102


def install_globals(global_list):
    """Makes every global importable by its GlobalID (lazily, on first import)."""
    sources = {g["id"]: g for g in global_list}
    sys.meta_path.insert(0, GlobalsFinder(sources))


def load_module(name, file, code):
    """Executes `code` as a fresh module registered under `name`."""
    module = types.ModuleType(name)
    module.__file__ = file
    sys.modules[name] = module
    try:
        exec(compile(code, file, "exec"), module.__dict__)  # noqa: S102
    except BaseException:
        del sys.modules[name]
        raise
    return module


def load_data_models(models):
    """Log type → DataModel, plus one error message per data model that failed to load."""
    by_log_type = {}
    errors = []
    for spec in models:
        try:
            module = None
            if spec.get("code") is not None:
                module = load_module(f"caracal_datamodel_{spec['id']}", spec["file"], spec["code"])
            model = DataModel(spec["id"], spec["mappings"], module)
        except Exception as err:  # noqa: BLE001 - reported to the engine, others still load
            errors.append({"id": spec["id"], "message": f"{type(err).__name__}: {err}"})
            continue
        for log_type in spec["logTypes"]:
            by_log_type[log_type] = model
    return by_log_type, errors
