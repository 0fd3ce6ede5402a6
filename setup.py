"""Build shim: the cffi-compiled conflict resolver needs setup()'s cffi_modules."""
from setuptools import setup

setup(cffi_modules=["src/pydsql/_native/build_resolver.py:ffibuilder"])
