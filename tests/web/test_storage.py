"""Static files as the production server has them: collected, fingerprinted, compressed."""

from __future__ import annotations

import gzip
import json
import re

import brotli
import pytest
from django.conf import settings
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings

from registrar.web.storage import BROTLI_QUALITY, StaticFilesStorage

MANIFEST = {"BACKEND": "registrar.web.storage.StaticFilesStorage"}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic once into a folder of this module, with the production storage."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(
        STATIC_ROOT=root, STORAGES={**settings.STORAGES, "staticfiles": MANIFEST}
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def test_files_are_fingerprinted_and_compressed_both_ways(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    hashed = collected / manifest["registrar/registrar.css"]
    original = hashed.read_bytes()

    assert re.fullmatch(r"registrar\.[0-9a-f]{12}\.css", hashed.name)
    assert static("registrar/registrar.css") == f"/static/{manifest['registrar/registrar.css']}"
    assert gzip.decompress(hashed.with_name(hashed.name + ".gz").read_bytes()) == original
    assert brotli.decompress(hashed.with_name(hashed.name + ".br").read_bytes()) == original


def test_the_vendored_chart_library_is_collected_though_its_source_map_is_not_shipped(
    collected,
):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]

    assert "registrar/vendor/chart.umd.min.js" in manifest
    assert not (collected / "registrar/vendor/chart.umd.min.js.map").exists()


def test_source_maps_are_not_compressed(collected):
    assert list(collected.rglob("*.map.gz")) == []
    assert list(collected.rglob("*.map.br")) == []


def test_the_brotli_quality_is_the_quicker_one():
    storage = StaticFilesStorage()
    data = b"registrar " * 10_000

    compressed = storage.create_compressor().compress_brotli(data)

    assert compressed == brotli.compress(data, quality=BROTLI_QUALITY)


@pytest.mark.django_db  # closing the response ends the request, which checks the connections
def test_whitenoise_serves_a_fingerprinted_file_for_a_year_and_compressed(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    url = f"/static/{manifest['registrar/registrar.css']}"

    # WhiteNoise reads the folder when the middleware starts: each Client starts afresh.
    response = Client().get(url, headers={"Accept-Encoding": "gzip, br"})
    response.close()

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert response.headers["Cache-Control"] == "max-age=315360000, public, immutable"
