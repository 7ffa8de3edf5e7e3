"""Checksum-verified access to the data files shipped in ``data/`` (nothing is downloaded)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CHECKSUM_FILE = "SHA256SUMS"


class DataFileError(RuntimeError):
    """A data file is unknown, missing or corrupt; the message names it and says how to restore it."""


def read_checksums(data_dir: Path = DATA_DIR) -> dict[str, str]:
    """File name -> sha256 from ``data_dir/SHA256SUMS`` (the format ``sha256sum -c`` reads)."""
    checksums = {}
    for line in (data_dir / CHECKSUM_FILE).read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split(maxsplit=1)
            checksums[name.lstrip("*")] = digest.lower()
    return checksums


def sha256_of(path: Path) -> str:
    """The sha256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def data_path(name: str, data_dir: Path = DATA_DIR) -> Path:
    """The path of a shipped data file after checking that it exists and matches its checksum."""
    restore = (
        f"Restore it with `git checkout -- data/{name}` in the course folder "
        "(or download the course again); see data/README.md for its source."
    )
    checksums = read_checksums(data_dir)
    if name not in checksums:
        raise DataFileError(f"data file {name!r} is not listed in data/{CHECKSUM_FILE}; known: {sorted(checksums)}")
    path = data_dir / name
    if not path.is_file():
        raise DataFileError(f"data file data/{name} is missing. {restore}")
    if sha256_of(path) != checksums[name]:
        raise DataFileError(f"data file data/{name} is corrupt (its sha256 does not match). {restore}")
    return path


def load_table(name: str, data_dir: Path = DATA_DIR, delimiter: str = ",", skiprows: int = 1) -> np.ndarray:
    """Load a verified numeric CSV (plain or .gz) as a float64 array, skipping header rows."""
    return np.loadtxt(data_path(name, data_dir), delimiter=delimiter, skiprows=skiprows, dtype=np.float64, ndmin=2)


DIGITS_FILE = "digits.csv.gz"
DIGITS_PIXEL_MAX = 16.0


def load_digits(data_dir: Path = DATA_DIR) -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 UCI handwritten digits: images (n, 8, 8) float64 scaled to [0, 1], labels (n,) int64."""
    table = load_table(DIGITS_FILE, data_dir, skiprows=0)
    images = table[:, :-1].reshape(-1, 8, 8) / DIGITS_PIXEL_MAX
    labels = table[:, -1].astype(np.int64)
    return images, labels


def split_indices(n: int, test_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A seeded random split of ``range(n)`` into sorted train and test index arrays."""
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}")
    order = np.random.default_rng(seed).permutation(n)
    n_test = round(n * test_fraction)
    return np.sort(order[n_test:]), np.sort(order[:n_test])
