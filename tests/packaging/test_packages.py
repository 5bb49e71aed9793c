"""Every Python package in the source tree is listed in pyproject.toml.

The list is explicit because journal.resources lives in the top-level resources/
folder; a package missing from it would be absent from wheels and bundles only.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_pyproject_lists_every_package_in_the_tree():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    mapped = config["package-dir"]
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "journal").rglob("__init__.py")
    }
    found |= set(mapped)
    assert listed == found
    for package, folder in mapped.items():
        assert (ROOT / folder / "__init__.py").exists(), package
