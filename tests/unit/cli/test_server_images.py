"""The CLI's image-create (server snapshot), backup, rebuild, rescue,
unrescue, shelve, shelve-offload and unshelve, on canned answers."""

import json

from minova.cli import wait
from tests.unit.cli import fakes
from tests.unit.cli.fakes import COMPUTE, IMAGE, server

ACTION = COMPUTE + '/servers/s1/action'


def _routes(extra=None):
    routes = {('GET', COMPUTE + '/servers/vm1'): (404, {'itemNotFound': {
        'message': 'no'}}),
        ('GET', COMPUTE + '/servers/detail'): (200, {'servers': [server()]}),
        ('GET', COMPUTE + '/servers/s1'): (200, {'server': server()})}
    routes.update(extra or {})
    return routes


def _sent_body(session):
    return json.loads(session.sent('POST', ACTION)[0]['body'])


def test_image_create_of_a_server_polls_and_shows_the_image(monkeypatch):
    monkeypatch.setattr(wait, 'POLL_INTERVAL', 0)
    session = fakes.FakeSession(_routes({
        ('POST', ACTION): (202, None, {
            'Location': 'http://image.test/images/img9'}),
        ('GET', COMPUTE + '/servers/s1'): [
            (200, {'server': server(task='image_uploading')}),
            (200, {'server': server()})],
        ('GET', IMAGE + '/v2/images/img9'): (200, {
            'id': 'img9', 'name': 'snap', 'status': 'active'})}))
    code, out, err = fakes.run(session, 'image-create', 'vm1', 'snap',
                               '--metadata', 'k=v', '--poll')
    assert code == 0, err
    assert _sent_body(session) == {'createImage': {
        'name': 'snap', 'metadata': {'k': 'v'}}}
    assert 'img9' in out and 'active' in out
    assert '100%' in err


def test_image_create_without_a_name_is_still_the_upload():
    code, _, err = fakes.run(fakes.FakeSession(), 'image-create', 'x',
                             '--file', '/nonexistent')
    assert code == 1 and "Can't open '/nonexistent'" in err


def test_rebuild_sends_novas_body_and_prints_the_password():
    session = fakes.FakeSession(_routes({
        ('GET', IMAGE + '/v2/images/img1'): (200, {'id': 'img1'}),
        ('POST', ACTION): (202, {'server': server(
            status='REBUILD', adminPass='pw2')})}))
    code, out, err = fakes.run(session, 'rebuild', 'vm1', 'img1',
                               '--name', 'new', '--meta', 'a=b')
    assert code == 0, err
    assert _sent_body(session) == {'rebuild': {
        'imageRef': 'img1', 'name': 'new', 'metadata': {'a': 'b'}}}
    assert 'pw2' in out


def test_a_rebuild_that_ends_in_error_exits_1(monkeypatch):
    monkeypatch.setattr(wait, 'POLL_INTERVAL', 0)
    session = fakes.FakeSession(_routes({
        ('GET', IMAGE + '/v2/images/img1'): (200, {'id': 'img1'}),
        ('POST', ACTION): (202, {'server': server(adminPass='pw')}),
        ('GET', COMPUTE + '/servers/s1'): [
            (200, {'server': server(status='REBUILD', task='rebuilding')}),
            (200, {'server': server(status='ERROR', fault={
                'message': 'disk gone'})})]}))
    code, _, err = fakes.run(session, 'rebuild', 'vm1', 'img1', '--poll')
    assert code == 1
    assert 'disk gone' in err


def test_rescue_prints_the_password():
    session = fakes.FakeSession(_routes({('POST', ACTION): (200, {
        'adminPass': 'rpw'})}))
    code, out, err = fakes.run(session, 'rescue', 'vm1')
    assert code == 0, err
    assert _sent_body(session) == {'rescue': None}
    assert 'adminPass: rpw' in out


def test_shelve_waits_for_shelved_or_offloaded(monkeypatch):
    monkeypatch.setattr(wait, 'POLL_INTERVAL', 0)
    session = fakes.FakeSession(_routes({
        ('POST', ACTION): (202, None),
        ('GET', COMPUTE + '/servers/s1'): [
            (200, {'server': server(task='shelving')}),
            (200, {'server': server(status='SHELVED',
                                    task='shelving_offloading')}),
            (200, {'server': server(status='SHELVED_OFFLOADED')})]}))
    code, out, err = fakes.run(session, 'shelve', 'vm1', '--poll')
    assert code == 0, err
    assert _sent_body(session) == {'shelve': None}
    assert 'Request to shelve server vm1 has been accepted.' in out


def test_unshelve_and_unrescue_and_offload_bodies():
    for command, key in (('unshelve', 'unshelve'),
                         ('unrescue', 'unrescue'),
                         ('shelve-offload', 'shelveOffload')):
        session = fakes.FakeSession(_routes({('POST', ACTION): (202,
                                                                None)}))
        code, _, err = fakes.run(session, command, 'vm1')
        assert code == 0, err
        assert _sent_body(session) == {key: None}
