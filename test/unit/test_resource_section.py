"""The read-ahead of a file's `dialect_resources` section (`tools/resource_section.py`)
must give exactly what xDSL's own parser gives, and step aside for anything else."""

from __future__ import annotations

import numpy as np
import pytest
from xdsl.dialects.builtin import DenseResourceAttr

from nnpipe.dialects import weights
from nnpipe.tools.diagnostics import LocatingParser, UserError, parse_module
from nnpipe.tools.resource_section import ResourceEntry, split_resource_section
from nnpipe.tools.run import make_context

MODULE = """func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %w = arith.constant dense_resource<w> : tensor<2x3xf32>
  %b = arith.constant dense_resource<b.0> : tensor<3xf32>
  %y = nn.add %x, %w : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %z = nn.add %y, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  func.return %z : tensor<2x3xf32>
}
"""


def blob(array: np.ndarray) -> str:
    return "0x04000000" + np.ascontiguousarray(array, "<f4").tobytes().hex()


W = np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5
B = np.array([1.0, -0.0, np.inf], np.float32)
SECTION = f"""
{{-#
  dialect_resources: {{
    builtin: {{
      w: "{blob(W)}",
      b.0: "{blob(B)}"
    }}
  }}
#-}}
"""


def constants(text: str) -> list[np.ndarray]:
    module, _ = parse_module(make_context(), text, "t.mlir")
    return [weights.read_resource(op.value) for op in module.walk() if isinstance(getattr(op, "value", None), DenseResourceAttr)]


def via_xdsl(text: str) -> list[np.ndarray]:
    parser = LocatingParser(make_context(), text, "t.mlir")
    module = parser.parse_module()
    return [weights.read_resource(op.value) for op in module.walk() if isinstance(getattr(op, "value", None), DenseResourceAttr)]


def test_split_reads_every_blob_and_keeps_the_module_text() -> None:
    section = split_resource_section(MODULE + SECTION)
    assert section is not None
    assert section.module_text == MODULE + "\n"
    assert section.dialects == ("builtin",)
    assert section.entries == (ResourceEntry("builtin", "w", blob(W)), ResourceEntry("builtin", "b.0", blob(B)))


@pytest.mark.parametrize("spacing", [SECTION, SECTION.replace("\n", " "), SECTION.replace('",', '" ,').replace("  ", "\t")])
def test_fast_path_gives_what_xdsl_gives(spacing: str) -> None:
    assert split_resource_section(MODULE + spacing) is not None
    fast, slow = constants(MODULE + spacing), via_xdsl(MODULE + spacing)
    for a, b, expected in zip(fast, slow, [W, B]):
        assert a.tobytes() == b.tobytes() == expected.tobytes()


def test_parsing_the_same_file_twice_in_one_process() -> None:
    first, second = constants(MODULE + SECTION), constants(MODULE + SECTION)
    assert [a.tobytes() for a in first] == [b.tobytes() for b in second]


@pytest.mark.parametrize(
    "section",
    [
        SECTION.replace("w:", '"w":'),  # quoted key
        SECTION.replace("0x04", "0x\\04"),  # an escape in a blob
        SECTION.replace("#-}", "#-} // trailing"),  # text after the section
        SECTION.replace('",', '"'),  # no comma between blobs
        SECTION.replace("dialect_resources", "external_resources"),
        SECTION[: SECTION.index("b.0")],  # truncated
        "",
    ],
    ids=["quoted-key", "escape", "trailing-text", "missing-comma", "external", "truncated", "none"],
)
def test_anything_else_is_left_to_xdsl(section: str) -> None:
    assert split_resource_section(MODULE + section) is None


def test_a_truncated_section_is_a_located_xdsl_error() -> None:
    text = MODULE + SECTION[: SECTION.index("b.0")]
    with pytest.raises(UserError, match=r"^t\.mlir:\d+:\d+: error: "):
        parse_module(make_context(), text, "t.mlir")


def test_several_dialect_sections() -> None:
    section = split_resource_section(MODULE + SECTION.replace("builtin: {", "other: {}, builtin: {"))
    assert section is not None and section.dialects == ("other", "builtin")
    assert [e.dialect for e in section.entries] == ["builtin", "builtin"]


@pytest.mark.parametrize("replacement", ["nosuch: {", "nosuch: {}, builtin: {"], ids=["with-blobs", "empty"])
def test_an_unknown_dialect_in_the_section_is_reported_by_xdsl(replacement: str) -> None:
    text = MODULE + SECTION.replace("builtin: {", replacement)
    assert split_resource_section(text) is not None
    with pytest.raises(UserError, match="dialect nosuch is not registered"):
        parse_module(make_context(), text, "t.mlir")
