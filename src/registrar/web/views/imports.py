"""Importing students: upload, preview what will change, then commit all or nothing.

The preview keeps the uploaded file under VAR_DIR by its SHA-256 (web/uploads.py); the
commit names only that hash, so a file of any size up to the stated limit commits.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from registrar.people.domain.imports import ImportRefusedError, import_students, preview_import
from registrar.programmes.models import Programme
from registrar.web import uploads
from registrar.web.views.access import requires


class UploadForm(forms.Form):
    programme = forms.ModelChoiceField(queryset=Programme.objects.all(), empty_label=None)
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "Columns: student_id, given_name, family_name, email; optional status, username "
            "and elective (the code of an elective running this year). At most "
            f"{uploads.size_limit()}."
        ),
    )


class CommitForm(forms.Form):
    programme = forms.ModelChoiceField(queryset=Programme.objects.all(), widget=forms.HiddenInput)
    filename = forms.CharField(widget=forms.HiddenInput)
    sha256 = forms.RegexField(regex=uploads.DIGEST, widget=forms.HiddenInput)


def _name(upload_name: str | None) -> str:
    return " ".join((upload_name or "students.csv").split())  # one line in every message


@requires("import_students")
def import_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and "commit" in request.POST:
        return _commit(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form, "limit": uploads.size_limit()}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = _name(upload.name)
        try:
            digest, data = uploads.store(upload)
        except uploads.UploadTooLargeError as error:
            form.add_error("file", f"{error}.")
            return render(request, "registrar/import.html", context, status=400)
        programme = form.cleaned_data["programme"]
        preview = preview_import(programme=programme, text=data, file=name)
        context["preview"] = preview
        context["counts"] = {a: preview.count(a) for a in ("add", "update", "unchanged")}
        context["commit"] = CommitForm(
            initial={"programme": programme.pk, "filename": name, "sha256": digest}
        )
    return render(request, "registrar/import.html", context)


def _commit(request: HttpRequest) -> HttpResponse:
    commit = CommitForm(request.POST)
    data = uploads.load(commit.data.get("sha256", "")) if commit.is_valid() else None
    if data is None:
        messages.error(request, "The previewed file is no longer kept; upload it again.")
        return redirect("student-import")
    filename = commit.cleaned_data["filename"]
    try:
        result = import_students(
            programme=commit.cleaned_data["programme"],
            text=data,
            file=filename,
            actor=request.user,
        )
    except ImportRefusedError as refused:
        return render(
            request,
            "registrar/import.html",
            {"form": UploadForm(), "preview": refused.preview, "limit": uploads.size_limit()},
            status=400,
        )
    if not result.changed:
        messages.info(
            request,
            f"Nothing to import: every row of {filename} is already in the records "
            "(it may have been imported already); nothing was written.",
        )
    else:
        messages.success(
            request,
            f"Imported {filename}: {result.count('add')} added, "
            f"{result.count('update')} updated, {result.count('unchanged')} unchanged.",
        )
    return redirect("student-list")
