"""What a slice of a plain CSV holds, counted byte by byte with numpy.

`bytes.count` and `in` walk a slice once per pattern in Python's own search (a two-byte
pattern such as `b" ,"` costs ~1 ms a MB, six patterns more than the parse itself); numpy
counts the lines and commas and finds a space at a field's edge in one pass of cache-sized
blocks, four times faster, so that a large file costs little more than its parse.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

# a block fits in the cache, and its temporary arrays are reused from block to block
BLOCK = 1 << 20
COMMA, NEWLINE, SPACE = ord(","), ord("\n"), ord(" ")


class SliceCounts(NamedTuple):
    newlines: int
    commas: int
    space_at_edge: bool  # a space beside a comma or a newline: " ," ", " " \n" "\n "


def count_bytes(body: bytes) -> SliceCounts:
    """The newlines and commas of `body`, and whether a space touches a comma or newline."""
    data = np.frombuffer(body, dtype=np.uint8)
    newlines = commas = 0
    edge = False
    for start in range(0, data.size, BLOCK):
        block = data[start : start + BLOCK + 1]  # one byte more: a pair across the cut
        own = block[:BLOCK]
        newlines += int(np.count_nonzero(own == NEWLINE))
        commas += int(np.count_nonzero(own == COMMA))
        if not edge:
            space = block == SPACE
            separator = (block == COMMA) | (block == NEWLINE)
            edge = bool((space[:-1] & separator[1:]).any() or (separator[:-1] & space[1:]).any())
    return SliceCounts(newlines, commas, edge)
