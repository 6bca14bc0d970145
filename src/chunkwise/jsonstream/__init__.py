"""The incremental JSON engine: a sans-I/O push parser, standard library only.

Feed it chunks of text as they arrive; at any moment it shows the auto-completed
partial value, the JSON Patch since the last look, the complete items under a
pointer pattern, or the low-level events. See ``docs/jsonstream.md``.
"""

from chunkwise.jsonstream.builder import OpenContainer
from chunkwise.jsonstream.errors import IncompleteJsonError, JsonStreamError
from chunkwise.jsonstream.events import JsonEvent
from chunkwise.jsonstream.framing import JsonFramer
from chunkwise.jsonstream.oneshot import parse_partial_json
from chunkwise.jsonstream.parser import IncrementalJsonParser
from chunkwise.jsonstream.policy import Completion
from chunkwise.jsonstream.repairs import Repair, RepairRecord
from chunkwise.jsonstream.snapshot import copy_json

__all__ = [
    "Completion",
    "IncompleteJsonError",
    "IncrementalJsonParser",
    "JsonEvent",
    "JsonFramer",
    "JsonStreamError",
    "OpenContainer",
    "Repair",
    "RepairRecord",
    "copy_json",
    "parse_partial_json",
]
