"""Arrays: unit tests and differential tests against PostgreSQL 16.

Every differential case evaluates a SQL expression on the server and the
same operation through :mod:`pydsql.values.arrays`, comparing the output
text, ``pg_typeof`` and SQLSTATE + message + detail.  Arrays with lower
bounds other than 1 are out of scope (see the module docstring) and so are
not compared.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from pydsql.errors import Error
from pydsql.types import KINDS
from pydsql.values import arrays as A
from pydsql.values.arrays import SubArray
from pydsql.values.catalog import format_text, parse_text

from pgeval import TextCase, compare_text, lit

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def arr(elem: str, text: str) -> list[Any]:
    return A.array_in(elem, text)


def out(elem: str) -> Callable[[Any], str | None]:
    return lambda v: None if v is None else A.array_out(elem, v)


def typ(elem: str) -> str:
    return KINDS[elem].display + "[]"


def err(fn: Callable[[], Any]) -> tuple[str | None, str, str | None]:
    with pytest.raises(Error) as e:
        fn()
    return e.value.sqlstate, e.value.message, e.value.detail


# ---------------------------------------------------------------------------
# Unit tests
# ---------------------------------------------------------------------------


def test_representation() -> None:
    v = arr("int4", "{{1,2},{3,4}}")
    assert v == [[1, 2], [3, 4]] and all(type(r) is SubArray for r in v)
    assert A.array_dims_list(v) == [2, 2] and A.flatten(v) == [1, 2, 3, 4]
    assert A.reshape([1, 2, 3, 4, 5, 6], [3, 2]) == [[1, 2], [3, 4], [5, 6]]
    assert A.from_python([[1, 2], [3, 4]], "int4") == v
    # a jsonb array document is a Jsonb value, never a row
    j = arr("jsonb", '{"[1, 2]","{\\"a\\": 1}"}')
    assert A.array_dims_list(j) == [2] and A.cardinality(j) == 2
    assert A.from_python(((1, 2), (3, 4))) == [[1, 2], [3, 4]]
    assert err(lambda: A.from_python([[1], [2, 3]], "int4"))[0] == "2202E"
    assert A.array_map(lambda x: x * 10, v) == [[10, 20], [30, 40]]
    assert A.array_in("text", '{"a b",NULL,"x\\"y"}') == ["a b", None, 'x"y']
    assert A.array_out("text", ["a b", None, 'x"y', "", "NULL"]) == '{"a b",NULL,"x\\"y","","NULL"}'
    assert A.array_out("bool", [True, False]) == "{t,f}"


def test_lower_bounds_out_of_scope() -> None:
    state, message, _ = err(lambda: arr("int4", "[0:1]={1,2}"))
    assert state == "0A000" and "lower bounds" in message
    assert arr("int4", "[1:2]={1,2}") == [1, 2]
    assert err(lambda: A.array_fill(1, [2], [0]))[0] == "0A000"


def test_any_all_semantics() -> None:
    eq = operator.eq
    assert A.any_op(eq, 1, [2, 1]) is True
    assert A.any_op(eq, 1, [2, None]) is None
    assert A.any_op(eq, 1, []) is False and A.any_op(eq, None, []) is False
    assert A.any_op(eq, None, [1]) is None and A.any_op(eq, 1, None) is None
    assert A.all_op(eq, 1, [1, 1]) is True and A.all_op(eq, 1, [1, None]) is None
    assert A.all_op(eq, 1, [2, None]) is False and A.all_op(eq, None, []) is True
    assert A.any_op(lambda a, b: None, 1, [1]) is None  # a NULL operator result


def test_aggregates() -> None:
    agg = A.ArrayAgg()
    assert agg.result() is None
    for v in (1, None, 3):
        agg.add(v)
    assert agg.result() == [1, None, 3]
    agg2 = A.ArrayAggArray()
    agg2.add([1, 2])
    agg2.add([3, 4])
    assert A.array_out("int4", agg2.result() or []) == "{{1,2},{3,4}}"
    assert err(lambda: agg2.add([5]))[:2] == ("2202E", "cannot accumulate arrays of different dimensionality")
    assert err(lambda: agg2.add(None))[:2] == ("22004", "cannot accumulate null arrays")
    assert err(lambda: agg2.add([]))[:2] == ("2202E", "cannot accumulate empty arrays")


def test_elem_inference_and_binding() -> None:
    # without elem=, float semantics are inferred (NaN = NaN, NaN sorts last)
    nan = float("nan")
    assert A.array_eq([nan], [nan]) and A.array_lt([1.0], [nan])
    assert A.array_eq([Decimal("1.0")], [Decimal("1")])
    # bpchar needs the kind: trailing blanks are insignificant
    assert A.array_eq(["a  "], ["a"], elem="bpchar") and not A.array_eq(["a  "], ["a"])
    bound = A.bind_elem(A.array_eq, "bpchar")
    assert bound(["a "], ["a"])
    assert A.bind_elem(A.cardinality, "int4") is A.cardinality
    key = A.array_key(A.from_python([[1.0, nan]]), elem="float8")
    assert key == A.array_key(A.from_python([[1.0, float("nan")]]), elem="float8") and hash(key)
    assert sorted([[2], [1, 5], [1]], key=A.array_sort_key("int4")) == [[1], [1, 5], [2]]
    for op, table in ((A.ARRAY_OPERATORS, "op"), (A.ARRAY_FUNCTIONS, "fn")):
        assert op, table


def test_json_elements_have_no_equality() -> None:
    j = [{"a": 1}]
    assert err(lambda: A.array_eq(j, j, elem="json"))[:2] == (
        "42883", "could not identify an equality operator for type json")
    assert err(lambda: A.array_lt(j, j, elem="json"))[:2] == (
        "42883", "could not identify a comparison function for type json")
    assert err(lambda: A.array_contains([], [], elem="json"))[0] == "42883"
    assert A.array_remove([], 1, elem="json") == []
    assert A.array_positions(j, None, elem="json") == []
    assert err(lambda: A.array_position([None], None, elem="json"))[0] == "42883"


# ---------------------------------------------------------------------------
# Differential: input and output
# ---------------------------------------------------------------------------

LITERALS = [
    "{}", "{ }", " { } ", "{1}", "{1,2,3}", "{ 1 , 2 }", "{{1,2},{3,4}}", "{{{1}},{{2}}}", "{NULL}", "{NULL,1}",
    "{null, NULL ,Null}", '{"NULL"}', "{\\NULL}", '{""}', "{{1},{{2}}}", "{{{1}},{2}}", "{{1},{{2}},{3}}",
    "{{}}", "{{},{}}", "{1,{2}}", "{{1},2}", "{{1,2},{3}}", "{1,}", "{,1}", "{1 2}", '{"a" b}', '{a "b"}',
    "{a\\}", "{a\\", '{"a}', "{a}}", "{a} x", "1", "", "[1:2]={1,2}", "[1:3]={1,2}", "[2:1]={1,2}",
    "[1:2]{1,2}", "[1:2]=1", "[a]={1}", "[1:]={1}", "[1", "[1]={1}", "[1][2]={{1,2}}", "[1:1]={}",
    "[1:2] = {1,2}", "[1-2]={1}", "[+1:+2]={1,2}", "[99999999999]={1}", "[1:2] [1:1]={{1},{2}}", "[1:2]={1,2} ",
    "[1:2]={1,2}x", "  {1,}", "[1:2]={1,}", "{{{{{{{1}}}}}}}", "[1][1][1][1][1][1][1]={1}", "{1,2}}", "{{1,2}",
    "{x}", "{1,x}", "{{1},{x},{2,3}}", "{  a b  ,  \"c d\"  }", "{a\\ }", '{ "a" "b" }', '{a"b"}', '{"a"b}',
    '{"\\\\","\\""}', "{é,ü}", "{a,b", "{{a,b},{c,d}}", "{{a},{b}}", "{\t1\n}", "{1\\,2}", '{"{}","{"}',
]

ELEMS = {
    "int4": ["{1,2,3}", "{-2147483648,2147483647}", "{2147483648}", "{1.5}", "{ 7 }"],
    "int8": ["{9223372036854775807}", "{1,NULL}"],
    "int2": ["{32767}", "{32768}"],
    "numeric": ["{1.50,NaN,-0,1e3}", "{Infinity,-Infinity}", "{abc}"],
    "float8": ["{1.5,NaN,Infinity,-Infinity,1e308,0.1}", "{1e309}"],
    "float4": ["{0.1,3.4e38}", "{1e39}"],
    "text": ['{"a b",NULL,"x\\"y","","NULL",null,"a\\\\b","{","}",","," ",é,"\\t"}', "{a,B,c}"],
    "varchar": ["{abc,\"d e\"}"],
    "bpchar": ['{"a  ",b}', "{\" \"}"],
    "bool": ["{t,f,true,FALSE,yes,0}", "{maybe}"],
    "bytea": ["{\"\\\\x0aff\",\"\\\\x\"}", "{\"\\\\xzz\"}"],
    "uuid": ["{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "{nope}"],
    "date": ["{2020-01-02,1999-12-31}", "{2020-13-01}"],
    "timestamp": ['{"2020-01-02 03:04:05.5"}'],
    "timestamptz": ['{"2020-01-02 03:04:05+05"}'],
    "time": ["{03:04:05,23:59:59.999999}"],
    "timetz": ['{"03:04:05+02"}'],
    "interval": ['{"1 day","1 mon 2 hours","-3 years"}', "{xyz}"],
    "jsonb": ['{"[1, 2]","{\\"b\\":1,\\"a\\":2}",null,"\\"x\\""}', '{"{"}', "{1,true}"],
    "json": ['{"[1,  2]","{\\"a\\":1,\\"a\\":2}"}', '{"["}'],
}


@pytest.mark.differential
def test_input_output_differential(pg: Any) -> None:
    cases: list[TextCase] = []
    for text in LITERALS:
        for elem in ("int4", "text"):
            cases.append((f"{lit(text)}::{elem}[]",
                          lambda t=text, e=elem: out(e)(arr(e, t)), typ(elem)))
    for elem, texts in ELEMS.items():
        for text in texts:
            cases.append((f"{lit(text)}::{elem}[]",
                          lambda t=text, e=elem: out(e)(arr(e, t)), typ(elem)))
    compare_text(pg, cases)


# ---------------------------------------------------------------------------
# Differential: operators
# ---------------------------------------------------------------------------

INT_ARRAYS = [
    "{}", "{1}", "{1,2}", "{2,1}", "{1,2,3}", "{1,NULL}", "{NULL}", "{NULL,1}", "{1,2,NULL}", "{{1,2},{3,4}}",
    "{{1},{2}}", "{{1,2}}", "{1,1,2}", "{3}", "{{{1}}}",
]
TEXT_ARRAYS = ["{}", "{a}", "{a,b}", "{b}", "{A}", "{a,NULL}", "{\"\"}", "{ab}", "{{a,b},{c,d}}"]
OPS: dict[str, Callable[..., Any]] = {
    "=": A.array_eq, "<>": A.array_ne, "<": A.array_lt, "<=": A.array_le, ">": A.array_gt, ">=": A.array_ge,
    "@>": A.array_contains, "<@": A.array_contained, "&&": A.array_overlap,
}


def _bool(v: Any) -> str | None:
    return None if v is None else ("t" if v else "f")


@pytest.mark.differential
def test_operators_differential(pg: Any) -> None:
    cases: list[TextCase] = []
    for elem, values in (("int4", INT_ARRAYS), ("text", TEXT_ARRAYS)):
        name = elem
        for a in values:
            for b in values:
                for op, fn in OPS.items():
                    cases.append((f"{lit(a)}::{name}[] {op} {lit(b)}::{name}[]",
                                  lambda a=a, b=b, fn=fn, e=elem: _bool(fn(arr(e, a), arr(e, b), elem=e)), "boolean"))
                cases.append((f"{lit(a)}::{name}[] || {lit(b)}::{name}[]",
                              lambda a=a, b=b, e=elem: out(e)(A.array_cat(arr(e, a), arr(e, b))), typ(elem)))
    specials = [
        ("float8", "{NaN}", "{NaN}"), ("float8", "{1,NaN}", "{1,2}"), ("float8", "{-0}", "{0}"), ("numeric", "{1.0}", "{1}"),
        ("numeric", "{NaN}", "{Infinity}"), ("bpchar", '{"a  "}', "{a}"), ("bpchar", "{a}", '{"a "}'),
        ("interval", '{"1 mon"}', '{"30 days"}'), ("timetz", '{"12:00+05"}', '{"07:00+00"}'), ("bool", "{f}", "{t}"),
        ("bytea", '{"\\\\x00"}', '{"\\\\x0000"}'), ("date", "{2020-01-01}", "{2019-12-31}"), ("uuid", "{" + "0" * 32 + "}", "{" + "f" * 32 + "}"),
        ("jsonb", '{"[1]"}', '{"{}"}'), ("jsonb", '{"{\\"a\\":1}"}', '{"{\\"a\\":1.0}"}'), ("jsonb", "{1,2}", '{2,"\\"a\\""}'),
        ("json", '{"[1]"}', '{"[1]"}'), ("json", "{}", "{}"),
    ]
    for elem, a, b in specials:
        name = elem
        for op, fn in OPS.items():
            cases.append((f"{lit(a)}::{name}[] {op} {lit(b)}::{name}[]",
                          lambda a=a, b=b, fn=fn, e=elem: _bool(fn(arr(e, a), arr(e, b), elem=e)), "boolean"))
    # concatenation with elements (and NULLs: the || functions are non-strict)
    for a in INT_ARRAYS + [None]:
        al = "NULL" if a is None else lit(a)
        for x in ("7", "NULL"):
            av = None if a is None else arr("int4", a)
            xv = None if x == "NULL" else int(x)
            cases.append((f"{al}::integer[] || {x}::integer", lambda av=av, xv=xv: out("int4")(A.array_append(av, xv)), "integer[]"))
            cases.append((f"{x}::integer || {al}::integer[]", lambda av=av, xv=xv: out("int4")(A.array_prepend(xv, av)), "integer[]"))
        cases.append((f"{al}::integer[] || NULL::integer[]", lambda av=av: out("int4")(A.array_cat(av, None)), "integer[]"))
    cases.append(("'{{1}}'::int[] || '{{{{3}}}}'::int[]",
                  lambda: out("int4")(A.array_cat(arr("int4", "{{1}}"), arr("int4", "{{{{3}}}}"))), "integer[]"))
    compare_text(pg, cases)


@pytest.mark.differential
def test_any_all_differential(pg: Any) -> None:
    cases: list[TextCase] = []
    ops = {"=": operator.eq, "<>": operator.ne, "<": operator.lt, ">=": operator.ge}
    for a in ["{}", "{1}", "{1,2}", "{2,NULL}", "{1,NULL}", "{NULL}", "{{1,2},{3,NULL}}", None]:
        al = "NULL" if a is None else lit(a)
        av = None if a is None else arr("int4", a)
        for x in ("1", "2", "NULL"):
            xv = None if x == "NULL" else int(x)
            for opname, fn in ops.items():
                cases.append((f"{x}::int {opname} ANY ({al}::int[])",
                              lambda fn=fn, xv=xv, av=av: _bool(A.any_op(fn, xv, av)), "boolean"))
                cases.append((f"{x}::int {opname} ALL ({al}::int[])",
                              lambda fn=fn, xv=xv, av=av: _bool(A.all_op(fn, xv, av)), "boolean"))
    compare_text(pg, cases)


# ---------------------------------------------------------------------------
# Differential: functions
# ---------------------------------------------------------------------------


def _int(v: int | None) -> str | None:
    return None if v is None else str(v)


@pytest.mark.differential
def test_functions_differential(pg: Any) -> None:
    cases: list[TextCase] = []
    add = cases.append
    arrays = INT_ARRAYS + ["{1,2,1,NULL,1}", "{{1,NULL},{1,2}}"]
    for a in arrays:
        al = f"{lit(a)}::int[]"
        v = arr("int4", a)
        add((f"cardinality({al})", lambda v=v: _int(A.cardinality(v)), "integer"))
        add((f"array_ndims({al})", lambda v=v: _int(A.array_ndims(v)), "integer"))
        add((f"array_dims({al})", lambda v=v: A.array_dims(v), "text"))
        for d in (-1, 0, 1, 2, 3):
            add((f"array_length({al}, {d})", lambda v=v, d=d: _int(A.array_length(v, d)), "integer"))
            add((f"array_lower({al}, {d})", lambda v=v, d=d: _int(A.array_lower(v, d)), "integer"))
            add((f"array_upper({al}, {d})", lambda v=v, d=d: _int(A.array_upper(v, d)), "integer"))
            add((f"array(select generate_subscripts({al}, {d}))",
                 lambda v=v, d=d: out("int4")(list(A.generate_subscripts(v, d))), "integer[]"))
            add((f"array(select generate_subscripts({al}, {d}, true))",
                 lambda v=v, d=d: out("int4")(list(A.generate_subscripts(v, d, True))), "integer[]"))
        for x in ("1", "NULL", "5"):
            xv = None if x == "NULL" else int(x)
            add((f"array_remove({al}, {x})", lambda v=v, xv=xv: out("int4")(A.array_remove(v, xv, elem="int4")), "integer[]"))
            add((f"array_replace({al}, {x}, 9)", lambda v=v, xv=xv: out("int4")(A.array_replace(v, xv, 9, elem="int4")), "integer[]"))
            add((f"array_replace({al}, {x}, NULL)", lambda v=v, xv=xv: out("int4")(A.array_replace(v, xv, None, elem="int4")), "integer[]"))
            add((f"array_position({al}, {x})", lambda v=v, xv=xv: _int(A.array_position(v, xv, elem="int4")), "integer"))
            add((f"array_positions({al}, {x})", lambda v=v, xv=xv: out("int4")(A.array_positions(v, xv, elem="int4")), "integer[]"))
            for start in ("2", "NULL", "-5", "99"):
                sv = None if start == "NULL" else int(start)
                add((f"array_position({al}, {x}, {start})",
                     lambda v=v, xv=xv, sv=sv: _int(A.array_position(v, xv, sv, elem="int4")), "integer"))
        for n in (-1, 0, 1, 2, 5):
            add((f"trim_array({al}, {n})", lambda v=v, n=n: out("int4")(A.trim_array(v, n)), "integer[]"))
        add((f"array_to_string({al}, ',')", lambda v=v: A.array_to_string(v, ",", elem="int4"), "text"))
        add((f"array_to_string({al}, '-', '*')", lambda v=v: A.array_to_string(v, "-", "*", elem="int4"), "text"))
        add((f"array_to_string({al}, '-', NULL)", lambda v=v: A.array_to_string(v, "-", None, elem="int4"), "text"))
        add((f"array_to_string({al}, NULL)", lambda v=v: A.array_to_string(v, None, elem="int4"), "text"))
        add((f"array(select unnest({al}))", lambda v=v: out("int4")(list(A.unnest(v))), "integer[]"))
        for thr in ("{1,3,5}", "{}", "{{1}}", "{1,NULL}"):
            add((f"width_bucket(3, {lit(thr)}::int[])",
                 lambda thr=thr: _int(A.width_bucket_array(3, arr("int4", thr), elem="int4")), "integer"))
    add(("array_remove(NULL::int[], 1)", lambda: out("int4")(A.array_remove(None, 1)), "integer[]"))
    add(("array_position(NULL::int[], 1)", lambda: _int(A.array_position(None, 1)), "integer"))
    # element output functions: bool as t/f, float4 digits, bpchar padding, timestamps
    for elem, text in (("bool", "{t,NULL,f}"), ("float4", "{0.1,1e10}"), ("bpchar", '{"a  ",b}'),
                       ("timestamptz", '{"2020-01-02 03:04:05"}'), ("numeric", "{1.50,NaN}"), ("bytea", '{"\\\\x0a"}')):
        name = elem
        v = arr(elem, text)
        add((f"array_to_string({lit(text)}::{name}[], '|', 'N')",
             lambda v=v, e=elem: A.array_to_string(v, "|", "N", elem=e), "text"))
    for s in ("a,b,,c", "abc", "", ",", "a,NULL", "xx", "a<>b<>c"):
        for sep in ("','", "NULL", "''", "'<>'", "'x'"):
            sv = None if sep == "NULL" else sep[1:-1]
            add((f"string_to_array({lit(s)}, {sep})", lambda s=s, sv=sv: out("text")(A.string_to_array(s, sv)), "text[]"))
            for ns in ("''", "'NULL'", "'b'", "NULL"):
                nv = None if ns == "NULL" else ns[1:-1]
                add((f"string_to_array({lit(s)}, {sep}, {ns})",
                     lambda s=s, sv=sv, nv=nv: out("text")(A.string_to_array(s, sv, nv)), "text[]"))
            add((f"array(select string_to_table({lit(s)}, {sep}))",
                 lambda s=s, sv=sv: out("text")(list(A.string_to_table(s, sv))), "text[]"))
    add(("string_to_array(NULL, ',')", lambda: out("text")(A.string_to_array(None, ",")), "text[]"))
    for dims, lb in (("'{2}'", None), ("'{2,3}'", None), ("'{0}'", None), ("'{-1}'", None), ("NULL", None),
                     ("'{{2}}'", None), ("'{2,NULL}'", None), ("'{2}'", "'{1,1}'"), ("'{2}'", "'{1}'"), ("'{2}'", "NULL"),
                     ("'{1,1,1,1,1,1,1}'", None)):
        dv = None if dims == "NULL" else arr("int4", dims[1:-1])
        if lb is None:
            add((f"array_fill(7, {dims}::int[])", lambda dv=dv: out("int4")(A.array_fill(7, dv)), "integer[]"))
        else:
            lv = None if lb == "NULL" else arr("int4", lb[1:-1])
            add((f"array_fill(7, {dims}::int[], {lb}::int[])",
                 lambda dv=dv, lv=lv: out("int4")(A.array_fill(7, dv, lv, _three=True)), "integer[]"))
    add(("array_fill(NULL::int, '{2}')", lambda: out("int4")(A.array_fill(None, [2])), "integer[]"))
    add(("array_sample('{1,2}'::int[], 3)", lambda: out("int4")(A.array_sample([1, 2], 3)), "integer[]"))
    add(("cardinality(array_shuffle('{1,2,3}'::int[]))", lambda: _int(len(A.array_shuffle([1, 2, 3]))), "integer"))
    compare_text(pg, cases)


@pytest.mark.differential
def test_subscripts_and_constructors_differential(pg: Any) -> None:
    cases: list[TextCase] = []
    add = cases.append
    one = arr("int4", "{1,2,3}")
    two = arr("int4", "{{1,2,3},{4,5,6}}")
    three = arr("int4", "{{{1,2},{3,4}},{{5,6},{7,8}}}")
    arrays = {"'{1,2,3}'": one, "'{{1,2,3},{4,5,6}}'": two, "'{{{1,2},{3,4}},{{5,6},{7,8}}}'": three, "'{}'": []}
    idx = ["0", "1", "2", "3", "4", "-1", "NULL"]
    for al, v in arrays.items():
        for i in idx:
            iv = None if i == "NULL" else int(i)
            add((f"({al}::int[])[{i}]", lambda v=v, iv=iv: _int(A.subscript(v, iv)), "integer"))
            for j in ("1", "3"):
                add((f"({al}::int[])[{i}][{j}]", lambda v=v, iv=iv, j=j: _int(A.subscript(v, iv, int(j))), "integer"))
        bounds = ["1:2", "2:", ":2", "3:1", "0:9", ":", "2:2", "-5:1"]
        for b in bounds:
            lo, hi = b.split(":")
            pair = (int(lo) if lo else None, int(hi) if hi else None)
            add((f"({al}::int[])[{b}]", lambda v=v, pair=pair: out("int4")(A.slice_array(v, [pair])), "integer[]"))
            for b2 in ("1:1", "2", ":"):
                if ":" in b2:
                    lo2, hi2 = b2.split(":")
                    second: tuple[int | None, int | None] | int = (int(lo2) if lo2 else None, int(hi2) if hi2 else None)
                else:
                    second = int(b2)
                add((f"({al}::int[])[{b}][{b2}]",
                     lambda v=v, pair=pair, second=second: out("int4")(A.slice_array(v, [pair, second])), "integer[]"))
        add((f"({al}::int[])[2][1:2]", lambda v=v: out("int4")(A.slice_array(v, [2, (1, 2)])), "integer[]"))
        add((f"({al}::int[])[1:1][1:1][1:1][1:1]",
             lambda v=v: out("int4")(A.slice_array(v, [(1, 1)] * 4)), "integer[]"))
    constructors: list[tuple[str, list[Any], bool]] = [
        ("ARRAY[1,2,3]", [1, 2, 3], False),
        ("ARRAY[1,NULL]", [1, None], False),
        ("ARRAY[ARRAY[1,2],ARRAY[3,4]]", [[1, 2], [3, 4]], True),
        ("ARRAY[ARRAY[1,2],ARRAY[3]]", [[1, 2], [3]], True),
        ("ARRAY[ARRAY[1],NULL]", [[1], None], True),
        ("ARRAY['{}'::int[],'{}']", [[], []], True),
        ("ARRAY[NULL::int[],NULL]", [None, None], True),
        ("ARRAY[ARRAY[1],'{}']", [[1], []], True),
        ("ARRAY['{{1,2}}'::int[],'{{3,4}}']", [arr("int4", "{{1,2}}"), arr("int4", "{{3,4}}")], True),
        ("ARRAY['{{{{{1}}}}}'::int[]]", [arr("int4", "{{{{{1}}}}}")], True),
        ("ARRAY['{{{{{{1}}}}}}'::int[]]", [arr("int4", "{{{{{{1}}}}}}")], True),
    ]
    for sql, items, nested in constructors:
        add((sql, lambda items=items, nested=nested: out("int4")(A.array_construct(items, nested)), "integer[]"))
    # array_agg over VALUES
    for rows in (["1", "2", "NULL"], ["'{1,2}'", "'{3,4}'"], ["'{1,2}'", "'{3}'"], ["'{1,2}'", "NULL"], ["'{}'"],
                 ["'{{1}}'", "'{{2}}'"]):
        is_array = rows[0].startswith("'")
        cast = "::int[]" if is_array else "::int"
        values = ", ".join(f"({r}{cast})" for r in rows)
        def run(rows: list[str] = rows, is_array: bool = is_array) -> str | None:
            agg: A.ArrayAgg | A.ArrayAggArray = A.ArrayAggArray() if is_array else A.ArrayAgg()
            for r in rows:
                agg.add(None if r == "NULL" else (arr("int4", r[1:-1]) if is_array else int(r)))
            return out("int4")(agg.result())
        add((f"(select array_agg(x) from (values {values}) v(x))", run, "integer[]"))
    add(("(select array_agg(x) from (values (1)) v(x) where false)", lambda: out("int4")(A.ArrayAgg().result()), "integer[]"))
    compare_text(pg, cases)


@pytest.mark.differential
def test_casts_through_text_differential(pg: Any) -> None:
    # element casts keep the shape; text casts use array_out/array_in
    cases: list[TextCase] = []
    for text in ("{1,2}", "{{1,NULL},{3,4}}", "{}"):
        v = arr("int4", text)
        cases.append((f"{lit(text)}::int[]::numeric[]",
                      lambda v=v: out("numeric")(A.array_map(lambda x: Decimal(x), v)), "numeric[]"))
        cases.append((f"{lit(text)}::int[]::text[]",
                      lambda v=v: out("text")(A.array_map(lambda x: format_text("int4", x), v)), "text[]"))
        cases.append((f"{lit(text)}::int[]::text",
                      lambda v=v: A.array_out("int4", v), "text"))
    cases.append(("'{1.5,2.5}'::numeric[]::int[]",
                  lambda: out("int4")(A.array_map(lambda x: int(x.to_integral_value(rounding="ROUND_HALF_UP")),
                                                  arr("numeric", "{1.5,2.5}"))), "integer[]"))
    cases.append(("'{ab,c}'::varchar(1)[]",
                  lambda: out("varchar")(A.array_in("varchar", "{ab,c}", elem_parse=lambda s: parse_text("varchar", s)[:1])),
                  "character varying[]"))
    compare_text(pg, cases)
