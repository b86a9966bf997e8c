"""What the steps of one evaluation share: the inputs, the keys, and the frames so far.

`evaluate` (engine.py) builds a `Run` and hands it to each declared step in order
(steps/); each step adds its columns or frames. Keys are integers: `mk` = sid × M +
module index (the Enum's, in code order) for a (student, module), and `ak` = mk × A +
attempt for an attempt, so that every group and join is on one integer column and
sorting by the key sorts by (sid, code, attempt).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from registrar.spec.model import Specification


def module_type(spec: Specification) -> pl.Enum:
    """Module codes as an Enum, in code order (so that sorting sorts by code)."""
    return pl.Enum(sorted({m.code for m in spec.modules}))


def component_type(spec: Specification) -> pl.Enum:
    return pl.Enum(sorted({c.name for m in spec.modules for c in m.components}))


def by_index(values: list[Any], dtype: Any, index: pl.Expr) -> pl.Expr:
    """values[index] per row (null index → null): a lookup in a small table, no join."""
    return pl.lit(pl.Series(values, dtype=dtype)).gather(index)


@dataclass
class Run:
    """One evaluation in progress. Frames are filled in by the steps, in order:

    - `rows` (row_mark), `attempts` (module_mark, sit), `marked` and `modules`
      (standing_mark, module_result, compensation), `facts` (standing_mark);
    - `powa` (powa), `powa_frame` (compensation), `per_student` (credits),
      `lists` (referral), `s` (status, then classification, award, dic, borderline).
    """

    spec: Specification
    table: pl.DataFrame  # module_table, module_code as the Enum
    marks: pl.DataFrame  # with `sid`
    registrations: pl.DataFrame | None
    students: pl.DataFrame  # sid, student_id
    # student_id, course: the professional skills courses completed; None: not checked
    skills: pl.DataFrame | None = None
    rows: pl.DataFrame = field(default_factory=pl.DataFrame)
    attempts_lazy: pl.LazyFrame = field(default_factory=pl.LazyFrame)
    attempts: pl.DataFrame = field(default_factory=pl.DataFrame)
    marked: pl.DataFrame = field(default_factory=pl.DataFrame)
    modules_lazy: pl.LazyFrame = field(default_factory=pl.LazyFrame)
    modules: pl.DataFrame = field(default_factory=pl.DataFrame)
    facts: pl.DataFrame = field(default_factory=pl.DataFrame)
    powa: pl.LazyFrame = field(default_factory=pl.LazyFrame)
    powa_frame: pl.DataFrame = field(default_factory=pl.DataFrame)
    per_student: pl.LazyFrame = field(default_factory=pl.LazyFrame)
    unmet_steps: list[pl.Expr] = field(default_factory=list)
    lists: list[pl.LazyFrame] = field(default_factory=list)
    s: pl.DataFrame = field(default_factory=pl.DataFrame)

    def __post_init__(self) -> None:
        modules_enum = module_type(self.spec)
        self.modules_enum = modules_enum
        self.components_enum = component_type(self.spec)
        self.codes: list[str] = list(modules_enum.categories)
        self.names: list[str] = list(self.components_enum.categories)
        self.n_mod = len(self.codes)
        self.n_comp = len(self.names)
        self.ordered = self.table.sort(pl.col("module_code").to_physical())
        self.n_att = 1

    def per_module(self, column: str, index: pl.Expr) -> pl.Expr:
        """The module table's `column` for the module at Enum index `index`."""
        return by_index(self.ordered[column].to_list(), self.ordered.schema[column], index)

    @property
    def midx(self) -> pl.Expr:
        """The module's Enum index of a frame with `module_code` as the Enum."""
        return pl.col("module_code").to_physical().cast(pl.Int64)
