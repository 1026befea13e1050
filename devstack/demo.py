"""Boot the demo server of devstack/stack.sh and show it.

Uploads a small image when the image service has none called
``minova-demo``, boots ``demo`` (unless it exists), shows progress until
ACTIVE or ERROR, then prints the server and its console.
"""

import argparse
import sys
import time

import requests

HEADERS = {'X-Auth-Token': 'admin:admin'}


def _image(image_api):
    found = requests.get(image_api + '/v2/images?name=minova-demo',
                         headers=HEADERS, timeout=10).json()['images']
    if found and found[0]['status'] == 'active':
        return found[0]['id']
    image = requests.post(image_api + '/v2/images', headers=HEADERS,
                          json={'name': 'minova-demo', 'disk_format': 'raw',
                                'container_format': 'bare',
                                'visibility': 'public'}, timeout=10).json()
    requests.put(image_api + '/v2/images/%s/file' % image['id'],
                 data=b'minova demo image\n', timeout=30,
                 headers=dict(HEADERS,
                              **{'Content-Type': 'application/octet-stream'}))
    return image['id']


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--api', required=True)
    parser.add_argument('--image-api', required=True)
    args = parser.parse_args()
    api = args.api + '/v2.1'
    image_id = _image(args.image_api)
    existing = [s for s in requests.get(
        api + '/servers?name=demo', headers=HEADERS,
        timeout=10).json()['servers'] if s['name'] == 'demo']
    if existing:
        server_id = existing[0]['id']
    else:
        resp = requests.post(api + '/servers', headers=HEADERS, timeout=10,
                             json={'server': {'name': 'demo',
                                              'imageRef': image_id,
                                              'flavorRef': '42'}})
        resp.raise_for_status()
        server_id = resp.json()['server']['id']
    started = time.monotonic()
    while True:
        server = requests.get(api + '/servers/%s' % server_id,
                              headers=HEADERS, timeout=10).json()['server']
        print('\r   demo: %-7s task: %-22s %5.1fs' % (
            server['status'], server['OS-EXT-STS:task_state'],
            time.monotonic() - started), end='', flush=True)
        if server['status'] in ('ACTIVE', 'ERROR'):
            break
        time.sleep(0.2)
    print()
    if server['status'] == 'ERROR':
        print('demo server failed: %s' % server.get('fault'))
        return 1
    console = requests.post(api + '/servers/%s/action' % server_id,
                            headers=HEADERS, timeout=10,
                            json={'os-getConsoleOutput': {'length': 10}})
    print('Server %s is %s on host %s' % (
        server_id, server['status'], server['OS-EXT-SRV-ATTR:host']))
    print('Console:\n' + console.json()['output'])
    print('Next: curl -H "X-Auth-Token: admin:admin" %s/servers/detail'
          % api)
    return 0


if __name__ == '__main__':
    sys.exit(main())
