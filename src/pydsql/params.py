"""The ``pyformat`` paramstyle, with psycopg 3's exact rules.

When parameters are passed, ``%s`` (or ``%b``/``%t``) and ``%(name)s`` are
placeholders and ``%%`` is a literal percent sign *everywhere in the text*,
inside quotes and comments too: like psycopg, pydsql does not parse SQL to
find placeholders, so code written for psycopg (which doubles every ``%``)
runs unchanged.  When no parameters are passed (``None``), the SQL text is
used as it is and ``%`` needs no doubling.

Placeholders become PostgreSQL's ``$1, $2...``; a name used twice maps to
the same number.  The conversion of a query string is cached.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

from . import errors

# "%" then either "(name)" and one format character, or any one character.
_PLACEHOLDER = re.compile(r"%(?:\(([^)]+)\)(.)|(.))", re.DOTALL)


@functools.lru_cache(maxsize=1024)
def _convert(query: str) -> tuple[str, tuple[str, ...] | int]:
    """``query`` with placeholders numbered; the names in order (named style) or the count."""
    out: list[str] = []
    names: list[str] = []
    positional = 0
    style: str | None = None
    pos = 0
    for m in _PLACEHOLDER.finditer(query):
        out.append(query[pos: m.start()])
        pos = m.end()
        name, named_fmt, char = m.group(1), m.group(2), m.group(3)
        if char == "%":
            out.append("%")
            continue
        if char == "(":
            rest = query[m.start():].split()
            raise errors.ProgrammingError(f"incomplete placeholder: '{rest[0] if rest else '%('}'")
        if char == " ":
            raise errors.ProgrammingError(
                "incomplete placeholder: '%'; if you want to use '%' as an operator you can double it up, i.e. use '%%'"
            )
        fmt = named_fmt if name is not None else char
        if fmt not in ("s", "b", "t"):
            raise errors.ProgrammingError(f"only '%s', '%b', '%t' are allowed as placeholders, got '{m.group(0)}'")
        this_style = "named" if name is not None else "positional"
        if style is None:
            style = this_style
        elif style != this_style:
            raise errors.ProgrammingError("positional and named placeholders cannot be mixed")
        if name is not None:
            if name not in names:
                names.append(name)
            out.append(f"${names.index(name) + 1}")
        else:
            positional += 1
            out.append(f"${positional}")
    out.append(query[pos:])
    return "".join(out), (tuple(names) if style == "named" else positional)


def bind(query: str, params: Sequence[Any] | Mapping[str, Any] | None) -> tuple[str, Sequence[Any] | None]:
    """The PostgreSQL-style query and the parameter values in ``$n`` order."""
    if params is None:
        return query, None
    if type(params) is tuple or type(params) is list:  # the common case, without ABC checks
        sql, spec = _convert(query)
        if type(spec) is int and len(params) == spec:
            return sql, params
    if isinstance(params, (str, bytes)):
        raise errors.ProgrammingError(f"query parameters should be a sequence or a mapping, got {type(params).__name__}")
    sql, spec = _convert(query)
    if isinstance(spec, tuple):
        if not isinstance(params, Mapping):
            if not spec and not params:
                return sql, ()
            raise errors.ProgrammingError(f"query parameters should be a mapping for named placeholders, got {type(params).__name__}")
        values = []
        for name in spec:
            try:
                values.append(params[name])
            except KeyError:
                raise errors.ProgrammingError(f"query parameter missing: {name}") from None
        return sql, values
    if isinstance(params, Mapping):
        if spec:
            raise errors.ProgrammingError("query parameters should be a sequence for positional placeholders, got mapping")
        return sql, ()
    if not isinstance(params, Sequence):
        try:
            params = list(params)
        except TypeError:
            raise errors.ProgrammingError(
                f"query parameters should be a sequence or a mapping, got {type(params).__name__}"
            ) from None
    if len(params) != spec:
        raise errors.ProgrammingError(f"the query has {spec} placeholders but {len(params)} parameters were passed")
    return sql, params
