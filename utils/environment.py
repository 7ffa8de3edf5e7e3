"""Environment check for notebook 00: is every course package installed and recent enough?"""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

REQUIREMENTS_FILE = Path(__file__).resolve().parent.parent / "requirements.txt"
MINIMUM_PYTHON = (3, 10)
TEST_ONLY = {"pytest", "pytest-xdist", "nbval", "hypothesis"}  # needed for the test suite, not for learning
INSTALL = f"`{sys.executable} -m pip install -r requirements.txt` in the course folder"


@dataclass(frozen=True)
class PackageStatus:
    """One requirement: what is asked for, what is installed, and whether that is fine."""

    name: str
    wanted: str
    installed: str | None
    ok: bool
    optional: bool = False


@dataclass(frozen=True)
class EnvironmentReport:
    """The status of Python and of every course package; renders as a table."""

    python: str
    python_ok: bool
    packages: tuple[PackageStatus, ...]

    @property
    def ok(self) -> bool:
        return self.python_ok and all(package.ok or package.optional for package in self.packages)

    @property
    def problems(self) -> list[str]:
        """One sentence per problem, naming the package and what to do."""
        found = [] if self.python_ok else [f"Python {self.python} is too old: the course needs 3.10 or newer."]
        for package in self.packages:
            note = " (only the test suite needs it)" if package.optional else ""
            if package.installed is None:
                found.append(f"{package.name} is missing{note}: run {INSTALL}.")
            elif not package.ok:
                found.append(f"{package.name} {package.installed} does not satisfy {package.wanted}{note}: run {INSTALL}.")
        return found

    def __str__(self) -> str:
        lines = [f"Python {self.python}: {'ok' if self.python_ok else 'too old'}"]
        for p in self.packages:
            lines.append(f"{p.name:<14} {p.installed or 'missing':<12} wanted {p.wanted or 'any':<16} {'ok' if p.ok else 'PROBLEM'}")
        lines.append("Everything is ready." if self.ok else "Problems:\n" + "\n".join(self.problems))
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(p.name)}</td><td>{html.escape(p.installed or 'missing')}</td>"
            f"<td>{html.escape(p.wanted or 'any')}</td><td>{'✅' if p.ok else ('⚠️' if p.optional else '❌')}</td></tr>"
            for p in self.packages
        )
        verdict = "✅ Everything is ready." if self.ok else "❌ " + html.escape(" ".join(self.problems))
        return (
            f"<p><strong>{verdict}</strong> (Python {html.escape(self.python)})</p>"
            f"<table><tr><th>package</th><th>installed</th><th>wanted</th><th></th></tr>{rows}</table>"
        )


def read_requirements(path: Path = REQUIREMENTS_FILE) -> list[Requirement]:
    """The package requirements listed in requirements.txt (options and editable installs skipped)."""
    requirements = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            requirements.append(Requirement(line))
    return requirements


def _installed_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def check_environment(requirements: list[Requirement] | None = None) -> EnvironmentReport:
    """Compare the running Python and installed packages with the course requirements."""
    requirements = read_requirements() if requirements is None else requirements
    statuses = []
    for requirement in requirements:
        installed = _installed_version(requirement.name)
        ok = installed is not None and requirement.specifier.contains(Version(installed), prereleases=True)
        optional = requirement.name in TEST_ONLY
        statuses.append(PackageStatus(requirement.name, str(requirement.specifier), installed, ok, optional))
    python = ".".join(map(str, sys.version_info[:3]))
    return EnvironmentReport(python, sys.version_info[:2] >= MINIMUM_PYTHON, tuple(statuses))
