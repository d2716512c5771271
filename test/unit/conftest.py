"""pytest configuration shared by the unit tests.

Under CI (`CI` set, as CI sets it), hypothesis runs derandomized and without its
example database: a red build then always reproduces from the same commit, and a
flaky property is found on a developer's machine, where every run explores new
examples, rather than in the merge queue.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
