"""Publishing specification versions: immutable, numbered, and compared field by field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from registrar.audit.models import AuditEntry
from registrar.programmes.domain.diff import Change, diff_data
from registrar.programmes.domain.versions import (
    PublishRefusedError,
    current_specification,
    publish_specification,
)
from registrar.programmes.models import ImmutableVersionError, SpecificationVersion
from registrar.spec.loading import SpecificationError
from tests.conftest import MRES

pytestmark = pytest.mark.django_db


def changed_copy(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(MRES.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "2025-26.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def stop_running_deep_learning(data):
    for module in data["modules"]:
        if module["code"] == "COMP70010":
            module["not_running"] = ["2025-26"]
        if module["code"] == "COMP70101":
            module.pop("not_running")
    data["details"]["revised"] = "2025-06"


def test_first_publication_creates_the_programme_and_version_1():
    version = publish_specification(actor=None, path=MRES, note="first")

    assert (version.programme.code, version.programme.cohort, version.number) == (
        "G5ZB",
        "2025-26",
        1,
    )
    assert version.yaml_text == MRES.read_text(encoding="utf-8")
    assert current_specification(version.programme).programme.title == (
        "MRes AI and Machine Learning"
    )
    assert AuditEntry.objects.get(action="specification.published").subject == "G5ZB 2025-26 v1"


def test_publishing_the_same_content_again_is_refused():
    publish_specification(actor=None, path=MRES)

    with pytest.raises(PublishRefusedError) as refused:
        publish_specification(actor=None, path=MRES)

    assert str(refused.value) == (
        f"{MRES} is identical to MRes AI and Machine Learning (2025-26 entry) version 1; "
        "nothing to publish"
    )
    assert SpecificationVersion.objects.count() == 1


def test_a_published_version_cannot_be_changed_or_deleted():
    version = publish_specification(actor=None, path=MRES)
    version.note = "edited"

    with pytest.raises(ImmutableVersionError):
        version.save()
    with pytest.raises(ImmutableVersionError):
        version.delete()
    with pytest.raises(ImmutableVersionError):
        SpecificationVersion.objects.update(note="edited")
    with pytest.raises(ImmutableVersionError):
        SpecificationVersion.objects.all().delete()

    assert SpecificationVersion.objects.get().note == ""


def test_a_change_is_a_new_version_and_the_diff_lists_what_changed(tmp_path):
    first = publish_specification(actor=None, path=MRES)
    second = publish_specification(
        actor=None, path=changed_copy(tmp_path, stop_running_deep_learning)
    )

    changes = diff_data(first.data, second.data)

    assert second.number == 2
    assert changes == [
        Change("details.revised", "changed", old="2025-01", new="2025-06"),
        Change("modules[COMP70010].not_running", "changed", old=[], new=["2025-26"]),
        Change("modules[COMP70101].not_running", "changed", old=["2025-26"], new=[]),
    ]
    # The first version is untouched and the programme now runs by the second.
    assert SpecificationVersion.objects.get(number=1).data == first.data
    running = {m.code for m in current_specification(first.programme).running_modules()}
    assert ("COMP70010" in running, "COMP70101" in running) == (False, True)


def test_diff_reports_added_and_removed_modules():
    old = {"modules": [{"code": "A100", "title": "A"}, {"code": "B100", "title": "B"}]}
    new = {"modules": [{"code": "B100", "title": "B"}, {"code": "C100", "title": "C"}]}

    assert diff_data(old, new) == [
        Change("modules[A100]", "removed", old={"code": "A100", "title": "A"}),
        Change("modules[C100]", "added", new={"code": "C100", "title": "C"}),
    ]


def test_an_invalid_specification_is_not_published(tmp_path):
    path = changed_copy(tmp_path, lambda data: data["programme"].pop("title"))

    with pytest.raises(SpecificationError):
        publish_specification(actor=None, path=path)

    assert SpecificationVersion.objects.count() == 0
