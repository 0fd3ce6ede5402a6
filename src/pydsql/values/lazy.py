"""Regular expressions compiled on first use.

Compiling the larger input-syntax patterns (numeric, float, interval and
date/time text) takes up to half a millisecond each; compiled at module
level they added several milliseconds to every ``import pydsql``, although
most programs never parse such text.  A module declares the pattern with
:func:`lazy_pattern` and calls the result where it used the pattern::

    _NUM_FULL = lazy_pattern(r"...", re.X)
    m = _NUM_FULL().match(text)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable


def lazy_pattern(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A function returning ``re.compile(pattern, flags)``, compiled by its first call."""

    @functools.cache
    def compiled() -> re.Pattern[str]:
        return re.compile(pattern, flags)

    return compiled
