"""The DSQL dialect: the one place where pydsql's SQL syntax is defined.

Parsing is two-level:

1. The query string is tokenized with :class:`DSQL`'s tokenizer (a subclass of
   sqlglot's PostgreSQL tokenizer) and split into statements at top-level
   semicolons.
2. Each statement is recognized by its leading keywords.  PostgreSQL's
   *utility* statements (transaction control, SET/SHOW/RESET) and the
   statements DSQL refuses outright are parsed here, from tokens, into the
   records of :mod:`.ast`; so are DSQL's index statements (``CREATE [UNIQUE]
   INDEX ASYNC``, ``DROP INDEX``) and ``CALL``, whose forms sqlglot does not
   know (``NULLS NOT DISTINCT``, several names in DROP INDEX) and whose DSQL
   refusals (USING, ASC/DESC, qualified index names) are decided by tokens,
   CREATE/ALTER/DROP SEQUENCE (sqlglot keeps few of their options),
   CREATE/DROP FUNCTION, CREATE/DROP DOMAIN and ALTER TABLE (whose DSQL
   refusals depend on the exact form of each sub-command; the column
   definitions and expressions inside are handed to sqlglot as text).  Everything else (queries, DML, DDL) goes to
   sqlglot's PostgreSQL parser, after the DSQL-only keywords it does not know
   (identity options, ``OVERRIDING ... VALUE``) have been taken out of the
   token stream and noted on the resulting tree.

sqlglot's grammar is more lenient than PostgreSQL's: it skips what it does not find
(``SELECT 1 AS``, ``GROUP BY`` with nothing after it, a JOIN without ON) and takes
keywords for names (``SELECT 1 ORDER`` as ``SELECT 1 AS order``).  What PostgreSQL
refuses is checked around it: on the tokens before parsing (:func:`_check_lexemes`,
:func:`_check_dangling_tokens`) and on the tree after (:func:`_check_tree`: aliases
against PostgreSQL's keyword categories, chained comparisons).

NB: why not a ``Parser`` subclass?  sqlglot's parser is compiled with mypyc
when ``sqlglotc`` is installed (about 4x faster parsing), and compiled classes
cannot be subclassed from Python.  The dialect therefore customizes the
tokenizer (a plain Python class) and wraps the parser instead of extending it;
the result is the same with or without ``sqlglotc``.

Parsing is pure: the result depends only on the SQL text, so it is cached
process-wide (:func:`parse`), and trees in the cache are never mutated.

Every syntax problem raises :class:`pydsql.errors.SyntaxError` (42601) worded
like PostgreSQL (``syntax error at or near "x"``, ``syntax error at end of
input``); no sqlglot exception escapes this module.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence

import sqlglot.errors
from sqlglot import exp
from sqlglot.dialects.postgres import Postgres
from sqlglot.tokenizer_core import Token, TokenType

from .. import errors
from ..values.bits import bit_in
from ..types import check_text
from .ast import (
    AlterAction,
    AlterTableStmt,
    AnalyzeStmt,
    CallStmt,
    CommentStmt,
    CreateDomainStmt,
    CreateFunctionStmt,
    CreateIndexStmt,
    DropDomainStmt,
    DropFunctionStmt,
    DropIndexStmt,
    ExplainStmt,
    ReferenceOptions,
    RefusedStmt,
    RoleStmt,
    RoutineArg,
    SequenceOptions,
    SequenceStmt,
    SetStmt,
    ShowStmt,
    Statement,
    TransactionStmt,
)


class DSQL(Postgres):
    """sqlglot dialect for Aurora DSQL (PostgreSQL 16 syntax, DSQL's extensions)."""

    # sqlglot normalizes subscripts to 0-based by rewriting integer-typed ones
    # (``a[1]`` -> ``a[0]``, ``a[i::int]`` -> ``a[i::int - 1]``, others left alone);
    # pydsql keeps them as written: PostgreSQL's arrays start at 1.
    INDEX_OFFSET = 0

    # No ``class Tokenizer(Postgres.Tokenizer)`` here: sqlglot's metaclass gives DSQL its own
    # subclass of Postgres's tokenizer (``DSQL.tokenizer_class``), and builds that default
    # subclass (and its keyword trie) even when the dialect declares one, so an empty
    # declaration only doubled the ~1.3 ms that building the trie adds to import pydsql.


_DIALECT = DSQL()
_PARSER = _DIALECT.parser()
_tokenize = _DIALECT.tokenize

#: Top-level statement trees sqlglot may return that pydsql executes.  Anything
#: else (sqlglot is lenient: ``START TRANSACTION`` parses as a column alias) is
#: a syntax error, as in PostgreSQL.
STATEMENT_TYPES: tuple[type[exp.Expr], ...] = (
    exp.Select, exp.Union, exp.Intersect, exp.Except, exp.Insert, exp.Update, exp.Delete,
    exp.Create, exp.Drop, exp.Alter, exp.Values, exp.Subquery,
)


#: Words that can start a statement sqlglot parses.
_STATEMENT_KEYWORDS = frozenset({
    "SELECT", "WITH", "VALUES", "TABLE", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "(",
})


# -- entry points ---------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def parse(sql: str) -> tuple[Statement, ...]:
    """Parse a query string into its statements (empty statements dropped)."""
    check_text(sql)
    try:
        tokens = _tokenize_sql(sql)
    except sqlglot.errors.TokenError:
        raise _token_error(sql) from None
    if "\\" in sql and _unterminated_quote(sql)[0] is not None:
        raise _token_error(sql)  # E'\': sqlglot's tokenizer ends the string at the escaped quote
    statements = []
    for chunk in _split(tokens):
        text = sql[chunk[0].start: chunk[-1].end + 1]
        statements.append(Statement(_parse_statement(chunk, sql), text))
    return tuple(statements)


@functools.lru_cache(maxsize=4096)
def parse_expression(text: str) -> exp.Expr:
    """Parse a stand-alone scalar expression (a stored DEFAULT or CHECK)."""
    (statement,) = parse(f"SELECT {text}")
    node = statement.node
    assert isinstance(node, exp.Select)
    first: exp.Expr = node.expressions[0]
    return first


def syntax_error_near(node: object) -> errors.SyntaxError:
    """A syntax error pointing at a parsed fragment (or at the end of input for nothing)."""
    if node is None or isinstance(node, bool):
        return syntax_error(None)
    if isinstance(node, exp.Expr):
        return syntax_error(to_sql(node).split(" ")[0] or None)
    return syntax_error(str(node))


def syntax_error(near: str | None) -> errors.SyntaxError:
    if near is None:
        return errors.SyntaxError("syntax error at end of input")
    return errors.SyntaxError(f'syntax error at or near "{near}"')


# -- splitting and dispatch ------------------------------------------------------------


def _split(tokens: list[Token]) -> list[list[Token]]:
    chunks: list[list[Token]] = []
    current: list[Token] = []
    for token in tokens:
        if token.token_type == TokenType.SEMICOLON:
            if current:
                chunks.append(current)
            current = []
        else:
            current.append(token)
    if current:
        chunks.append(current)
    return chunks


def _words(tokens: Sequence[Token], n: int) -> tuple[str, ...]:
    """The first ``n`` tokens as upper-case words (quoted identifiers and strings excluded)."""
    out = []
    for token in tokens[:n]:
        if token.token_type in (TokenType.STRING, TokenType.IDENTIFIER):
            break
        out.append(token.text.upper())
    return tuple(out)


def _parse_statement(tokens: list[Token], sql: str) -> object:
    _check_lexemes(tokens, sql)
    tokens = _numeric_literals(tokens, sql)
    tokens = _quoted_type_names(_bit_and_character_types(tokens))
    head = _words(tokens, 6)
    first = head[0] if head else ""
    utility = _UTILITY.get(first)
    if utility is not None:
        node = utility(_Cursor(tokens, sql))
        if node is not None:
            return node
    if head[1:2] == ("SEQUENCE",) and first in ("CREATE", "ALTER", "DROP"):
        return _sequence_statement(_Cursor(tokens))
    refusal = _refusal(head) or _refused_language(tokens, head)
    if refusal is not None:
        return refusal
    if head[:3] == ("CREATE", "INDEX", "ASYNC") or head[:4] == ("CREATE", "UNIQUE", "INDEX", "ASYNC"):
        return _create_index(_Cursor(tokens), sql)
    if head[:2] == ("DROP", "INDEX"):
        return _drop_index(_Cursor(tokens))
    if first == "EXPLAIN":
        return _explain(tokens, sql)
    if head[:2] in _ROLE_HEADS or first in ("GRANT", "REVOKE") or head[:3] in (("AWS", "IAM", "GRANT"), ("AWS", "IAM", "REVOKE")):
        return _role_statement(_Cursor(tokens, sql))
    if head[:2] == ("ALTER", "TABLE"):
        _generation_clauses(tokens)  # ADD COLUMN's, which PostgreSQL's grammar checks first
        return _alter_table(_Cursor(tokens, sql))
    if head[:2] == ("CREATE", "DOMAIN"):
        return _create_domain(_Cursor(tokens, sql))
    if head[:2] == ("DROP", "DOMAIN"):
        return _drop_domain(_Cursor(tokens))
    if first == "COMMENT":
        return _comment(_Cursor(tokens, sql))
    if head[:2] == ("ALTER", "DOMAIN"):
        return RefusedStmt(_NOT_SUPPORTED, "ALTER DOMAIN is not supported by pydsql yet")
    if first == "CALL":
        # sqlglot's tokenizer keeps the rest of a CALL as one string: tokenize it again
        rest = sql[tokens[0].end + 1: tokens[-1].end + 1] if len(tokens) > 1 else ""
        try:
            rest_tokens = _tokenize_sql(rest)
        except sqlglot.errors.TokenError:
            raise _token_error(rest) from None
        return _call(_Cursor([tokens[0], *rest_tokens]), rest)
    if first not in _STATEMENT_KEYWORDS:
        raise syntax_error(tokens[0].text)
    if (first == "DELETE" and head[1:2] != ("FROM",)) or (first == "INSERT" and head[1:2] != ("INTO",)):
        # sqlglot reads DELETE t as DELETE FROM t, INSERT t as INSERT INTO t
        raise syntax_error(tokens[1].text if len(tokens) > 1 else None)
    tokens = _column_labels(tokens)
    if first == "CREATE":
        _check_table_elements(tokens)
    unclosed = _check_dangling_tokens(tokens)
    _check_keyword_call_forms(tokens)
    _check_value_function_parens(tokens)
    _check_type_name_calls(tokens)
    _check_operand_forms(tokens)
    tokens = _is_unknown(tokens)  # (keeps the tokens' positions)
    tokens, notes = _rewrite_dsql_keywords(tokens)
    try:
        trees = _PARSER.parse(tokens, sql)
    except sqlglot.errors.ParseError as e:
        raise _parse_error(e, tokens, sql, getattr(_PARSER, "_index", len(tokens)) >= len(tokens)) from None
    except sqlglot.errors.SqlglotError:
        raise syntax_error(tokens[0].text) from None
    except (TypeError, AttributeError, ValueError, IndexError, KeyError):
        # sqlglot's parser trips over some malformed texts ('(0?') with its own exceptions
        raise syntax_error(tokens[0].text) from None
    if len(trees) != 1 or trees[0] is None or not isinstance(trees[0], STATEMENT_TYPES):
        raise syntax_error(tokens[0].text)
    if unclosed:
        raise syntax_error(None)  # a ( or [ left open that sqlglot did not miss: CAST(1 AS int
    tree = trees[0]
    _check_tree(tree, tokens)  # (which folds the identifiers too)
    for key, value in notes.items():
        tree.meta[key] = value
    return tree


#: PostgreSQL's numeric literal at the start of a text (PostgreSQL 16: digits may be separated
#: by single underscores); the character after it must not start an identifier.
_NUMERIC_LITERAL = re.compile(r"(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[Ee][-+]?\d(?:_?\d)*)?")


def _check_lexemes(tokens: list[Token], sql: str) -> None:
    """What PostgreSQL's lexer refuses and sqlglot's tokenizer lets through.

    * ``""``: a zero-length delimited identifier.
    * A numeric literal run into a name (``123abc``, ``1.5x``, ``1AS``): since PostgreSQL 15
      "trailing junk after numeric literal", where sqlglot reads ``123 AS abc``.  The error
      quotes the literal and the first character after it, as PostgreSQL's lexer matched them.
    """
    previous: Token | None = None
    for token in tokens:
        kind = token.token_type
        if kind == TokenType.IDENTIFIER and not token.text:
            raise errors.SyntaxError(f'zero-length delimited identifier at or near "{sql[token.start: token.end + 1]}"')
        if kind == TokenType.NUMBER:
            start = token.start
            if previous is not None and previous.token_type == TokenType.DOT and previous.end + 1 == start:
                start = previous.start  # .5x: sqlglot's tokens are "." and "5"
            match = _NUMERIC_LITERAL.match(sql, start)
            # the literal PostgreSQL's lexer reads ends before a letter: junk (sqlglot's token
            # may even hold it: 1e).  PostgreSQL 16's 0x1F, 0o17, 0b101 are sqlglot's to read.
            stop = match.end() if match else token.end + 1
            if (
                stop < len(sql) and (sql[stop].isalpha() or sql[stop] == "_" or sql[stop] >= "\x80")
                and not (sql[start:stop] == "0" and sql[stop] in "xXoObB")
            ):
                raise errors.SyntaxError(f'trailing junk after numeric literal at or near "{sql[start: stop + 1]}"')
        if kind == TokenType.DOT and previous is not None and previous.token_type == TokenType.NUMBER and (
            "." in previous.text and previous.end + 1 == token.start
        ):
            # 1.2.3 and 1.5.x: PostgreSQL's lexer reads the literal 1.2, then .3 (or a lone ".")
            digits = re.match(r"\.\d+", sql[token.start:])
            raise syntax_error(digits.group() if digits else ".")
        previous = token


#: PostgreSQL 16's non-decimal integers: prefix letter -> (base, literal, name in its error)
_NON_DECIMAL: dict[str, tuple[int, re.Pattern[str], str]] = {
    "x": (16, re.compile(r"0[xX]((?:_?[0-9A-Fa-f])+)"), "hexadecimal"),
    "o": (8, re.compile(r"0[oO]((?:_?[0-7])+)"), "octal"),
    "b": (2, re.compile(r"0[bB]((?:_?[01])+)"), "binary"),
}
#: the tokens sqlglot makes of them (``0x1F`` a hex string, ``0o17`` a number and a name...)
_NON_DECIMAL_TOKENS = frozenset({
    TokenType.NUMBER, TokenType.HEX_STRING, TokenType.BIT_STRING, TokenType.VAR, TokenType.IDENTIFIER,
})


def _numeric_literals(tokens: list[Token], sql: str) -> list[Token]:
    """PostgreSQL 16's numeric literals that sqlglot splits or reads as strings become one
    NUMBER token: ``1_000_000`` (sqlglot: ``1 AS _000_000``), ``1_000.5``, and the integers
    ``0x1F``, ``0o17``, ``0b101`` (sqlglot: a hex or bit string, or ``0 AS o17``).  What
    follows a literal's end was checked by :func:`_check_lexemes`."""
    out: list[Token] = []
    changed = False
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        literal = _literal_at(tokens, i, sql)
        if literal is None:
            out.append(token)
            i += 1
            continue
        text, stop = literal
        j = i
        while j < n and tokens[j].start < stop:  # the tokens sqlglot made of it
            j += 1
        out.append(Token(TokenType.NUMBER, text, token.line, token.col, token.start, stop - 1, token.comments))
        changed = True
        i = j
    return out if changed else tokens


def _bit_and_character_types(tokens: list[Token]) -> list[Token]:
    """The bit and character type names that PostgreSQL's grammar reads and sqlglot does not:

    * ``bit varying``, two words, becomes the one name sqlglot knows for it (``varbit``);
    * a typed literal of it (``varbit '101'``, ``bit varying(5) '101'``, which sqlglot does
      not parse) becomes the cast it means (``'101'::varbit(5)``);
    * ``bit 'x'`` and ``char 'x'`` (``character``, ``nchar``) without a length are
      unconstrained in a typed literal (PostgreSQL's ConstBit and ConstCharacter), where
      ``'x'::bit`` is ``bit(1)``: they become casts to the unconstrained types,
      ``pg_catalog.bit`` (the type's own name has no length) and ``bpchar``."""
    if not any(t.token_type in _BIT_OR_CHARACTER or t.text.lower() == "varbit" for t in tokens):
        return tokens
    out: list[Token] = []
    i, n = 0, len(tokens)

    def cast(literal: Token, *type_tokens: Token) -> None:
        out.extend([literal, Token(TokenType.DCOLON, "::", literal.line, literal.col, literal.start, literal.start, []),
                    *type_tokens])

    while i < n:
        token = tokens[i]
        if token.token_type == TokenType.BIT and i + 1 < n and tokens[i + 1].text.upper() == "VARYING":
            after = tokens[i + 1]
            token = Token(TokenType.VAR, "varbit", token.line, token.col, token.start, after.end, token.comments)
            i += 1
        typed_literal_position = not out or out[-1].token_type != TokenType.DCOLON
        if typed_literal_position and token.token_type == TokenType.VAR and token.text.lower() == "varbit":
            modifier = tokens[i + 1:i + 4]
            has_length = len(modifier) == 3 and [t.token_type for t in modifier] == [
                TokenType.L_PAREN, TokenType.NUMBER, TokenType.R_PAREN]
            literal_at = i + (4 if has_length else 1)
            if literal_at < n and tokens[literal_at].token_type == TokenType.STRING:
                cast(tokens[literal_at], token, *(modifier if has_length else []))
                i = literal_at + 1
                continue
        if (
            typed_literal_position and token.token_type in _BIT_OR_CHARACTER
            and i + 1 < n and tokens[i + 1].token_type == TokenType.STRING
        ):
            def word(kind: TokenType, text: str) -> Token:
                return Token(kind, text, token.line, token.col, token.start, token.end, token.comments)

            if token.token_type == TokenType.BIT:
                cast(tokens[i + 1], word(TokenType.VAR, "pg_catalog"), word(TokenType.DOT, "."), word(TokenType.VAR, "bit"))
            else:
                cast(tokens[i + 1], word(TokenType.VAR, "bpchar"))
            i += 2
            continue
        out.append(token)
        i += 1
    return out


_BIT_OR_CHARACTER = frozenset({TokenType.BIT, TokenType.CHAR, TokenType.NCHAR})

#: Marks a quoted type name (see _quoted_type_names; sql.datatypes reads it).
QUOTED_TYPE_MARK = "\x01"


def _quoted_type_names(tokens: list[Token]) -> list[Token]:
    """A quoted type name after ``::`` or in ``CAST(x AS ...)``, marked with
    :data:`QUOTED_TYPE_MARK` so that sqlglot keeps it a name.

    PostgreSQL looks a quoted type name up as written: ``"int4"`` is int4, ``"integer"`` and
    ``"INT4"`` name no type (42704) unless a domain has that name, and ``"bit"`` is the type
    itself, without the grammar's length 1.  sqlglot reads any quoted name that spells one of
    its types as that type.  The name (not a schema before a ``.``) goes through with its
    mark; :func:`pydsql.sql.datatypes.sql_type` decides."""
    if not any(t.token_type == TokenType.IDENTIFIER for t in tokens):
        return tokens
    out = list(tokens)
    casts: list[bool] = []  # per open parenthesis: whether it is CAST's
    n = len(tokens)
    for i, token in enumerate(tokens):
        kind = token.token_type
        if kind == TokenType.L_PAREN:
            casts.append(i > 0 and tokens[i - 1].text.upper() in ("CAST", "TRY_CAST"))
        elif kind == TokenType.R_PAREN and casts:
            casts.pop()
        if kind != TokenType.IDENTIFIER or i == 0 or (i + 1 < n and tokens[i + 1].token_type == TokenType.DOT):
            continue
        before = tokens[i - 1]
        if before.token_type == TokenType.DOT and i >= 3:
            before = tokens[i - 3]  # the token before "schema."
        if before.token_type == TokenType.DCOLON or (before.token_type == TokenType.ALIAS and casts and casts[-1]):
            out[i] = Token(TokenType.IDENTIFIER, QUOTED_TYPE_MARK + token.text, token.line, token.col, token.start,
                           token.end, token.comments)
    return out


def _literal_at(tokens: list[Token], i: int, sql: str) -> tuple[str, int] | None:
    """``(decimal text, end offset)`` of the literal at token ``i`` when it is one sqlglot
    does not read whole (see :func:`_numeric_literals`)."""
    token = tokens[i]
    kind, start = token.token_type, token.start
    prefix = sql[start: start + 2].lower()
    if prefix[:1] == "0" and prefix[1:] in _NON_DECIMAL and kind in _NON_DECIMAL_TOKENS:
        base, pattern, name = _NON_DECIMAL[prefix[1:]]
        match = pattern.match(sql, start)
        if match is None:  # PostgreSQL's {hexfail}, {octfail}, {binfail}: 0x, 0x_ and 0x then junk
            near = sql[start: start + (3 if sql[start + 2: start + 3] == "_" else 2)]
            raise errors.SyntaxError(f'invalid {name} integer at or near "{near}"')
        return str(int(match.group(1).replace("_", ""), base)), match.end()
    starts_number = kind == TokenType.NUMBER or (
        kind == TokenType.DOT and i + 1 < len(tokens) and tokens[i + 1].token_type == TokenType.NUMBER
        and tokens[i + 1].start == token.end + 1
    )
    if not starts_number:
        return None
    match = _NUMERIC_LITERAL.match(sql, start)
    if match is None or "_" not in match.group():
        return None
    return match.group().replace("_", ""), match.end()


def _fold_identifier(identifier: exp.Identifier) -> None:
    """Unquoted identifiers are case-insensitive: PostgreSQL folds them to lower case
    (``SELECT ID FROM T`` reads column id of table t); quoted ones are kept as written.
    Every identifier is cut to 63 bytes, as PostgreSQL's lexer does (NAMEDATALEN)."""
    name = identifier.this
    if not isinstance(name, str):
        return
    folded = name if identifier.quoted else name.lower()
    folded = clip_identifier(folded)
    if folded != name:
        identifier.set("this", folded)


def clip_identifier(name: str) -> str:
    """An identifier within PostgreSQL's 63 bytes (a longer one is truncated, never refused)."""
    if len(name) <= 15 or len(name.encode()) <= 63:  # the usual case without encoding
        return name
    return name.encode()[:63].decode(errors="ignore")


_AFTER_LIST = frozenset({
    TokenType.R_PAREN, TokenType.R_BRACKET, TokenType.FROM, TokenType.WHERE, TokenType.GROUP_BY,
    TokenType.HAVING, TokenType.ORDER_BY, TokenType.LIMIT, TokenType.OFFSET, TokenType.UNION,
    TokenType.INTERSECT, TokenType.EXCEPT, TokenType.INTO, TokenType.SEMICOLON, TokenType.COMMA,
    TokenType.WINDOW, TokenType.FETCH, TokenType.RETURNING,
})

#: Keywords that need what follows them: a list (GROUP BY, ORDER BY, PARTITION BY, a comma) or
#: an operand (LIMIT, OFFSET, a join's ON or USING).  Written as a label (``AS limit``, ``t.order``) they are names.
_LIST_HEADS = frozenset({
    TokenType.COMMA, TokenType.GROUP_BY, TokenType.ORDER_BY, TokenType.PARTITION_BY, TokenType.LIMIT, TokenType.OFFSET,
    TokenType.ON, TokenType.USING,
})


#: what ends a select list (or a RETURNING list) at its parenthesis level
_LIST_ENDS = frozenset({
    TokenType.FROM, TokenType.WHERE, TokenType.GROUP_BY, TokenType.HAVING, TokenType.WINDOW, TokenType.ORDER_BY,
    TokenType.LIMIT, TokenType.OFFSET, TokenType.FETCH, TokenType.UNION, TokenType.INTERSECT, TokenType.EXCEPT,
    TokenType.INTO, TokenType.FOR,
})
#: tokens that end an operand: a keyword after one may be a bare column label
_OPERAND_ENDS = frozenset({
    TokenType.NUMBER, TokenType.STRING, TokenType.VAR, TokenType.IDENTIFIER, TokenType.R_PAREN, TokenType.R_BRACKET,
    TokenType.NULL, TokenType.TRUE, TokenType.FALSE, TokenType.END,
})


def _column_labels(tokens: list[Token]) -> list[Token]:
    """Keywords PostgreSQL reads as column labels in a select or RETURNING list become names.

    After AS any keyword is a label (``SELECT 1 AS select``, ``AS not``, ``AS in``); without AS
    a keyword that is a BareColLabel is one when the item ends with it (``SELECT 1 and``,
    ``SELECT 1 left, 2 inner``).  sqlglot reads some of these keywords as syntax of their own.
    """
    out = tokens
    in_list = [False]  # per parenthesis level: inside a select or RETURNING list
    n = len(tokens)
    for i, token in enumerate(tokens):
        kind = token.token_type
        if kind == TokenType.L_PAREN:
            in_list.append(False)
            continue
        if kind == TokenType.R_PAREN:
            if len(in_list) > 1:
                in_list.pop()
            continue
        if not in_list[-1] or kind in (TokenType.VAR, TokenType.IDENTIFIER, TokenType.STRING, TokenType.NUMBER):
            in_list[-1] = in_list[-1] or kind in (TokenType.SELECT, TokenType.RETURNING)
            continue
        word = token.text
        previous = tokens[i - 1].token_type if i else None
        following = tokens[i + 1].token_type if i + 1 < n else None
        # (a word: not an operator or punctuation, nor a keyword of several words like GROUP BY)
        label = word.replace("_", "a").isalpha() and word.isascii() and (previous == TokenType.ALIAS or (
            word.lower() not in _NOT_BARE_LABEL and word.lower() != "end" and previous in _OPERAND_ENDS
            and following in (None, TokenType.COMMA, TokenType.FROM, TokenType.R_PAREN)
        ))
        if label:
            if out is tokens:
                out = list(tokens)
            out[i] = Token(TokenType.VAR, word, token.line, token.col, token.start, token.end, token.comments)
        elif kind in _LIST_ENDS:
            in_list[-1] = False
        elif kind == TokenType.RETURNING:
            in_list[-1] = True
    return out


#: PostgreSQL 16's reserved keywords (``pg_get_keywords()``, catcode R): never a type name
_RESERVED = frozenset("""
all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create
current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc
distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral
leading limit localtime localtimestamp not null offset on only or order placing primary references returning select
session_user some symmetric system_user table then to trailing true union unique user using variadic when where
window with
""".split())
#: words that start a table constraint among CREATE TABLE's elements
_TABLE_CONSTRAINT_WORDS = frozenset({"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE", "LIKE"})


def _check_table_elements(tokens: list[Token]) -> None:
    """A column without a type in ``CREATE TABLE t (...)``: 42601 where PostgreSQL's grammar stops.

    PostgreSQL reads a list of bare names as the column names of ``CREATE TABLE t (a, b) AS
    query``: without AS the error is at the end of the statement (or at the token after the
    list); a column definition after bare names is an error at its second token, a bare name
    after a column definition at the comma or parenthesis after it.  A column's type cannot be
    a reserved word (``(a PRIMARY KEY)``: the error is there).
    """
    words = [t.text.upper() if t.token_type not in (TokenType.STRING, TokenType.IDENTIFIER) else "" for t in tokens[:8]]
    start = next((k for k in range(1, min(len(words), 5)) if words[k] == "TABLE"), None)
    if start is None or any(w not in ("TEMP", "TEMPORARY", "UNLOGGED") for w in words[1:start]):
        return
    open_at = start + 1
    while open_at < len(tokens) and tokens[open_at].token_type != TokenType.L_PAREN:
        if tokens[open_at].token_type not in (*_NAMES, TokenType.DOT) and tokens[open_at].text.upper() not in ("IF", "NOT", "EXISTS"):
            return  # not [IF NOT EXISTS] name (: CREATE TABLE t AS ...)
        open_at += 1
    close = _matching_paren(tokens, open_at)
    if close >= len(tokens) or close == open_at + 1:
        return
    elements: list[list[int]] = [[]]
    depth = 0
    for j in range(open_at + 1, close):
        kind = tokens[j].token_type
        depth += kind == TokenType.L_PAREN
        depth -= kind == TokenType.R_PAREN
        if depth == 0 and kind == TokenType.COMMA:
            elements.append([])
        else:
            elements[-1].append(j)
    names_only = True
    for element in elements:
        if not element:
            return  # (a,): left to the checks of dangling tokens
        head = tokens[element[0]]
        is_name = head.token_type in _NAMES or (
            head.token_type != TokenType.STRING and head.text.lower() not in _RESERVED
            and head.text.upper() not in _TABLE_CONSTRAINT_WORDS and head.text.replace("_", "a").isalpha()
        )
        if is_name and len(element) == 1:
            if not names_only:
                raise syntax_error(_as_written(tokens[element[0] + 1]))
            continue
        if names_only and element is not elements[0]:
            raise syntax_error(_as_written(tokens[element[1] if is_name else element[0]]))
        names_only = False
        if is_name and tokens[element[1]].token_type not in _NAMES and _near(tokens[element[1]]).lower() in _RESERVED:
            raise syntax_error(_as_written(tokens[element[1]]))
    if names_only:
        after = tokens[close + 1:]
        if any(t.token_type == TokenType.ALIAS for t in after):
            return  # CREATE TABLE t (a, b) AS query
        if not after or after[0].text.upper() in ("WITH", "USING", "TABLESPACE", "ON"):
            raise syntax_error(None)
        raise syntax_error(_as_written(after[0]))


def _check_dangling_tokens(tokens: list[Token]) -> bool:
    """Syntax errors sqlglot would let through because it skips what it does not find:

    * a list or an operand that is missing (``SELECT a, FROM t``, ``(a int,)``, ``GROUP BY``
      with nothing after it, ``UPDATE t SET``, ``LIMIT,``, a join's ``ON`` or ``USING``);
    * an ``AS`` with no name after it (``SELECT 1 AS``, ``FROM (SELECT 1) AS``, ``CAST(1 AS)``);
    * a FETCH clause that is not ``FETCH {FIRST | NEXT} [count] {ROW | ROWS} {ONLY | WITH TIES}``;
    * a CASE keyword right after another where an expression belongs (``CASE END``,
      ``WHEN THEN``: sqlglot takes the second for a name);
    * a JOIN without ON or USING (sqlglot makes it a cross join), ``count(DISTINCT *)``, and
      ORDER BY, LIMIT, OFFSET or FETCH on a set operation's arm that is not parenthesized;
    * ``SELECT DISTINCT FROM``, ``DISTINCT ON`` without parentheses, ``FILTER`` without
      ``(WHERE``, ``OVER`` with nothing after it, ``WINDOW w`` without ``AS``, ``ON CONFLICT``
      without ``DO``, ``OUTER JOIN`` without LEFT, RIGHT or FULL, ``ASC DESC``, ``VALUES (1) (2)``,
      ``VALUES ()``, a second WHERE in an UPDATE or DELETE.

    PostgreSQL reports the token after the dangling one (or the end of input).  Returns
    whether a parenthesis or bracket is left open: an error at the end of input, to be
    raised if sqlglot finds no earlier one.
    """
    n = len(tokens)
    depth = 0
    arm_clause = [False]  # per parenthesis level: ORDER BY/LIMIT... since the last set operation
    where_seen = False  # an UPDATE's or DELETE's WHERE
    for i, token in enumerate(tokens):
        kind = token.token_type
        if kind not in _CHECKED_TOKENS:
            continue
        if kind in _OPENING:
            depth += 1
            if kind == TokenType.L_PAREN:
                arm_clause.append(False)
            continue
        if kind in _CLOSING:
            depth -= 1
            if kind == TokenType.R_PAREN and len(arm_clause) > 1:
                arm_clause.pop()
            continue
        previous = tokens[i - 1].token_type if i else None
        if previous in (TokenType.ALIAS, TokenType.DOT) and kind != TokenType.COMMA:
            continue  # AS limit, t.order: a name
        if kind in _SET_OPERATIONS:
            if arm_clause[-1]:
                raise syntax_error(_near(token))
            continue
        if kind in _ARM_CLAUSES:
            arm_clause[-1] = True
        following = tokens[i + 1].token_type if i + 1 < n else None
        if kind in _LIST_HEADS or (kind == TokenType.SET and _update_set(tokens, i)):
            if following is None:
                raise syntax_error(None)
            if following in _AFTER_LIST:
                raise syntax_error(_near(tokens[i + 1]))
            if kind == TokenType.USING and following == TokenType.L_PAREN and i + 2 < n:
                if tokens[i + 2].token_type == TokenType.R_PAREN:
                    raise syntax_error(")")  # JOIN ... USING (): a column is needed
            elif kind == TokenType.ON and following == TokenType.VAR and tokens[i + 1].text.upper() == "CONFLICT":
                after = tokens[i + 2] if i + 2 < n else None  # ON CONFLICT [target] DO ...
                if after is None or not (after.token_type in (TokenType.L_PAREN, TokenType.ON) or after.text.upper() == "DO"):
                    raise syntax_error(_near(after) if after is not None else None)
        elif kind in _CASE_HEADS:
            if following in _CASE_HEADS[kind]:
                raise syntax_error(_near(tokens[i + 1]))  # CASE END, WHEN THEN...: an expression is missing
        elif kind == TokenType.ALIAS:
            if following is None:
                raise syntax_error(None)
            if following in (TokenType.COMMA, TokenType.R_PAREN):
                raise syntax_error(tokens[i + 1].text)
        elif kind == TokenType.FETCH:
            _check_fetch(tokens, i + 1)
        elif kind in (TokenType.DISTINCT, TokenType.ALL) and previous == TokenType.L_PAREN and following == TokenType.STAR:
            raise syntax_error("*")  # count(DISTINCT *): only a bare count(*) takes a star
        elif kind == TokenType.DISTINCT and previous == TokenType.SELECT:
            if following == TokenType.ON:
                _expect(tokens, i + 2, TokenType.L_PAREN)  # DISTINCT ON (...)
            elif following is None or following in _AFTER_LIST:
                raise syntax_error(_near(tokens[i + 1]) if following is not None else None)  # SELECT DISTINCT FROM t
        elif kind == TokenType.JOIN:
            _check_join_qualifier(tokens, i)
        elif kind == TokenType.OUTER and previous not in (TokenType.LEFT, TokenType.RIGHT, TokenType.FULL):
            raise syntax_error(token.text)  # OUTER JOIN: only LEFT, RIGHT or FULL ones
        elif kind == TokenType.FILTER and previous == TokenType.R_PAREN:  # f(x) FILTER (WHERE ...)
            _expect(tokens, i + 1, TokenType.L_PAREN)
            _expect(tokens, i + 2, TokenType.WHERE)
        elif kind == TokenType.OVER and previous == TokenType.R_PAREN:  # f(x) OVER {(...) | name}
            if following is None or following in _AFTER_LIST:
                raise syntax_error(_near(tokens[i + 1]) if following is not None else None)
        elif kind == TokenType.WINDOW and following is not None and following not in _AFTER_LIST:
            _expect(tokens, i + 2, TokenType.ALIAS)  # WINDOW name AS (...)
        elif kind in (TokenType.ASC, TokenType.DESC) and following in (TokenType.ASC, TokenType.DESC):
            raise syntax_error(tokens[i + 1].text)  # ORDER BY a ASC DESC
        elif kind == TokenType.VALUES and previous != TokenType.DEFAULT:
            _check_values_rows(tokens, i + 1)
        elif kind == TokenType.WHERE and depth == 0 and tokens[0].token_type in (TokenType.UPDATE, TokenType.DELETE):
            if where_seen:
                raise syntax_error(token.text)  # UPDATE t SET a = 1 WHERE p WHERE q
            where_seen = True
    return depth > 0


def _check_values_rows(tokens: list[Token], i: int) -> None:
    """``VALUES (1, 2) (3, 4)``: rows are separated by commas (sqlglot drops the second), and a
    row has at least one value (``VALUES ()``)."""
    n = len(tokens)
    while i < n and tokens[i].token_type == TokenType.L_PAREN:
        if i + 1 < n and tokens[i + 1].token_type == TokenType.R_PAREN:
            raise syntax_error(")")
        i = _matching_paren(tokens, i) + 1
        if i < n and tokens[i].token_type == TokenType.L_PAREN:
            raise syntax_error("(")
        if not (i < n and tokens[i].token_type == TokenType.COMMA):
            return
        i += 1


def _expect(tokens: list[Token], i: int, kind: TokenType) -> None:
    """A syntax error unless the token at ``i`` is of type ``kind``."""
    if i >= len(tokens):
        raise syntax_error(None)
    if tokens[i].token_type != kind:
        raise syntax_error(_near(tokens[i]))


#: Tokens that end a FROM item where a JOIN's ON or USING should come.
_AFTER_FROM_ITEM = _AFTER_LIST | {TokenType.FOR}
_JOIN_TYPES = frozenset({TokenType.INNER, TokenType.LEFT, TokenType.RIGHT, TokenType.FULL, TokenType.OUTER})
_NAMES = frozenset({TokenType.VAR, TokenType.IDENTIFIER})


def _check_join_qualifier(tokens: list[Token], i: int) -> None:
    """The JOIN at ``i`` needs ON or USING after the item it joins, but CROSS JOIN and NATURAL
    JOIN refuse them.  The item is skipped as ``[LATERAL] {name[.name][(args)] | (...)} [[AS] alias
    [(columns)]]``; the check is made only when it ends where a clause or the statement
    does, or where another join starts (:func:`_check_join_chain`)."""
    n = len(tokens)
    unqualified = not _qualified_join(tokens, i)
    k = i + 1
    if k < n and tokens[k].token_type == TokenType.LATERAL:
        k += 1
    if k < n and tokens[k].token_type == TokenType.L_PAREN:
        k = _matching_paren(tokens, k) + 1
    else:
        k += 1
        while k + 1 < n and tokens[k].token_type == TokenType.DOT:
            k += 2
        if k < n and tokens[k].token_type == TokenType.L_PAREN:  # a function
            k = _matching_paren(tokens, k) + 1
    if k + 1 < n and tokens[k].token_type == TokenType.WITH and tokens[k + 1].token_type == TokenType.ORDINALITY:
        k += 2
    if k < n and tokens[k].token_type == TokenType.ALIAS:
        k += 2
    elif k < n and tokens[k].token_type in _NAMES:
        k += 1
    if k < n and tokens[k].token_type == TokenType.L_PAREN:  # the alias's column names
        k = _matching_paren(tokens, k) + 1
    if unqualified:  # CROSS JOIN and NATURAL JOIN take no ON or USING
        if k < n and tokens[k].token_type in (TokenType.ON, TokenType.USING):  # (an outer JOIN's: refused before)
            raise syntax_error(_near(tokens[k]))
        return
    if k >= n:
        raise syntax_error(None)
    if tokens[k].token_type in _AFTER_FROM_ITEM:
        raise syntax_error(_near(tokens[k]))
    if tokens[k].token_type in _JOIN_WORDS:
        _check_join_chain(tokens, i)


_JOIN_WORDS = _JOIN_TYPES | {TokenType.JOIN, TokenType.CROSS, TokenType.NATURAL}


def _qualified_join(tokens: list[Token], k: int) -> bool:
    """Whether the JOIN at ``k`` takes ON or USING (it is not a CROSS or NATURAL one)."""
    j = k - 1
    while j >= 0 and tokens[j].token_type in _JOIN_TYPES:
        j -= 1
    return not (j >= 0 and tokens[j].token_type in (TokenType.CROSS, TokenType.NATURAL))


def _check_join_chain(tokens: list[Token], i: int) -> None:
    """``a JOIN b JOIN c ON x``: the JOIN at ``i`` is followed by another before its ON, so
    PostgreSQL nests them (``a JOIN (b JOIN c ON x) ON y``) and needs one ON or USING per
    JOIN (but CROSS and NATURAL ones) before the FROM clause ends: where it ends, the error.
    With them all, the statement is valid, but sqlglot joins left to right and would give
    the ON clauses to the wrong joins: refused (0A000) rather than answered wrongly."""
    n = len(tokens)
    joins = quals = depth = 0
    for k in range(i, n):
        token = tokens[k]
        kind = token.token_type
        if kind == TokenType.L_PAREN:
            depth += 1
        elif kind == TokenType.R_PAREN:
            depth -= 1
            if depth < 0:
                break
        elif depth:
            continue
        elif kind == TokenType.JOIN:
            if _qualified_join(tokens, k):
                joins += 1
        elif kind == TokenType.ON and not (k + 1 < n and tokens[k + 1].text.upper() == "CONFLICT"):
            quals += 1
        elif kind == TokenType.USING:
            quals += 1
        elif kind in _AFTER_FROM_ITEM or kind == TokenType.ON:
            break
    else:
        k = n
    if quals < joins:
        raise syntax_error(_near(tokens[k]) if k < n else None)
    raise errors.FeatureNotSupported(
        "a join nested without parentheses (a JOIN b JOIN c ON x ON y) is not supported by pydsql yet: "
        "write the inner join in parentheses"
    )


_SET_OPERATIONS = frozenset({TokenType.UNION, TokenType.INTERSECT, TokenType.EXCEPT})
_ARM_CLAUSES = frozenset({TokenType.ORDER_BY, TokenType.LIMIT, TokenType.OFFSET, TokenType.FETCH})


#: A CASE keyword -> the ones that cannot follow it directly (an expression belongs between).
_CASE_CLAUSES = frozenset({TokenType.WHEN, TokenType.THEN, TokenType.ELSE, TokenType.END})
_CASE_HEADS = {
    TokenType.CASE: _CASE_CLAUSES - {TokenType.WHEN},
    TokenType.WHEN: _CASE_CLAUSES,
    TokenType.THEN: _CASE_CLAUSES,
    TokenType.ELSE: _CASE_CLAUSES,
}


_OPENING = frozenset({TokenType.L_PAREN, TokenType.L_BRACKET})
_CLOSING = frozenset({TokenType.R_PAREN, TokenType.R_BRACKET})
#: Every token type _check_dangling_tokens looks at (the others are skipped at once).
_CHECKED_TOKENS = _LIST_HEADS | _SET_OPERATIONS | _ARM_CLAUSES | _OPENING | _CLOSING | set(_CASE_HEADS) | {
    TokenType.SET, TokenType.ALIAS, TokenType.DISTINCT, TokenType.ALL, TokenType.JOIN, TokenType.OUTER,
    TokenType.FILTER, TokenType.OVER, TokenType.WINDOW, TokenType.ASC, TokenType.DESC, TokenType.VALUES, TokenType.WHERE,
}


def _update_set(tokens: list[Token], i: int) -> bool:
    """Whether the SET at ``i`` starts UPDATE's assignments (``UPDATE [ONLY] t [[AS] a] SET``,
    ``ON CONFLICT ... DO UPDATE SET``), not a word of some other clause."""
    for j in range(i - 1, max(-1, i - 7), -1):
        kind = tokens[j].token_type
        if kind == TokenType.UPDATE:
            return True
        if kind in (TokenType.L_PAREN, TokenType.R_PAREN, TokenType.COMMA, TokenType.SET):
            return False
    return False


def _check_fetch(tokens: list[Token], i: int) -> None:
    """``FETCH {FIRST | NEXT} [count] {ROW | ROWS} {ONLY | WITH TIES}`` from ``i`` on."""
    n = len(tokens)

    def word(j: int) -> str:
        return tokens[j].text.upper() if j < n and tokens[j].token_type not in (TokenType.STRING, TokenType.IDENTIFIER) else ""

    def fail(j: int) -> None:
        raise syntax_error(_near(tokens[j]) if j < n else None)

    if word(i) not in ("FIRST", "NEXT"):
        fail(i)
    i += 1
    if word(i) not in ("ROW", "ROWS"):  # the count: a constant (signed), a name, a parameter or (expr)
        if i < n and tokens[i].token_type in (TokenType.PLUS, TokenType.DASH):
            i += 1
        if i < n and tokens[i].token_type == TokenType.L_PAREN:
            i = _matching_paren(tokens, i)
        i += 1
    if word(i) not in ("ROW", "ROWS"):
        fail(i)
    i += 1
    if word(i) == "ONLY":
        return
    if word(i) != "WITH":
        fail(i)
    if word(i + 1) != "TIES":
        fail(i + 1)


def _near(token: Token) -> str:
    """The word PostgreSQL quotes for a token: the first of a multi-word keyword (``GROUP BY``)."""
    if token.token_type in (TokenType.STRING, TokenType.IDENTIFIER):
        return token.text
    return token.text.split()[0] if token.text.strip() else token.text


#: PostgreSQL 16's keywords that are not a ColId (its type_func_name and reserved keywords,
#: ``pg_get_keywords()``): never the name of a FROM item, a CTE or their columns.
_NOT_COL_ID = frozenset("""
all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation
column concurrently constraint create cross current_catalog current_date current_role current_schema current_time
current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze
from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit
localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references
returning right select session_user similar some symmetric system_user table tablesample then to trailing true union
unique user using variadic verbose when where window with
""".split())

#: PostgreSQL 16's keywords that are not a BareColLabel: an output column may have one of
#: these names only after AS (``SELECT 1 AS order``, never ``SELECT 1 order``).
_NOT_BARE_LABEL = frozenset("""
array as char character create day except fetch filter for from grant group having hour intersect into isnull limit
minute month notnull offset on order over overlaps precision returning second to union varying where window with
within without year
""".split())

#: Keywords that start a clause PostgreSQL reads after a select-list item or a FROM item: sqlglot
#: takes ``SELECT 1 ORDER`` for ``SELECT 1 AS order``; PostgreSQL reads ORDER and stops after it.
_CLAUSE_KEYWORDS = frozenset({"order", "group", "limit", "offset", "fetch", "window", "tablesample"})


#: PostgreSQL's comparison operators: one precedence level, non-associative (``a < b = c`` is a
#: syntax error at the second operator; sqlglot chains them).
_COMPARISONS: dict[type[exp.Expr], str] = {exp.EQ: "=", exp.NEQ: "<>", exp.LT: "<", exp.GT: ">", exp.LTE: "<=", exp.GTE: ">="}
_COMPARISON_TYPES = tuple(_COMPARISONS)
#: The level above them, non-associative too: ``a LIKE b LIKE c`` is a syntax error at the second
#: (but ``a IN (...)`` may be the left operand of any of them: PostgreSQL reduces it first).
_PATTERN_MATCHES: dict[type[exp.Expr], str] = {
    exp.Between: "BETWEEN", exp.Like: "LIKE", exp.ILike: "ILIKE", exp.SimilarTo: "SIMILAR", exp.In: "IN",
}
_PATTERN_MATCH_TYPES = tuple(_PATTERN_MATCHES)


def _check_tree(tree: exp.Expr, tokens: list[Token]) -> None:
    """What sqlglot's grammar accepts and PostgreSQL's does not, seen on the parsed tree:

    * a keyword read as a name where PostgreSQL's grammar does not allow it: an output column
      named without AS by a non-bare-label keyword, or a FROM item, a CTE or a column of
      theirs named by a reserved (or type/function-name) keyword;
    * a comparison directly under another (``1 < 2 = true``, ``3 > 2 > 1``), and the same for
      BETWEEN, LIKE, ILIKE and SIMILAR TO (and IN after them).

    The same walk of the tree folds the identifiers (:func:`_fold_identifier`) and takes the
    parentheses off ``(DEFAULT)`` (see :func:`_default_as_name`).
    """
    index: dict[int, int] | None = None
    defaults: list[exp.Paren] = []
    for node in tree.find_all(exp.Identifier, exp.Alias, exp.TableAlias, exp.Paren, *_COMPARISON_TYPES, *_PATTERN_MATCHES):
        if isinstance(node, exp.Identifier):
            _fold_identifier(node)
            continue
        if isinstance(node, exp.Paren):
            inner = node.this
            while isinstance(inner, exp.Paren):
                inner = inner.this
            if isinstance(inner, exp.Column) and not inner.table and not inner.this.quoted and inner.name.upper() == "DEFAULT":
                defaults.append(node)  # (DEFAULT) is DEFAULT
            continue
        if isinstance(node, _COMPARISON_TYPES):
            _check_comparison(node, tokens)
            continue
        if isinstance(node, _PATTERN_MATCH_TYPES):
            inner = node.this.this if isinstance(node.this, exp.Not) else node.this  # (a NOT LIKE b)
            if isinstance(inner, _PATTERN_MATCH_TYPES) and not isinstance(inner, exp.In):  # a LIKE b LIKE c
                word = _PATTERN_MATCHES[type(node)]
                written = [t.text for t in tokens if t.text.upper() == word and t.token_type not in (TokenType.STRING, TokenType.IDENTIFIER)]
                raise syntax_error(written[1] if len(written) > 1 else word)
            continue
        if isinstance(node, exp.Alias):
            names, forbidden = [node.args.get("alias")], _NOT_BARE_LABEL
        else:
            names, forbidden = [node.this, *(node.args.get("columns") or ())], _NOT_COL_ID
        for ident in names:
            if not isinstance(ident, exp.Identifier) or ident.quoted or not isinstance(ident.this, str):
                continue
            word = ident.this.lower()
            if word not in forbidden or "start" not in ident.meta:
                continue
            if index is None:
                index = {t.start: k for k, t in enumerate(tokens)}
            i = index.get(ident.meta["start"])
            if i is None or tokens[i].token_type in (TokenType.STRING, TokenType.IDENTIFIER):
                continue
            previous = tokens[i - 1].token_type if i else None
            if previous == TokenType.ALIAS and isinstance(node, exp.Alias):
                continue  # AS order: any keyword is a column label
            if word in _CLAUSE_KEYWORDS and previous not in (TokenType.ALIAS, TokenType.L_PAREN, TokenType.COMMA):
                raise syntax_error(_near(tokens[i + 1]) if i + 1 < len(tokens) else None)
            raise syntax_error(tokens[i].text)
    for paren in defaults:
        paren.replace(paren.this)


def _is_comparison(node: object) -> bool:
    """A comparison at PostgreSQL's comparison level (``a = ANY (...)`` binds tighter, as an Op)."""
    if not isinstance(node, _COMPARISON_TYPES):
        return False
    right = node.expression
    if isinstance(right, (exp.Any, exp.All)):
        return False
    return not (isinstance(right, exp.Anonymous) and function_name(right) in ("any", "all", "some"))  # ALL (array)


def _check_comparison(node: exp.Expr, tokens: list[Token]) -> None:
    """PostgreSQL stops at the second of two comparison operators: the outer one when the inner
    comparison is its left operand (``a < b = c``), the inner one when it is the right operand."""
    if _is_comparison(node.this):
        second = node
    elif _is_comparison(node.expression):
        second = node.expression
    else:
        return
    text = _COMPARISONS[type(second)]
    if text == "<>":  # written <> or !=
        written = {t.text for t in tokens if t.token_type == TokenType.NEQ}
        if len(written) == 1:
            text = written.pop()
    raise syntax_error(text)


def _rewrite_dsql_keywords(tokens: list[Token]) -> tuple[list[Token], dict[str, object]]:
    """Rewrite what sqlglot does not know into what it does, noting it for the tree's ``meta``.

    ``GENERATED ... AS IDENTITY (options)`` -> meta["identity"]: the options of each identity
    clause in order (None: no parenthesized options), sqlglot keeping the bare clause.
    ``INSERT ... OVERRIDING {SYSTEM | USER} VALUE`` -> meta["overriding"] = "system" / "user".
    ``REFERENCES t [(cols)] options`` -> meta["references"]: the :class:`ReferenceOptions` of
    each REFERENCES in order, sqlglot keeping the bare ``REFERENCES t [(cols)]``.
    """
    words = _words(tokens, 4)
    notes: dict[str, object] = {}
    if words[:1] == ("CREATE",):
        if words[1:2] == ("SCHEMA",):
            tokens = _schema_authorization(tokens)
    if words[:1] in (("CREATE",), ("ALTER",)):
        _generation_clauses(tokens)
        tokens = _identity_options(tokens, notes)
        tokens = _reference_options(tokens, notes)
    else:
        tokens = _default_as_name(tokens)
        if "INSERT" in words or words[:1] == ("WITH",):
            tokens = _overriding(tokens, notes)
    tokens = _protect_json_arrow_literals(_substring_similar(_array_type_suffix(_typed_literals(_negative_scales(tokens)))))
    return _prefix_operators(_mark_function_calls(tokens, ddl=words[:1] in (("CREATE",), ("ALTER",)))), notes


def _default_as_name(tokens: list[Token]) -> list[Token]:
    """``DEFAULT`` in a query or DML statement is an expression in PostgreSQL's grammar
    (``DEFAULT + 1``, ``DEFAULT::int``, ``(DEFAULT)``), allowed only as a whole VALUES item or
    SET value: elsewhere 42601 "DEFAULT is not allowed in this context".  sqlglot reads the
    keyword alone only: it becomes the name ``DEFAULT``, which the analyzer refuses (and an
    INSERT or UPDATE takes for the default).  ``DEFAULT VALUES`` is left alone."""
    out = tokens
    for i, token in enumerate(tokens):
        if token.token_type != TokenType.DEFAULT or (i + 1 < len(tokens) and tokens[i + 1].token_type == TokenType.VALUES):
            continue
        if out is tokens:
            out = list(tokens)
        out[i] = Token(TokenType.VAR, token.text, token.line, token.col, token.start, token.end, token.comments)
    return out


def _negative_scales(tokens: list[Token]) -> list[Token]:
    """``numeric(2, -1)``: PostgreSQL 15+ takes a negative scale (rounding to tens), its grammar
    folding the sign into the constant; sqlglot takes type modifiers without sign only.  A minus
    and the number after it in numeric's modifiers become one negative number."""
    out = tokens
    k = 0
    for i, token in enumerate(tokens):
        if (
            token.token_type == TokenType.DASH and 2 < i and i + 1 < len(tokens)
            and tokens[i - 1].token_type == TokenType.COMMA and tokens[i - 2].token_type == TokenType.NUMBER
            and tokens[i - 3].token_type == TokenType.L_PAREN and tokens[i - 4].token_type == TokenType.DECIMAL
            and tokens[i + 1].token_type == TokenType.NUMBER
        ):
            if out is tokens:
                out = list(tokens)
            number = tokens[i + 1]
            out[i - k: i - k + 2] = [Token(TokenType.NUMBER, "-" + number.text, token.line, token.col, token.start, number.end)]
            k += 1
    return out


def _generation_clauses(tokens: list[Token]) -> None:
    """PostgreSQL's grammar for ``GENERATED ALWAYS AS (expr) STORED``: STORED is required (16 has
    no VIRTUAL: a syntax error at the next token) and BY DEFAULT is refused; sqlglot would read
    a bare ``GENERATED ALWAYS AS (expr)`` as something else."""
    n = len(tokens)
    for i, token in enumerate(tokens):
        if token.text.upper() != "GENERATED" or token.token_type in (TokenType.STRING, TokenType.IDENTIFIER):
            continue
        j = i + 1
        always = j < n and tokens[j].text.upper() == "ALWAYS"
        if always:
            j += 1
        elif j + 1 < n and tokens[j].text.upper() == "BY" and tokens[j + 1].text.upper() == "DEFAULT":
            j += 2
        else:
            continue
        if not (j + 1 < n and tokens[j].text.upper() == "AS" and tokens[j + 1].token_type == TokenType.L_PAREN):
            continue  # AS IDENTITY
        close = _matching_paren(tokens, j + 1)
        after = close + 1
        if after >= n:
            raise syntax_error(None)
        if tokens[after].text.upper() != "STORED" or tokens[after].token_type == TokenType.IDENTIFIER:
            raise syntax_error(tokens[after].text)
        if not always:
            raise errors.SyntaxError("for a generated column, GENERATED ALWAYS must be specified")


def _identity_options(tokens: list[Token], notes: dict[str, object]) -> list[Token]:
    """Take the parenthesized sequence options out of each ``AS IDENTITY (...)`` (see above)."""
    found: list[SequenceOptions | None] = []
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        out.append(tokens[i])
        if (
            tokens[i].text.upper() == "IDENTITY" and i >= 2 and tokens[i - 1].text.upper() == "AS"
            and tokens[i].token_type not in (TokenType.STRING, TokenType.IDENTIFIER)
            and any(t.text.upper() == "GENERATED" for t in tokens[max(0, i - 5): i])
        ):
            if i + 1 < n and tokens[i + 1].token_type == TokenType.L_PAREN:
                close = _matching_paren(tokens, i + 1)
                c = _Cursor(tokens[i + 2: close])
                found.append(_sequence_options(c, identity=True))
                c.end()
                i = close + 1
                continue
            found.append(None)
        i += 1
    if found:
        notes["identity"] = tuple(found)
    return out


_FK_ACTIONS = {"CASCADE": "c", "RESTRICT": "r"}


def _reference_options(tokens: list[Token], notes: dict[str, object]) -> list[Token]:
    """Take the options out of each ``REFERENCES name [(columns)]`` (see above): MATCH,
    ON DELETE / ON UPDATE actions (SET NULL / SET DEFAULT with a column list, as
    PostgreSQL 15+), [NOT] DEFERRABLE, INITIALLY DEFERRED / IMMEDIATE."""
    found: list[ReferenceOptions] = []
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        out.append(token)
        i += 1
        if token.text.upper() != "REFERENCES" or token.token_type in (TokenType.STRING, TokenType.IDENTIFIER):
            continue
        if i < n:
            out.append(tokens[i])  # the table name, maybe qualified
            i += 1
        while i + 1 < n and tokens[i].token_type == TokenType.DOT:
            out.extend(tokens[i: i + 2])
            i += 2
        if i < n and tokens[i].token_type == TokenType.L_PAREN:
            close = _matching_paren(tokens, i)
            out.extend(tokens[i: close + 1])
            i = close + 1
        c = _Cursor(tokens[i:])
        options: dict[str, object] = {}

        def action() -> tuple[str, tuple[str, ...] | None]:
            if c.accept("NO", "ACTION"):
                return "a", None
            word = c.peek()
            if word in _FK_ACTIONS:
                c.i += 1
                return _FK_ACTIONS[word], None
            c.expect("SET")
            kind = "n" if c.accept("NULL") else ("d" if c.accept("DEFAULT") else "")
            if not kind:
                c.fail()
            columns: tuple[str, ...] | None = None
            token = c.peek_token()
            if token is not None and token.token_type == TokenType.L_PAREN:
                c.i += 1
                names = [c.name()]
                while c.accept(","):
                    names.append(c.name())
                if c.peek() != ")":
                    c.fail()
                c.i += 1
                columns = tuple(names)
            return kind, columns

        while True:
            if c.accept("MATCH"):
                word = c.peek()
                if word not in ("FULL", "SIMPLE", "PARTIAL"):
                    c.fail()
                c.i += 1
                options["match"] = str(word)[0].lower()
            elif c.accept("ON", "DELETE"):
                options["on_delete"], options["delete_columns"] = action()
            elif c.accept("ON", "UPDATE"):
                options["on_update"], columns = action()
                if columns is not None:
                    shown = "SET NULL" if options["on_update"] == "n" else "SET DEFAULT"
                    raise errors.FeatureNotSupported(f"a column list with {shown} is only supported for ON DELETE actions")
            elif c.accept("NOT", "DEFERRABLE"):
                options["deferrable"] = False
            elif c.accept("DEFERRABLE"):
                options["deferrable"] = True
            elif c.accept("INITIALLY", "DEFERRED"):
                options["initially_deferred"] = True
            elif c.accept("INITIALLY", "IMMEDIATE"):
                options["initially_deferred"] = False
            else:
                break
        if options.get("initially_deferred") and options.get("deferrable") is False:
            raise errors.SyntaxError("constraint declared INITIALLY DEFERRED must be DEFERRABLE")
        if options.get("initially_deferred"):
            options["deferrable"] = True
        found.append(ReferenceOptions(**options))  # type: ignore[arg-type]
        i += c.i
    if found:
        notes["references"] = tuple(found)
    return out


def _overriding(tokens: list[Token], notes: dict[str, object]) -> list[Token]:
    """Take ``OVERRIDING {SYSTEM | USER} VALUE`` out of an INSERT (see above).  The clause
    sits between the target and the source; elsewhere ``overriding`` is a name."""
    depth = 0
    target = False  # after INSERT, before the source (VALUES, SELECT...)
    for i, token in enumerate(tokens):
        word = token.text.upper() if token.token_type not in (TokenType.STRING, TokenType.IDENTIFIER) else ""
        if token.token_type == TokenType.L_PAREN:
            depth += 1
        elif token.token_type == TokenType.R_PAREN:
            depth -= 1
        elif depth == 0 and word == "INSERT":
            target = True
        elif depth == 0 and word in ("VALUES", "SELECT", "DEFAULT", "WITH", "TABLE"):
            target = False
        elif depth == 0 and target and word == "OVERRIDING":
            c = _Cursor(tokens[i + 1:])
            if c.accept("SYSTEM"):
                notes["overriding"] = "system"
            else:
                c.expect("USER")
                notes["overriding"] = "user"
            c.expect("VALUE")
            return tokens[:i] + tokens[i + 3:]
    return tokens


def _schema_authorization(tokens: list[Token]) -> list[Token]:
    """``CREATE SCHEMA [name] AUTHORIZATION role`` (which sqlglot does not know): the owner
    is dropped (pydsql has one user); without a name the schema is named after the role."""
    for i, token in enumerate(tokens):
        if token.text.upper() == "AUTHORIZATION" and i + 1 < len(tokens):
            named = tokens[i - 1].text.upper() not in ("SCHEMA", "EXISTS")
            return tokens[:i] + ([] if named else [tokens[i + 1]]) + tokens[i + 2:]
    return tokens


_TYPED_LITERAL_TYPES = frozenset({
    TokenType.DATE, TokenType.TIME, TokenType.TIMESTAMP, TokenType.TIMESTAMPTZ, TokenType.INTERVAL,
})
_INTERVAL_UNITS = frozenset({"YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"})


def _is_unknown(tokens: list[Token]) -> list[Token]:
    """``x IS [NOT] UNKNOWN``: sqlglot reads it as ``x IS [NOT] NULL``, but PostgreSQL's
    IS UNKNOWN takes a boolean only (42804).  The keyword becomes the bare name ``unknown``
    (``IS`` takes any expression in sqlglot), which the analyzer reads as IS UNKNOWN."""
    out = tokens
    for i, token in enumerate(tokens):
        if token.token_type != TokenType.UNKNOWN or i == 0:
            continue
        before = tokens[i - 1].token_type
        if before == TokenType.IS or (before == TokenType.NOT and i > 1 and tokens[i - 2].token_type == TokenType.IS):
            if out is tokens:
                out = list(tokens)
            out[i] = Token(TokenType.VAR, token.text, token.line, token.col, token.start, token.end)
    return out


def _typed_literals(tokens: list[Token]) -> list[Token]:
    """``date '2020-01-02'``, ``interval '1 day 02:00'``: PostgreSQL's typed literals become
    ``CAST('...' AS type)``. sqlglot reads them its own way: it takes ``date 'x'::text`` as
    ``date ('x'::text)`` and splits interval strings by unit, losing ``1 day 02:03:04``'s time.
    (``interval '1' day``, with a unit after the string, is left to sqlglot.)"""
    if not any(t.token_type in _TYPED_LITERAL_TYPES for t in tokens):
        return tokens
    out: list[Token] = []
    n = len(tokens)
    i = 0
    while i < n:
        token = tokens[i]
        following = tokens[i + 1] if i + 1 < n else None
        after = tokens[i + 2].text.upper() if i + 2 < n else ""
        if (
            token.token_type in _TYPED_LITERAL_TYPES
            and following is not None
            and following.token_type == TokenType.STRING
            and not (token.token_type == TokenType.INTERVAL and after in _INTERVAL_UNITS)
        ):
            def make(kind: TokenType, text: str) -> Token:
                return Token(kind, text, token.line, token.col, token.start, token.end)

            out += [make(TokenType.VAR, "CAST"), make(TokenType.L_PAREN, "("), following,
                    make(TokenType.ALIAS, "AS"), token, make(TokenType.R_PAREN, ")")]
            i += 2
            continue
        out.append(token)
        i += 1
    return out


def _array_type_suffix(tokens: list[Token]) -> list[Token]:
    """``integer ARRAY`` (the SQL-standard spelling of ``integer[]``, which sqlglot drops):
    an ARRAY keyword followed by neither ``[`` nor ``(`` becomes ``[]``."""
    n = len(tokens)

    def suffix(i: int) -> bool:
        following = tokens[i + 1].token_type if i + 1 < n else None
        return tokens[i].token_type == TokenType.ARRAY and following not in (TokenType.L_BRACKET, TokenType.L_PAREN)

    if not any(suffix(i) for i in range(n)):
        return tokens
    out: list[Token] = []
    for i, token in enumerate(tokens):
        if suffix(i):
            out.append(Token(TokenType.L_BRACKET, "[", token.line, token.col, token.start, token.start))
            out.append(Token(TokenType.R_BRACKET, "]", token.line, token.col, token.end, token.end))
        else:
            out.append(token)
    return out


def _substring_similar(tokens: list[Token]) -> list[Token]:
    """``substring(s SIMILAR p ESCAPE e)`` (which sqlglot does not know) is PostgreSQL's
    ``substring(s, p, e)``: the two keywords become commas."""
    out = tokens
    for i, token in enumerate(tokens):
        if (
            token.token_type != TokenType.VAR or token.text.lower() != "substring"
            or i + 1 >= len(tokens) or tokens[i + 1].token_type != TokenType.L_PAREN
        ):
            continue
        close = _matching_paren(tokens, i + 1)
        depth = 0
        similar = escape = None
        for j in range(i + 1, close):
            tt = tokens[j].token_type
            if tt == TokenType.L_PAREN:
                depth += 1
            elif tt == TokenType.R_PAREN:
                depth -= 1
            elif depth == 1 and tt == TokenType.VAR and tokens[j].text.upper() == "SIMILAR" and similar is None:
                similar = j
            elif depth == 1 and tt == TokenType.ESCAPE and similar is not None:
                escape = j
        if similar is None or escape is None:
            continue
        if out is tokens:
            out = list(tokens)
        for j in (similar, escape):
            t = tokens[j]
            out[j] = Token(TokenType.COMMA, ",", t.line, t.col, t.start, t.end)
        out[i] = Token(TokenType.VAR, token.text + _CALL_MARK, token.line, token.col, token.start, token.end, token.comments)
    return out


_ARROWS = frozenset({TokenType.ARROW, TokenType.DARROW})


def _protect_json_arrow_literals(tokens: list[Token]) -> list[Token]:
    """Keep ``->`` and ``->>`` PostgreSQL's operators in sqlglot's parser.

    * A literal right after the arrow is parenthesized: sqlglot turns it into
      a JSON path and back into a key or an index, losing what was written
      (``j -> 1.5`` becomes ``j -> '1.5'``).
    * A name right before ``->`` that starts a function argument is put in
      double parentheses: sqlglot reads ``f(j -> 'a')`` as a lambda.
    Parentheses around an operand mean the same in PostgreSQL.
    """
    if not any(t.token_type in _ARROWS for t in tokens):
        return tokens
    out: list[Token] = []
    n = len(tokens)
    for i, token in enumerate(tokens):
        prev = tokens[i - 1] if i else None
        literal = token.token_type in (TokenType.STRING, TokenType.NUMBER)
        if literal and prev is not None and prev.token_type in _ARROWS:
            out.extend(_parenthesized([token]))
        elif (
            token.token_type in (TokenType.VAR, TokenType.IDENTIFIER)
            and i + 1 < n and tokens[i + 1].token_type == TokenType.ARROW
            and prev is not None and prev.token_type in (TokenType.L_PAREN, TokenType.COMMA)
        ):
            out.extend(_parenthesized(_parenthesized([token])))
        else:
            out.append(token)
    return out


def _parenthesized(tokens: list[Token]) -> list[Token]:
    first, last = tokens[0], tokens[-1]
    return [
        Token(TokenType.L_PAREN, "(", first.line, first.col, first.start, first.start),
        *tokens,
        Token(TokenType.R_PAREN, ")", last.line, last.col, last.end, last.end),
    ]


# -- function calls are PostgreSQL's, not sqlglot's ----------------------------------------------
#
# sqlglot maps many function names to its own dialect-neutral nodes, and the
# mapping is lossy for PostgreSQL (date_part becomes EXTRACT and changes its
# result type, log10(x) becomes log(10, x), to_char's format is rewritten...).
# pydsql resolves functions against its own pg_proc, so every ordinary call
# NAME(...) reaches it as written: the name gets a marker that sqlglot does not
# recognize, which makes it parse the call as ``exp.Anonymous`` with the raw
# arguments (DISTINCT, ORDER BY, FILTER and OVER still parse as usual).  Calls
# with SQL-standard syntax (CAST(x AS t), EXTRACT(f FROM x), TRIM(BOTH ...),
# POSITION(a IN b), SUBSTRING(x FROM a FOR b), OVERLAY(... PLACING ...)) and the
# conditional expressions keep sqlglot's grammar.

_CALL_MARK = "\x00"  # cannot occur in SQL text (check_text refuses NUL)

_FUNCTION_NAME_TOKENS = frozenset({  # (date(x): a call, not the type)
    TokenType.VAR, TokenType.LEFT, TokenType.RIGHT, TokenType.REPLACE, TokenType.FORMAT, TokenType.UNNEST, TokenType.DATE,
})

_SPECIAL_SYNTAX = frozenset({
    "cast", "extract", "position", "substring", "trim", "overlay", "normalize",
    "coalesce", "nullif", "greatest", "least",
    "check", "key",  # CHECK (...) and PRIMARY KEY (...) are not calls
    "conflict",  # INSERT ... ON CONFLICT (...)
})

# A name right after these words is a relation, not a function: "INSERT INTO t (a)",
# "SELECT ... AS x (a, b)"; in DDL also "CREATE TABLE t (...)", "REFERENCES p (id)"...
_RELATION_BEFORE = frozenset({"INTO", "AS"})
_RELATION_BEFORE_IN_DDL = _RELATION_BEFORE | frozenset({
    "TABLE", "EXISTS", "REFERENCES", "ON", "VIEW", "FUNCTION", "PROCEDURE", "INDEX", "TYPE", "DOMAIN", "SEQUENCE",
})


def _mark_function_calls(tokens: list[Token], ddl: bool) -> list[Token]:
    relation_before = _RELATION_BEFORE_IN_DDL if ddl else _RELATION_BEFORE
    out = list(tokens)
    n = len(tokens)
    for i, token in enumerate(tokens):
        quoted = token.token_type == TokenType.IDENTIFIER  # "lower"(x): an ordinary call, never special syntax
        if (
            not (quoted or token.token_type in _FUNCTION_NAME_TOKENS)
            or i + 1 >= n
            or tokens[i + 1].token_type != TokenType.L_PAREN
            or (not quoted and token.text.lower() in _SPECIAL_SYNTAX)
            or token.text.endswith(_CALL_MARK)
            or (quoted and i > 0 and tokens[i - 1].token_type == TokenType.DCOLON)  # x::"varchar"(3): a type
        ):
            continue
        if i > 0 and _alias_position(tokens, i):
            continue
        if i > 0 and token.text.upper() == "GROUP" and tokens[i - 1].text.upper() == "WITHIN":
            continue  # WITHIN GROUP (ORDER BY ...) of an ordered-set aggregate
        if i > 1 and token.text.upper() == "MATERIALIZED" and tokens[i - 1].token_type == TokenType.NOT:
            continue  # WITH t AS NOT MATERIALIZED (...)
        start = i  # the first part of a qualified name (schema.table)
        while start >= 2 and tokens[start - 1].token_type == TokenType.DOT:
            start -= 2
        if start > 0 and tokens[start - 1].text.upper() in relation_before and tokens[start - 1].token_type not in (
            TokenType.STRING, TokenType.IDENTIFIER,
        ):
            continue
        close = _matching_paren(tokens, i + 1)
        if close + 2 < n and tokens[close + 1].text.upper() == "AS" and tokens[close + 2].text.upper() in ("(", "MATERIALIZED", "NOT"):
            continue  # WITH name (columns) AS (...): a CTE, not a call
        # unnest is a keyword to sqlglot (its own node, with BigQuery's semantics): a plain name here
        token_type = TokenType.VAR if token.token_type == TokenType.UNNEST else token.token_type
        out[i] = Token(token_type, token.text + _CALL_MARK, token.line, token.col, token.start, token.end, token.comments)
    return out


# -- prefix operators ------------------------------------------------------------------------------
#
# PostgreSQL's prefix operators other than unary minus (``@``, ``|/``, ``||/``, ``~``) bind like
# any other operator: looser than ``+ - * / % ^`` and tighter than comparisons, so ``|/ 16 + 9``
# is ``|/ (16 + 9)`` and ``@ -5 * 2`` is ``@ (-5 * 2)``; unary plus binds like unary minus.
# sqlglot reads ``|/`` and ``||/`` as tight unary functions (SQRT, CBRT), ``@`` as a parameter,
# ``~`` as a tight bitwise not, and drops a unary plus.  Each becomes a call of a marked name
# around its operand as PostgreSQL delimits it, which the analyzer resolves as the prefix
# operator it is.  Operator names are first read as PostgreSQL's lexer reads them
# (:func:`_operator_lexemes`): those sqlglot does not know are prefix or binary operators too.

_PREFIX_MARK = _CALL_MARK * 2  # a call named _PREFIX_MARK + operator is a prefix operator

#: sqlglot's tokens of PostgreSQL's prefix operators (``~`` only where an operand is expected)
_PREFIX_OPERATOR_TOKENS = frozenset({
    TokenType.PARAMETER, TokenType.PIPE_SLASH, TokenType.DPIPE_SLASH, TokenType.RLIKE, TokenType.TILDE, TokenType.PLUS,
    TokenType.UNKNOWN,  # (an operator sqlglot does not know: see _operator_lexemes)
})
#: tokens after which an operand is expected: an operator there is a prefix operator
_BEFORE_OPERAND = frozenset({
    TokenType.PLUS, TokenType.DASH, TokenType.STAR, TokenType.SLASH, TokenType.MOD, TokenType.CARET, TokenType.EQ,
    TokenType.NEQ, TokenType.LT, TokenType.GT, TokenType.LTE, TokenType.GTE, TokenType.DPIPE, TokenType.PIPE_SLASH,
    TokenType.DPIPE_SLASH, TokenType.AMP, TokenType.PIPE, TokenType.HASH, TokenType.ARROW, TokenType.DARROW,
    TokenType.HASH_ARROW, TokenType.DHASH_ARROW, TokenType.AT_GT, TokenType.LT_AT, TokenType.DAMP, TokenType.CARET_AT,
    TokenType.RLIKE, TokenType.IRLIKE, TokenType.LIKE, TokenType.ILIKE, TokenType.PARAMETER, TokenType.TILDE,
    TokenType.L_PAREN, TokenType.L_BRACKET, TokenType.COMMA, TokenType.NOT, TokenType.SELECT, TokenType.WHERE,
    TokenType.AND, TokenType.OR, TokenType.CASE, TokenType.WHEN, TokenType.THEN, TokenType.ELSE, TokenType.ON,
    TokenType.HAVING, TokenType.BETWEEN, TokenType.LIMIT, TokenType.OFFSET, TokenType.RETURNING, TokenType.DISTINCT,
    TokenType.ALL, TokenType.DEFAULT, TokenType.ESCAPE, TokenType.GROUP_BY, TokenType.ORDER_BY, TokenType.PARTITION_BY,
    TokenType.UNKNOWN,
})
#: binary operators that bind tighter than a prefix operator (its operand goes on past them)
_TIGHTER_BINARY = frozenset({
    TokenType.PLUS, TokenType.DASH, TokenType.STAR, TokenType.SLASH, TokenType.MOD, TokenType.CARET,
})
#: tokens that cannot start an operand: a prefix operator before them is a syntax error there
_NOT_OPERAND = _AFTER_LIST | {
    TokenType.ALIAS, TokenType.THEN, TokenType.ELSE, TokenType.END, TokenType.WHEN, TokenType.AND, TokenType.OR,
    TokenType.HAVING,
}


def _prefix_operators(tokens: list[Token]) -> list[Token]:
    """``OP operand`` -> ``<_PREFIX_MARK>OP(operand)`` for each prefix operator but unary minus
    (see above), innermost (rightmost) first so that an outer operand reads the inner call whole.

    Between two operands, ``@``, ``|/``, ``||/`` and the operators sqlglot does not know (see
    :func:`_operator_lexemes`) are binary operators: ``a OPERATOR(<_CALL_MARK>op) b``, which the
    analyzer resolves (42883 with the operand types, as PostgreSQL, for those it does not have).
    """
    tokens = _operator_lexemes(tokens)
    positions = []
    binary = []
    for i, token in enumerate(tokens):
        kind = token.token_type
        if kind not in _PREFIX_OPERATOR_TOKENS or (kind == TokenType.PARAMETER and token.text != "@") or (
            kind == TokenType.UNKNOWN and not _OPERATOR_CHARS.issuperset(token.text)  # (the type unknown)
        ):
            continue
        if i == 0 or _before_operand(tokens[i - 1]):
            positions.append(i)
        elif kind in (TokenType.PARAMETER, TokenType.PIPE_SLASH, TokenType.DPIPE_SLASH, TokenType.UNKNOWN):
            binary.append(i)
    if not positions and not binary:
        return tokens
    tokens = list(tokens)
    for i in reversed(binary):
        token = tokens[i]
        name = Token(TokenType.VAR, _CALL_MARK + token.text, token.line, token.col, token.start, token.end)
        tokens[i: i + 1] = [
            Token(TokenType.OPERATOR, "OPERATOR", token.line, token.col, token.start, token.end), *_parenthesized([name]),
        ]
    positions = [i + 3 * sum(1 for j in binary if j < i) for i in positions]  # (each binary one added 3 tokens)
    for i in reversed(positions):
        token = tokens[i]
        stop = _operand_end(tokens, i + 1, tight=token.token_type == TokenType.PLUS)
        name = Token(TokenType.VAR, _PREFIX_MARK + token.text, token.line, token.col, token.start, token.end)
        tokens = [*tokens[:i], name, *_parenthesized(tokens[i + 1: stop]), *tokens[stop:]]
    return tokens


#: the characters of PostgreSQL's operators
_OPERATOR_CHARS = frozenset("+-*/<>=~!@#%^&|`?")
#: operators that keep the trailing + or - of their lexeme (``@-`` is one operator, ``*-`` two)
_NON_SQL_OPERATOR_CHARS = frozenset("~!@#^&|`?%")
#: PostgreSQL's operators that sqlglot's tokens (one, or several such as ``!`` ``~``) read as PostgreSQL does
_KNOWN_OPERATORS = frozenset("""
+ - * / % ^ < > = <> != <= >= || |/ ||/ @ ~ ~* !~ !~* ~~ ~~* !~~ !~~* & | # << >> -> ->> #> #>> @> <@ && ? ?| ?&
#- @? @@ ^@ -|- =>
""".split())


def _split_operators(text: str) -> list[str]:
    """PostgreSQL's lexer on a run of operator characters: the longest operator each time, whose
    trailing ``+``/``-`` is given back unless it holds a character the SQL standard's do not."""
    out = []
    while text:
        n = len(text)
        if n > 1 and text[-1] in "+-" and not _NON_SQL_OPERATOR_CHARS.intersection(text[:-1]):
            while n > 1 and text[n - 1] in "+-":
                n -= 1
        out.append(text[:n])
        text = text[n:]
    return out


def _operator_lexemes(tokens: list[Token]) -> list[Token]:
    """The operators PostgreSQL's lexer reads: sqlglot splits ``+*``, ``@-`` or ``*|/`` into
    operators it knows, and reads ``==``, ``<=>`` or ``??`` as its own; each operator PostgreSQL
    reads that is not one of its own sqlglot handles becomes an UNKNOWN token, a prefix or binary
    operator which the analyzer looks up (42883 ``operator does not exist``)."""
    def is_operator(token: Token) -> bool:
        return token.token_type not in (TokenType.STRING, TokenType.IDENTIFIER) and bool(token.text) and (
            _OPERATOR_CHARS.issuperset(token.text)
        )

    n = len(tokens)
    if not any(
        is_operator(t) and (t.text not in _KNOWN_OPERATORS or (
            k + 1 < n and is_operator(tokens[k + 1]) and tokens[k + 1].start == t.end + 1
        ))
        for k, t in enumerate(tokens)
    ):
        return tokens  # (the usual case: no operator sqlglot does not know, no run of them)
    out: list[Token] = []
    i = 0
    while i < n:
        if not is_operator(tokens[i]):
            out.append(tokens[i])
            i += 1
            continue
        j = i + 1
        while j < n and is_operator(tokens[j]) and tokens[j].start == tokens[j - 1].end + 1:
            j += 1
        run = tokens[i:j]
        lexemes = _split_operators("".join(t.text for t in run))
        if all(lexeme in _KNOWN_OPERATORS for lexeme in lexemes):
            out.extend(run)  # sqlglot reads them as PostgreSQL does, however it split them
        else:
            first, offset = run[0], run[0].start
            for lexeme in lexemes:
                kind = TokenType.UNKNOWN if lexeme not in _KNOWN_OPERATORS else _tokenize(lexeme)[0].token_type
                out.append(Token(kind, lexeme, first.line, first.col, offset, offset + len(lexeme) - 1))
                offset += len(lexeme)
        i = j
    return out


def _before_operand(token: Token) -> bool:
    """Whether an operand is expected after ``token`` (``!`` is NOT to sqlglot: ``!~`` is one operator)."""
    kind = token.token_type
    return kind in _BEFORE_OPERAND and (kind != TokenType.NOT or token.text != "!") and (
        kind != TokenType.UNKNOWN or _OPERATOR_CHARS.issuperset(token.text)  # (not the type unknown)
    )


def _operand_end(tokens: list[Token], i: int, *, tight: bool) -> int:
    """Where the operand of a prefix operator starting at ``i`` ends: a unary-minus-level operand
    (``tight``: unary plus) takes one value with its casts, subscripts and field selections; the
    operand of any other prefix operator goes on past ``+ - * / % ^``, AT TIME ZONE and COLLATE
    and stops at the first operator that binds as loosely as it (or more loosely)."""
    n = len(tokens)
    while True:
        while i < n and tokens[i].token_type in (TokenType.PLUS, TokenType.DASH, TokenType.NOT):
            tight = tight and tokens[i].token_type != TokenType.NOT
            i += 1  # signs (and NOT) are part of the operand
        i = _primary_end(tokens, i)
        while i < n:  # postfix forms
            kind = tokens[i].token_type
            if kind == TokenType.DCOLON:
                i = _type_end(tokens, i + 1)
            elif kind == TokenType.L_BRACKET:
                i = _matching(tokens, i, TokenType.L_BRACKET, TokenType.R_BRACKET) + 1
            elif kind == TokenType.DOT:
                i += 2
            elif not tight and kind == TokenType.COLLATE:
                i += 2
            else:
                break
        if tight or i >= n:
            return min(i, n)
        if tokens[i].token_type in _TIGHTER_BINARY:
            i += 1
        elif tokens[i].text.upper() == "AT" and i + 2 < n and tokens[i + 1].text.upper() == "TIME":
            i += 3  # AT TIME ZONE
        else:
            return i


def _primary_end(tokens: list[Token], i: int) -> int:
    """The end of the value (literal, name, call, parenthesized expression, CASE, ARRAY) at ``i``."""
    n = len(tokens)
    if i >= n:
        raise syntax_error(None)
    token = tokens[i]
    kind = token.token_type
    if kind in _NOT_OPERAND:
        raise syntax_error(_as_written(token))
    if kind == TokenType.L_PAREN:
        return _matching_paren(tokens, i) + 1
    if kind == TokenType.CASE:
        return _matching(tokens, i, TokenType.CASE, TokenType.END) + 1
    if kind == TokenType.ARRAY and i + 1 < n and tokens[i + 1].token_type == TokenType.L_BRACKET:
        return _matching(tokens, i + 1, TokenType.L_BRACKET, TokenType.R_BRACKET) + 1
    if kind == TokenType.PARAMETER and i + 1 < n and tokens[i + 1].token_type == TokenType.NUMBER:
        return i + 2  # $1
    while i + 2 < n and kind in _NAMES and tokens[i + 1].token_type == TokenType.DOT:
        i += 2  # a qualified name
    i += 1
    if i < n and tokens[i].token_type == TokenType.STRING and kind not in (TokenType.STRING, TokenType.NUMBER):
        return i + 1  # a typed literal: int4 '5'
    if i < n and tokens[i].token_type == TokenType.L_PAREN:  # a call, with its FILTER, WITHIN GROUP, OVER
        i = _matching_paren(tokens, i) + 1
        while i < n and tokens[i].text.upper() in ("FILTER", "WITHIN", "GROUP", "OVER"):
            following = tokens[i + 1] if i + 1 < n else None
            if following is not None and following.token_type == TokenType.L_PAREN:
                i = _matching_paren(tokens, i + 1) + 1
            else:
                i += 1 if tokens[i].text.upper() != "OVER" else 2  # OVER w
    return i


def _type_end(tokens: list[Token], i: int) -> int:
    """The end of the type name at ``i`` (after ``::``): qualified, with modifiers, WITH TIME ZONE."""
    n = len(tokens)
    i += 1
    while i < n:
        word = tokens[i].text.upper()
        if tokens[i].token_type == TokenType.DOT:
            i += 2
        elif tokens[i].token_type == TokenType.L_PAREN:
            i = _matching_paren(tokens, i) + 1
        elif word in ("WITH", "WITHOUT") and i + 1 < n and tokens[i + 1].text.upper() == "TIME":
            i += 3
        else:
            break
    return i


def _matching(tokens: list[Token], open_index: int, opening: TokenType, closing: TokenType) -> int:
    """The index of the token closing the one at ``open_index`` (len(tokens) if none)."""
    depth = 0
    for j in range(open_index, len(tokens)):
        kind = tokens[j].token_type
        if kind == opening:
            depth += 1
        elif kind == closing:
            depth -= 1
            if depth == 0:
                return j
    return len(tokens)


def marked_operator(node: exp.Operator) -> str | None:
    """The operator of ``a OPERATOR(op) b`` when the dialect wrote it (see :func:`_prefix_operators`)."""
    name = node.args.get("operator")
    return name[len(_CALL_MARK):] if isinstance(name, str) and name.startswith(_CALL_MARK) else None


def prefix_operator(node: exp.Expr) -> str | None:
    """The operator of a prefix operator call (see :func:`_prefix_operators`), None for other nodes."""
    if isinstance(node, exp.Anonymous) and isinstance(node.this, str) and node.this.startswith(_PREFIX_MARK):
        return node.this[len(_PREFIX_MARK):]
    return None


def _alias_position(tokens: list[Token], i: int) -> bool:
    """Whether the name at ``i`` (followed by "(") is a FROM item's alias with column names:
    ``(subquery) v(a, b)``, ``f(x) g(n)``, ``FROM [schema.]t v(a)``; not a call."""
    previous = tokens[i - 1]
    if previous.token_type == TokenType.R_PAREN:
        # ... f(x) g(n) is an alias; SELECT DISTINCT ON (x) f(y) is a call
        depth, j = 0, i - 1
        while j >= 0:
            if tokens[j].token_type == TokenType.R_PAREN:
                depth += 1
            elif tokens[j].token_type == TokenType.L_PAREN:
                depth -= 1
                if depth == 0:
                    break
            j -= 1
        return not (j >= 2 and tokens[j - 1].text.upper() == "ON" and tokens[j - 2].text.upper() == "DISTINCT")
    if previous.token_type == TokenType.ORDINALITY:
        return True  # ... f(x) WITH ORDINALITY g(n, i)
    if previous.token_type not in (TokenType.VAR, TokenType.IDENTIFIER):
        return False
    start = i - 1
    while start >= 2 and tokens[start - 1].token_type == TokenType.DOT:
        start -= 2
    return start > 0 and tokens[start - 1].token_type in (TokenType.FROM, TokenType.JOIN, TokenType.COMMA)


#: SQL-standard calls whose only form in PostgreSQL's grammar has a keyword between the
#: arguments (``position(a IN b)``, ``extract(field FROM x)``): a comma there is a syntax error
_KEYWORD_CALL_FORMS = {"POSITION": "IN", "EXTRACT": "FROM"}


def _check_keyword_call_forms(tokens: list[Token]) -> None:
    """``position(a, b)`` and ``extract(x, y)``: 42601 at the comma, where sqlglot reads them
    as ``position(a IN b)`` and ``extract(x FROM y)``.  (``pg_catalog.position(a, b)`` and the
    quoted name are ordinary calls.)"""
    for i, token in enumerate(tokens[:-1]):
        keyword = _KEYWORD_CALL_FORMS.get(token.text.upper())
        if (
            keyword is None or token.token_type in (TokenType.STRING, TokenType.IDENTIFIER)
            or tokens[i + 1].token_type != TokenType.L_PAREN or (i and tokens[i - 1].token_type == TokenType.DOT)
        ):
            continue
        depth = 0
        for j in range(i + 1, _matching_paren(tokens, i + 1)):
            kind = tokens[j].token_type
            if kind == TokenType.L_PAREN:
                depth += 1
            elif kind == TokenType.R_PAREN:
                depth -= 1
            elif depth == 1 and tokens[j].text.upper() == keyword:
                break
            elif depth == 1 and kind == TokenType.COMMA:
                raise syntax_error(",")


def _check_operand_forms(tokens: list[Token]) -> None:
    """Operands sqlglot reads where PostgreSQL's grammar has none (42601 at the token after):
    ``f(DISTINCT)``, ``count(*, x)``, ``x IN 1`` (IN takes a parenthesized list or subquery;
    ``position(a IN b)`` is its own form), ``FROM select``."""
    callers: list[str] = []  # per open parenthesis: the word before it
    for i, token in enumerate(tokens):
        kind = token.token_type
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if kind == TokenType.L_PAREN:
            callers.append(tokens[i - 1].text.lower() if i else "")
        elif kind == TokenType.R_PAREN:
            if callers:
                callers.pop()
        elif kind == TokenType.DISTINCT and after is not None and after.token_type == TokenType.R_PAREN:
            raise syntax_error(")")
        elif kind == TokenType.STAR and i and tokens[i - 1].token_type == TokenType.L_PAREN and (
            after is not None and after.token_type == TokenType.COMMA
        ):
            raise syntax_error(",")
        elif kind == TokenType.IN and after is not None and after.token_type != TokenType.L_PAREN:
            if not (callers and callers[-1] == "position"):  # (SELECT 1 IN: a column labelled "in")
                raise syntax_error(_as_written(after))
        elif kind in (TokenType.FROM, TokenType.JOIN) and after is not None and after.token_type == TokenType.SELECT:
            raise syntax_error(after.text)


def _as_written(token: Token) -> str:
    """A token as PostgreSQL quotes it in "at or near": a string literal with its quotes."""
    if token.token_type == TokenType.STRING:
        return "'" + token.text.replace("'", "''") + "'"
    return _near(token)


#: SQL-standard value functions, keywords in PostgreSQL's grammar: those that take a precision
#: in parentheses (``current_time(2)``), and those that take no parentheses at all
_VALUE_FUNCTIONS_WITH_PRECISION = frozenset({"current_time", "current_timestamp", "localtime", "localtimestamp"})
_VALUE_FUNCTIONS_WITHOUT_PARENS = frozenset({
    "current_date", "current_user", "session_user", "current_role", "current_catalog", "user", "system_user",
})


def _check_value_function_parens(tokens: list[Token]) -> None:
    """42601 where PostgreSQL's grammar has no call: ``current_date()``, ``user()``, and a
    precision that is not an integer constant (``current_time()``, ``localtime(1.5)``);
    sqlglot reads all of these as calls.  (The quoted names are ordinary function names.)"""
    for i, token in enumerate(tokens[:-1]):
        if token.token_type == TokenType.IDENTIFIER or tokens[i + 1].token_type != TokenType.L_PAREN:
            continue
        name = token.text.lower()
        if i and (tokens[i - 1].token_type == TokenType.DOT or tokens[i - 1].text.upper() in _RELATION_BEFORE_IN_DDL):
            continue  # a qualified name (pg_catalog.user()), or a relation
        if name in _VALUE_FUNCTIONS_WITHOUT_PARENS:
            raise syntax_error("(")
        if name in _VALUE_FUNCTIONS_WITH_PRECISION:
            precision = tokens[i + 2] if i + 2 < len(tokens) else None
            if precision is None or precision.token_type != TokenType.NUMBER or not precision.text.isdigit():
                raise syntax_error(precision.text if precision is not None else None)
            if i + 3 >= len(tokens) or tokens[i + 3].token_type != TokenType.R_PAREN:
                raise syntax_error(tokens[i + 3].text if i + 3 < len(tokens) else None)


#: Type names that are keywords in PostgreSQL's grammar (its col_name_keyword types), by
#: what may follow them in parentheses: nothing, an integer constant, or any expressions
_TYPE_KEYWORDS_WITHOUT_MODIFIERS = frozenset({"INT", "INTEGER", "SMALLINT", "BIGINT", "REAL", "BOOLEAN"})
_TYPE_KEYWORDS_WITH_LENGTH = frozenset({"FLOAT", "CHAR", "CHARACTER", "NCHAR", "VARCHAR", "TIMESTAMP", "TIME", "INTERVAL"})
_TYPE_KEYWORDS_WITH_MODIFIERS = frozenset({"NUMERIC", "DECIMAL", "DEC", "BIT"})
#: Words after which an expression starts (with ``,``, ``(``, ``[`` and operators)
_EXPRESSION_STARTERS = frozenset({
    "SELECT", "WHERE", "AND", "OR", "NOT", "WHEN", "THEN", "ELSE", "ON", "HAVING", "RETURNING", "DISTINCT", "ALL",
    "LIMIT", "OFFSET", "BY", "IN", "IS", "BETWEEN", "DEFAULT", "USING", "VALUES", "CASE", "EXISTS", "ANY", "SOME",
})
_OPERATOR_CHARS = frozenset("+-*/<>=~!@#%^&|`?")


def _check_type_name_calls(tokens: list[Token]) -> None:
    """A keyword type name followed by ``(`` where an expression starts is not a call in
    PostgreSQL's grammar but a type with modifiers, which only a string constant may follow
    (``numeric(10, 2) '1.5'``, ``timestamp(0) with time zone '...'``): ``int('5')``,
    ``numeric('12.5')``, ``varchar(12)`` are 42601, at PostgreSQL's token.  sqlglot reads
    them as calls.  (Quoted or qualified names are ordinary function names, and a type
    position -- after ``::``, ``AS`` or a column name -- is left to the parser.)"""
    for i, token in enumerate(tokens[:-1]):
        word = token.text.upper()
        if (
            token.token_type in (TokenType.STRING, TokenType.IDENTIFIER) or tokens[i + 1].token_type != TokenType.L_PAREN
            or not (word in _TYPE_KEYWORDS_WITHOUT_MODIFIERS or word in _TYPE_KEYWORDS_WITH_LENGTH
                    or word in _TYPE_KEYWORDS_WITH_MODIFIERS)
        ):
            continue
        before = tokens[i - 1] if i else None
        if before is not None and not (
            before.token_type in (TokenType.COMMA, TokenType.L_PAREN, TokenType.L_BRACKET)
            or before.text.upper() in _EXPRESSION_STARTERS or (before.text and set(before.text) <= _OPERATOR_CHARS)
        ):
            continue
        if word in _TYPE_KEYWORDS_WITHOUT_MODIFIERS:
            raise syntax_error("(")
        close = _matching_paren(tokens, i + 1)
        if word in _TYPE_KEYWORDS_WITH_LENGTH:
            length = tokens[i + 2] if i + 2 < len(tokens) else None
            if length is None or length.token_type != TokenType.NUMBER or not length.text.isdigit():
                raise syntax_error(_as_written(length) if length is not None else None)
            close = i + 3
            if close >= len(tokens) or tokens[close].token_type != TokenType.R_PAREN:
                raise syntax_error(_as_written(tokens[close]) if close < len(tokens) else None)
        after = close + 1
        if word in ("TIME", "TIMESTAMP") and [t.text.upper() for t in tokens[after:after + 3]] in (
            ["WITH", "TIME", "ZONE"], ["WITHOUT", "TIME", "ZONE"],
        ):
            after += 3
        if after >= len(tokens) or tokens[after].token_type != TokenType.STRING:
            raise syntax_error(_as_written(tokens[after]) if after < len(tokens) else None)


def _matching_paren(tokens: list[Token], open_index: int) -> int:
    depth = 0
    for j in range(open_index, len(tokens)):
        tt = tokens[j].token_type
        if tt == TokenType.L_PAREN:
            depth += 1
        elif tt == TokenType.R_PAREN:
            depth -= 1
            if depth == 0:
                return j
    return len(tokens)


def to_sql(node: exp.Expr) -> str:
    """PostgreSQL text of a parsed node (what the catalog stores for defaults and checks)."""
    text: str = node.sql(dialect=_DIALECT)
    return text.replace(_PREFIX_MARK, " ").replace(_CALL_MARK, "")  # (a prefix operator: " |/(x)")


def function_name(node: exp.Anonymous) -> str:
    """The name of a function call as PostgreSQL resolves it (unquoted names fold to lower case)."""
    this = node.this
    if isinstance(this, exp.Identifier):
        text: str = this.this.removesuffix(_CALL_MARK)
        return text if this.quoted else text.lower()
    name = str(this)
    if name.endswith(_CALL_MARK):
        return name[: -len(_CALL_MARK)].lower()
    return name.lower()


# -- errors ---------------------------------------------------------------------------------


#: Words PostgreSQL reads as the start of a longer clause: at the end of a statement, "at end of
#: input" even where sqlglot gave them back (``FROM t LEFT``, ``SELECT 1 FOR``, ``FROM t s ORDER``).
_PREFIX_WORDS = _CLAUSE_KEYWORDS | {"inner", "left", "right", "full", "cross", "natural", "for"}


def _parse_error(e: sqlglot.errors.ParseError, tokens: list[Token], sql: str, ran_out: bool) -> errors.SyntaxError:
    """PostgreSQL's wording for sqlglot's error; ``ran_out``: whether sqlglot had read every token."""
    info = e.errors[0] if e.errors else {}
    description = str(info.get("description", ""))
    highlight = str(info.get("highlight") or "")
    if highlight == ")" and description.startswith(("Required keyword", "The number of provided arguments")):
        return syntax_error(")")  # a function called with too few arguments: PostgreSQL stops at the ")"
    last = tokens[-1]
    if not highlight or "SENTINEL" in description:
        return syntax_error(None)
    if (info.get("line"), info.get("col")) == (last.line, last.col):
        # sqlglot places both running out of tokens and refusing the last one (SELECT 1 2) there
        prefix = last.token_type not in (TokenType.STRING, TokenType.IDENTIFIER) and last.text.lower() in _PREFIX_WORDS
        if ran_out or prefix or sql[last.start: last.end + 1] != last.text:
            return syntax_error(None)  # (a token of pydsql's rewriting is not quoted)
        return syntax_error(_near(last))
    if " " in highlight and highlight.replace(" ", "").isalpha():
        highlight = highlight.split()[0]  # ORDER BY: PostgreSQL's tokens are words
    return syntax_error(highlight)


#: A parameter followed by something other than a space: where sqlglot may see a dollar quote.
_PARAMETER_THEN_TAG = re.compile(r"\$\d+[^\s\d]")


def _tokenize_sql(sql: str) -> list[Token]:
    """sqlglot's tokens of ``sql``, read as PostgreSQL's lexer reads them.

    sqlglot takes ``@`` for the start of a parameter (``@name``): it reads the token after
    it as a name even when it is a keyword, a number or a string (``@ NULL``, ``@ 1.5``).
    In PostgreSQL ``@`` is an operator like any other: the text is tokenized again with
    each lone ``@`` blanked out, and the ``@`` tokens put back among the others.
    """
    tokens = _tokenize_parameters(sql)
    at_signs = [t for t in tokens if t.token_type == TokenType.PARAMETER and t.text == "@"]
    if not at_signs:
        return tokens
    blanked = list(sql)
    for token in at_signs:
        blanked[token.start] = " "
    return sorted([*_tokenize_parameters("".join(blanked)), *at_signs], key=lambda t: t.start)


def _tokenize_parameters(sql: str) -> list[Token]:
    """sqlglot's tokens of ``sql``, parameters apart.

    sqlglot reads ``$1,$2`` as the start of a dollar-quoted string tagged ``1,``
    (PostgreSQL does not: a tag cannot start with a digit, so ``$1`` is always a
    parameter).  A text with such a parameter is tokenized with a space after
    each, and the tokens' offsets are mapped back to the text as written.
    """
    if "$" not in sql or _PARAMETER_THEN_TAG.search(sql) is None:
        return _tokenize(sql)
    ends = [end for end in _scan(sql)[1] if end < len(sql) and not sql[end].isspace()]
    if not ends:
        return _tokenize(sql)
    pieces, last = [], 0
    for end in ends:
        pieces += [sql[last:end], " "]
        last = end
    padded = "".join(pieces) + sql[last:]
    inserted = [end + k for k, end in enumerate(ends)]  # the spaces' offsets in ``padded``
    tokens = _tokenize(padded)
    for token in tokens:  # (line and col stay the padded text's: only errors compare them, with each other)
        before = bisect.bisect_left(inserted, token.start)
        token.start -= before
        token.end -= before
    return tokens


def _token_error(sql: str) -> errors.Error:
    """PostgreSQL's wording for an unterminated string or quoted identifier, or bit's input
    error for a ``B'...'``/``X'...'`` literal that is not binary or hexadecimal (which
    PostgreSQL's lexer takes, and sqlglot's tokenizer refuses)."""
    for literal in _BIT_STRING_LITERAL.finditer(sql):
        try:
            bit_in(literal.group(1).lower() + literal.group(2))
        except errors.Error as e:
            return e
    quote, start = _unterminated_quote(sql)
    if quote == "'":
        return errors.SyntaxError(f'unterminated quoted string at or near "{sql[start:]}"')
    if quote == "x'":
        return errors.SyntaxError(f'unterminated hexadecimal string literal at or near "{sql[start:]}"')
    if quote == "b'":
        return errors.SyntaxError(f'unterminated bit string literal at or near "{sql[start:]}"')
    if quote == '"':
        return errors.SyntaxError(f'unterminated quoted identifier at or near "{sql[start:]}"')
    if quote == "$":
        return errors.SyntaxError(f'unterminated dollar-quoted string at or near "{sql[start:]}"')
    if quote == "/*":
        return errors.SyntaxError(f'unterminated /* comment at or near "{sql[start:]}"')
    return syntax_error(None)


_BIT_STRING_LITERAL = re.compile(r"(?<![\w$'])([bBxX])'([^']*)'")


def _unterminated_quote(sql: str) -> tuple[str | None, int]:
    return _scan(sql)[0]


def _scan(sql: str) -> tuple[tuple[str | None, int], list[int]]:
    """PostgreSQL's lexical skeleton of ``sql``: the first unterminated quote or comment
    (its opening and offset; ``(None, 0)`` if none), and the offsets just past each
    ``$n`` parameter outside strings, quoted identifiers and comments."""
    i, n = 0, len(sql)
    parameter_ends: list[int] = []
    while i < n:
        c = sql[i]
        if c in "'\"":
            prefix = _string_prefix(sql, i) if c == "'" else ""
            escapes = prefix in ("e", "E")  # E'...': a backslash escapes the next character
            j = i + 1
            while True:
                j = _closing_quote(sql, c, j, escapes)
                if j < 0:
                    kind = {"x": "x'", "b": "b'"}.get(prefix.lower(), c)
                    start = i if prefix.lower() in ("", "n") else i - len(prefix)  # (N'': the lexer's n, then '')
                    return (kind, start), parameter_ends
                if j + 1 < n and sql[j + 1] == c:
                    j += 2
                    continue
                break
            i = j + 1
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j + 1
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            if j < 0:
                return ("/*", i), parameter_ends
            i = j + 2
        elif c == "$":
            j = i + 1
            while j < n and sql[j].isdigit():
                j += 1
            if j > i + 1 and not (i > 0 and (sql[i - 1].isalnum() or sql[i - 1] == "_")):  # $n, not a$1
                parameter_ends.append(j)
                i = j
                continue
            j = sql.find("$", i + 1)
            tag = sql[i: j + 1] if j > 0 else ""
            if j > 0 and (tag == "$$" or tag[1:-1].isidentifier()):
                k = sql.find(tag, j + 1)
                if k < 0:
                    return ("$", i), parameter_ends
                i = k + len(tag)
            else:
                i += 1
        else:
            i += 1
    return (None, 0), parameter_ends


def _string_prefix(sql: str, quote: int) -> str:
    """The prefix of the string literal opening at ``quote`` (E, U&, X, B, N or none): a letter
    (or U&) right before it that starts a token rather than ending a longer name."""
    for prefix in (sql[quote - 2: quote], sql[quote - 1: quote]):
        if prefix.lower() in ("u&", "e", "x", "b", "n"):
            before = quote - len(prefix) - 1
            if before < 0 or not (sql[before].isalnum() or sql[before] in "_$" or sql[before] >= "\x80"):
                return prefix
    return ""


def _closing_quote(sql: str, quote: str, start: int, escapes: bool) -> int:
    """The offset of the next ``quote`` from ``start`` (-1 if none); ``escapes``: skipping the
    characters escaped by a backslash."""
    if not escapes:
        return sql.find(quote, start)
    j = start
    while j < len(sql):
        if sql[j] == "\\":
            j += 2
        elif sql[j] == quote:
            return j
        else:
            j += 1
    return -1


# -- a tiny recursive-descent reader for utility statements -------------------------------


class _Cursor:
    def __init__(self, tokens: list[Token], sql: str = "") -> None:
        self.tokens = tokens
        self.sql = sql  # the query string the tokens' offsets point into
        self.i = 0

    def text(self, start: int, stop: int) -> str:
        """The source text of tokens ``start`` to ``stop - 1``, as written."""
        return self.sql[self.tokens[start].start: self.tokens[stop - 1].end + 1]

    def peek(self) -> str | None:
        if self.i < len(self.tokens):
            return self.tokens[self.i].text.upper()
        return None

    def peek_token(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def accept(self, *words: str) -> bool:
        """Consume ``words`` if the next tokens are exactly these keywords."""
        n = len(words)
        toks = self.tokens[self.i: self.i + n]
        if len(toks) == n and all(
            t.text.upper() == w and t.token_type not in (TokenType.STRING, TokenType.IDENTIFIER)
            for t, w in zip(toks, words)
        ):
            self.i += n
            return True
        return False

    def expect(self, *words: str) -> None:
        for w in words:
            if not self.accept(w):
                self.fail()

    def at_end(self) -> bool:
        return self.i >= len(self.tokens)

    def end(self) -> None:
        if not self.at_end():
            self.fail()

    def fail(self) -> None:
        token = self.peek_token()
        raise syntax_error(None if token is None else token.text)

    def name(self) -> str:
        """An identifier: unquoted names fold to lower case."""
        token = self.peek_token()
        if token is None or token.token_type in (TokenType.STRING, TokenType.NUMBER):
            self.fail()
        assert token is not None
        self.i += 1
        return clip_identifier(token.text if token.token_type == TokenType.IDENTIFIER else token.text.lower())

    def value(self) -> str:
        """A SET value: a word, a number (with sign) or a string."""
        token = self.peek_token()
        if token is None:
            self.fail()
        assert token is not None
        if token.text in ("-", "+") and self.i + 1 < len(self.tokens):
            self.i += 2
            return token.text + self.tokens[self.i - 1].text
        self.i += 1
        if token.token_type in (TokenType.STRING, TokenType.IDENTIFIER, TokenType.NUMBER):
            return token.text
        return token.text.lower()


def _transaction_modes(c: _Cursor, action: str) -> TransactionStmt:
    isolation = None
    read_only = None
    deferrable = None
    first = True
    while not c.at_end():
        if not first:
            c.accept(",")
        first = False
        if c.accept("ISOLATION", "LEVEL"):
            if c.accept("SERIALIZABLE"):
                isolation = "SERIALIZABLE"
            elif c.accept("REPEATABLE", "READ"):
                isolation = "REPEATABLE READ"
            elif c.accept("READ", "COMMITTED"):
                isolation = "READ COMMITTED"
            elif c.accept("READ", "UNCOMMITTED"):
                isolation = "READ UNCOMMITTED"
            else:
                c.fail()
        elif c.accept("READ", "ONLY"):
            read_only = True
        elif c.accept("READ", "WRITE"):
            read_only = False
        elif c.accept("NOT", "DEFERRABLE"):
            deferrable = False
        elif c.accept("DEFERRABLE"):
            deferrable = True
        else:
            c.fail()
    return TransactionStmt(action, isolation=isolation, read_only=read_only, deferrable=deferrable)


def _begin(c: _Cursor) -> TransactionStmt:
    c.expect("BEGIN")
    c.accept("WORK") or c.accept("TRANSACTION")
    return _transaction_modes(c, "begin")


def _start(c: _Cursor) -> TransactionStmt | None:
    if not c.accept("START", "TRANSACTION"):
        return None
    return _transaction_modes(c, "begin")


def _chain(c: _Cursor) -> bool:
    if c.accept("AND", "NO", "CHAIN"):
        return False
    if c.accept("AND", "CHAIN"):
        return True
    return False


def _commit(c: _Cursor) -> TransactionStmt:
    c.i += 1  # COMMIT or END
    c.accept("WORK") or c.accept("TRANSACTION")
    chain = _chain(c)
    c.end()
    return TransactionStmt("commit", chain=chain)


def _rollback(c: _Cursor) -> TransactionStmt:
    c.i += 1  # ROLLBACK or ABORT
    c.accept("WORK") or c.accept("TRANSACTION")
    if c.accept("TO"):
        c.accept("SAVEPOINT")
        name = c.name()
        c.end()
        return TransactionStmt("rollback_to", savepoint=name)
    chain = _chain(c)
    c.end()
    return TransactionStmt("rollback", chain=chain)


def _savepoint(c: _Cursor) -> TransactionStmt:
    c.expect("SAVEPOINT")
    name = c.name()
    c.end()
    return TransactionStmt("savepoint", savepoint=name)


def _release(c: _Cursor) -> TransactionStmt:
    c.expect("RELEASE")
    c.accept("SAVEPOINT")
    name = c.name()
    c.end()
    return TransactionStmt("release", savepoint=name)


def _set(c: _Cursor) -> object:
    c.expect("SET")
    local = False
    if c.accept("LOCAL"):
        local = True
    else:
        c.accept("SESSION")
    if c.peek() == "TRANSACTION" or c.accept("CHARACTERISTICS", "AS"):
        # SET TRANSACTION ... / SET SESSION CHARACTERISTICS AS TRANSACTION ...
        c.expect("TRANSACTION")
        if c.peek() == "SNAPSHOT":
            c.fail()
        modes = _transaction_modes(c, "set_transaction")
        return SetStmt("transaction", _modes_text(modes), local)
    if c.accept("TIME", "ZONE"):
        if c.accept("DEFAULT") or c.accept("LOCAL"):
            value = None
        elif c.accept("INTERVAL"):
            # INTERVAL '-08:00' [HOUR TO MINUTE]: the setting resolver reads this text
            literal = c.peek_token()
            if literal is None or literal.token_type != TokenType.STRING:
                c.fail()
            assert literal is not None
            c.i += 1
            qualifier = " ".join(t.text.upper() for t in c.tokens[c.i:])
            c.i = len(c.tokens)
            value = "INTERVAL '" + literal.text.replace("'", "''") + "'" + (" " + qualifier if qualifier else "")
        else:
            value = c.value()
        c.end()
        return SetStmt("timezone", value, local)
    if c.accept("CONSTRAINTS"):
        return SetStmt("constraints", " ".join(t.text for t in c.tokens[c.i:]), local)
    if c.accept("ROLE"):
        return SetStmt("role", c.value() if not c.at_end() else None, local)
    if c.accept("SESSION", "AUTHORIZATION"):
        return SetStmt("session_authorization", c.value() if not c.at_end() else None, local)
    if c.accept("NAMES"):
        return SetStmt("client_encoding", c.value(), local)
    name = c.name()
    while c.accept("."):
        name += "." + c.name()
    if not (c.accept("TO") or c.accept("=")):
        c.fail()
    if c.accept("DEFAULT"):
        c.end()
        return SetStmt(name, None, local)
    values = [c.value()]
    while c.accept(","):
        values.append(c.value())
    c.end()
    return SetStmt(name, ", ".join(values), local)


def _modes_text(modes: TransactionStmt) -> str:
    parts = []
    if modes.isolation:
        parts.append(f"ISOLATION LEVEL {modes.isolation}")
    if modes.read_only is not None:
        parts.append("READ ONLY" if modes.read_only else "READ WRITE")
    return ", ".join(parts)


def _reset(c: _Cursor) -> SetStmt:
    c.expect("RESET")
    token = c.peek_token()
    if token is not None and token.token_type == TokenType.STRING and c.i + 1 == len(c.tokens):
        # sqlglot reads RESET as a command: the rest of the statement arrives as one raw string
        words = token.text.split()
        if len(words) == 2 and [w.lower() for w in words] == ["time", "zone"]:
            return SetStmt("timezone", None, reset=True)
        if len(words) != 1 or not re.fullmatch(r'[A-Za-z_][A-Za-z0-9_$.]*|"[^"]+"', words[0]):
            raise syntax_error(words[1] if len(words) > 1 else words[0] if words else None)
        word = words[0]
        return SetStmt((word[1:-1] if word.startswith('"') else word).lower(), None, reset=True)
    name = "all" if c.accept("ALL") else c.name()
    c.end()
    return SetStmt(name, None, reset=True)


def _show(c: _Cursor) -> ShowStmt:
    c.expect("SHOW")
    if c.accept("TIME", "ZONE"):
        name = "timezone"
    elif c.accept("TRANSACTION", "ISOLATION", "LEVEL"):
        name = "transaction_isolation"
    elif c.accept("ALL"):
        name = "all"
    else:
        token = c.peek_token()
        if token is None:
            c.fail()
        assert token is not None
        c.i += 1
        name = token.text if token.token_type == TokenType.IDENTIFIER else token.text.lower()
        while c.accept("."):
            name += "." + c.name()
    c.end()
    return ShowStmt(name)


# -- CREATE FUNCTION / DROP FUNCTION (sqlglot's grammar for them is partial) -----------------

#: words that end a type or expression inside CREATE FUNCTION's clauses
_ROUTINE_OPTIONS = frozenset({
    "LANGUAGE", "AS", "IMMUTABLE", "STABLE", "VOLATILE", "STRICT", "CALLED", "RETURNS", "SECURITY", "EXTERNAL",
    "PARALLEL", "COST", "ROWS", "SUPPORT", "SET", "WINDOW", "LEAKPROOF", "NOT", "TRANSFORM", "RETURN", "BEGIN",
})


def _span(c: _Cursor, stop_words: frozenset[str], stop_tokens: frozenset[str] = frozenset({",", ")"})) -> str:
    """The text up to a stop word or token at parenthesis depth 0 (an expression or a type)."""
    start = c.i
    depth = 0
    while not c.at_end():
        token = c.tokens[c.i]
        word = token.text.upper() if token.token_type not in (TokenType.STRING, TokenType.IDENTIFIER) else ""
        if depth == 0 and (word in stop_words or word in stop_tokens):
            break
        if word in ("(", "["):
            depth += 1
        elif word in (")", "]"):
            depth -= 1
        c.i += 1
    if c.i == start:
        c.fail()
    return c.text(start, c.i)


def _routine_arg(c: _Cursor) -> RoutineArg:
    mode = c.peek()
    if mode in ("OUT", "INOUT", "VARIADIC"):
        raise errors.FeatureNotSupported(f"{mode} arguments of SQL functions are not supported by pydsql yet")
    c.accept("IN")
    # a name precedes the type when a second word follows the first (not "(" or "[" of the type)
    nxt = c.tokens[c.i + 1] if c.i + 1 < len(c.tokens) else None
    name = None
    if nxt is not None and nxt.text not in ("(", "[", ",", ")", "=") and nxt.text.upper() != "DEFAULT":
        name = c.name()
    type_text = _span(c, frozenset({"DEFAULT", "="}))  # (an empty type fails there)
    default = None
    if c.accept("DEFAULT") or c.accept("="):
        default = _span(c, frozenset())
    return RoutineArg(name, type_text, default)


def _create_function(c: _Cursor) -> CreateFunctionStmt | RefusedStmt | None:
    refused = _refused_language(c.tokens, _words(c.tokens, 6))
    if refused is not None:
        return refused  # LANGUAGE plpgsql...: DSQL's refusal, whatever the body holds
    if c.accept("CREATE", "FUNCTION") or c.accept("CREATE", "OR", "REPLACE", "FUNCTION"):
        replace = c.tokens[1].text.upper() == "OR"
    else:
        return None  # other CREATE statements are sqlglot's
    schema, name = _qualified_name(c)
    c.expect("(")
    args: list[RoutineArg] = []
    if not c.accept(")"):
        args.append(_routine_arg(c))
        while c.accept(","):
            args.append(_routine_arg(c))
        c.expect(")")
    returns = None
    setof = False
    table_columns: list[tuple[str, str]] | None = None
    language = None
    volatility = "v"
    strict = False
    body = None
    return_expr = None
    options = _ROUTINE_OPTIONS
    while not c.at_end():
        if c.accept("RETURNS", "NULL", "ON", "NULL", "INPUT") or c.accept("STRICT"):
            strict = True
        elif c.accept("CALLED", "ON", "NULL", "INPUT"):
            strict = False
        elif c.accept("RETURNS"):
            if c.accept("TABLE"):
                c.expect("(")
                table_columns = []
                while True:
                    column = c.name()
                    table_columns.append((column, _span(c, frozenset())))
                    if not c.accept(","):
                        break
                c.expect(")")
            else:
                setof = c.accept("SETOF")
                returns = _span(c, options, frozenset())
        elif c.accept("LANGUAGE"):
            language = c.value().lower()
        elif c.accept("IMMUTABLE"):
            volatility = "i"
        elif c.accept("STABLE"):
            volatility = "s"
        elif c.accept("VOLATILE"):
            volatility = "v"
        elif c.accept("NOT", "LEAKPROOF") or c.accept("LEAKPROOF") or c.accept("WINDOW"):
            pass
        elif c.accept("EXTERNAL", "SECURITY") or c.accept("SECURITY"):
            if not (c.accept("INVOKER") or c.accept("DEFINER")):
                c.fail()
        elif c.accept("PARALLEL") or c.accept("COST") or c.accept("ROWS") or c.accept("SUPPORT"):
            c.value()
        elif c.accept("AS"):
            token = c.peek_token()
            if token is None or token.token_type not in (TokenType.STRING, TokenType.HEREDOC_STRING):
                c.fail()
            assert token is not None
            body = token.text
            c.i += 1
            if c.accept(","):  # AS 'obj_file', 'link_symbol' is for C functions
                c.fail()
        elif c.accept("RETURN"):
            return_expr = _span(c, frozenset(), frozenset())
        elif c.accept("BEGIN", "ATOMIC"):
            raise errors.FeatureNotSupported("BEGIN ATOMIC function bodies are not supported by pydsql yet")
        elif c.accept("SET") or c.accept("TRANSFORM"):
            raise errors.FeatureNotSupported(f"CREATE FUNCTION ... {c.tokens[c.i - 1].text.upper()} is not supported by pydsql yet")
        else:
            c.fail()
    return CreateFunctionStmt(
        schema, name, replace, tuple(args), returns, setof,
        tuple(table_columns) if table_columns is not None else None, language, volatility, strict, body, return_expr,
    )


def _drop_function(c: _Cursor) -> DropFunctionStmt | None:
    if not c.accept("DROP", "FUNCTION"):
        return None
    if_exists = c.accept("IF", "EXISTS")
    targets: list[tuple[str | None, str, tuple[str, ...] | None]] = []
    while True:
        schema, name = _qualified_name(c)
        types: tuple[str, ...] | None = None
        if c.accept("("):
            found = []
            if not c.accept(")"):
                found.append(_routine_arg(c).type_text)
                while c.accept(","):
                    found.append(_routine_arg(c).type_text)
                c.expect(")")
            types = tuple(found)
        targets.append((schema, name, types))
        if not c.accept(","):
            break
    if c.accept("CASCADE") or c.accept("RESTRICT"):
        pass
    c.end()
    return DropFunctionStmt(tuple(targets), if_exists)


def _analyze(c: _Cursor) -> AnalyzeStmt:
    c.i += 1  # ANALYZE / ANALYSE
    c.accept("VERBOSE")
    tables: list[tuple[str | None, str]] = []
    while not c.at_end():
        name = c.name()
        schema = None
        if c.accept("."):
            schema, name = name, c.name()
        if c.accept("("):  # a column list: names only
            while not c.accept(")"):
                c.name()
                c.accept(",")
                if c.at_end():
                    c.fail()
        tables.append((schema, name))
        if not c.accept(","):
            break
    c.end()
    return AnalyzeStmt(tuple(tables))


def _sequence_statement(c: _Cursor) -> SequenceStmt | RefusedStmt:
    """CREATE SEQUENCE [IF NOT EXISTS] name [options], ALTER SEQUENCE [IF EXISTS] name
    {options | RENAME TO name}, DROP SEQUENCE [IF EXISTS] name [, ...] [CASCADE | RESTRICT]."""
    action = (c.peek() or "").lower()
    c.i += 2  # CREATE/ALTER/DROP SEQUENCE
    if action == "create":
        if_exists = c.accept("IF", "NOT", "EXISTS")
        name = _qualified_name(c)
        options = _sequence_options(c, identity=False)
        c.end()
        return SequenceStmt("create", (name,), options, if_exists)
    if_exists = c.accept("IF", "EXISTS")
    if action == "drop":
        names, cascade = _drop_targets(c)
        return SequenceStmt("drop", names, (), if_exists, cascade)
    name = _qualified_name(c)
    if c.peek() in ("SET", "OWNER"):  # SET SCHEMA / SET LOGGED / OWNER TO
        words = " ".join(t.text.upper() for t in c.tokens[c.i: c.i + 2])
        return RefusedStmt(_NOT_SUPPORTED, f"ALTER SEQUENCE ... {words} is not supported by pydsql yet")
    if c.accept("RENAME", "TO"):
        new_name = c.name()
        c.end()
        return SequenceStmt("rename", (name,), (), if_exists, new_name=new_name)
    options = _sequence_options(c, identity=False)
    if not options:
        c.fail()
    c.end()
    return SequenceStmt("alter", (name,), options, if_exists)


_COMMENT_KINDS = ("TABLE", "VIEW", "SEQUENCE", "INDEX", "COLUMN", "CONSTRAINT", "SCHEMA")


def _comment(c: _Cursor) -> CommentStmt:
    """``COMMENT ON kind name [ON table] IS 'text' | NULL`` (the object kinds SQLAlchemy and
    Alembic comment on; others are 0A000 not yet)."""
    c.expect("COMMENT", "ON")
    kind = c.peek()
    if kind not in _COMMENT_KINDS:
        if kind is None or kind in ("IS",):
            c.fail()
        raise errors.FeatureNotSupported(f"COMMENT ON {kind} is not supported by pydsql yet")
    c.i += 1
    parts = [c.name()]
    while c.accept("."):
        parts.append(c.name())
    on = None
    if kind == "CONSTRAINT":
        c.expect("ON")
        on = _qualified_name(c)
    c.expect("IS")
    token = c.peek_token()
    if token is None:
        c.fail()
    assert token is not None
    if token.token_type == TokenType.STRING:
        text: str | None = token.text
    elif token.token_type == TokenType.NULL or token.text.upper() == "NULL":
        text = None
    else:
        c.fail()
    c.i += 1
    c.end()
    return CommentStmt(kind, tuple(parts), on, text)


def _qualified_name(c: _Cursor) -> tuple[str | None, str]:
    name = c.name()
    if c.accept("."):
        return name, c.name()
    return None, name


def _drop_targets(c: _Cursor) -> tuple[tuple[tuple[str | None, str], ...], bool]:
    """The end of a DROP statement: ``name [, ...] [CASCADE | RESTRICT]`` -> (names, cascade)."""
    names = [_qualified_name(c)]
    while c.accept(","):
        names.append(_qualified_name(c))
    cascade = c.accept("CASCADE")
    if not cascade:
        c.accept("RESTRICT")
    c.end()
    return tuple(names), cascade


def _parenthesized_items(c: _Cursor) -> list[list[Token]]:
    """``( item, item ... )``: the tokens of each top-level item."""
    c.expect("(")
    items: list[list[Token]] = [[]]
    depth = 0
    while True:
        token = c.peek_token()
        if token is None:
            c.fail()
        assert token is not None
        c.i += 1
        if token.token_type == TokenType.L_PAREN:
            depth += 1
        elif token.token_type == TokenType.R_PAREN:
            if depth == 0:
                break
            depth -= 1
        elif token.token_type == TokenType.COMMA and depth == 0:
            if not items[-1]:
                raise syntax_error(",")
            items.append([])
            continue
        items[-1].append(token)
    if not items[-1]:
        raise syntax_error(")")
    return items


def _text(sql: str, tokens: Sequence[Token]) -> str:
    return sql[tokens[0].start: tokens[-1].end + 1]


_SORT_WORDS = frozenset({"ASC", "DESC", "NULLS"})


def _index_key(tokens: list[Token], sql: str) -> tuple[str, bool]:
    """One key of CREATE INDEX: ``column`` or ``(expression)`` or ``function(...)``."""
    depth = 0
    for t in tokens:  # top-level words only: ASC inside an expression is not a sort order
        if t.token_type == TokenType.L_PAREN:
            depth += 1
        elif t.token_type == TokenType.R_PAREN:
            depth -= 1
        elif depth == 0 and t.token_type not in (TokenType.STRING, TokenType.IDENTIFIER):
            word = t.text.upper()
            if word in _SORT_WORDS:
                raise errors.FeatureNotSupported("specifying sort order not supported for index keys")
            if word == "COLLATE":
                raise errors.FeatureNotSupported("COLLATE is not supported (DSQL supports only the C collation)")
    if len(tokens) == 1:
        c = _Cursor(tokens)
        return c.name(), False
    if tokens[0].token_type == TokenType.L_PAREN and _matching_paren(tokens, 0) == len(tokens) - 1:
        text = _text(sql, tokens[1:-1])
    else:
        if len(tokens) == 2 and tokens[1].token_type in (TokenType.VAR, TokenType.IDENTIFIER):
            raise errors.FeatureNotSupported("operator classes are not supported for index keys")
        text = _text(sql, tokens)
    parse_expression(text)  # a syntax error surfaces here
    return text, True


def _create_index(c: _Cursor, sql: str) -> CreateIndexStmt:
    c.expect("CREATE")
    unique = c.accept("UNIQUE")
    c.expect("INDEX", "ASYNC")
    if_not_exists = c.accept("IF", "NOT", "EXISTS")
    name = None
    if c.peek() == "ON":
        if if_not_exists:
            c.fail()  # IF NOT EXISTS needs a name (PostgreSQL's grammar)
        c.expect("ON")
    else:
        name = c.name()
        if c.peek() == ".":
            c.fail()  # DSQL: a schema-qualified index name is a syntax error
        c.expect("ON")
    c.accept("ONLY")
    schema, table = _qualified_name(c)
    if c.accept("USING"):
        c.name()
        raise errors.FeatureNotSupported("USING not supported for CREATE INDEX")
    keys = tuple(_index_key(item, sql) for item in _parenthesized_items(c))
    include: tuple[str, ...] = ()
    if c.accept("INCLUDE"):
        names = []
        for item in _parenthesized_items(c):
            if len(item) != 1:
                raise syntax_error(item[1].text)
            names.append(_Cursor(item).name())
        include = tuple(names)
    nulls_not_distinct = False
    if c.accept("NULLS", "NOT", "DISTINCT"):
        nulls_not_distinct = True
    else:
        c.accept("NULLS", "DISTINCT")
    if c.peek() in ("WITH", "TABLESPACE"):
        raise errors.FeatureNotSupported(f"{c.peek()} is not supported for CREATE INDEX")
    predicate = None
    if c.accept("WHERE"):
        rest = c.tokens[c.i:]
        if not rest:
            c.fail()
        predicate = _text(sql, rest)
        parse_expression(predicate)
        c.i = len(c.tokens)
    c.end()
    return CreateIndexStmt(unique, if_not_exists, name, schema, table, keys, include, nulls_not_distinct, predicate)


def _drop_index(c: _Cursor) -> DropIndexStmt:
    c.expect("DROP", "INDEX")
    if c.accept("CONCURRENTLY"):
        raise errors.FeatureNotSupported("DROP INDEX CONCURRENTLY is not supported")
    if_exists = c.accept("IF", "EXISTS")
    names, _cascade = _drop_targets(c)
    return DropIndexStmt(names, if_exists)


# -- roles and privileges ------------------------------------------------------------------------

_ROLE_HEADS = frozenset({
    ("CREATE", "ROLE"), ("CREATE", "USER"), ("ALTER", "ROLE"), ("ALTER", "USER"), ("DROP", "ROLE"), ("DROP", "USER"),
})

#: role attributes of CREATE/ALTER ROLE that take no value (NOLOGIN and the like too)
_ROLE_FLAGS = frozenset({
    "SUPERUSER", "NOSUPERUSER", "CREATEDB", "NOCREATEDB", "CREATEROLE", "NOCREATEROLE", "INHERIT", "NOINHERIT",
    "LOGIN", "NOLOGIN", "REPLICATION", "NOREPLICATION", "BYPASSRLS", "NOBYPASSRLS",
})

_PRIVILEGES = frozenset({
    "SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "USAGE", "CREATE", "EXECUTE",
    "CONNECT", "TEMPORARY", "TEMP", "MAINTAIN",
})


def _role_names(c: _Cursor) -> tuple[str, ...]:
    names = [c.name()]
    while c.accept(","):
        names.append(c.name())
    return tuple(names)


def _role_options(c: _Cursor) -> bool | None:
    """CREATE/ALTER ROLE options: returns the LOGIN attribute if one is given."""
    c.accept("WITH")
    login: bool | None = None
    while not c.at_end():
        word = (c.peek() or "").upper()
        if word in _ROLE_FLAGS:
            c.i += 1
            if word in ("LOGIN", "NOLOGIN"):
                login = word == "LOGIN"
        elif c.accept("CONNECTION", "LIMIT"):
            c.value()
        elif c.accept("PASSWORD") or c.accept("ENCRYPTED", "PASSWORD"):
            raise errors.FeatureNotSupported("passwords are not supported (DSQL authenticates with IAM tokens)")
        elif c.accept("VALID", "UNTIL"):
            c.value()
        elif c.accept("IN", "ROLE") or c.accept("ROLE") or c.accept("ADMIN") or c.accept("IN", "GROUP") or c.accept("USER"):
            _role_names(c)
        else:
            c.fail()
    return login


def _privilege_objects(c: _Cursor) -> tuple[str, tuple[tuple[str | None, str], ...]]:
    """ON [TABLE | SEQUENCE | SCHEMA | FUNCTION | DATABASE | ALL TABLES IN SCHEMA] names."""
    kind = "TABLE"
    if c.accept("ALL"):
        plural = (c.peek() or "").upper()
        if plural not in ("TABLES", "SEQUENCES", "FUNCTIONS", "ROUTINES", "PROCEDURES"):
            c.fail()
        c.i += 1
        c.expect("IN", "SCHEMA")
        kind = f"ALL {plural}"
        return kind, tuple((None, n) for n in _role_names(c))
    word = (c.peek() or "").upper()
    if word in ("TABLE", "SEQUENCE", "SCHEMA", "FUNCTION", "PROCEDURE", "ROUTINE", "DATABASE"):
        c.i += 1
        kind = word
    objects = []
    while True:
        schema, name = _qualified_name(c)
        if kind in ("FUNCTION", "PROCEDURE", "ROUTINE") and c.peek() == "(":
            depth = 0
            while not c.at_end():  # the argument types: which overload is meant does not matter here
                token = c.tokens[c.i].text
                c.i += 1
                depth += token == "("
                depth -= token == ")"
                if depth == 0:
                    break
        objects.append((schema, name))
        if not c.accept(","):
            break
    return kind, tuple(objects)


def _privilege_list(c: _Cursor) -> tuple[str, ...]:
    if c.accept("ALL"):
        c.accept("PRIVILEGES")
        return ("ALL",)
    privileges = []
    while True:
        word = (c.peek() or "").upper()
        if word not in _PRIVILEGES:
            c.fail()
        c.i += 1
        if c.peek() == "(":  # column privileges: recorded for the table
            while not c.at_end() and c.tokens[c.i].text != ")":
                c.i += 1
            c.expect(")")
        privileges.append("TEMPORARY" if word == "TEMP" else word)
        if not c.accept(","):
            break
    return tuple(privileges)


def _role_statement(c: _Cursor) -> RoleStmt:
    if c.accept("AWS", "IAM", "GRANT") or c.accept("AWS", "IAM", "REVOKE"):
        grant = c.tokens[2].text.upper() == "GRANT"
        role = c.name()
        if not (c.accept("TO") if grant else c.accept("FROM")):
            c.fail()
        token = c.peek_token()
        if token is None or token.token_type != TokenType.STRING:
            c.fail()
        assert token is not None
        c.i += 1
        c.end()
        return RoleStmt("iam_grant" if grant else "iam_revoke", (role,), arn=token.text)
    if c.accept("CREATE"):
        user = (c.peek() or "").upper() == "USER"
        c.i += 1
        (name,) = (c.name(),)
        login = _role_options(c)
        return RoleStmt("create", (name,), login=login if login is not None else user)
    if c.accept("ALTER"):
        c.i += 1
        name = c.name()
        if c.accept("RENAME", "TO"):
            new_name = c.name()
            c.end()
            return RoleStmt("rename", (name,), new_name=new_name)
        if c.peek() in ("SET", "RESET"):
            raise errors.FeatureNotSupported("ALTER ROLE ... SET is not supported")
        return RoleStmt("alter", (name,), login=_role_options(c))
    if c.accept("DROP"):
        c.i += 1
        if_exists = c.accept("IF", "EXISTS")
        names = _role_names(c)
        c.end()
        return RoleStmt("drop", names, if_exists=if_exists)
    grant = c.accept("GRANT")
    if not grant:
        c.expect("REVOKE")
        if c.accept("GRANT", "OPTION", "FOR") or c.accept("ADMIN", "OPTION", "FOR"):
            pass
    on_at = next(
        (i for i in range(c.i, len(c.tokens)) if c.tokens[i].text.upper() == "ON"
         and c.tokens[i].token_type not in (TokenType.STRING, TokenType.IDENTIFIER)), None,
    )
    if on_at is None:  # GRANT role TO role / REVOKE role FROM role
        roles = _role_names(c)
        if not (c.accept("TO") if grant else c.accept("FROM")):
            c.fail()
        grantees = _role_names(c)
        while c.accept("WITH"):
            c.name()
            if not (c.accept("OPTION") or c.accept("TRUE") or c.accept("FALSE")):
                c.fail()
        if c.accept("GRANTED", "BY"):
            c.name()
        if not grant and not c.accept("CASCADE"):
            c.accept("RESTRICT")
        c.end()
        return RoleStmt("grant_role" if grant else "revoke_role", roles, grantees)
    privileges = _privilege_list(c)
    c.expect("ON")
    kind, objects = _privilege_objects(c)
    if not (c.accept("TO") if grant else c.accept("FROM")):
        c.fail()
    c.accept("GROUP")
    grantees = _role_names(c)
    c.accept("WITH", "GRANT", "OPTION")
    if c.accept("GRANTED", "BY"):
        c.name()
    if not grant and not c.accept("CASCADE"):
        c.accept("RESTRICT")
    c.end()
    return RoleStmt("grant" if grant else "revoke", (), grantees, privileges, kind, objects)


_EXPLAIN_OPTIONS = frozenset({"ANALYZE", "VERBOSE", "COSTS", "TIMING", "SUMMARY", "BUFFERS", "SETTINGS", "WAL", "GENERIC_PLAN"})


def _explain(tokens: list[Token], sql: str) -> ExplainStmt:
    """EXPLAIN [ANALYZE] [VERBOSE] statement, or EXPLAIN (option [boolean], ..., FORMAT TEXT) statement."""
    # sqlglot's tokenizer keeps the rest of an EXPLAIN as one string: tokenize it again
    rest = sql[tokens[0].end + 1: tokens[-1].end + 1] if len(tokens) > 1 else ""
    try:
        rest_tokens = _tokenize_sql(rest)
    except sqlglot.errors.TokenError:
        raise _token_error(rest) from None
    c = _Cursor(rest_tokens, rest)
    options: dict[str, bool] = {}
    if c.peek() == "(":
        c.i += 1
        while True:
            word = (c.peek() or "").upper()
            if word == "FORMAT":
                c.i += 1
                fmt = (c.peek() or "").upper()
                c.i += 1
                if fmt != "TEXT":
                    if fmt not in ("JSON", "XML", "YAML"):
                        raise errors.InvalidParameterValue(f'unrecognized value for EXPLAIN option "format": "{fmt.lower()}"')
                    raise errors.FeatureNotSupported(f"EXPLAIN (FORMAT {fmt}) is not supported by pydsql yet")
            elif word in _EXPLAIN_OPTIONS:
                c.i += 1
                value = True
                nxt = (c.peek() or "").upper()
                if nxt in ("TRUE", "ON", "1"):
                    c.i += 1
                elif nxt in ("FALSE", "OFF", "0"):
                    c.i += 1
                    value = False
                options[word] = value
            else:
                token = c.peek_token()
                if token is None:
                    c.fail()
                assert token is not None
                raise errors.SyntaxError(f'unrecognized EXPLAIN option "{token.text.lower()}"')
            if c.accept(")"):
                break
            c.expect(",")
    else:
        if c.accept("ANALYZE") or c.accept("ANALYSE"):
            options["ANALYZE"] = True
        if c.accept("VERBOSE"):
            options["VERBOSE"] = True
    inner = rest_tokens[c.i:]
    if not inner:
        raise syntax_error(None)
    head = _words(inner, 1)
    if head[:1] not in (("SELECT",), ("INSERT",), ("UPDATE",), ("DELETE",), ("VALUES",), ("WITH",), ("TABLE",), ("(",)):
        raise syntax_error(inner[0].text)
    text = rest[inner[0].start: inner[-1].end + 1]
    statement = Statement(_parse_statement(inner, rest), text)
    if options.get("TIMING") and not options.get("ANALYZE"):
        raise errors.InvalidParameterValue("EXPLAIN option TIMING requires ANALYZE")
    return ExplainStmt(
        statement, options.get("ANALYZE", False), options.get("VERBOSE", False), options.get("COSTS", True),
        options.get("TIMING", True), options.get("SUMMARY"),
    )
# -- ALTER TABLE and domains -----------------------------------------------------------------

_CONSTRAINT_WORDS = frozenset({"CONSTRAINT", "CHECK", "UNIQUE", "PRIMARY", "FOREIGN", "EXCLUDE"})
_STORAGE_WORDS = frozenset({"PLAIN", "EXTERNAL", "EXTENDED", "MAIN", "DEFAULT"})


def _alter_table(c: _Cursor) -> AlterTableStmt:
    c.expect("ALTER", "TABLE")
    asynchronous = c.accept("ASYNC")
    if_exists = c.accept("IF", "EXISTS")
    c.accept("ONLY")
    schema, table = _qualified_name(c)
    c.accept("*")
    # RENAME and SET SCHEMA are statements of their own in PostgreSQL's grammar: not in a list
    separate = ("rename_table", "rename_column", "rename_constraint", "set_schema")
    actions = [_alter_action(c)]
    while actions[0].action not in separate and c.accept(","):
        if c.peek() == "RENAME":
            c.fail()
        if c.peek() == "SET" and c.i + 1 < len(c.tokens) and c.tokens[c.i + 1].text.upper() == "SCHEMA":
            c.i += 1
            c.fail()  # at SCHEMA, as PostgreSQL (SET alone starts other sub-commands)
        actions.append(_alter_action(c))
    c.end()
    return AlterTableStmt(schema, table, tuple(actions), if_exists, asynchronous)


def _column_name(c: _Cursor) -> str:
    c.accept("COLUMN")
    return c.name()


def _alter_action(c: _Cursor) -> AlterAction:
    if c.accept("ADD"):
        if (c.peek() or "").split(" ")[0] in _CONSTRAINT_WORDS:
            return _add_constraint(c)
        c.accept("COLUMN")
        if_not_exists = c.accept("IF", "NOT", "EXISTS")
        return AlterAction("add_column", text=_span(c, frozenset(), frozenset({","})), if_exists=if_not_exists)
    if c.accept("DROP"):
        if c.accept("CONSTRAINT"):
            if_exists = c.accept("IF", "EXISTS")
            name = c.name()
            cascade = c.accept("CASCADE")
            if not cascade:
                c.accept("RESTRICT")
            return AlterAction("drop_constraint", name, if_exists=if_exists, cascade=cascade)
        c.accept("COLUMN")
        if_exists = c.accept("IF", "EXISTS")
        name = c.name()
        cascade = c.accept("CASCADE")
        if not cascade:
            c.accept("RESTRICT")
        return AlterAction("drop_column", name, if_exists=if_exists, cascade=cascade)
    if c.accept("RENAME"):
        if c.accept("TO"):
            return AlterAction("rename_table", new_name=c.name())
        if c.accept("CONSTRAINT"):
            name = c.name()
            c.expect("TO")
            return AlterAction("rename_constraint", name, c.name())
        name = _column_name(c)
        c.expect("TO")
        return AlterAction("rename_column", name, c.name())
    if c.accept("SET", "SCHEMA"):
        return AlterAction("set_schema", new_name=c.name())
    if c.accept("OWNER", "TO"):
        return AlterAction("owner", new_name=c.name())
    if c.accept("VALIDATE", "CONSTRAINT"):
        return AlterAction("validate_constraint", c.name())
    if c.accept("ALTER"):
        name = _column_name(c)
        if c.accept("SET", "DEFAULT"):
            return AlterAction("set_default", name, text=_span(c, frozenset(), frozenset({","})))
        if c.accept("DROP", "DEFAULT"):
            return AlterAction("drop_default", name)
        if c.accept("DROP", "NOT", "NULL"):
            return AlterAction("drop_not_null", name)
        if c.accept("SET", "NOT", "NULL"):
            return AlterAction("refused", name, text="ALTER TABLE ALTER COLUMN SET NOT NULL not supported")
        if c.accept("TYPE") or c.accept("SET", "DATA", "TYPE"):
            _span(c, frozenset(), frozenset({","}))  # the type and its USING: refused as a whole
            return AlterAction("refused", name, text="ALTER TABLE ALTER COLUMN TYPE not supported")
        if c.accept("SET", "STORAGE"):
            if c.peek() not in _STORAGE_WORDS:
                c.fail()
            c.i += 1
            return AlterAction("set_storage", name)
        if c.accept("DROP", "EXPRESSION"):
            return AlterAction("drop_expression", name, if_exists=c.accept("IF", "EXISTS"))
        if c.accept("DROP", "IDENTITY"):
            return AlterAction("drop_identity", name, if_exists=c.accept("IF", "EXISTS"))
        if c.accept("SET", "GENERATED"):
            if c.accept("ALWAYS"):
                return AlterAction("set_generated", name, kind="a")
            c.expect("BY", "DEFAULT")
            return AlterAction("set_generated", name, kind="d")
        if c.peek() == "RESTART" or (
            c.peek() == "SET" and c.i + 1 < len(c.tokens) and c.tokens[c.i + 1].text.upper() in _SEQUENCE_OPTION_WORDS
        ):
            return AlterAction("identity_options", name, options=_identity_alterations(c))
        if c.peek() == "ADD" and c.i + 1 < len(c.tokens):  # ADD GENERATED ... AS IDENTITY
            text = _span(c, frozenset(), frozenset({","}))
            raise errors.FeatureNotSupported(f"ALTER TABLE ALTER COLUMN {text} is not supported by pydsql yet")
        c.fail()
    c.fail()
    raise AssertionError("unreachable")


def _identity_alterations(c: _Cursor) -> SequenceOptions:
    """``{SET sequence_option | RESTART [[WITH] n]} ...`` of ALTER COLUMN (up to a comma): the
    options, as ALTER SEQUENCE takes them."""
    start = c.i
    _span(c, frozenset(), frozenset({","}))
    words = [t for t in c.tokens[start: c.i]]
    kept = [t for i, t in enumerate(words) if not (
        t.text.upper() == "SET" and t.token_type not in (TokenType.STRING, TokenType.IDENTIFIER)
        and i + 1 < len(words) and words[i + 1].text.upper() in _SEQUENCE_OPTION_WORDS
    )]
    options = _Cursor(kept)
    found = _sequence_options(options, identity=False)
    for option, _ in found:
        if option in ("as", "owned_by"):  # PostgreSQL's words for them
            raise errors.SyntaxError(f'sequence option "{option}" not supported here')
    return found


def _add_constraint(c: _Cursor) -> AlterAction:
    name = c.name() if c.accept("CONSTRAINT") else None
    start = c.i
    word = (c.peek() or "").split(" ")[0]  # the tokenizer keeps "FOREIGN KEY" / "PRIMARY KEY" as one token
    _span(c, frozenset(), frozenset({","}))
    stop = c.i
    # NOT VALID ends the constraint (PostgreSQL allows it on CHECK and FOREIGN KEY only)
    words = [t.text.upper() for t in c.tokens[start:stop]]
    not_valid = words[-2:] == ["NOT", "VALID"]
    if not_valid:
        stop -= 2
    text = c.text(start, stop)
    if word == "CHECK":
        kind = "check"
        # CHECK ( expression ) [NO INHERIT]: the expression must be there, parenthesized
        check = _Cursor(c.tokens[start + 1: c.i])
        if check.peek() != "(":
            check.fail()
        check.i = _matching_paren(check.tokens, 0) + 1
        check.accept("NO", "INHERIT")
        check.accept("NOT", "VALID")
        check.end()
        if stop - start <= 3:
            raise syntax_error(")")
    elif word == "FOREIGN":
        kind = "foreign_key"
    elif word == "PRIMARY":
        kind = "primary_key"
    elif word == "UNIQUE" and words[1:3] == ["USING", "INDEX"]:
        kind = "unique_using_index"
        if len(words) != 4 or not_valid:
            raise syntax_error(c.tokens[start + 4].text if len(words) > 4 else None)
        text = _Cursor(c.tokens[start + 3: stop]).name()
    elif word == "UNIQUE":
        kind = "unique"
    else:
        raise errors.FeatureNotSupported(f"ALTER TABLE ADD {word} is not supported")
    return AlterAction("add_constraint", name, text=text, kind=kind, not_valid=not_valid)


def _create_domain(c: _Cursor) -> CreateDomainStmt:
    c.expect("CREATE", "DOMAIN")
    schema, name = _qualified_name(c)
    c.accept("AS")
    type_text = _span(c, frozenset({"DEFAULT", "NOT", "NULL", "CHECK", "CONSTRAINT", "COLLATE"}), frozenset())
    default = None
    not_null: bool | None = None
    checks: list[tuple[str | None, str]] = []
    while not c.at_end():
        cname = c.name() if c.accept("CONSTRAINT") else None
        if cname is None and c.accept("DEFAULT"):
            if default is not None:
                raise errors.SyntaxError("multiple default expressions")
            default = _span(c, frozenset({"NOT", "NULL", "CHECK", "CONSTRAINT", "COLLATE"}), frozenset())
        elif c.accept("NOT", "NULL"):
            if not_null is False:
                raise errors.SyntaxError("conflicting NULL/NOT NULL constraints")
            not_null = True
        elif c.accept("NULL"):
            if not_null is True:
                raise errors.SyntaxError("conflicting NULL/NOT NULL constraints")
            not_null = False
        elif c.accept("CHECK"):
            if c.peek() != "(":
                c.fail()
            start = c.i
            _parenthesized_items(c)
            checks.append((cname, c.text(start + 1, c.i - 1)))
        elif c.accept("COLLATE"):
            raise errors.FeatureNotSupported("COLLATE is not supported (DSQL supports only the C collation)")
        else:
            c.fail()
    return CreateDomainStmt(schema, name, type_text, default, bool(not_null), tuple(checks))


def _drop_domain(c: _Cursor) -> DropDomainStmt:
    c.expect("DROP", "DOMAIN")
    if_exists = c.accept("IF", "EXISTS")
    names, cascade = _drop_targets(c)
    return DropDomainStmt(names, if_exists, cascade)


def _call(c: _Cursor, sql: str) -> CallStmt:
    c.expect("CALL")
    schema, name = _qualified_name(c)
    if c.peek() != "(":
        c.fail()
    if c.tokens[c.i + 1: c.i + 2] and c.tokens[c.i + 1].token_type == TokenType.R_PAREN:
        c.i += 2
        c.end()
        return CallStmt(schema, name, ())
    items = _parenthesized_items(c)
    c.end()
    args = []
    subquery = False
    for item in items:
        text = _text(sql, item)
        tree = parse_expression(text)
        subquery = subquery or tree.find(exp.Select) is not None
        args.append(text)
    return CallStmt(schema, name, tuple(args), subquery)
def _integer(c: _Cursor) -> int:
    """A signed integer literal (PostgreSQL's NumericOnly, restricted to integers)."""
    token = c.peek_token()
    sign = 1
    if token is not None and token.text in ("-", "+"):
        sign = -1 if token.text == "-" else 1
        c.i += 1
        token = c.peek_token()
    if token is None or token.token_type != TokenType.NUMBER or not token.text.isdigit():
        c.fail()
    assert token is not None
    c.i += 1
    value = sign * int(token.text)
    if not -(2**63) <= value < 2**63:
        raise errors.NumericValueOutOfRange(
            f'value "{"-" if sign < 0 else ""}{token.text}" is out of range for type bigint'
        )
    return value


_SEQUENCE_OPTION_WORDS = frozenset({
    "AS", "INCREMENT", "MINVALUE", "MAXVALUE", "NO", "START", "RESTART", "CACHE", "CYCLE", "OWNED", "SEQUENCE",
})


def _sequence_options(c: _Cursor, *, identity: bool) -> SequenceOptions:
    """PostgreSQL's SeqOptList; a repeated option is 42601 "conflicting or redundant options"."""
    options: list[tuple[str, object]] = []

    def add(name: str, value: object) -> None:
        if any(n == name for n, _ in options):
            raise errors.SyntaxError("conflicting or redundant options")
        options.append((name, value))

    while not c.at_end():
        if c.accept("AS"):
            words = [c.name()]
            while not c.at_end() and c.peek() not in _SEQUENCE_OPTION_WORDS:
                words.append(c.name())
            add("as", " ".join(words))
        elif c.accept("INCREMENT"):
            c.accept("BY")
            add("increment", _integer(c))
        elif c.accept("MINVALUE"):
            add("minvalue", _integer(c))
        elif c.accept("MAXVALUE"):
            add("maxvalue", _integer(c))
        elif c.accept("NO", "MINVALUE"):
            add("minvalue", None)
        elif c.accept("NO", "MAXVALUE"):
            add("maxvalue", None)
        elif c.accept("NO", "CYCLE"):
            add("cycle", False)
        elif c.accept("CYCLE"):
            add("cycle", True)
        elif c.accept("START"):
            c.accept("WITH")
            add("start", _integer(c))
        elif c.accept("RESTART"):
            c.accept("WITH")
            token = c.peek_token()
            add("restart", None if token is None or token.text.upper() in _SEQUENCE_OPTION_WORDS else _integer(c))
        elif c.accept("CACHE"):
            add("cache", _integer(c))
        elif c.accept("OWNED", "BY"):
            if c.accept("NONE"):
                add("owned_by", None)
            else:
                parts = [c.name()]
                while c.accept("."):
                    parts.append(c.name())
                if len(parts) < 2:
                    raise errors.SyntaxError(
                        "invalid OWNED BY option", hint="Specify OWNED BY table.column or OWNED BY NONE."
                    )
                if len(parts) > 3:
                    relation = ".".join(parts[:-1])
                    raise errors.FeatureNotSupported(f'cross-database references are not implemented: "{relation}"')
                add("owned_by", (parts[0] if len(parts) == 3 else None, parts[-2], parts[-1]))
        elif identity and c.accept("SEQUENCE", "NAME"):
            add("sequence_name", _qualified_name(c))
        else:
            c.fail()
    return tuple(options)


_UTILITY = {
    "ANALYZE": _analyze,
    "ANALYSE": _analyze,
    "BEGIN": _begin,
    "START": _start,
    "COMMIT": _commit,
    "END": _commit,
    "ROLLBACK": _rollback,
    "ABORT": _rollback,
    "SAVEPOINT": _savepoint,
    "RELEASE": _release,
    "SET": _set,
    "RESET": _reset,
    "SHOW": _show,
    "CREATE": _create_function,
    "DROP": _drop_function,
}


# -- statements DSQL refuses, recognized by their leading keywords ------------------------------

_NOT_SUPPORTED = "0A000"

#: (leading keywords, sqlstate, message); the longest matching prefix wins; "*" matches any one word.
REFUSALS: list[tuple[tuple[str, ...], str, str]] = [
    (("MERGE",), _NOT_SUPPORTED, "unsupported statement type: MERGE"),
    (("CREATE", "TYPE", "*", "AS", "ENUM"), _NOT_SUPPORTED, "CREATE TYPE not supported"),
    (("CREATE", "TYPE", "*", "AS", "("), _NOT_SUPPORTED, "unsupported statement: CompositeType"),
    (("CREATE", "TYPE", "*", "AS", "RANGE"), _NOT_SUPPORTED, "unsupported statement: CreateRange"),
    (("ALTER", "TYPE"), _NOT_SUPPORTED, "ALTER TYPE not supported"),
    (("ALTER", "TYPE", "*", "RENAME"), _NOT_SUPPORTED, "unsupported object in RENAME statement"),
    (("DROP", "TYPE"), _NOT_SUPPORTED, "unsupported object in DROP statement"),
    (("TRUNCATE",), _NOT_SUPPORTED, "unsupported statement: Truncate"),
    (("VACUUM",), _NOT_SUPPORTED, "unsupported VACUUM statement"),
    (("LISTEN",), _NOT_SUPPORTED, "unsupported statement: Listen"),
    (("NOTIFY",), _NOT_SUPPORTED, "unsupported statement: Notify"),
    (("UNLISTEN",), _NOT_SUPPORTED, "unsupported statement: Unlisten"),
    (("DECLARE",), _NOT_SUPPORTED, "unsupported statement: DeclareCursor"),
    (("ALTER", "SYSTEM"), _NOT_SUPPORTED, "unsupported statement: AlterSystem"),
    (("CREATE", "EXTENSION"), _NOT_SUPPORTED, "unsupported statement: CreateExtension"),
    (("CREATE", "TRIGGER"), _NOT_SUPPORTED, "CREATE TRIGGER not supported"),
    (("CREATE", "OR", "REPLACE", "TRIGGER"), _NOT_SUPPORTED, "CREATE TRIGGER not supported"),
    (("CREATE", "CONSTRAINT", "TRIGGER"), _NOT_SUPPORTED, "CREATE TRIGGER not supported"),
    (("CREATE", "DATABASE"), _NOT_SUPPORTED, "unsupported statement: Createdb"),
    (("CREATE", "TEMP"), _NOT_SUPPORTED, "TEMPORARY or TEMP table not supported for CREATE TABLE"),
    (("CREATE", "TEMPORARY"), _NOT_SUPPORTED, "TEMPORARY or TEMP table not supported for CREATE TABLE"),
    (("CREATE", "GLOBAL", "TEMP"), _NOT_SUPPORTED, "TEMPORARY or TEMP table not supported for CREATE TABLE"),
    (("CREATE", "GLOBAL", "TEMPORARY"), _NOT_SUPPORTED, "TEMPORARY or TEMP table not supported for CREATE TABLE"),
    (("CREATE", "LOCAL", "TEMP"), _NOT_SUPPORTED, "TEMPORARY or TEMP table not supported for CREATE TABLE"),
    (("CREATE", "LOCAL", "TEMPORARY"), _NOT_SUPPORTED, "TEMPORARY or TEMP table not supported for CREATE TABLE"),
    (("CREATE", "UNLOGGED"), _NOT_SUPPORTED, "UNLOGGED table not supported for CREATE TABLE"),
    (("CREATE", "MATERIALIZED", "VIEW"), _NOT_SUPPORTED, "unsupported statement: CreateTableAs"),
    (("CREATE", "TABLESPACE"), _NOT_SUPPORTED, "unsupported statement: CreateTableSpace"),
    (("CREATE", "FOREIGN", "TABLE"), _NOT_SUPPORTED, "unsupported statement: CreateForeignTable"),
    (("CREATE", "POLICY"), _NOT_SUPPORTED, "unsupported statement: CreatePolicy"),
    (("CREATE", "INDEX"), _NOT_SUPPORTED, "unsupported mode. please use CREATE INDEX ASYNC."),
    (("CREATE", "UNIQUE", "INDEX"), _NOT_SUPPORTED, "unsupported mode. please use CREATE INDEX ASYNC."),
]


def _matches(head: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    return len(head) >= len(pattern) and all(p == "*" or p == h for p, h in zip(pattern, head))


def _refused_language(tokens: list[Token], head: tuple[str, ...]) -> RefusedStmt | None:
    """CREATE [OR REPLACE] FUNCTION/PROCEDURE ... LANGUAGE plpgsql (DSQL supports LANGUAGE sql only)."""
    start = 3 if head[1:3] == ("OR", "REPLACE") else 1
    if head[:1] != ("CREATE",) or head[start: start + 1] not in (("FUNCTION",), ("PROCEDURE",)):
        return None
    for i, token in enumerate(tokens[:-1]):
        if token.text.upper() == "LANGUAGE" and token.token_type not in (TokenType.STRING, TokenType.IDENTIFIER):
            language = tokens[i + 1].text.lower()
            if language != "sql":
                return RefusedStmt(_NOT_SUPPORTED, f"CREATE {head[start]} with language {language} not supported")
    return None


def _refusal(head: tuple[str, ...]) -> RefusedStmt | None:
    best: tuple[str, ...] = ()
    found = None
    for words, sqlstate, message in REFUSALS:
        if _matches(head, words) and len(words) > len(best):
            best, found = words, RefusedStmt(sqlstate, message)
    if found is not None and best[-1] == "INDEX" and head[len(best): len(best) + 1] == ("ASYNC",):
        return None  # CREATE INDEX ASYNC is the supported form
    return found
