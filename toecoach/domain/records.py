"""Record construction: every record gets a stable id and an ``at`` time when created."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from toecoach.domain.times import iso


def new_record(kind: str, at: datetime, now: datetime, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "kind": kind,
        "at": iso(at),
        "created": iso(now),
        # Sub-second creation order, so undo can tell two entries in the same second apart.
        "created_ns": int(now.timestamp() * 1_000_000_000),
    }
    record.update({k: v for k, v in fields.items() if v is not None})
    return record
