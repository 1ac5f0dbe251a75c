"""Read a contributor's file as UTF-8, strictly, or say which line is not.

Every page and .bib file is UTF-8. A file saved in another encoding (Latin-1
from an old editor, say) would otherwise end in a UnicodeDecodeError
traceback naming no file; here it is one line, e.g.

    docs/kapitler/x.md:12: not valid UTF-8 (byte 0xe6); save the file as UTF-8
"""

from __future__ import annotations

from pathlib import Path


class NotUtf8(ValueError):
    """A file that is not valid UTF-8; ``str()`` is the one-line message."""

    def __init__(self, shown: str, data: bytes, err: UnicodeDecodeError) -> None:
        self.shown = shown
        self.line = data[: err.start].count(b"\n") + 1
        self.reason = f"not valid UTF-8 (byte 0x{data[err.start]:02x}); save the file as UTF-8"
        super().__init__(f"{shown}:{self.line}: {self.reason}")


def decode(data: bytes, shown: str) -> str:
    """``data`` as text; raises NotUtf8 naming ``shown`` and the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise NotUtf8(shown, data, err) from None


def read(path: Path, shown: str | None = None) -> str:
    """The text of ``path``; raises NotUtf8 naming the file and line."""
    return decode(path.read_bytes(), shown or str(path))
