"""Regular expressions: unit tests and differential tests against PostgreSQL 16.

Subjects are given ``COLLATE "C"`` on the server: pydsql implements the
"C" collation (Aurora DSQL's), whose character classes and case folding
are ASCII-only.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest

from pydsql.errors import Error
from pydsql.values import regex as R
from pydsql.values.arrays import array_out

from pgeval import TextCase, compare_text, lit


def s(text: str) -> str:
    """A subject literal under the "C" collation."""
    return f'{lit(text)} COLLATE "C"'


def arr(v: list[str | None] | None) -> str | None:
    return None if v is None else array_out("text", v)


def b(v: bool | None) -> str | None:
    return None if v is None else ("t" if v else "f")


def i(v: int | None) -> str | None:
    return None if v is None else str(v)


def err(fn: Callable[[], Any]) -> tuple[str | None, str, str | None]:
    with pytest.raises(Error) as e:
        fn()
    return e.value.sqlstate, e.value.message, e.value.hint


# ---------------------------------------------------------------------------
# Unit tests
# ---------------------------------------------------------------------------


def test_translation_unit() -> None:
    assert R.compile_pattern(r"\mfoo\M").source == r"\b(?=\w)foo\b(?<=\w)"
    assert R.compile_pattern("a$").source == r"a\Z"
    assert R.compile_pattern("[[:alpha:]_]+").source == "[A-Za-z_]+"
    assert R.compile_pattern("a.b", R.parse_flags("n")[0]).source == "a[^\\n]b"
    assert R.compile_pattern("(?=(a))(b)").ngroups == 1  # lookaround parentheses do not capture
    assert R.compile_pattern("x") is R.compile_pattern("x")  # cached
    assert R.textregexeq("foo bar", r"\mbar") and not R.textregexeq("foobar", r"\mbar")
    assert R.texticregexeq("ABC", "b") and R.textregexne("ABC", "b")
    assert not R.texticregexeq("É", "é")  # "C" collation: ASCII-only case folding
    assert err(lambda: R.textregexeq("a", "("))[:2] == (
        "2201B", "invalid regular expression: parentheses () not balanced")
    assert err(lambda: R.regexp_match("a", "a", "z"))[:2] == ("22023", 'invalid regular expression option: "z"')
    assert err(lambda: R.regexp_match("a", "a", "g")) == (
        "22023", 'regexp_match() does not support the "global" option', "Use the regexp_matches function instead.")


def test_match_semantics_unit() -> None:
    # PostgreSQL's leftmost-longest / shortest rules, not Python's first match
    assert R.regexp_match("abcd", "a|ab") == ["ab"]
    assert R.regexp_replace("Mr and Mrs Smith", "Mr|Mrs", "X", "g") == "X and X Smith"
    assert R.regexp_match("abc01234xyz", r"(.*?)(\d+)(.*)") == ["abc", "0", ""]
    assert R.textregexsubstr("XY1234Z", "Y*?([0-9]{1,3})") == "1"
    assert R.textregexsubstr("XY1234Z", "Y*([0-9]{1,3})") == "123"
    assert R.regexp_match("abbb", "(a*)(b+?)") == ["a", "bbb"]


def test_documented_differences() -> None:
    # variable-length lookbehind: PostgreSQL accepts it, Python's engine cannot
    assert err(lambda: R.textregexeq("ab", "(?<=a+)b"))[0] == "0A000"
    # an empty last iteration of a quantified group: Python reports '' where PostgreSQL keeps 'x'
    assert R.regexp_match("xy", "(x*)*y") == [""]


def test_similar_to_escape_unit() -> None:
    assert R.similar_to_escape("a%b_c") == "^(?:a.*b.c)$"
    assert R.similar_to_escape("a(b|c)*") == "^(?:a(?:b|c)*)$"
    assert R.similar_to_escape('x#"y#"z', "#") == "^(?:x){1,1}?(y){1,1}(?:z)$"
    assert R.similar_to("abc", "a%") and not R.similar_to("abc", "b%")
    assert R.similar_substring("foobar", '%#"o_b#"%', "#") == "oob"
    assert err(lambda: R.similar_to_escape("a", "xy"))[:2] == ("22025", "invalid escape string")


# ---------------------------------------------------------------------------
# Differential grids
# ---------------------------------------------------------------------------

PATTERNS = r"""(
)
a)
[
[a
[]
[]]
*a
a**
a+*
a{
a{x
a{1
a{1,
a{2,1}
a{1000}
a{256}
a{1, 2}b
a{1,2,3}
a{1x}
\
\q
\1
(a)\1
(a)\2
(a\1)
(a)(?=\1)
[[:foo:]]
[[:alpha:]
[z-a]
(?i)A
b(?i)A
(?z)a
(?P<n>a)
(?#comment)a
x(?#abc)*
***=a(
***:a
***a
***?
(?<=a)b
[[.a.]]
[[=a=]]
[[.foo.]]
[[.hyphen.]a]
[a-[.c.]]
a|*
|a
a|
()
^*
$*
a{,2}
\d{
[\d-z]
[a-\d]
[\w-z]
[[:alpha:]-z]
[a-c-e]
[--/]
[]-c]
[^]]
[\^]
[^^]
[\D]
[\W]
[\1]
[\m]
[a\
[[:]
[[:alpha
[[.a
\mab\M
\ya\y
\y
\Y
\A\w
\w\Z
a$
^b
a.b
a[^x]b
(.*)(\d+)(.*)
(.*?)(\d+)(.*)
Y*?([0-9]{1,3})
a|ab
(a|ab)(c|bcd)
(a+?)(a*)
(a*)(b+?)
Mr|Mrs
(\d+|\d+\.\d+)
x(ab)?(abc)?
(\w+)\s(\w+?)
\x41
\u0041
\U00000061
\u004
\101
\81
\0
\377
\e
\cA
\b
\B
\w+
\W
\s+
\S+
\d\D
[[:alpha:]]+
[[:digit:][:punct:]]+
[[:space:]]
[[:upper:]]
[[:lower:]]
[[:xdigit:]]+
[[:word:]]+
[[:blank:]]
[[:cntrl:]]
[[:<:]]b[[:>:]]
(?:a)(?:b)
(?
(?i
(?:a
(?<a)
(?)a
(a*)+
(ab)*
(a)|b
(a)?b
a**?
[[:lower:]]
(?ix)A B
(?i)(?x)A B
a{0}
a{2,}?
a{2}?
(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)\10
é
.
^$
^
$
\.
a\*b
[.]
[*]
[\]]
[a\]b]""".split("\n")

SUBJECTS = [
    "", "a", "ab", "abc", "aa", "aaa", "abbb", "abcd", "A", "a b", "a\nb", "abc01234xyz", "XY1234Z", "Mrs Smith",
    "12.5 x", "xabc", "foo bar", "é", "a-b_c", "-", "]", "^", "{", "a{x", "ab ab", "\t \x0b x", "ÉÀ", "a1!B2?",
]


@pytest.mark.differential
def test_operators_differential(pg: Any) -> None:
    rnd = random.Random(7)
    cases: list[TextCase] = []
    for pat in PATTERNS:
        for subj in rnd.sample(SUBJECTS, 4):
            cases.append((f"{s(subj)} ~ {lit(pat)}", lambda subj=subj, pat=pat: b(R.textregexeq(subj, pat)), "boolean"))
            cases.append((f"{s(subj)} ~* {lit(pat)}", lambda subj=subj, pat=pat: b(R.texticregexeq(subj, pat)), "boolean"))
        subj = rnd.choice(SUBJECTS)
        cases.append((f"{s(subj)} !~ {lit(pat)}", lambda subj=subj, pat=pat: b(R.textregexne(subj, pat)), "boolean"))
        cases.append((f"{s(subj)} !~* {lit(pat)}", lambda subj=subj, pat=pat: b(R.texticregexne(subj, pat)), "boolean"))
    compare_text(pg, cases)


@pytest.mark.differential
def test_regexp_match_differential(pg: Any) -> None:
    rnd = random.Random(11)
    cases: list[TextCase] = []
    for pat in PATTERNS:
        for subj in rnd.sample(SUBJECTS, 5):
            cases.append((f"regexp_match({s(subj)}, {lit(pat)})",
                          lambda subj=subj, pat=pat: arr(R.regexp_match(subj, pat)), "text[]"))
    flag_patterns = ["a.b", "^b", "a$", r"\W", "[^a]", r"\s", "^", "$", "x*", "A", "a b # c", r"a\ b", "a[ ]b"]
    for pat in flag_patterns:
        for flags in ("n", "p", "w", "s", "m", "ni", "x", "i", "c", "t", "q", "ix", "pw", "wp"):
            for subj in ("a\nb\nab", "A B", "ab", "a b"):
                cases.append((f"regexp_match({s(subj)}, {lit(pat)}, {lit(flags)})",
                              lambda subj=subj, pat=pat, flags=flags: arr(R.regexp_match(subj, pat, flags)), "text[]"))
    flavours = [(r"\d", "e"), ("a+", "b"), (r"a\{2\}", "b"), (r"\(a\)b", "b"), ("a|b", "b"), ("*a", "b"), (r"a\|b", "b"),
                (r"\<b\>", "b"), ("^*a", "b"), ("a(", "q"), ("A(", "qi"), ("(?c)a", "i"), ("(?i)a", "c"), ("a{2}", "e"),
                ("a*?", "e"), (r"\(a\)\1", "b"), ("a$b", "b"), (r"\(^a\)", "b"), ("(?e)a{2}", ""), ("(?e)a|b", ""),
                ("(?b)a|b", ""), ("(?q)a(", ""), ("(?n)^b", ""), ("(?p).", ""), ("(?w)a$", ""), ("(?x)a b", ""), ("(?t)a b", "x")]
    for pat, flags in flavours:
        for subj in ("a+", "aa", "ab", "a b", "*a", "a|b", "a(b", "A(B", "ad", "a1", "A", "aab", "a$b", "a\nb"):
            cases.append((f"regexp_match({s(subj)}, {lit(pat)}, {lit(flags)})",
                          lambda subj=subj, pat=pat, flags=flags: arr(R.regexp_match(subj, pat, flags)), "text[]"))
    for flags in ("g", "z", "gi", "iz", "0", "", "G"):
        cases.append((f"regexp_match('a', 'a', {lit(flags)})", lambda flags=flags: arr(R.regexp_match("a", "a", flags)), "text[]"))
    compare_text(pg, cases)


def _all_matches(subj: str, pat: str, flags: str) -> str | None:
    rows = [array_out("text", m) for m in R.regexp_matches(subj, pat, flags)]
    return array_out("text", rows)


@pytest.mark.differential
def test_regexp_functions_differential(pg: Any) -> None:
    cases: list[TextCase] = []
    add = cases.append
    pats = ["a", "a*", "(a)(b)?", r"\d+", "", "x", "(b|ab)", "[ab]+?", "^", "$", r"\s*", "(a)|(b)", "a|", "(?i)A", "."]
    subjects = ["", "abcab", "aab1x22", "banana", "a b  c", "xyz"]
    for pat in pats:
        for subj in subjects:
            for flags in ("", "g", "i", "gi"):
                add((f"array(select m::text from regexp_matches({s(subj)}, {lit(pat)}, {lit(flags)}) m)",
                     lambda subj=subj, pat=pat, flags=flags: _all_matches(subj, pat, flags), "text[]"))
            for rep in ("X", r"[\&]", r"<\1>", r"\\", r"\2\1", r"\9", "\\", r"\x"):
                for flags in ("", "g"):
                    add((f"regexp_replace({s(subj)}, {lit(pat)}, {lit(rep)}, {lit(flags)})",
                         lambda subj=subj, pat=pat, rep=rep, flags=flags: R.regexp_replace(subj, pat, rep, flags), "text"))
            for start, n in ((1, 0), (2, 1), (3, 2), (1, 3), (7, 0)):
                add((f"regexp_replace({s(subj)}, {lit(pat)}, '#', {start}, {n})",
                     lambda subj=subj, pat=pat, start=start, n=n: R.regexp_replace_start(subj, pat, "#", start, n), "text"))
            add((f"regexp_replace({s(subj)}, {lit(pat)}, '#', 2)",
                 lambda subj=subj, pat=pat: R.regexp_replace_start(subj, pat, "#", 2), "text"))
            add((f"regexp_replace({s(subj)}, {lit(pat)}, '#', 1, 0, 'i')",
                 lambda subj=subj, pat=pat: R.regexp_replace_start(subj, pat, "#", 1, 0, "i"), "text"))
            add((f"regexp_like({s(subj)}, {lit(pat)})", lambda subj=subj, pat=pat: b(R.regexp_like(subj, pat)), "boolean"))
            add((f"regexp_like({s(subj)}, {lit(pat)}, 'i')", lambda subj=subj, pat=pat: b(R.regexp_like(subj, pat, "i")), "boolean"))
            for start in (1, 2, 4):
                add((f"regexp_count({s(subj)}, {lit(pat)}, {start})",
                     lambda subj=subj, pat=pat, start=start: i(R.regexp_count(subj, pat, start)), "integer"))
            add((f"regexp_count({s(subj)}, {lit(pat)})", lambda subj=subj, pat=pat: i(R.regexp_count(subj, pat)), "integer"))
            for start, n, endopt, sub in ((1, 1, 0, 0), (1, 2, 1, 0), (2, 1, 0, 1), (1, 1, 1, 2), (1, 1, 0, 3), (3, 2, 0, 0)):
                add((f"regexp_instr({s(subj)}, {lit(pat)}, {start}, {n}, {endopt}, '', {sub})",
                     lambda subj=subj, pat=pat, a=(start, n, endopt, sub): i(
                         R.regexp_instr(subj, pat, a[0], a[1], a[2], "", a[3])), "integer"))
                add((f"regexp_substr({s(subj)}, {lit(pat)}, {start}, {n}, '', {sub})",
                     lambda subj=subj, pat=pat, a=(start, n, sub): R.regexp_substr(subj, pat, a[0], a[1], "", a[2]), "text"))
            add((f"regexp_split_to_array({s(subj)}, {lit(pat)})",
                 lambda subj=subj, pat=pat: arr(list(R.regexp_split_to_array(subj, pat))), "text[]"))
            add((f"array(select regexp_split_to_table({s(subj)}, {lit(pat)}))",
                 lambda subj=subj, pat=pat: arr(list(R.regexp_split_to_table(subj, pat))), "text[]"))
            add((f"substring({s(subj)} from {lit(pat)})", lambda subj=subj, pat=pat: R.textregexsubstr(subj, pat), "text"))
    # parameter and option errors
    bad = [
        ("regexp_count('a', 'a', 0)", lambda: i(R.regexp_count("a", "a", 0)), "integer"),
        ("regexp_count('a', 'a', 1, 'g')", lambda: i(R.regexp_count("a", "a", 1, "g")), "integer"),
        ("regexp_instr('a', 'a', 1, 0)", lambda: i(R.regexp_instr("a", "a", 1, 0)), "integer"),
        ("regexp_instr('a', 'a', 1, 1, 2)", lambda: i(R.regexp_instr("a", "a", 1, 1, 2)), "integer"),
        ("regexp_instr('a', 'a', 1, 1, 0, 'g')", lambda: i(R.regexp_instr("a", "a", 1, 1, 0, "g")), "integer"),
        ("regexp_instr('a', 'a', 1, 1, 0, '', -1)", lambda: i(R.regexp_instr("a", "a", 1, 1, 0, "", -1)), "integer"),
        ("regexp_substr('a', 'a', -1)", lambda: R.regexp_substr("a", "a", -1), "text"),
        ("regexp_substr('a', 'a', 1, 1, 'g')", lambda: R.regexp_substr("a", "a", 1, 1, "g"), "text"),
        ("regexp_like('a', 'a', 'g')", lambda: b(R.regexp_like("a", "a", "g")), "boolean"),
        ("regexp_split_to_array('a', 'a', 'g')", lambda: arr(R.regexp_split_to_array("a", "a", "g")), "text[]"),
        ("array(select regexp_split_to_table('a', 'a', 'g'))",
         lambda: arr(list(R.regexp_split_to_table("a", "a", "g"))), "text[]"),
        ("regexp_replace('a', 'a', 'b', '1')", lambda: R.regexp_replace("a", "a", "b", "1"), "text"),
        ("regexp_replace('a', 'a', 'b', 'gz')", lambda: R.regexp_replace("a", "a", "b", "gz"), "text"),
        ("regexp_replace('a', 'a', 'b', 0)", lambda: R.regexp_replace_start("a", "a", "b", 0), "text"),
        ("regexp_replace('a', 'a', 'b', 1, -1)", lambda: R.regexp_replace_start("a", "a", "b", 1, -1), "text"),
        ("regexp_replace('aaa', 'a', 'b', 1, 2, 'g')", lambda: R.regexp_replace_start("aaa", "a", "b", 1, 2, "g"), "text"),
        ("regexp_replace('aaa', 'a', 'b', 2, 0, 'x')", lambda: R.regexp_replace_start("aaa", "a", "b", 2, 0, "x"), "text"),
        ("array(select m::text from regexp_matches('a', 'a', 'q(') m)", lambda: _all_matches("a", "a", "q("), "text[]"),
    ]
    cases.extend(bad)
    compare_text(pg, cases)


SIMILAR = ["a%", "%b%", "_b_", "a|b", "(a|b)*", "a+", "a?", "a{2}", "a{1,2}", "[a-c]%", "[^a]%", "%.%", "a\\%", "%$%", "%^%",
           "a\\", "\\", "%#\"b#\"%", '%#"b#"%#"c', "[]a]%", "[^]a]%", "[[:alpha:]]%", "[\\]]", "[a\\]b]", "(ab", "a)",
           "a[b", "%[\\", "[%]", "[_]", "a*", "%é%", "ab", ""]


@pytest.mark.differential
def test_similar_differential(pg: Any) -> None:
    cases: list[TextCase] = []
    for pat in SIMILAR:
        for esc in (None, "#", "", "\\", "ab", "%"):
            esc_sql = "" if esc is None else f", {lit(esc)}"
            cases.append((f"similar_to_escape({lit(pat)}{esc_sql})",
                          lambda pat=pat, esc=esc: R.similar_to_escape(pat) if esc is None else R.similar_to_escape(pat, esc),
                          "text"))
        for subj in ("ab", "abc", "b", "a%", "a", "", "aa", "]", "a]b", "é", "x.y", "^"):
            cases.append((f"{s(subj)} SIMILAR TO {lit(pat)}", lambda subj=subj, pat=pat: b(R.similar_to(subj, pat)), "boolean"))
            cases.append((f"{s(subj)} NOT SIMILAR TO {lit(pat)} ESCAPE '#'",
                          lambda subj=subj, pat=pat: b(R.not_similar_to(subj, pat, "#")), "boolean"))
            if subj.isascii():  # the SQL-function body loses the COLLATE "C" of the argument
                cases.append((f"substring({s(subj)} similar {lit(pat)} escape '#')",
                              lambda subj=subj, pat=pat: R.similar_substring(subj, pat, "#"), "text"))
    cases.append(("similar_escape(NULL, '#')", lambda: R.similar_escape(None, "#"), "text"))
    cases.append(("similar_escape('a%', NULL)", lambda: R.similar_escape("a%", None), "text"))
    cases.append(("substring('foobar' similar '%#\"o_b#\"%' escape '#')",
                  lambda: R.similar_substring("foobar", '%#"o_b#"%', "#"), "text"))
    compare_text(pg, cases)


@pytest.mark.differential
def test_match_extents_fuzz(pg: Any) -> None:
    """Random patterns (alternation, nested groups, mixed greediness): the
    match extents (every match, via ``regexp_replace(..., '[\\&]', 'g')``)
    must be PostgreSQL's."""
    rnd = random.Random(2024)
    atoms = ["a", "b", "c", ".", "[ab]", "[^a]", r"\d", "x", r"\w"]
    quants = ["", "", "", "*", "+", "?", "*?", "+?", "??", "{1,2}", "{2}"]

    def gen(depth: int = 0) -> str:
        parts = []
        for _ in range(rnd.randint(1, 3)):
            if rnd.random() < 0.25 and depth < 2:
                atom = "(" + "|".join(gen(depth + 1) for _ in range(rnd.randint(1, 2))) + ")"
            else:
                atom = rnd.choice(atoms)
            parts.append(atom + rnd.choice(quants))
        return "".join(parts)

    subjects = ["abcab", "aab1x", "xaabbcc", "ba", "c1a2b3", "aaaa", "abab", "bbbx"]
    cases: list[TextCase] = []
    for _ in range(250):
        pat = gen()
        for subj in rnd.sample(subjects, 2):
            cases.append((f"regexp_replace({s(subj)}, {lit(pat)}, '[\\&]', 'g')",
                          lambda subj=subj, pat=pat: R.regexp_replace(subj, pat, r"[\&]", "g"), "text"))
    compare_text(pg, cases)
