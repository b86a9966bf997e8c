"""What changed between two specification versions, field by field.

Modules are matched by code, so a reordered list is not a change; any other
list is compared entry by entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Change:
    path: str  # e.g. "modules[COMP70101].not_running"
    kind: str  # "added", "removed" or "changed"
    old: Any = None
    new: Any = None


def _keyed(items: list[Any], key: str) -> dict[str, Any] | None:
    if all(isinstance(i, dict) and key in i for i in items):
        keys = [i[key] for i in items]
        if len(set(keys)) == len(keys):
            return {i[key]: i for i in items}
    return None


def _walk(old: Any, new: Any, path: str, out: list[Change]) -> None:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            sub = f"{path}.{key}" if path else str(key)
            if key not in new:
                out.append(Change(sub, "removed", old=old[key]))
            elif key not in old:
                out.append(Change(sub, "added", new=new[key]))
            else:
                _walk(old[key], new[key], sub, out)
        return
    if isinstance(old, list) and isinstance(new, list):
        old_keyed, new_keyed = _keyed(old, "code"), _keyed(new, "code")
        if old_keyed is not None and new_keyed is not None:
            for code in [*old_keyed, *(c for c in new_keyed if c not in old_keyed)]:
                sub = f"{path}[{code}]"
                if code not in new_keyed:
                    out.append(Change(sub, "removed", old=old_keyed[code]))
                elif code not in old_keyed:
                    out.append(Change(sub, "added", new=new_keyed[code]))
                else:
                    _walk(old_keyed[code], new_keyed[code], sub, out)
            return
        if all(not isinstance(i, dict | list) for i in [*old, *new]):
            out.append(Change(path, "changed", old=old, new=new))
            return
        for index in range(max(len(old), len(new))):
            sub = f"{path}[{index}]"
            if index >= len(new):
                out.append(Change(sub, "removed", old=old[index]))
            elif index >= len(old):
                out.append(Change(sub, "added", new=new[index]))
            else:
                _walk(old[index], new[index], sub, out)
        return
    out.append(Change(path, "changed", old=old, new=new))


def diff_data(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every field that differs between two specifications' data, in document order."""
    out: list[Change] = []
    _walk(old, new, "", out)
    return out
