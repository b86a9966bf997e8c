"""Re-computing the ledger's hash chain, entry by entry, to find the first break."""

from __future__ import annotations

from dataclasses import dataclass

from registrar.audit import chain
from registrar.audit.models import AuditEntry

CHUNK = 2000


@dataclass(frozen=True)
class Verdict:
    entries: int  # how many were checked (up to and including the break)
    last_hash: str  # the last good hash: of the whole ledger when intact
    broken_at: int | None = None  # the id of the first entry whose hash does not hold
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None

    def line(self) -> str:
        if self.broken_at is None:
            return f"ledger intact: {self.entries} entries, last hash {self.last_hash or 'none'}"
        return f"entry {self.broken_at}: {self.problem}"


@dataclass(frozen=True)
class Anchor:
    """The count and last hash noted at an earlier verification: entries removed from the
    end leave no break in the chain, but they do leave fewer entries than were noted, or a
    different hash at the noted count."""

    entries: int
    last_hash: str


def verify_ledger(anchor: Anchor | None = None) -> Verdict:
    """Walk the ledger in id order, re-computing each hash from the entry's content and the
    hash before it. Reads only. A removed, inserted, reordered or changed entry breaks the
    chain at it or at the entry after it; entries removed from the end are found only
    against an `anchor` noted earlier (without one, compare the count and last hash)."""
    previous, count, last_id = chain.GENESIS, 0, 0
    rows = AuditEntry.objects.order_by("id").values("id", "hash", *chain.HASHED)
    for row in rows.iterator(chunk_size=CHUNK):
        count, last_id = count + 1, row["id"]
        expected = chain.entry_hash(row, previous)
        if row["hash"] != expected:
            problem = (
                "no hash stored"
                if not row["hash"]
                else "hash does not match: this entry was changed, or an entry before it "
                "was removed or inserted"
            )
            return Verdict(count, previous, broken_at=row["id"], problem=problem)
        previous = expected
        if anchor is not None and count == anchor.entries and previous != anchor.last_hash:
            return Verdict(
                count,
                previous,
                broken_at=row["id"],
                problem=f"the chain's hash after {count} entries is not the one noted "
                f"({anchor.last_hash}): the ledger was rewritten since",
            )
    if anchor is not None and count < anchor.entries:
        return Verdict(
            count,
            previous,
            broken_at=last_id,  # the last entry left: those after it were removed
            problem=f"the ledger holds {count} entries, fewer than the {anchor.entries} "
            "noted: entries after this one were removed",
        )
    return Verdict(count, previous)
