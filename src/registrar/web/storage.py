"""Static files as WhiteNoise serves them: compressed, fingerprinted, listed in a manifest."""

from __future__ import annotations

from typing import Any

import brotli
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage

# Brotli's top quality (11) is some 30 times slower than 8 for a tenth smaller
# files: a minute of every `registrar serve` start on two cores, for little.
BROTLI_QUALITY = 8


class QuickerCompressor(Compressor):  # type: ignore[misc]  # WhiteNoise has no type hints
    @staticmethod
    def compress_brotli(data: bytes) -> bytes:
        return bytes(brotli.compress(data, quality=BROTLI_QUALITY))


class StaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    """Django's manifest storage, gzip and Brotli copies, source-map comments left alone.

    The vendored Chart.js names a source map that is not shipped (see
    static/registrar/vendor/README.md), which the manifest storage would refuse;
    browsers ask for a map only when their developer tools are open.
    """

    patterns = tuple(
        (glob, rules)
        for glob, rules in CompressedManifestStaticFilesStorage.patterns
        if glob != "*.js"
    )

    def create_compressor(self, **kwargs: Any) -> Compressor:
        return QuickerCompressor(**kwargs)
