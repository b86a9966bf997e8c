"""Importing students: upload, preview what will change, then commit all or nothing."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from registrar.people.domain.imports import ImportRefusedError, import_students, preview_import
from registrar.programmes.models import Programme
from registrar.web.views.access import requires


class UploadForm(forms.Form):
    programme = forms.ModelChoiceField(queryset=Programme.objects.all(), empty_label=None)
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "Columns: student_id, given_name, family_name, email; optional status, username "
            "and elective (the code of an elective running this year)."
        ),
    )


class CommitForm(forms.Form):
    programme = forms.ModelChoiceField(queryset=Programme.objects.all(), widget=forms.HiddenInput)
    filename = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(widget=forms.HiddenInput, strip=False)


@requires("import_students")
def import_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and "commit" in request.POST:
        commit = CommitForm(request.POST)
        if commit.is_valid():
            data = commit.cleaned_data
            try:
                result = import_students(
                    programme=data["programme"],
                    text=data["text"],
                    file=data["filename"],
                    actor=request.user,
                )
            except ImportRefusedError as refused:
                return render(
                    request,
                    "registrar/import.html",
                    {"form": UploadForm(), "preview": refused.preview},
                )
            messages.success(
                request,
                f"Imported {data['filename']}: {result.count('add')} added, "
                f"{result.count('update')} updated, {result.count('unchanged')} unchanged.",
            )
            return redirect("student-list")
    form = UploadForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", "The file is not UTF-8 text; save it as CSV UTF-8.")
        else:
            programme = form.cleaned_data["programme"]
            preview = preview_import(programme=programme, text=text, file=upload.name)
            context["preview"] = preview
            context["counts"] = {a: preview.count(a) for a in ("add", "update", "unchanged")}
            context["commit"] = CommitForm(
                initial={"programme": programme.pk, "filename": upload.name, "text": text}
            )
    return render(request, "registrar/import.html", context)
