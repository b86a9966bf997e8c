"""The programme specification as a strict model.

Every fact in a published programme specification has a field here. Unknown
keys are rejected so that a misspelt field is an error, never silently lost.
Cross-field rules (credits add up, bands ordered, ...) live in `checks.py`,
where each can report every problem at once with its own message.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
ModuleCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,6}[0-9]{3,6}$")]
AcademicYear = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}$")]
YearMonth = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]
# Every number has a range (issue 9): a file cannot hold 99999999999999999999 credits.
CreditCount = Annotated[int, Field(gt=0, le=2000)]  # ECTS or CATS: a whole degree is 180-480 ECTS
CreditLimit = Annotated[int, Field(ge=0, le=2000)]
Hours = Annotated[int, Field(ge=0, le=100_000)]
Count = Annotated[int, Field(gt=0, le=1000)]  # an ordinal or a number of items


class Strict(BaseModel):
    """Base for every specification record: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Category(StrEnum):
    """How a module stands in the programme (spec, Programme Structure, footnote 1)."""

    CORE = "core"  # must be taken and passed; never compensated
    COMPULSORY = "compulsory"  # must be taken; may be compensated
    ELECTIVE = "elective"  # chosen; may be compensated


class AssessmentType(StrEnum):
    """The assessment types of the spec's assessment-mix table."""

    COURSEWORK = "coursework"
    PRACTICAL = "practical"
    EXAM = "exam"
    ORAL = "oral"
    WRITTEN = "written"


class Link(Strict):
    title: Text
    url: Text


class Credits(Strict):
    ects: CreditCount
    cats: CreditCount


class Programme(Strict):
    """The 'Programme Information' block."""

    title: Text
    code: Text
    hecos_code: Text
    award: Text  # the award's short name, e.g. "MRes"
    length_of_study: Text
    length_months: int = Field(gt=0, le=120)
    mode_of_study: Text
    entry_points: list[Text] = Field(min_length=1)
    credits: Credits
    cats_per_ects: int = Field(gt=0, le=10)


class Ownership(Strict):
    awarding_institution: Text
    teaching_institution: Text
    faculty: Text
    department: Text
    associateship: Text | None = None
    main_locations: list[Text] = Field(min_length=1)


class Accreditor(Strict):
    name: Text
    accreditation_received: Text | None = None
    accreditation_renewal: Text | None = None


class ExternalReference(Strict):
    qaa_benchmark_statements: list[Text]
    fheq_level: int = Field(ge=3, le=8)
    ehea_level: Text
    accreditors: list[Accreditor] = []


class Collaboration(Strict):
    partner: Text
    collaboration_type: Text
    agreement_effective: Text | None = None
    agreement_expiry: Text | None = None


class SpecificationDetails(Strict):
    programme_lead: Text
    cohort: AcademicYear  # the entry cohort this specification covers
    cohorts_covered: Text  # as worded in the document, e.g. "2025-26 entry"
    introduced: YearMonth
    revised: YearMonth


class LearningOutcome(Strict):
    number: Count
    text: Text


class EnglishRequirement(Strict):
    test: Text
    overall: Decimal = Field(ge=0, le=9, decimal_places=1)  # IELTS bands go by 0.5
    minimum_per_element: Decimal = Field(ge=0, le=9, decimal_places=1)
    description: Text


class Classification(StrEnum):
    """The classes of a UK honours degree, highest first."""

    FIRST = "first"
    UPPER_SECOND = "upper-second"
    LOWER_SECOND = "lower-second"
    THIRD = "third"

    @property
    def rank(self) -> int:
        """0 for a first, 3 for a third: a lower class has a higher rank."""
        return list(Classification).index(self)

    @property
    def label(self) -> str:
        """'first-class (1st)', as a reason names it."""
        return CLASSIFICATION_LABELS[self][0]

    @property
    def short(self) -> str:
        """'1st', '2:1', as the document writes it."""
        return CLASSIFICATION_LABELS[self][1]


CLASSIFICATION_LABELS = {
    Classification.FIRST: ("first-class (1st)", "1st"),
    Classification.UPPER_SECOND: ("upper second-class (2:1)", "2:1"),
    Classification.LOWER_SECOND: ("lower second-class (2:2)", "2:2"),
    Classification.THIRD: ("third-class (3rd)", "3rd"),
}


class Discipline(Strict):
    """An accepted discipline and the other names an application may give it."""

    name: Text
    also: list[Text] = []
    # 'relevant engineering': which degrees count is the admissions tutor's judgement
    judged: bool = False

    @property
    def names(self) -> list[str]:
        return [self.name, *self.also]


def discipline_key(name: str) -> str:
    """A discipline as compared: case, punctuation and '&' ignored ('Maths & Stats' →
    'maths and stats')."""
    text = name.casefold().replace("&", " and ")
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


class ConsideredRoute(Strict):
    """Degrees that 'may also be considered': never met outright, always judged."""

    disciplines: list[Text] = Field(min_length=1)
    quote: Text  # the wording it cites, as it stands in `academic`


class Disciplines(Strict):
    accepted: list[Discipline] = Field(min_length=1)
    quote: Text
    considered: ConsideredRoute | None = None


class DegreeRequirement(Strict):
    """The academic requirement as `registrar admissions check` reads it.

    Each `quote` is the wording of `academic` that the check cites as its reason,
    word for word (checked), so a reason never says what the document does not.
    """

    classification: Classification  # the class normally required
    # classes below it that are the tutor's judgement rather than not met ('normally')
    judged_below: list[Classification] = []
    international_equivalent: bool = True  # 'or international equivalent degree': judged
    quote: Text
    disciplines: Disciplines


class ResearchStatement(Strict):
    max_pages: int = Field(gt=0, le=10_000)
    excludes: list[Text] = []
    description: Text

    @property
    def limit(self) -> str:
        """'1 page maximum, excluding references', as the document words it."""
        pages = "1 page" if self.max_pages == 1 else f"{self.max_pages} pages"
        excluding = f", excluding {', '.join(self.excludes)}" if self.excludes else ""
        return f"{pages} maximum{excluding}"


class AdmissionsTest(Strict):
    # the documents besides the research statement, as the document names them; an
    # application gives each under its name in snake case ("Personal statement" →
    # personal_statement)
    documents: list[Text] = Field(min_length=1)
    research_statement: ResearchStatement | None = None
    interview: bool = False
    note: Text | None = None

    @property
    def submissions(self) -> str:
        """'Applicants submit: References, CV, ..., and a research statement.'"""
        statement = ", and a research statement" if self.research_statement else ""
        return f"Applicants submit: {', '.join(self.documents)}{statement}."


def document_key(name: str) -> str:
    """The application's key for a document the specification names: 'Personal statement'
    → 'personal_statement', 'CV' → 'cv'."""
    return discipline_key(name).replace(" ", "_")


class EntryRequirements(Strict):
    academic: list[Text] = Field(min_length=1)
    academic_link: Link | None = None
    degree: DegreeRequirement | None = None  # `academic` structured, for the admissions check
    non_academic: Text | None = None
    english: EnglishRequirement
    admissions_test: AdmissionsTest
    competency_standards: Link | None = None


class LearningAndTeaching(Strict):
    scheduled: list[Text]
    seminars: list[Text] = []
    e_learning: list[Text] = []
    project_learning: list[Text] = []


class ModuleSize(Strict):
    """Expected hours for a typical module of this size."""

    ects: CreditCount
    contact_hours: Hours
    independent_hours: Hours


class ProjectWorkload(Strict):
    module: ModuleCode
    contact_hours: Hours
    independent_hours: Hours


class Workload(Strict):
    hours_per_ects: int = Field(gt=0, le=100)
    annual_hours: int = Field(gt=0, le=10_000)
    module_sizes: list[ModuleSize] = Field(min_length=1)
    project: ProjectWorkload | None = None
    description: Text | None = None


class Assessment(Strict):
    methods: list[Text] = Field(min_length=1)
    narrative: list[Text] = []
    mix: dict[AssessmentType, Percent]
    moderation: Text | None = None


class Feedback(Strict):
    formats: list[Text] = Field(min_length=1)
    notes: list[Text] = []


class Policies(Strict):
    """Institutional policies the specification refers to rather than restates."""

    academic_feedback: Link
    resits: Link
    mitigating_circumstances: Link


class Cost(Strict):
    description: Text
    mandatory: bool
    approximate_cost: Text


class Component(Strict):
    """One assessed component of a module; a module's weights sum to 100."""

    name: Text
    type: AssessmentType
    weight: Percent
    description: Text | None = None
    # the mark this component must reach for the module to be passed on the attempt
    # (docs/rules.md#component-minimum); none unless the module declares one
    must_pass: Percent | None = None


class Module(Strict):
    code: ModuleCode
    title: Text
    category: Category
    group: Text | None = None
    term: Text  # one term ("Autumn") or a span ("Autumn-Summer")
    ects: CreditCount
    fheq_level: int = Field(ge=3, le=8)
    not_running: list[AcademicYear] = []
    components: list[Component] = []
    # 'assumed' where the spec names the assessment formats but not their weights.
    components_status: Literal["stated", "assumed"] = "stated"

    def runs_in(self, year: str) -> bool:
        return year not in self.not_running


class SelectionRule(Strict):
    """'You will study all core/compulsory modules. Choose exactly ONE ...'."""

    category: Category
    group: Text | None = None
    choose: Literal["all"] | Count

    def matches(self, module: Module) -> bool:
        """Whether the rule is about this module: its category, and its group if named.

        The one home of selection matching: the engine's frames use `category` and
        `group` the same way (`registrar.rules.selection`)."""
        return module.category == self.category and (
            self.group is None or module.group == self.group
        )

    def describe(self) -> str:
        """'elective modules', 'elective modules of Group A'."""
        return f"{self.category.value} modules" + (f" of {self.group}" if self.group else "")


class Stage(Strict):
    """A year of study and the rule for choosing its modules."""

    name: Text
    fheq_level: int = Field(ge=3, le=8)
    statement: Text
    selection: list[SelectionRule] = Field(min_length=1)


class Band(Strict):
    name: Text
    min_mark: Percent


class ExitAward(Strict):
    name: Text
    min_credits: CreditCount


CourseCode = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9-]{1,19}$")]


class RequiredCourse(Strict):
    """A course the award requires beyond the modules (spec, Award clause 3: 'the
    programme of professional skills development courses delivered by the Imperial
    College Graduate School'; docs/rules.md#professional-skills)."""

    code: CourseCode
    title: Text
    provider: Text = "Graduate School"
    # 'assumed' where the specification requires the courses without naming them
    status: Literal["stated", "assumed"] = "stated"

    def describe(self) -> str:
        """'GS-RI-01 Research Integrity (Graduate School)', and ', assumed' if it is."""
        kind = "; assumed: the specification names no course" if self.status == "assumed" else ""
        return f"{self.code} {self.title} ({self.provider}{kind})"


class AwardRules(Strict):
    """Award and classification rules (spec, 'Progression and Classification')."""

    name: Text
    min_credits: CreditCount  # ECTS
    min_level: int = Field(ge=3, le=8)
    max_credits_below_min_level: CreditLimit  # 'no more than 15 credits from level 6'
    max_compensated_credits: CreditLimit
    specific_requirements: list[Text] = []
    # the professional skills courses to complete (docs/rules.md#professional-skills)
    required_courses: list[RequiredCourse] = []
    bands: list[Band] = Field(min_length=1)  # highest first
    project_module: ModuleCode | None = None  # must meet the band as well as the POWA
    classification_statement: Text | None = None
    algorithm_statement: Text | None = None
    exit_awards: list[ExitAward] = []


class Supporting(Strict):
    handbooks: list[Text] = []
    links: list[Link] = []
    legal: list[Text] = []


class Specification(Strict):
    """A programme specification for one entry cohort."""

    schema_version: Literal[1]
    institution: Text  # slug, e.g. "imperial"
    # the regulations it answers to, `<institution>/<framework>`: the file
    # regulations/imperial/taught.yaml for "imperial/taught"
    regulations: (
        Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$")] | None
    ) = None
    programme: Programme
    ownership: Ownership
    external_reference: ExternalReference
    collaborative_provision: list[Collaboration] = []
    details: SpecificationDetails
    overview: list[Text] = Field(min_length=1)
    learning_outcomes: list[LearningOutcome] = Field(min_length=1)
    graduate_attributes: Link | None = None
    entry_requirements: EntryRequirements
    learning_and_teaching: LearningAndTeaching
    workload: Workload
    assessment: Assessment
    feedback: Feedback
    policies: Policies
    additional_costs: list[Cost] = []
    important_notice: Text | None = None
    terms: list[Text] = Field(min_length=1)  # the academic year's terms, in order
    # What core, compulsory and elective mean (the spec's Programme Structure footnote).
    category_definitions: dict[Category, Text] = {}
    stages: list[Stage] = Field(min_length=1)
    modules: list[Module] = Field(min_length=1)
    award: AwardRules
    programme_specific_regulations: Text | None = None
    supporting: Supporting = Supporting()

    @property
    def year(self) -> str:
        """The academic year the cohort starts in."""
        return self.details.cohort

    def module(self, code: str) -> Module | None:
        return next((m for m in self.modules if m.code == code), None)

    def running_modules(self) -> list[Module]:
        return [m for m in self.modules if m.runs_in(self.year)]

    def module_split(self, module: Module) -> tuple[int, int] | None:
        """(contact, independent) study hours of a module from the workload section: the
        project's own, else those of its size in ECTS; None if the section does not say."""
        project = self.workload.project
        if project is not None and project.module == module.code:
            return project.contact_hours, project.independent_hours
        for size in self.workload.module_sizes:
            if size.ects == module.ects:
                return size.contact_hours, size.independent_hours
        return None

    def module_hours(self, module: Module) -> int | None:
        """Expected study hours of a module from the workload section, if it says."""
        split = self.module_split(module)
        return None if split is None else split[0] + split[1]

    def pool(self, rule: SelectionRule) -> list[Module]:
        """The running modules a selection rule chooses among."""
        return [m for m in self.running_modules() if rule.matches(m)]

    def term_span(self, term: str) -> list[str]:
        """The terms a module's `term` covers, e.g. 'Autumn-Summer' → all three."""
        parts = [p.strip() for p in term.replace("–", "-").split("-")]
        if len(parts) == 1:
            return parts
        first, last = parts[0], parts[-1]
        if first in self.terms and last in self.terms:
            return self.terms[self.terms.index(first) : self.terms.index(last) + 1]
        return parts
