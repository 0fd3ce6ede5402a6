"""LIKE / ILIKE pattern matching, compiled once per distinct pattern.

A LIKE pattern becomes an anchored Python regular expression (``%`` -> ``.*``,
``_`` -> ``.``, everything else literal, the escape character quoting the
next one).  Compiled patterns are kept in a bounded cache keyed by
(pattern, escape, case-insensitivity), so a constant pattern is compiled once
and a parameterized one once per distinct value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .. import errors

_CACHE: dict[tuple[str, str, bool], re.Pattern[str]] = {}
_CACHE_LIMIT = 1024

# A pattern ending with a lone escape character: PostgreSQL raises its error
# only when matching reaches that character (text left over after the rest of
# the pattern matched); the compiled regex then ends in this group.
_DANGLING = "(?P<dangling>(?=.))"


def _compile(pattern: str, escape: str, case_insensitive: bool) -> re.Pattern[str]:
    key = (pattern, escape, case_insensitive)
    rx = _CACHE.get(key)
    if rx is not None:
        return rx
    if len(escape) > 1:
        raise errors.InvalidEscapeSequence("invalid escape string", hint="Escape string must be empty or one character.")
    out = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if escape and c == escape:
            if i + 1 >= n:
                out.append(_DANGLING)
                break
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if c == "%":
            out.append(".*")
        elif c == "_":
            out.append(".")
        else:
            out.append(re.escape(c))
        i += 1
    rx = re.compile("".join(out), re.DOTALL | (re.IGNORECASE if case_insensitive else 0))
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    _CACHE[key] = rx
    return rx


def like_function(case_insensitive: bool, negate: bool) -> Callable[..., Any]:
    """``f(value, pattern[, escape])`` -> bool, for LIKE / NOT LIKE / ILIKE / NOT ILIKE.

    A ``char(n)`` value is matched with its padding, as PostgreSQL's bpcharlike does
    (``'abc'::char(5) LIKE 'abc  '``); a ``char(n)`` pattern is text, its padding
    removed, by then (the operator's right operand is text)."""

    def like(value: str, pattern: str, escape: str = "\\") -> bool:
        rx = _compile(pattern, escape, case_insensitive)
        if rx.groupindex:  # the pattern ends with an escape character
            if rx.match(value) is not None:
                raise errors.InvalidEscapeSequence("LIKE pattern must not end with escape character")
            return negate
        matched = rx.fullmatch(value) is not None
        return matched != negate

    return like
