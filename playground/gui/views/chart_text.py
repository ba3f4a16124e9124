"""The epoch charts' readout text: a coloured line swatch per series, and the plain text of the
readout (for tests and the status line)."""

from __future__ import annotations

import re


def strip_tags(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ")).strip()


def swatch(color: str, dashed: bool = False) -> str:
    mark = "┅" if dashed else "━"
    return f'<span style="color:{color}; font-weight:bold">{mark}</span>'
