"""Clean-room, Panther-compatible event types for detections (written from Panther's docs)."""

from panther_core.immutable import ImmutableCaseInsensitiveDict, ImmutableList
from panther_core.data_model import DataModel
from panther_core.enriched_event import PantherEvent


class PantherError(Exception):
    """Base class of errors the runtime raises on purpose."""


__all__ = [
    "DataModel",
    "ImmutableCaseInsensitiveDict",
    "ImmutableList",
    "PantherError",
    "PantherEvent",
]
