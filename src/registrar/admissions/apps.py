from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.core import checks


class AdmissionsConfig(AppConfig):
    name = "registrar.admissions"
    label = "admissions"
    verbose_name = "Admissions"

    def ready(self) -> None:
        checks.register(english_tests_files, checks.Tags.compatibility)


def english_tests_files(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Every registry English tests file (regulations/*/admissions/english.yaml) reads
    cleanly: a broken one is found when the server starts, not when an applicant submits."""
    from registrar.admissions.english import EnglishTestsError, load_english_tests

    root = Path(__file__).resolve().parents[3] / "regulations"
    found = []
    for path in sorted(
        {
            *Path.cwd().glob("regulations/*/admissions/english.yaml"),
            *root.glob("*/admissions/english.yaml"),
        }
    ):
        try:
            load_english_tests(path)
        except EnglishTestsError as error:
            found.append(checks.Error(str(error), id="admissions.E001", obj=str(path)))
    return found
