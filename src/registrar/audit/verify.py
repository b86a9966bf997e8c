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


def verify_ledger() -> Verdict:
    """Walk the ledger in id order, re-computing each hash from the entry's content and the
    hash before it. Reads only. A removed, inserted, reordered or changed entry breaks the
    chain at it or at the entry after it; entries removed from the end leave no trace (compare
    the count and last hash with one noted earlier)."""
    previous, count = chain.GENESIS, 0
    rows = AuditEntry.objects.order_by("id").values("id", "hash", *chain.HASHED)
    for row in rows.iterator(chunk_size=CHUNK):
        count += 1
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
    return Verdict(count, previous)
