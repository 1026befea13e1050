"""The file store: hashes, partial files, chunked reads."""

import hashlib
import io
import os

import pytest

from minova.image_api import exception
from minova.image_api import store as image_store
from tests.unit.image_api.conftest import BrokenInput


class CountingReader(io.BytesIO):
    """Remembers the largest read, to show the store reads in chunks."""

    largest = 0

    def read(self, size=-1):
        self.largest = max(self.largest, size)
        return super().read(size)


@pytest.fixture
def store(tmp_path):
    return image_store.FileStore(str(tmp_path / 'store'), chunk_size=4096)


def test_add_and_open(store):
    data = os.urandom(50000)
    reader = CountingReader(data)
    result = store.add('img1', reader, len(data), max_size=10 ** 6)
    assert result.size == len(data)
    assert result.checksum == hashlib.md5(data).hexdigest()
    assert result.os_hash_value == hashlib.sha512(data).hexdigest()
    assert 0 < reader.largest <= 4096
    chunks = list(store.open('img1'))
    assert b''.join(chunks) == data
    assert max(len(c) for c in chunks) == 4096
    assert os.listdir(store.path) == ['img1']


def test_add_without_length(store):
    result = store.add('img1', io.BytesIO(b'abc'), None, max_size=10)
    assert result.size == 3


def test_add_reads_no_more_than_declared(store):
    reader = io.BytesIO(b'abcdef')
    assert store.add('img1', reader, 4, max_size=10).size == 4
    assert reader.read() == b'ef'


@pytest.mark.parametrize('reader,expected,error', [
    (io.BytesIO(b'abc'), 10, exception.ImageSizeMismatch),
    (io.BytesIO(b'a' * 20), None, exception.ImageTooLarge),
    (BrokenInput(5000), 10000, OSError),
])
def test_failed_add_leaves_no_file(store, reader, expected, error):
    with pytest.raises(error):
        store.add('img1', reader, expected, max_size=10 if expected is None
                  else 10 ** 6)
    assert os.listdir(store.path) == []


def test_full_disk_is_store_full(store, monkeypatch):
    class Full(io.BytesIO):
        def read(self, size=-1):
            raise OSError(28, 'No space left on device')
    with pytest.raises(exception.StoreFull):
        store.add('img1', Full(), 10, max_size=100)
    assert os.listdir(store.path) == []


def test_open_missing_and_delete(store):
    with pytest.raises(exception.ImageNotFound):
        store.open('nothing')
    store.delete('nothing')  # no error
    store.add('img1', io.BytesIO(b'x'), 1, 10)
    store.delete('img1')
    assert os.listdir(store.path) == []


def test_iterator_close_closes_the_file(store):
    store.add('img1', io.BytesIO(b'x' * 10000), 10000, 10 ** 6)
    chunks = store.open('img1')
    next(chunks)
    chunks.close()
    assert chunks._src.closed


def test_virtual_size(store):
    header = b'QFI\xfb' + b'\0' * 20 + (2 ** 30).to_bytes(8, 'big')
    store.add('q', io.BytesIO(header), len(header), 100)
    assert store.virtual_size('q', 'qcow2', 32) == 2 ** 30
    assert store.virtual_size('q', 'raw', 32) == 32
    assert store.virtual_size('q', 'vmdk', 32) is None
    store.add('bad', io.BytesIO(b'not qcow2'), 9, 100)
    assert store.virtual_size('bad', 'qcow2', 9) is None
