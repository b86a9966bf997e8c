"""The rendered specification reads like the published one, value for value."""

from __future__ import annotations

import re
import zlib
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from registrar.spec.loading import load_specification
from registrar.spec.model import Band, Category, ExitAward, Link, Specification
from registrar.spec.render import (
    band_lines,
    md,
    render_html,
    render_markdown,
    render_pdf,
    term_label,
)

SPEC_FILE = Path(__file__).parents[2] / "programmes" / "imperial" / "mres-ai-ml" / "2025-26.yaml"


@pytest.fixture(scope="module")
def spec() -> Specification:
    return load_specification(SPEC_FILE)


@pytest.fixture(scope="module")
def html(spec: Specification) -> str:
    return render_html(spec)


@pytest.fixture(scope="module")
def markdown(spec: Specification) -> str:
    return render_markdown(spec)


class Row:
    def __init__(self, attrs: dict[str, str], tbody: str | None) -> None:
        self.attrs = attrs
        self.tbody = tbody
        self.cells: list[str] = []


class Document(HTMLParser):
    """The parts of the HTML the tests read: headings, tables by id, elements by id."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.tables: dict[str, list[Row]] = {}
        self.tbodies: dict[str, list[str]] = {}
        self.texts: dict[str, str] = {}
        self._heading: str | None = None
        self._heading_text = ""
        self._table: str | None = None
        self._tbody: str | None = None
        self._cell: list[str] | None = None
        self._ids: list[tuple[str, str, int]] = []  # (id, tag, depth)
        self._depth = 0
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag not in {"br", "meta", "col", "img", "hr", "input", "link"}:
            self._depth += 1
            if "id" in a:
                self._ids.append((a["id"], tag, self._depth))
                self.texts[a["id"]] = ""
        if tag in {"h1", "h2", "h3", "h4"}:
            self._heading, self._heading_text = tag, ""
        elif tag == "table":
            self._table = a.get("id", "")
            self.tables[self._table] = []
            self.tbodies[self._table] = []
        elif tag == "tbody" and self._table is not None:
            self._tbody = a.get("id")
            self.tbodies[self._table].append(a.get("id", ""))
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append(Row(a, self._tbody))
        elif tag in {"td", "th"} and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"br", "meta", "col", "img", "hr", "input", "link"}:
            return
        self._ids = [entry for entry in self._ids if entry[2] < self._depth]
        self._depth -= 1
        if tag == self._heading:
            self.headings.append((tag, " ".join(self._heading_text.split())))
            self._heading = None
        elif tag == "table":
            self._table = None
        elif tag == "tbody":
            self._tbody = None
        elif tag in {"td", "th"} and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].cells.append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._heading:
            self._heading_text += data
        if self._cell is not None:
            self._cell.append(data)
        for ident, _, _ in self._ids:
            self.texts[ident] += data

    def text(self, ident: str) -> str:
        return " ".join(self.texts[ident].split())

    def module_rows(self) -> list[Row]:
        return [r for r in self.tables["modules"] if "module" in r.attrs.get("class", "").split()]


@pytest.fixture(scope="module")
def doc(html: str) -> Document:
    return Document(html)


# --------------------------------------------------------------------------- the document


def test_html_is_a_standalone_document_in_english(html: str) -> None:
    assert html.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    assert html.rstrip().endswith("</html>")
    assert "<style>" in html
    for fetch in ("<link", "<script", "<img", "@import", "url(", "src="):
        assert fetch not in html


def test_html_prints_on_a4_without_splitting_rows(html: str) -> None:
    assert "size: A4;" in html
    assert re.search(r"tr, li[^{]*\{ break-inside: avoid; page-break-inside: avoid; \}", html)
    assert "thead { display: table-header-group; }" in html


def test_html_sections_follow_the_published_order(doc: Document) -> None:
    expected = [
        "Programme Information",
        "Ownership",
        "External Reference",
        "Collaborative Provision",
        "Specification Details",
        "Programme Overview",
        "Learning Outcomes",
        "Entry Requirements",
        "Learning & Teaching Approach",
        "Overall Workload",
        "Assessment Strategy",
        "Academic Feedback Policy",
        "Re-sit Policy",
        "Mitigating Circumstances Policy",
        "Additional Programme Costs",
        "Programme Structure",
        "Progression and Classification",
        "Programme Specific Regulations",
        "Supporting Information",
    ]
    headings = [text for tag, text in doc.headings if tag in {"h2", "h3"}]
    assert [h for h in headings if h in expected] == expected


def test_html_header_names_institution_programme_and_cohort(doc: Document) -> None:
    assert doc.headings[0] == ("h1", "MRes AI and Machine Learning")
    assert doc.text("programme-facts").startswith(
        "Programme information "  # the caption, for screen readers
        "Programme title MRes AI and Machine Learning Programme code G5ZB HECoS code 100359"
    )
    assert "Total credits 90 ECTS / 180 CATS" in doc.text("programme-facts")
    assert doc.text("details-facts") == (
        "Specification details Programme lead Dr Yingzhen Li "
        "Student cohorts covered by specification 2025-26 entry "
        "Date of introduction of programme October 2021 "
        "Date of programme specification/revision January 2025"
    )


def test_html_ownership_and_external_reference(doc: Document) -> None:
    ownership = [r.cells for r in doc.tables["ownership-facts"]]
    assert ownership[2] == [
        "Associateship",
        "Diploma of Imperial College (DIC)",
        "Main location(s) of study",
        "South Kensington Campus",
    ]
    reference = [r.cells for r in doc.tables["reference-facts"]]
    assert reference[0][2:] == ["FHEQ level", "7"]
    assert reference[1] == ["EHEA level", "2nd Cycle", "External accreditor(s)", "N/A"]
    assert [r.cells for r in doc.tables["collaborations"]][1] == ["N/A", "N/A", "N/A", "N/A"]


def test_html_learning_outcomes_are_numbered_one_to_ten(html: str) -> None:
    numbers = re.findall(r'<li value="(\d+)">', html)
    assert numbers == [str(n) for n in range(1, 11)]


# --------------------------------------------------------------------------- entry, workload


def test_html_english_requirement_gives_overall_and_per_element(doc: Document) -> None:
    english = doc.text("english-figures")
    assert english == "IELTS 6.5 overall 6.0 minimum in every element"
    assert "IELTS score of 6.5 overall (minimum 6.0 in all elements)" in doc.text("entry-facts")


def test_html_admissions_test_asks_for_a_one_page_research_statement(doc: Document) -> None:
    entry = doc.text("entry-facts")
    assert "Applicants submit: References, CV, Transcripts, Personal statement" in entry
    assert "Research statement (1 page maximum, excluding references)." in entry


def test_html_workload_gives_hours_per_module_size_and_year(doc: Document) -> None:
    rows = [r.cells for r in doc.tables["workload"]]
    assert rows == [
        ["Activity", "Contact hours", "Independent study hours", "Total hours"],
        ["A typical 5 ECTS module", "28", "97", "125"],
        ["A typical 10 ECTS module", "50", "200", "250"],
        ["MRes Individual Research Project (COMP70059, 60 ECTS)", "100", "1,400", "1,500"],
        ["The year (90 ECTS × 25 hours)", "", "2,250"],
    ]


def test_html_workload_states_hours_per_ects(html: str) -> None:
    assert "expected total study time of\n    <strong>25 hours</strong>" in html
    assert "<strong>2,250 hours</strong> per year" in html


# --------------------------------------------------------------------------- assessment


def test_html_assessment_mix_table(doc: Document) -> None:
    rows = [r.cells for r in doc.tables["assessment-mix"]]
    assert rows == [
        ["Assessment type", "Year of MRes"],
        ["Coursework", "20%"],
        ["Practical", "15%"],
        ["Exam", "5%"],
        ["Oral", "20%"],
        ["Written", "40%"],
        ["Total", "100%"],
    ]


def test_html_moderation_meeting_and_policy_links(doc: Document, html: str) -> None:
    assert doc.text("moderation").startswith(
        "This is followed by a meeting convened by the Programme Director/Deputy"
    )
    url = "https://www.imperial.ac.uk/about/governance/academic-governance/academic-policy/exams-and-assessment/"
    assert html.count(f'<a href="{url}">') == 3


# --------------------------------------------------------------------------- structure


def test_html_module_table_lists_every_module_exactly_once(
    doc: Document, spec: Specification
) -> None:
    codes = [row.cells[0] for row in doc.module_rows()]
    assert len(codes) == 27
    assert Counter(codes) == Counter(m.code for m in spec.modules)
    assert set(Counter(codes).values()) == {1}


def test_html_module_table_groups_core_then_compulsory_then_elective(doc: Document) -> None:
    assert doc.tbodies["modules"] == ["modules-core", "modules-compulsory", "modules-elective"]
    by_group = Counter((row.tbody, row.cells[2]) for row in doc.module_rows())
    assert by_group == {
        ("modules-core", "Core"): 3,
        ("modules-compulsory", "Compulsory"): 1,
        ("modules-elective", "Elective"): 23,
    }


def test_html_module_table_orders_terms_within_each_category(doc: Document) -> None:
    terms: dict[str, list[str]] = {}
    for row in doc.module_rows():
        terms.setdefault(row.tbody or "", []).append(row.cells[4])
    assert terms == {
        "modules-core": ["Autumn", "Autumn–Summer", "Autumn–Summer"],
        "modules-compulsory": ["Spring"],
        "modules-elective": ["Autumn"] * 12 + ["Spring"] * 11,
    }
    headers = [
        (row.tbody, row.cells[0])
        for row in doc.tables["modules"]
        if row.attrs.get("class") == "term-row"
    ]
    assert headers == [
        ("modules-core", "Autumn"),
        ("modules-core", "Autumn–Summer"),
        ("modules-compulsory", "Spring"),
        ("modules-elective", "Autumn"),
        ("modules-elective", "Spring"),
    ]


def test_html_module_row_shows_every_column(doc: Document) -> None:
    rows = {row.cells[0]: row.cells for row in doc.module_rows()}
    assert rows["COMP70059"] == [
        "COMP70059",
        "MRes Individual Research Project",
        "Core",
        "—",
        "Autumn–Summer",
        "60",
        "120",
        "7",
        "running",
    ]
    assert rows["COMP70076"][1:] == [
        "Ethics, Fairness, and Explanation in AI",
        "Compulsory",
        "—",
        "Spring",
        "5",
        "10",
        "7",
        "running",
    ]


def test_html_marks_the_module_not_running_this_year(doc: Document, html: str) -> None:
    availability = {row.cells[0]: row.cells[8] for row in doc.module_rows()}
    assert availability.pop("COMP70101") == "not running in 2025-26"
    assert set(availability.values()) == {"running"}
    assert html.count("not running in 2025-26") == 1
    assert "Autumn-Summer" not in html


def test_html_shows_assessment_components_under_their_module(doc: Document) -> None:
    rows = doc.tables["modules"]
    index = next(i for i, r in enumerate(rows) if r.cells and r.cells[0] == "COMP70059")
    assert rows[index + 1].attrs["class"] == "components"
    assert rows[index + 1].cells == [
        "",
        "Assessment: Background report (coursework) 20% Research thesis (written) 50% "
        "Oral presentation (oral) 30% (weights are our reading; the specification names the "
        "formats only)",
    ]
    components = [r for r in rows if r.attrs.get("class") == "components"]
    assert len(components) == 3  # only the three core modules have components


def test_html_credit_total_and_category_footnote(doc: Document, html: str) -> None:
    total = [r.cells for r in doc.tables["modules"] if r.attrs.get("class") == "total"]
    assert total == [["Credit total", "90", "180", ""]]
    footnote = doc.text("footnote-categories")
    assert footnote.startswith("1 Core modules are those which serve a fundamental role")
    assert "Compulsory modules can be compensated." in footnote
    assert footnote.endswith("Elective modules can be compensated.")
    assert (
        "You will study all core/compulsory modules. Choose exactly ONE module from the "
        "elective modules."
    ) in html


# --------------------------------------------------------------------------- classification


def test_html_bands_use_the_regulations_wording(doc: Document) -> None:
    assert doc.text("bands") == (
        "Distinction: 70.00% or above. "
        "Merit: 60.00% or above but less than 70.00%. "
        "Pass: 50.00% or above but less than 60.00%."
    )


def test_html_award_conditions_project_threshold_and_dic(doc: Document) -> None:
    assert doc.text("award-conditions") == (
        "accumulated credit to the value of no fewer than 90 credits at level 7 or above of "
        "which no more than 15 credits may be from credit level 6; "
        "and no more than 15 credits as a Compensated Pass; "
        "met any specific requirements for an award as outlined in the approved programme "
        "specification for that award. "
        "Every core module taken and passed (Programme Structure, footnote 1)."
    )
    assert doc.text("project-threshold") == (
        "The designated final major project module is COMP70059 MRes Individual Research "
        "Project (60 ECTS): its mark must also meet the threshold of the classification band."
    )
    assert doc.text("associateship") == (
        "The programme carries the associateship of the Diploma of Imperial College (DIC)."
    )
    assert "exit-awards" not in doc.tables


def test_html_lists_exit_awards_when_the_programme_has_them(spec: Specification) -> None:
    award = spec.award.model_copy(
        update={"exit_awards": [ExitAward(name="PG Dip", min_credits=60)]}
    )
    doc = Document(render_html(spec.model_copy(update={"award": award})))
    assert [r.cells for r in doc.tables["exit-awards"]] == [
        ["Award", "Minimum credits (ECTS)"],
        ["PG Dip", "60"],
    ]


def test_html_programme_specific_regulations_na_or_text(spec: Specification) -> None:
    assert '<p class="na">N/A</p>' in render_html(spec)
    changed = spec.model_copy(update={"programme_specific_regulations": "No resits in June."})
    assert "<p>No resits in June.</p>" in render_html(changed)


def test_band_lines_sort_bands_highest_first(spec: Specification) -> None:
    bands = [
        Band(name="Pass", min_mark=Decimal(50)),
        Band(name="Distinction", min_mark=Decimal(70)),
    ]
    award = spec.award.model_copy(update={"bands": bands})
    assert [(b.name, b.wording) for b in band_lines(award)] == [
        ("Distinction", "70.00% or above"),
        ("Pass", "50.00% or above but less than 70.00%"),
    ]


def test_term_label_joins_a_span_with_an_en_dash() -> None:
    assert term_label("Autumn-Summer") == "Autumn–Summer"
    assert term_label("Autumn - Spring") == "Autumn–Spring"
    assert term_label("Spring") == "Spring"


# --------------------------------------------------------------------------- escaping


def _with_title(spec: Specification, code: str, title: str) -> Specification:
    modules = [m.model_copy(update={"title": title}) if m.code == code else m for m in spec.modules]
    return spec.model_copy(update={"modules": modules})


def test_html_escapes_text_from_the_specification(spec: Specification) -> None:
    hostile = _with_title(spec, "COMP70010", '<script>alert("x")</script> & more')
    html = render_html(hostile)
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; more" in html
    doc = Document(html)
    titles = {row.cells[0]: row.cells[1] for row in doc.module_rows()}
    assert titles["COMP70010"] == '<script>alert("x")</script> & more'


def test_html_escapes_the_institution_inside_the_stylesheet(spec: Specification) -> None:
    ownership = spec.ownership.model_copy(
        update={"awarding_institution": 'Evil "</style><script>x</script>'}
    )
    html = render_html(spec.model_copy(update={"ownership": ownership}))
    assert "</style><script>" not in html
    assert '@top-left {\n    content: "Evil \\000022\\00003c/style\\00003e' in html


def test_markdown_escapes_text_from_the_specification(spec: Specification) -> None:
    hostile = _with_title(spec, "COMP70010", "<b>Deep</b> | *Learning*")
    text = render_markdown(hostile)
    assert (
        "| COMP70010 | \\<b\\>Deep\\</b\\> \\| \\*Learning\\* | Elective | — | Spring | 5 | 10 | 7 "
        "| running |"
    ) in text


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"),
        ("[link](x)", "\\[link\\](x)"),
        ("# not a heading", "\\# not a heading"),
        ("- not a list", "\\- not a list"),
        ("1. not a list", "1\\. not a list"),
        ("R&D &amp; more", "R&D &amp;amp; more"),
        ("two\n  lines", "two lines"),
    ],
)
def test_md_escapes_markdown_syntax(text: str, escaped: str) -> None:
    assert md(text) == escaped


# --------------------------------------------------------------------------- markdown


def _pipe_tables(text: str) -> list[list[list[str]]]:
    """Every pipe table: its rows, each a list of cells (escaped pipes kept in cells)."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
            current.append([c.strip() for c in cells])
        elif current:
            tables.append(current)
            current = []
    return tables


def test_markdown_tables_are_well_formed_pipe_tables(markdown: str) -> None:
    tables = _pipe_tables(markdown)
    # 5 facts tables, entry, workload, mix, costs, and one per category of module
    assert len(tables) == 12
    for table in tables:
        header, delimiter, *body = table
        assert all(re.fullmatch(r"-{3}|-{3}:", cell) for cell in delimiter)
        assert {len(row) for row in [header, delimiter, *body]} == {len(header)}
        assert body


def test_markdown_module_tables_by_category(markdown: str, spec: Specification) -> None:
    header = (
        "| Code | Module title | Category[^categories] | Group | Term | ECTS | CATS "
        "| FHEQ level | Availability |"
    )
    assert markdown.count(header + "\n") == 3
    headings = re.findall(r"^### (\w+) modules \((\d+)\)$", markdown, flags=re.MULTILINE)
    assert headings == [("Core", "3"), ("Compulsory", "1"), ("Elective", "23")]
    rows = re.findall(r"^\| (COMP\d+) \|", markdown, flags=re.MULTILINE)
    assert Counter(rows) == Counter(m.code for m in spec.modules)
    assert (
        "| COMP70059 | MRes Individual Research Project | Core | — | Autumn–Summer | 60 | 120 "
        "| 7 | running |"
    ) in markdown
    assert (
        "| COMP70101 | Human-Robot Interaction | Elective | — | Autumn | 5 | 10 | 7 "
        "| **not running in 2025-26** |"
    ) in markdown
    assert "[^categories]: **Core modules** are those which serve" in markdown
    assert "**Credit total: 90 ECTS (180 CATS)**" in markdown


def test_markdown_values_match_the_specification(markdown: str) -> None:
    for line in [
        "| Coursework | 20% |",
        "| Practical | 15% |",
        "| Exam | 5% |",
        "| Oral | 20% |",
        "| Written | 40% |",
        "| A typical 5 ECTS module | 28 | 97 | 125 |",
        "| A typical 10 ECTS module | 50 | 200 | 250 |",
        "| MRes Individual Research Project (COMP70059, 60 ECTS) | 100 | 1,400 | 1,500 |",
        "1. **Distinction**: 70.00% or above.",
        "2. **Merit**: 60.00% or above but less than 70.00%.",
        "3. **Pass**: 50.00% or above but less than 60.00%.",
        "- **COMP70059**: Background report (coursework) 20%; Research thesis (written) 50%; "
        "Oral presentation (oral) 30% (weights are our reading; the specification names the "
        "formats only)",
    ]:
        assert f"\n{line}\n" in markdown
    assert "**IELTS 6.5** overall · **6.0** minimum in every element" in markdown
    assert "**Research statement (1 page maximum, excluding references).**" in markdown
    assert "\n## Programme Specific Regulations\n\nN/A\n" in markdown


def test_markdown_sections_follow_the_published_order(markdown: str) -> None:
    h2 = re.findall(r"^## (.+)$", markdown, flags=re.MULTILINE)
    assert h2 == [
        "Programme Information",
        "Programme Overview",
        "Learning Outcomes",
        "Entry Requirements",
        "Learning & Teaching Approach",
        "Assessment Strategy",
        "Academic Feedback Policy",
        "Additional Programme Costs",
        "Programme Structure",
        "Progression and Classification",
        "Programme Specific Regulations",
        "Supporting Information",
    ]
    assert "\n\n\n" not in markdown
    assert re.search(r"[^\n]\n#", markdown) is None  # every heading has a blank line before it


def test_markdown_category_headings_skip_empty_categories(spec: Specification) -> None:
    modules = [m for m in spec.modules if m.category != Category.COMPULSORY]
    text = render_markdown(spec.model_copy(update={"modules": modules}))
    assert re.findall(r"^### (\w+) modules", text, flags=re.MULTILINE) == ["Core", "Elective"]


# --------------------------------------------------------------------------- pdf


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (pages sit in object streams) inflated."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.DOTALL):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_pdf_is_an_a4_document_of_several_pages(spec: Specification) -> None:
    pdf = render_pdf(spec)
    assert pdf.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", _pdf_objects(pdf))
    assert len(boxes) >= 5
    assert {(round(float(w)), round(float(h))) for w, h in boxes} == {(595, 842)}  # A4 in pt


def test_only_web_and_mail_addresses_become_links(spec: Specification) -> None:
    policies = spec.policies.model_copy(
        update={"resits": Link(title="Re-sits", url="javascript:alert(1)")}
    )
    changed = spec.model_copy(update={"policies": policies})
    html = render_html(changed)
    assert 'href="javascript' not in html
    assert "Re-sits is available at: javascript:alert(1)</p>" in html
    assert "Re-sits is available at: javascript:alert(1)\n" in render_markdown(changed)


def test_nothing_is_wider_than_a_phone_screen(html: str, tmp_path: Path, browser) -> None:
    # issue 9 point 8: at 375 px the page scrolled 15 px sideways (a screen-reader caption
    # of a table shown as cards took the width of the page from the table's left edge)
    page_file = tmp_path / "spec.html"
    page_file.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(page_file.as_uri())
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    wider = page.evaluate(
        "[...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > 375.5)"
        ".map(e => e.tagName + ' ' + e.textContent.slice(0, 30))"
    )
    page.close()
    assert (scroll_width, wider) == (375, [])


def test_html_lists_the_required_professional_skills_courses(doc: Document) -> None:
    # docs/rules.md#professional-skills: the seed requires them without naming them
    assert doc.text("required-courses") == (
        "Among the specific requirements, the professional skills development courses of the "
        "Graduate School to complete: "
        "GS-RI Research Integrity (Graduate School) "
        "(our assumption; the specification names no course)"
        "GS-RDM Research Data Management (Graduate School) "
        "(our assumption; the specification names no course)"
        "GS-COMM Communicating Your Research (Graduate School) "
        "(our assumption; the specification names no course)"
    )
