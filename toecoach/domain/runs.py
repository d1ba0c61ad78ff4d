"""What a stored run is (pure): a routine done, or a cramp rescue. Kept apart from
``adherence`` (like ``breaks``) so that the dashboard's first frame and the record registry
do not pay for importing the whole adherence model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def is_routine_done(record: Mapping[str, Any]) -> bool:
    """A routine run to the end. A cramp rescue is never a routine (interfaces v2), also
    when an older version stored it as a finished run."""
    return (
        record.get("kind", "run") == "run"
        and record.get("finished") is True
        and record.get("routine") != "cramp-rescue"
    )


def is_rescue(record: Mapping[str, Any]) -> bool:
    return record.get("kind") == "rescue" or record.get("routine") == "cramp-rescue"
