"""cffi (API mode) build script for the native conflict resolver.

Produces the extension module ``pydsql._native._resolver`` from the
handwritten ``resolver.c`` / ``resolver.h`` next to this file (the protocol and
its invariants are documented there and in ``reference.py``).

Two ways to build:

* ``pip install -e .`` (or any package build): ``setup.py`` lists
  ``src/pydsql/_native/build_resolver.py:ffibuilder`` in ``cffi_modules``;
  setuptools imports this module from the project root and compiles the
  module-level :data:`ffibuilder`.
* ``python src/pydsql/_native/build_resolver.py [-v]``: build in place for
  development; the ``.so`` lands next to this file.

Source and include paths are given relative to the directory the build runs
from (setuptools rejects absolute source paths in some versions and cffi's
``compile()`` changes into ``tmpdir`` before compiling), so they are computed
from ``__file__`` for whichever directory that is.
"""

from __future__ import annotations

import argparse
import os

from cffi import FFI

HERE = os.path.dirname(os.path.abspath(__file__))
SRC_ROOT = os.path.dirname(os.path.dirname(HERE))  # .../src
MODULE_NAME = "pydsql._native._resolver"

CDEF = """
typedef struct pydsql_resolver pydsql_resolver;

#define PYDSQL_MODE_EXCLUSIVE ...
#define PYDSQL_MODE_UPDATE ...
#define PYDSQL_MODE_KEY_SHARE ...
#define PYDSQL_MODE_SCHEMA_READ ...
#define PYDSQL_NUM_MODES ...

#define PYDSQL_COMMITTED ...
#define PYDSQL_CONFLICT ...
#define PYDSQL_TOO_OLD ...
#define PYDSQL_INVALID ...
#define PYDSQL_NOMEM ...

#define PYDSQL_FAULT_IGNORE_UPDATE_MODE ...
#define PYDSQL_FAULT_OFF_BY_ONE_SNAPSHOT ...

pydsql_resolver *pydsql_resolver_create(uint64_t initial_version);
void pydsql_resolver_destroy(pydsql_resolver *r);
int pydsql_resolver_resolve(pydsql_resolver *r, uint64_t snapshot,
                            const uint64_t *fingerprints, const uint8_t *modes,
                            uint32_t n, uint64_t *out_version,
                            int32_t *out_conflict);
uint32_t pydsql_resolver_resolve_batch(pydsql_resolver *r, uint32_t n_txns,
                                       const uint64_t *snapshots,
                                       const uint32_t *offsets,
                                       const uint64_t *fingerprints,
                                       const uint8_t *modes,
                                       int32_t *out_status,
                                       uint64_t *out_versions,
                                       int32_t *out_conflict);
void pydsql_resolver_prune(pydsql_resolver *r, uint64_t horizon);
uint64_t pydsql_resolver_version(const pydsql_resolver *r);
uint64_t pydsql_resolver_horizon(const pydsql_resolver *r);
size_t pydsql_resolver_size(const pydsql_resolver *r);
void pydsql_resolver_set_faults(pydsql_resolver *r, uint32_t mask);
"""


def make_ffibuilder(build_dir: str) -> FFI:
    """An FFI whose source/include paths are relative to ``build_dir``."""
    rel = os.path.relpath(HERE, build_dir)
    builder = FFI()
    builder.cdef(CDEF)
    builder.set_source(
        MODULE_NAME,
        '#include "resolver.h"\n',
        sources=[os.path.join(rel, "resolver.c")],
        include_dirs=[rel],
        depends=[os.path.join(rel, "resolver.h")],
        # Stable-ABI name (_resolver.abi3.so), as setup.py's cffi build
        # produces: an in-place build then replaces the installed one instead
        # of shadowing it with a higher-priority _resolver.cpython-3XX-*.so.
        py_limited_api=True,
    )
    return builder


# What setup.py's cffi_modules uses; setuptools runs it from the project root.
ffibuilder = make_ffibuilder(os.getcwd())


def main() -> None:
    parser = argparse.ArgumentParser(description="Build pydsql._native._resolver in place.")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    # compile() chdirs into tmpdir, writes src/pydsql/_native/_resolver.c
    # there and puts the extension next to this file.
    builder = make_ffibuilder(SRC_ROOT)
    path = builder.compile(tmpdir=SRC_ROOT, verbose=args.verbose)
    for name in os.listdir(HERE):  # object files are intermediates
        if name.endswith(".o"):
            os.remove(os.path.join(HERE, name))
    print(path)


if __name__ == "__main__":
    main()
