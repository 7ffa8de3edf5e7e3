"""Unit tests of utils.data: checksum-verified loading with helpful errors."""

import hashlib

import numpy as np
import pytest

from utils import DataFileError, data_path, load_table
from utils.data import DATA_DIR, read_checksums, sha256_of


@pytest.fixture
def data_dir(tmp_path):
    content = b"day,count\n1,3\n2,8\n3,26\n"
    (tmp_path / "tiny.csv").write_bytes(content)
    digest = hashlib.sha256(content).hexdigest()
    (tmp_path / "SHA256SUMS").write_text(f"# comment\n{digest}  tiny.csv\n{'0' * 64}  gone.csv\n")
    return tmp_path


def test_reads_checksums(data_dir):
    assert set(read_checksums(data_dir)) == {"tiny.csv", "gone.csv"}


def test_sha256_of_matches_hashlib(data_dir):
    assert sha256_of(data_dir / "tiny.csv") == hashlib.sha256((data_dir / "tiny.csv").read_bytes()).hexdigest()


def test_verified_file_loads(data_dir):
    table = load_table("tiny.csv", data_dir)
    np.testing.assert_array_equal(table, [[1, 3], [2, 8], [3, 26]])
    assert table.dtype == np.float64
    assert data_path("tiny.csv", data_dir) == data_dir / "tiny.csv"


def test_missing_file_is_named_with_restore_advice(data_dir):
    with pytest.raises(DataFileError, match=r"data/gone.csv is missing.*git checkout -- data/gone.csv"):
        data_path("gone.csv", data_dir)


def test_corrupt_file_is_named(data_dir):
    (data_dir / "tiny.csv").write_bytes(b"day,count\n1,999\n")
    with pytest.raises(DataFileError, match=r"data/tiny.csv is corrupt"):
        data_path("tiny.csv", data_dir)


def test_unknown_file_is_refused(data_dir):
    with pytest.raises(DataFileError, match="not listed"):
        data_path("other.csv", data_dir)


def test_every_shipped_file_matches_its_checksum_and_readme():
    readme = (DATA_DIR / "README.md").read_text()
    for name, digest in read_checksums().items():
        assert data_path(name) == DATA_DIR / name
        assert digest in readme, f"data/README.md must give the sha256 of {name}"
