"""Run the test suite on the oldest or the newest package versions that requirements.txt admits.

    python tools/check_versions.py minimum                 # every `name>=X` installed as `name==X`
    python tools/check_versions.py newest                  # the newest versions inside the ranges
    python tools/check_versions.py minimum -- tests/ -q    # extra arguments go to pytest
    python tools/check_versions.py minimum --show          # only print the pinned requirements

It creates a fresh virtual environment (in a temporary folder that is removed afterwards, or in a new
folder given with --venv, which is kept), installs the chosen versions there (`-e .` included), runs
`python -m pytest` from the repository root with that environment's Python, then prints the installed
versions of the course packages and the result. The exit status is pytest's (or 2 when the
environment could not be set up). Installing needs the package index; running takes a few minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements.txt"
# `name[extras] >= X [, <Y] [; marker]`; the name, its extras, the lower bound and any marker
_REQUIREMENT = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?P<extras>\[[^\]]*\])?\s*(?P<spec>[^;]*?)\s*(?P<marker>;.*)?$"
)


class SetupError(Exception):
    """The environment could not be created or installed."""


def pinned_minimum(text: str) -> list[str]:
    """requirements.txt with every `name>=X` (and any upper bound) replaced by `name==X`.

    Options and editable installs (`-e .`) are kept as they are; a package without a lower bound is
    an error, since "the oldest admitted version" would then mean any version at all.
    """
    lines = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-"):
            lines.append(line)
            continue
        match = _REQUIREMENT.match(line)
        if match is None:
            raise SetupError(f"cannot read the requirement {line!r}")
        lower = [s.strip()[2:].strip() for s in match["spec"].split(",") if s.strip().startswith(">=")]
        if len(lower) != 1:
            raise SetupError(f"{match['name']} needs exactly one lower bound (name>=X) in requirements.txt: {line!r}")
        lines.append(f"{match['name']}{match['extras'] or ''}=={lower[0]}{match['marker'] or ''}")
    return lines


def requirement_names(text: str) -> list[str]:
    names = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        match = _REQUIREMENT.match(line) if line and not line.startswith("-") else None
        if match is not None:
            names.append(match["name"])
    return names


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _run(command: list[str], **kwargs) -> int:
    print("check_versions: " + " ".join(str(part) for part in command), flush=True)
    return subprocess.call(command, **kwargs)


def create_environment(venv: Path, which: str, python: str, env: dict[str, str], requirements: Path) -> Path:
    """A new virtual environment at `venv` with the chosen versions installed; returns its Python."""
    if _run([python, "-m", "venv", str(venv)], env=env) != 0:
        raise SetupError(f"could not create a virtual environment at {venv} (on Debian: apt install python3-venv)")
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    venv_python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    pip = [str(venv_python), "-m", "pip"]
    if _run(pip + ["install", "--upgrade", "pip"], env=env) != 0:
        raise SetupError("could not upgrade pip")
    text = requirements.read_text()
    if which == "minimum":
        # absolute paths, so that the file can live outside the repository; wheels only, because an
        # old release without a wheel for this Python would be built from source, which is not what
        # a learner's `pip install` does today
        lines = [re.sub(r"^(-e|--editable)\s+\.$", rf"\1 {ROOT}", line) for line in pinned_minimum(text)]
        pinned = venv / "minimum-requirements.txt"
        pinned.write_text("\n".join(lines) + "\n")
        command = pip + ["install", "--only-binary=:all:", "-r", str(pinned)]
    else:
        command = pip + ["install", "--upgrade", "-r", str(requirements)]
    if _run(command, cwd=ROOT, env=env) != 0:
        raise SetupError(f"could not install the {which} versions (see pip's message above)")
    return venv_python


def installed_versions(venv_python: Path, names: list[str], env: dict[str, str]) -> dict[str, str]:
    listing = subprocess.run(
        [str(venv_python), "-m", "pip", "list", "--format=json"], capture_output=True, text=True, env=env, check=True
    )
    versions = {_normalise(p["name"]): p["version"] for p in json.loads(listing.stdout)}
    return {name: versions.get(_normalise(name), "missing") for name in names}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("which", choices=["minimum", "newest"], help="the oldest admitted versions, or the newest")
    parser.add_argument("--venv", type=Path, help="create the environment in this new folder and keep it")
    parser.add_argument("--keep", action="store_true", help="keep the temporary environment (its path is printed)")
    parser.add_argument("--python", default=sys.executable, help="the Python to create the environment with")
    parser.add_argument("--show", action="store_true", help="print the pinned minimum requirements and stop")
    parser.add_argument(
        "--requirements", type=Path, default=REQUIREMENTS,
        help="another requirements file (with `-e .`), e.g. to try lower bounds before writing them down",
    )
    parser.epilog = "Arguments after `--` go to pytest (default: the whole suite)."
    argv = sys.argv[1:] if argv is None else argv
    pytest_args = argv[argv.index("--") + 1 :] if "--" in argv else []
    args = parser.parse_args(argv[: argv.index("--")] if "--" in argv else argv)

    requirements = args.requirements.resolve()
    text = requirements.read_text()
    try:
        pins = pinned_minimum(text)
    except SetupError as error:
        print(f"check_versions: {error}", file=sys.stderr)
        return 2
    if args.show:
        print("\n".join(pins))
        return 0
    if args.venv is not None and args.venv.exists():
        print(f"check_versions: {args.venv} already exists; give a new folder (nothing was changed)", file=sys.stderr)
        return 2

    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    temporary = None if args.venv is not None else Path(tempfile.mkdtemp(prefix="course-versions-"))
    venv = args.venv if args.venv is not None else temporary / "venv"
    try:
        try:
            venv_python = create_environment(venv, args.which, args.python, env, requirements)
        except SetupError as error:
            print(f"check_versions: {error}", file=sys.stderr)
            return 2
        env["PATH"] = str(venv_python.parent) + os.pathsep + env.get("PATH", "")
        status = _run([str(venv_python), "-m", "pytest", *pytest_args], cwd=ROOT, env=env)
        names = requirement_names(text)
        python_version = subprocess.run(
            [str(venv_python), "-c", "import platform; print(platform.python_version())"],
            capture_output=True, text=True, env=env,
        ).stdout.strip()
        print(f"\ncheck_versions: {args.which} versions, Python {python_version}, environment {venv}")
        for name, version in installed_versions(venv_python, names, env).items():
            print(f"  {name:<16} {version}")
        verdict = "passed" if status == 0 else f"FAILED (pytest exit status {status})"
        print(f"check_versions: the tests {verdict} on the {args.which} versions")
        return status
    finally:
        if temporary is not None:
            if args.keep:
                print(f"check_versions: kept {venv}")
            else:
                shutil.rmtree(temporary, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
