"""Mark entry: the modules one may mark, a module's grid, uploads and their templates.

No rule lives here: the grid and the upload call `assessment.domain` (the same
functions as the API and `registrar marks import`), and the `enter_marks` rule
decides every row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from registrar.assessment.domain.contract import decimal_text
from registrar.assessment.domain.entry import (
    MarkInput,
    Sheet,
    UnknownModuleError,
    entry_line,
    markable_modules,
    module_sheet,
    save_marks,
)
from registrar.assessment.domain.imports import (
    UnreadableFileError,
    import_upload,
    preview_upload,
)
from registrar.assessment.domain.saving import MarksPreview, MarksRefusedError
from registrar.assessment.domain.templates import template_csv, template_xlsx
from registrar.assessment.models import Flag
from registrar.claims.domain.extensions import extensions_on
from registrar.people.rules import ModuleRef, can
from registrar.programmes.models import Programme
from registrar.spec.problems import Problem
from registrar.web import uploads
from registrar.web.views.access import requires

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@requires("enter_marks")
def marks_home(request: HttpRequest) -> HttpResponse:
    """The modules the user may enter marks on."""
    modules = markable_modules(request.user)
    programmes: dict[int, dict[str, Any]] = {}
    for m in modules:
        programmes.setdefault(m.programme.pk, {"programme": m.programme, "modules": []})
        programmes[m.programme.pk]["modules"].append(m)
    return render(request, "registrar/marks/index.html", {"programmes": list(programmes.values())})


def _sheet(request: HttpRequest, programme_pk: int, module_code: str, attempt: int = 1) -> Sheet:
    """The module's grid for the user; 404 for no such module, 403 if they may mark no one."""
    programme = get_object_or_404(Programme, pk=programme_pk)
    try:
        sheet = module_sheet(
            programme=programme, module_code=module_code, user=request.user, attempt=attempt
        )
    except UnknownModuleError as error:
        raise Http404(str(error)) from error
    if sheet.registered and not sheet.rows:
        raise PermissionDenied("you may not enter marks on this module")
    return sheet


def _attempt(request: HttpRequest) -> int:
    text = request.POST.get("attempt") or request.GET.get("attempt") or "1"
    return int(text) if text.isdigit() and 1 <= int(text) <= 99 else 1


@dataclass
class CellForm:
    """One cell of the grid as the page shows it: what is stored, what is typed, what is wrong."""

    name: str  # the cell's field-name suffix
    student_id: str
    component: str
    label: str
    editable: bool
    locked_by: int | None
    version: int
    stored: tuple[str, str, str]  # mark, flag, late hours as stored (text)
    typed: tuple[str, str, str]
    errors: list[str] = field(default_factory=list)

    @property
    def mark(self) -> str:
        return self.typed[0]

    @property
    def flag(self) -> str:
        return self.typed[1]

    @property
    def late_hours(self) -> str:
        return self.typed[2]

    @property
    def was(self) -> str:
        return "|".join(self.stored)


def _cells(sheet: Sheet) -> list[tuple[Any, list[CellForm]]]:
    rows = []
    for i, row in enumerate(sheet.rows):
        cells = []
        for j, cell in enumerate(row.cells):
            mark = cell.mark
            stored = (
                (decimal_text(mark.mark), mark.flag, decimal_text(mark.late_hours))
                if mark is not None
                else ("", "", "")
            )
            what = cell.component or "module mark"
            cells.append(
                CellForm(
                    name=f"{i}-{j}",
                    student_id=row.student.student_id,
                    component=cell.component,
                    label=f"{row.student.name} ({row.student.student_id}), {what}",
                    editable=cell.editable,
                    locked_by=mark.locked_by_id if mark is not None else None,
                    version=mark.version if mark is not None else 0,
                    stored=stored,
                    typed=stored,
                )
            )
        rows.append((row, cells))
    return rows


def _grid_context(
    request: HttpRequest, sheet: Sheet, rows: list[tuple[Any, list[CellForm]]]
) -> dict[str, Any]:
    module = ModuleRef(sheet.programme.pk, sheet.module.code)
    return {
        "may_view_history": can(request.user, "view_module", module),
        "sheet": sheet,
        "programme": sheet.programme,
        "module": sheet.module,
        "rows": rows,
        "flags": [(v, label) for v, label in Flag.choices],
        "whole": sheet.components == [""],
        "extensions": extensions_on(
            sheet.programme.pk,
            sheet.module.code,
            sheet.attempt,
            {row.student.student_id for row in sheet.rows},
        ),
    }


@requires("enter_marks")
def module_grid(request: HttpRequest, programme_pk: int, module_code: str) -> HttpResponse:
    """A module's marks for one attempt: students × components; saved all or nothing."""
    sheet = _sheet(request, programme_pk, module_code, _attempt(request))
    rows = _cells(sheet)
    if request.method != "POST":
        return render(request, "registrar/marks/grid.html", _grid_context(request, sheet, rows))
    entries: list[MarkInput] = []
    edited: list[CellForm] = []
    for _, cells in rows:
        for cell in cells:
            typed = tuple(
                request.POST.get(f"{part}-{cell.name}", "").strip()
                for part in ("mark", "flag", "late")
            )
            was = tuple(request.POST.get(f"was-{cell.name}", cell.was).split("|"))
            if not cell.editable or typed == was:
                continue  # not edited: shown again as stored now
            cell.typed = (typed[0], typed[1], typed[2])
            version = request.POST.get(f"version-{cell.name}", "")
            entries.append(
                MarkInput(
                    student_id=cell.student_id,
                    module_code=module_code,
                    component=cell.component,
                    attempt=sheet.attempt,
                    mark=typed[0],
                    flag=typed[1],
                    late_hours=typed[2],
                    version=int(version) if version.isdigit() else 0,
                )
            )
            edited.append(cell)
    if not entries:
        messages.info(request, "Nothing to save: no mark was changed.")
        return redirect(request.get_full_path())
    try:
        result = save_marks(
            programme=sheet.programme,
            entries=entries,
            actor=request.user,
            file="form",
            module_code=module_code,
        )
    except MarksRefusedError as refused:
        problems = _attach(refused.preview.errors, edited)
        context = _grid_context(request, sheet, rows)
        context["problems"] = problems
        return render(request, "registrar/marks/grid.html", context, status=409)
    if not result.changed:
        messages.info(request, "Nothing to save: the marks you typed are those stored.")
        return redirect(request.get_full_path())
    messages.success(
        request,
        f"Saved {len(result.changed)} mark{'s' if len(result.changed) != 1 else ''} of "
        f"{module_code} attempt {sheet.attempt}: {result.count('add')} added, "
        f"{result.count('change')} changed.",
    )
    return redirect(request.get_full_path())


def _attach(errors: list[Problem], edited: list[CellForm]) -> list[str]:
    """Each problem on the cell it is about; the list of them all, each naming its cell."""
    by_line = {entry_line(i): cell for i, cell in enumerate(edited)}
    out = []
    for problem in errors:
        said = f"{problem.message}; {problem.fix}"
        cell = by_line.get(problem.line)
        if cell is None:
            out.append(said)
            continue
        cell.errors.append(said if problem.field == "version" else f"{problem.field}: {said}")
        out.append(f"{cell.label}: {said}")
    return out


class UploadForm(forms.Form):
    file = forms.FileField(label="Marks file (CSV or XLSX)")


class CommitForm(forms.Form):
    filename = forms.CharField(widget=forms.HiddenInput)
    sha256 = forms.RegexField(regex=uploads.DIGEST, widget=forms.HiddenInput)


@requires("enter_marks")
def module_upload(request: HttpRequest, programme_pk: int, module_code: str) -> HttpResponse:
    """Upload a module's marks: preview every change or every problem, then commit whole."""
    sheet = _sheet(request, programme_pk, module_code)
    context: dict[str, Any] = {
        "sheet": sheet,
        "programme": sheet.programme,
        "module": sheet.module,
    }
    if request.method == "POST" and "commit" in request.POST:
        commit = CommitForm(request.POST)
        data = uploads.load(commit.data.get("sha256", "")) if commit.is_valid() else None
        if data is None:
            messages.error(request, "The previewed file is no longer kept; upload it again.")
            return redirect(request.path)
        filename = commit.cleaned_data["filename"]
        try:
            result = import_upload(
                programme=sheet.programme,
                data=data,
                file=filename,
                actor=request.user,
                module_code=module_code,
            )
        except UnreadableFileError as unreadable:  # a hash named without its preview
            messages.error(request, str(unreadable.problem))
            return redirect(request.path)
        except MarksRefusedError as refused:
            context.update(form=UploadForm(), preview=refused.preview)
            return render(request, "registrar/marks/upload.html", context, status=400)
        if not result.changed:
            messages.info(
                request,
                f"Nothing to save: every mark in {filename} is already stored (it may have "
                "been saved already); nothing was written.",
            )
        else:
            messages.success(
                request,
                f"Saved {filename}: {result.count('add')} added, {result.count('change')} "
                f"changed, {result.count('unchanged')} unchanged.",
            )
        return redirect("marks-grid", programme_pk=programme_pk, module_code=module_code)
    form = UploadForm(request.POST or None, request.FILES or None)
    context["form"] = form
    context["limit"] = uploads.size_limit()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = " ".join((upload.name or "marks.csv").split())
        try:
            digest, data = uploads.store(upload)
        except uploads.UploadTooLargeError as error:
            form.add_error("file", f"{error}.")
            return render(request, "registrar/marks/upload.html", context, status=400)
        try:
            preview: MarksPreview = preview_upload(
                programme=sheet.programme,
                data=data,
                file=name,
                actor=request.user,
                module_code=module_code,
            )
        except UnreadableFileError as unreadable:
            form.add_error("file", str(unreadable.problem))
        except MarksRefusedError as refused:
            context["preview"] = refused.preview
        else:
            context["preview"] = preview
            context["counts"] = {a: preview.count(a) for a in ("add", "change", "unchanged")}
            if preview.ok:
                context["commit"] = CommitForm(initial={"filename": name, "sha256": digest})
    status = 400 if context.get("preview") is not None and context["preview"].errors else 200
    return render(request, "registrar/marks/upload.html", context, status=status)


@requires("enter_marks")
def module_template(
    request: HttpRequest, programme_pk: int, module_code: str, kind: str
) -> HttpResponse:
    """The module's marks template (CSV or XLSX): its students × components, marks empty."""
    sheet = _sheet(request, programme_pk, module_code)
    args = {"programme": sheet.programme, "module_code": module_code, "user": request.user}
    name = f"{module_code}-{sheet.programme.cohort}-marks.{kind}"
    if kind == "xlsx":
        response = HttpResponse(template_xlsx(**args), content_type=XLSX)
    else:
        response = HttpResponse(template_csv(**args), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
