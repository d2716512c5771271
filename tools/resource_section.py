"""Read a file's `{-# dialect_resources ... #-}` section without xDSL's lexer.

The weights of an imported network are most of its text (ResNet-50: 205 MB of hex in
a 206 MB file). xDSL lexes each blob as a string literal with a regular expression
that walks it character by character, which made re-parsing ResNet-50 take 3.5 s, 2.2 s
of it in that section. The section has a fixed, simple grammar,

    {-# dialect_resources: { DIALECT: { KEY: "0x...", ... }, ... } #-}

so `split_resource_section` reads it directly (a blob's end is one `str.find`), and the
parser is handed only the text before it. Anything outside that grammar (quoted keys,
`external_resources`, escapes in a blob, a truncated section) returns None and the
whole file goes to xDSL, whose diagnostics then point at the problem. Locations in the
module are unchanged: the section is the end of the file.

Inside the grammar, a key given twice and a blob of the wrong shape (no `0x`, an odd
number of digits, no alignment header) raise `ResourceSectionError` at their offset:
xDSL would silently keep the last of two keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nnpipe.dialects.weights import blob_problem

_SPACE = re.compile(r"\s*")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_$.\-]*")


class ResourceSectionError(Exception):
    """A problem inside a well-formed section, at `offset` in the file's text."""

    def __init__(self, offset: int, message: str):
        super().__init__(message)
        self.offset = offset
        self.message = message


def duplicate_key_message(dialect: str, key: str) -> str:
    return f"resource key '{key}' appears twice in the {dialect} resources; keys must be unique"


@dataclass(frozen=True)
class ResourceEntry:
    dialect: str
    key: str
    blob: str


@dataclass(frozen=True)
class ResourceSection:
    module_text: str
    """The file up to the section."""
    dialects: tuple[str, ...]
    """Every dialect the section names, with blobs or not (each must exist)."""
    entries: tuple[ResourceEntry, ...]


class _Reader:
    """A cursor over the section that answers None (not this grammar) at the first
    surprise."""

    def __init__(self, text: str, pos: int):
        self.text = text
        self.pos = pos

    def skip_space(self) -> None:
        self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def punct(self, token: str) -> bool:
        self.skip_space()
        if self.text.startswith(token, self.pos):
            self.pos += len(token)
            return True
        return False

    def ident(self) -> str | None:
        self.skip_space()
        match = _IDENT.match(self.text, self.pos)
        if match is None:
            return None
        self.pos = match.end()
        return match.group()

    def blob(self) -> str | None:
        """A `"..."` literal with nothing a string escape or line break could change."""
        self.skip_space()
        if not self.text.startswith('"', self.pos):
            return None
        end = self.text.find('"', self.pos + 1)
        if end < 0:
            return None
        value = self.text[self.pos + 1 : end]
        if "\\" in value or "\n" in value:
            return None
        self.pos = end + 1
        return value

    def entries(self, close: str, read_one) -> bool:
        """`{ item, item, ... }` after the opening brace: comma-separated, `close`-terminated."""
        if self.punct(close):
            return True
        while True:
            if not read_one():
                return False
            if self.punct(close):
                return True
            if not self.punct(","):
                return False


def split_resource_section(text: str) -> ResourceSection | None:
    """The text before the section and the section's blobs, or None to leave the file
    to xDSL; `ResourceSectionError` for a duplicated key or a malformed blob. Checks the
    grammar before the blobs' contents, so a truncated section is left to xDSL."""
    start = text.rfind("{-#")
    if start < 0:
        return None
    reader = _Reader(text, start + 3)
    found: list[ResourceEntry] = []
    dialects: list[str] = []

    seen: set[tuple[str, str]] = set()

    def one_resource(dialect: str) -> bool:
        reader.skip_space()
        key_offset = reader.pos
        key = reader.ident()
        if key is None or not reader.punct(":"):
            return False
        reader.skip_space()
        blob_offset = reader.pos
        blob = reader.blob()
        if blob is None:
            return False
        if (dialect, key) in seen:
            raise ResourceSectionError(key_offset, duplicate_key_message(dialect, key))
        seen.add((dialect, key))
        problem = blob_problem(blob)
        if problem is not None:
            raise ResourceSectionError(blob_offset, f"resource '{key}': {problem}")
        found.append(ResourceEntry(dialect, key, blob))
        return True

    def one_dialect() -> bool:
        dialect = reader.ident()
        if dialect is None or not reader.punct(":") or not reader.punct("{"):
            return False
        dialects.append(dialect)
        return reader.entries("}", lambda: one_resource(dialect))

    if reader.ident() != "dialect_resources" or not reader.punct(":") or not reader.punct("{"):
        return None
    if not reader.entries("}", one_dialect) or not reader.punct("#-}"):
        return None
    reader.skip_space()
    if reader.pos != len(text):
        return None
    return ResourceSection(text[:start], tuple(dialects), tuple(found))
