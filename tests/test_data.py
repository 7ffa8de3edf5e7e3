"""Unit tests of utils.data: checksum-verified loading with helpful errors."""

import hashlib

import numpy as np
import pytest

from utils import DataFileError, data_path, load_digits, load_table, split_indices
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


def test_digits_load_scaled_with_labels():
    images, labels = load_digits()
    assert images.shape == (1797, 8, 8) and images.dtype == np.float64
    assert images.min() == 0.0 and images.max() == 1.0
    assert labels.dtype == np.int64 and set(labels.tolist()) == set(range(10))
    assert np.all(np.bincount(labels) >= 170)


def test_digits_loader_names_a_corrupt_copy(tmp_path):
    (tmp_path / "digits.csv.gz").write_bytes(b"not the digits")
    (tmp_path / "SHA256SUMS").write_text((DATA_DIR / "SHA256SUMS").read_text())
    with pytest.raises(DataFileError, match=r"data/digits.csv.gz is corrupt"):
        load_digits(tmp_path)


def test_split_indices_is_a_seeded_partition():
    train, test = split_indices(100, 0.25, seed=3)
    assert len(test) == 25 and len(train) == 75
    np.testing.assert_array_equal(np.sort(np.concatenate([train, test])), np.arange(100))
    again_train, again_test = split_indices(100, 0.25, seed=3)
    np.testing.assert_array_equal(test, again_test)
    assert not np.array_equal(test, split_indices(100, 0.25, seed=4)[1])
    with pytest.raises(ValueError, match="between 0 and 1"):
        split_indices(10, 1.0, seed=0)
