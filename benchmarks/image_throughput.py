"""Upload and download a 100 MiB image through minova-image-api.

Prints MiB/s each way and the service's resident memory: before, the
highest sample during the transfers, and the kernel's high-water mark.

    python benchmarks/image_throughput.py               # starts a service
    python benchmarks/image_throughput.py --endpoint http://127.0.0.1:9292 \\
        --pid $(pgrep -f minova-image-api)               # a running one

The image is uploaded twice, with a Content-Length (as `openstack image
create --file` sends it) and chunked (as a streaming client does), and
each copy downloaded and checked against its md5. The client streams
from and to a temporary file, one chunk at a time.
"""

import argparse
import configparser
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

import requests

MIB = 1024 * 1024
BIN = os.path.dirname(sys.executable)


def _rss_kib(pid, field='VmRSS'):
    with open('/proc/%d/status' % pid) as status:
        for line in status:
            if line.startswith(field + ':'):
                return int(line.split()[1])
    return 0


class RssSampler(threading.Thread):
    def __init__(self, pid, interval=0.02):
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._done = threading.Event()

    def run(self):
        while not self._done.is_set():
            self.peak = max(self.peak, _rss_kib(self.pid))
            time.sleep(self.interval)

    def stop(self):
        self._done.set()
        self.join()


def _start_service(state_path):
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
    conf = configparser.ConfigParser()
    conf['DEFAULT'] = {'state_path': state_path}
    conf['image_api'] = {'bind_port': str(port),
                         'max_image_size': str(10 * 1024 * MIB)}
    conf_path = os.path.join(state_path, 'minova.conf')
    with open(conf_path, 'w') as out:
        conf.write(out)
    subprocess.run([os.path.join(BIN, 'minova-manage'), '--config-file',
                    conf_path, 'db', 'sync'], check=True,
                   capture_output=True)
    log = open(os.path.join(state_path, 'image-api.log'), 'wb')
    proc = subprocess.Popen([os.path.join(BIN, 'minova-image-api'),
                             '--config-file', conf_path], stdout=log,
                            stderr=subprocess.STDOUT)
    endpoint = 'http://127.0.0.1:%d' % port
    for _ in range(100):
        try:
            requests.get(endpoint + '/', timeout=1)
            return proc, endpoint
        except requests.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit('minova-image-api did not start')


def _make_file(path, size, chunk_size):
    """A file of random data written chunk by chunk; returns its md5."""
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, 'wb') as out:
        for offset in range(0, size, chunk_size):
            piece = os.urandom(min(chunk_size, size - offset))
            digest.update(piece)
            out.write(piece)
    return digest.hexdigest()


def _file_chunks(path, chunk_size):
    with open(path, 'rb') as src:
        while True:
            piece = src.read(chunk_size)
            if not piece:
                return
            yield piece


def _transfer(session, endpoint, headers, path, size, chunk, chunked):
    """Upload ``path`` as a new image, download it; returns the seconds
    each way."""
    image = session.post(endpoint + '/v2/images', headers=headers, json={
        'name': 'throughput', 'disk_format': 'raw',
        'container_format': 'bare'}, timeout=30).json()
    url = endpoint + '/v2/images/%s/file' % image['id']
    put_headers = dict(headers, **{'Content-Type': 'application/octet-stream'})
    start = time.monotonic()
    if chunked:  # Transfer-Encoding: chunked, as a streaming client sends
        resp = session.put(url, data=_file_chunks(path, chunk),
                           headers=put_headers, timeout=600)
    else:  # Content-Length, as `openstack image create --file` sends
        with open(path, 'rb') as src:
            resp = session.put(url, data=src, headers=put_headers,
                               timeout=600)
    upload_s = time.monotonic() - start
    assert resp.status_code == 204, resp.text
    received = hashlib.md5(usedforsecurity=False)
    start = time.monotonic()
    resp = session.get(url, headers=headers, stream=True, timeout=600)
    total = 0
    for piece in resp.iter_content(chunk):
        received.update(piece)
        total += len(piece)
    download_s = time.monotonic() - start
    assert total == size
    assert received.hexdigest() == resp.headers['Content-MD5']
    session.delete(endpoint + '/v2/images/%s' % image['id'],
                   headers=headers, timeout=30)
    return upload_s, download_s, received.hexdigest()


def run(endpoint, pid, size_mib, chunk_kib, token):
    size, chunk = size_mib * MIB, chunk_kib * 1024
    headers = {'X-Auth-Token': token}
    session = requests.Session()
    workdir = tempfile.mkdtemp(prefix='minova-bench-data-')
    path = os.path.join(workdir, 'image')
    try:
        md5 = _make_file(path, size, chunk)
        baseline = _rss_kib(pid)
        sampler = RssSampler(pid)
        sampler.start()
        try:
            results = {mode: _transfer(session, endpoint, headers, path,
                                       size, chunk, mode == 'chunked')
                       for mode in ('content-length', 'chunked')}
        finally:
            sampler.stop()
            session.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print('image size        %d MiB (client reads of %d KiB)'
          % (size_mib, chunk_kib))
    for mode, (upload_s, download_s, got_md5) in results.items():
        assert got_md5 == md5
        print('upload (%s)%s %.1f MiB/s (%.2f s)' % (
            mode, ' ' * (15 - len(mode)), size_mib / upload_s, upload_s))
        print('download          %.1f MiB/s (%.2f s)' % (
            size_mib / download_s, download_s))
    print('service RSS       before %.1f MiB, peak sampled %.1f MiB, '
          'high-water mark %.1f MiB' % (baseline / 1024.0,
                                        sampler.peak / 1024.0,
                                        _rss_kib(pid, 'VmHWM') / 1024.0))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--endpoint', help='a running image API (root URL)')
    parser.add_argument('--pid', type=int, help='its process id (for RSS)')
    parser.add_argument('--size-mib', type=int, default=100)
    parser.add_argument('--chunk-kib', type=int, default=1024)
    parser.add_argument('--token', default='admin:admin')
    args = parser.parse_args()
    if args.endpoint:
        if not args.pid:
            parser.error('--pid is needed with --endpoint')
        run(args.endpoint, args.pid, args.size_mib, args.chunk_kib,
            args.token)
        return
    state_path = tempfile.mkdtemp(prefix='minova-bench-')
    proc, endpoint = _start_service(state_path)
    try:
        run(endpoint, proc.pid, args.size_mib, args.chunk_kib, args.token)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            print('minova-image-api did not stop on SIGTERM; killed')
            proc.kill()
            proc.wait()
        shutil.rmtree(state_path, ignore_errors=True)


if __name__ == '__main__':
    main()
