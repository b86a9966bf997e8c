"""Admissions pages: signing up and applying, a referee's upload page, and the tutors' queue,
review and decisions. Every change calls admissions/domain/; every page asks the rules
table. An application one may not see is answered as a missing one is (404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from registrar.admissions.documents import MAX_DOCUMENT_BYTES
from registrar.admissions.domain import files
from registrar.admissions.domain.applying import (
    FIELDS,
    UPLOADED,
    AdmissionsRefusedError,
    missing,
    save_draft,
    sign_up,
    start_application,
    submit_application,
    upload_document,
)
from registrar.admissions.domain.deciding import (
    SCORES,
    add_note,
    decide,
    meet_condition,
    respond_to_offer,
    score_research,
)
from registrar.admissions.domain.privacy import (
    due_for_erasure,
    erase_application,
    export_application,
)
from registrar.admissions.domain.referees import OPEN, referee_for, token_for, upload_reference
from registrar.admissions.domain.reporting import cohort_reports
from registrar.admissions.models import (
    Application,
    Classification,
    Condition,
    Document,
    DocumentKind,
    Status,
)
from registrar.admissions.requirements import Result
from registrar.people.domain.imports import ImportRefusedError
from registrar.people.rules import can
from registrar.programmes.models import Programme
from registrar.web.views.access import check, requires

ELEMENTS = ("listening", "reading", "writing", "speaking")  # of every test the registry keeps
TESTS = ("IELTS", "TOEFL iBT", "PTE Academic")
PER_PAGE = 50


def _application(
    request: HttpRequest, pk: int, permission: str = "view_application"
) -> Application:
    """The application, if the user may see it (else 404, as for a missing one); then the
    permission asked (403)."""
    application = Application.objects.select_related("programme", "applicant").filter(pk=pk).first()
    if application is None or not can(request.user, "view_application", application):
        raise Http404(f"no application {pk}")
    check(request, permission, application)
    return application


def _back(application: Application, anchor: str = "") -> HttpResponse:
    response = redirect("application-detail", pk=application.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _not_enrolled(refusal: ImportRefusedError) -> str:
    """Enrolment refused as an import row would be (e.g. the student ID is taken)."""
    reasons = "; ".join(f"{p.message}; {p.fix}" for p in refusal.preview.errors)
    return f"the applicant cannot be enrolled: {reasons}. Ask the registry."


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Anyone may create an applicant account; a signed-in user goes to their applications."""
    if request.user.is_authenticated:
        return redirect("application-list")
    error = ""
    if request.method == "POST":
        try:
            user = sign_up(
                username=request.POST.get("username", "").strip(),
                password=request.POST.get("password", ""),
                email=request.POST.get("email", "").strip(),
            )
        except AdmissionsRefusedError as refusal:
            error = f"No account created: {refusal}."
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Your account is ready: start your application.")
            return redirect("application-list")
    return render(
        request,
        "registrar/admissions/signup.html",
        {"error": error, "username": request.POST.get("username", "")},
    )


def _queue(request: HttpRequest) -> dict[str, Any]:
    """The tutors' queue: submitted applications, filtered by status and result, searched."""
    status = request.GET.get("status", "")
    result = request.GET.get("result", "")
    query = request.GET.get("q", "").strip()
    found: QuerySet[Application] = Application.objects.exclude(status=Status.DRAFT).select_related(
        "programme"
    )
    if status in Status.values:
        found = found.filter(status=status)
    if result in {str(r) for r in Result}:
        found = found.filter(requirements_result=result)
    if query:
        number = query.upper().removeprefix("A")
        found = found.filter(
            Q(given_name__icontains=query)
            | Q(family_name__icontains=query)
            | Q(email__icontains=query)
            | Q(institution__icontains=query)
            | Q(discipline__icontains=query)
            | (Q(pk=int(number)) if number.isdigit() else Q(pk__in=[]))
        )
    return {
        "queue": found[:PER_PAGE],
        "total": found.count(),
        "statuses": [s for s in Status.choices if s[0] != Status.DRAFT],
        "results": [str(r) for r in Result],
        "status": status,
        "result": result,
        "q": query,
    }


@requires(None)
def application_list(request: HttpRequest) -> HttpResponse:
    if can(request.user, "review_applications"):
        return render(request, "registrar/admissions/queue.html", _queue(request))
    check(request, "apply", None)
    own = Application.objects.filter(applicant=request.user).select_related("programme")
    started = set(own.values_list("programme_id", flat=True))
    open_to = Programme.objects.filter(versions__isnull=False).exclude(pk__in=started).distinct()
    return render(
        request, "registrar/admissions/mine.html", {"applications": own, "programmes": open_to}
    )


@require_POST
@requires("apply")
def application_start(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = get_object_or_404(
        Programme.objects.filter(versions__isnull=False).distinct(), pk=programme_pk
    )
    application = start_application(applicant=request.user, programme=programme)
    return _back(application)


def _referees_posted(request: HttpRequest) -> list[dict[str, str]]:
    return [
        {k: request.POST.get(f"referee{n}_{k}", "") for k in ("name", "email", "institution")}
        for n in (1, 2)
    ]


@require_http_methods(["GET", "POST"])
@requires(None)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    if request.method == "POST":
        check(request, "edit_application", application)
        try:
            save_draft(
                application=application,
                values={name: request.POST.get(name, "") for name in FIELDS},
                english_elements={e: request.POST.get(f"english_{e}", "") for e in ELEMENTS},
                referees=_referees_posted(request),
                actor=request.user,
            )
            messages.success(request, "Draft saved.")
        except AdmissionsRefusedError as refusal:
            messages.error(request, f"Not saved: {refusal}.")
        return _back(application)
    documents = list(application.documents.select_related("referee"))
    context: dict[str, Any] = {
        "application": application,
        "documents": documents,
        "referees": list(application.referees.all()),
        "conditions": list(application.conditions.all()),
        "requirements": application.requirements,
    }
    if can(request.user, "review_applications"):
        context |= {
            "notes": application.notes.select_related("author"),
            "scores": list(SCORES),
            "may_decide": application.status in (Status.SUBMITTED, Status.ON_HOLD),
            "referee_links": [
                {
                    "referee": r,
                    "link": request.build_absolute_uri(f"/references/{token_for(r)}/"),
                    "received": any(d.referee_id == r.pk for d in documents),
                }
                for r in context["referees"]
            ],
        }
        return render(request, "registrar/admissions/review.html", context)
    if can(request.user, "edit_application", application):
        have = {d.kind: d for d in documents}
        context |= {
            "classifications": Classification.choices,
            "tests": TESTS,
            "elements": [(e, application.english_elements.get(e, "")) for e in ELEMENTS],
            "uploads": [(kind.value, kind.label, have.get(kind)) for kind in UPLOADED],
            "missing": missing(application),
        }
        return render(request, "registrar/admissions/form.html", context)
    context["may_answer"] = can(request.user, "answer_offer", application)
    return render(request, "registrar/admissions/status.html", context)


@require_POST
@requires(None)
def application_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "edit_application")
    kind = request.POST.get("kind", "")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Not uploaded: choose a file first.")
        return _back(application, "documents")
    try:
        upload_document(
            application=application,
            kind=kind,
            filename=upload.name or "",
            data=upload.read(MAX_DOCUMENT_BYTES + 1),  # one byte more: the check says too large
            actor=request.user,
        )
        messages.success(request, f"{DocumentKind(kind).label} {upload.name} uploaded.")
    except AdmissionsRefusedError as refusal:
        messages.error(request, f"Not uploaded: {refusal}.")
    return _back(application, "documents")


@requires(None)
def application_document(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """A document's bytes, only for those who may see the application; never from the web root."""
    application = _application(request, pk)
    document = get_object_or_404(Document, pk=document_pk, application=application)
    data = files.load(document.sha256)
    if data is None:
        raise Http404("the document's file is missing")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.kind}-{document.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@requires(None)
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "edit_application")
    try:
        submit_application(application=application, actor=request.user)
        messages.success(
            request,
            f"Application {application.reference} submitted. The admissions tutors will review it.",
        )
    except AdmissionsRefusedError as refusal:
        messages.error(request, f"Not submitted: {refusal}.")
    return _back(application)


@require_POST
@requires(None)
def application_answer(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "answer_offer")
    accept = request.POST.get("answer") == "accept"
    try:
        answered = respond_to_offer(application=application, accept=accept, actor=request.user)
    except AdmissionsRefusedError as refusal:
        messages.error(request, f"Not answered: {refusal}.")
        return _back(application)
    except ImportRefusedError as refusal:
        messages.error(request, f"Not answered: {_not_enrolled(refusal)}")
        return _back(application)
    if answered.status == Status.ENROLLED:
        messages.success(request, "Offer accepted: you are now a student of the programme.")
        return redirect("my-record")
    messages.success(request, "Offer accepted." if accept else "Offer declined.")
    return _back(application)


@require_POST
@requires(None)
def application_score(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "decide_application")
    given = request.POST.get("score", "")
    try:
        score_research(
            application=application, score=int(given) if given.isdigit() else 0, actor=request.user
        )
        messages.success(request, f"Research potential scored {given}.")
    except AdmissionsRefusedError as refusal:
        messages.error(request, f"Not scored: {refusal}.")
    return _back(application, "review")


@require_POST
@requires(None)
def application_note(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "decide_application")
    try:
        add_note(application=application, text=request.POST.get("text", ""), actor=request.user)
        messages.success(request, "Note added.")
    except AdmissionsRefusedError as refusal:
        messages.error(request, f"Not added: {refusal}.")
    return _back(application, "notes")


@require_POST
@requires(None)
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "decide_application")
    decision = request.POST.get("decision", "")
    conditions = request.POST.get("conditions", "").splitlines()
    if decision == "offer" and request.POST.get("offer") != "conditional":
        conditions = []
    try:
        decided = decide(
            application=application,
            decision=decision,
            reason=request.POST.get("reason", ""),
            conditions=conditions,
            actor=request.user,
        )
        messages.success(request, f"{decided.reference}: {decided.get_status_display().lower()}.")
    except AdmissionsRefusedError as refusal:
        messages.error(request, f"Not decided: {refusal}.")
    return _back(application, "decision")


@require_POST
@requires(None)
def condition_met(request: HttpRequest, pk: int, condition_pk: int) -> HttpResponse:
    application = _application(request, pk, "decide_application")
    condition = get_object_or_404(Condition, pk=condition_pk, application=application)
    try:
        meet_condition(
            condition=condition, evidence=request.POST.get("evidence", ""), actor=request.user
        )
        messages.success(request, f"Condition met: {condition.text}.")
    except AdmissionsRefusedError as refusal:
        messages.error(request, f"Not marked met: {refusal}.")
    except ImportRefusedError as refusal:
        messages.error(request, f"Not marked met: {_not_enrolled(refusal)}")
    return _back(application, "conditions")


@requires(None)
def application_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant's data as one ZIP (application.json and their documents): for the
    applicant, the admissions tutors and the registry; anyone else is answered 404."""
    application = Application.objects.select_related("programme", "applicant").filter(pk=pk).first()
    if application is None or not can(request.user, "export_application", application):
        raise Http404(f"no application {pk}")
    try:
        archive = export_application(application=application, actor=request.user)
    except AdmissionsRefusedError as refusal:
        messages.error(request, f"Not exported: {refusal}.")
        if can(request.user, "erase_applications"):
            return redirect("admissions-privacy")
        return _back(application)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{application.reference}.zip"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET"])
@requires("erase_applications")
def privacy(request: HttpRequest) -> HttpResponse:
    """The registry's page: export an application by its reference, and the applications due
    for erasure today, each with its erase button."""
    reference = request.GET.get("reference", "").strip()
    if reference:
        number = reference.upper().removeprefix("A")
        found = Application.objects.filter(pk=int(number)).first() if number.isdigit() else None
        if found is not None:
            return redirect("application-export", pk=found.pk)
        messages.error(request, f"Not exported: there is no application {reference}.")
        return redirect("admissions-privacy")
    today = timezone.localdate()
    try:
        due = due_for_erasure(today)
        error = ""
    except AdmissionsRefusedError as refusal:
        due, error = [], f"The retention period cannot be read: {refusal}."
    return render(
        request,
        "registrar/admissions/privacy.html",
        {
            "due": due,
            "today": today,
            "error": error,
            "erased": Application.objects.filter(erased_at__isnull=False).count(),
        },
    )


@require_POST
@requires("erase_applications")
def application_erase(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk)
    was_erased = application.erased_at is not None
    try:
        erase_application(application=application, actor=request.user)
    except AdmissionsRefusedError as refusal:
        messages.error(request, f"Not erased: {refusal}.")
    else:
        if was_erased:
            messages.success(request, f"{application.reference} was already erased.")
        else:
            messages.success(
                request,
                f"{application.reference} erased: its personal data and documents are deleted; "
                "the anonymised record still counts in the reports.",
            )
    return redirect("admissions-privacy")


@requires("view_admissions_report")
def admissions_report(request: HttpRequest) -> HttpResponse:
    """Per cohort: applications by status, discipline and English route, the offer and
    acceptance rates, and the funnel (a chart, and the same numbers in a table)."""
    return render(request, "registrar/admissions/report.html", {"reports": cohort_reports()})


@require_http_methods(["GET", "POST"])
def reference_upload(request: HttpRequest, token: str) -> HttpResponse:
    """A referee's page: their link is their permission; it shows nothing of the application
    but the applicant's name and the programme."""
    referee = referee_for(token)
    if referee is None:
        raise Http404("this reference link is not valid")
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "Not uploaded: choose a file first."
        else:
            try:
                upload_reference(
                    referee=referee,
                    filename=upload.name or "",
                    data=upload.read(MAX_DOCUMENT_BYTES + 1),
                )
                messages.success(request, "Thank you: your reference is uploaded.")
                return redirect("reference-upload", token=token)
            except AdmissionsRefusedError as refusal:
                error = f"Not uploaded: {refusal}."
    application = referee.application
    return render(
        request,
        "registrar/admissions/reference.html",
        {
            "referee": referee,
            "applicant": application.name,
            "programme": application.programme,
            "received": Document.objects.filter(referee=referee).first(),
            "open": application.status in OPEN,
            "error": error,
        },
    )
