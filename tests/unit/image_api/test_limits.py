"""Property and tag limits: over a limit is a 400, never a 500."""


def _url(image):
    return '/v2/images/%s' % image['id']


def test_property_count(image_api, conf):
    conf.config(max_property_count=3, group='image_api')
    props = {'p%d' % i: 'v' for i in range(3)}
    image = image_api.create(**props)
    resp = image_api.post('/v2/images', dict(props, p3='v'))
    assert resp.status_int == 400
    assert 'Maximum: 3' in resp.json['message']
    resp = image_api.patch(_url(image), [
        {'op': 'add', 'path': '/p9', 'value': 'v'}])
    assert resp.status_int == 400
    # Replacing keeps the count: fine.
    resp = image_api.patch(_url(image), [
        {'op': 'replace', 'path': '/p0', 'value': 'w'}])
    assert resp.status_int == 200


def test_property_name_length(image_api, conf):
    conf.config(max_property_name_length=10, group='image_api')
    assert image_api.post('/v2/images', {'a' * 10: 'v'}).status_int == 201
    resp = image_api.post('/v2/images', {'a' * 11: 'v'})
    assert resp.status_int == 400
    image = image_api.create()
    resp = image_api.patch(_url(image), [
        {'op': 'add', 'path': '/' + 'b' * 11, 'value': 'v'}])
    assert resp.status_int == 400


def test_property_value_length_in_bytes(image_api, conf):
    conf.config(max_property_value_length=8, group='image_api')
    assert image_api.post('/v2/images', {'k': 'x' * 8}).status_int == 201
    assert image_api.post('/v2/images', {'k': 'x' * 9}).status_int == 400
    # Five characters, ten UTF-8 bytes.
    assert image_api.post('/v2/images', {'k': 'é' * 5}).status_int == 400


def test_default_limits(image_api):
    resp = image_api.post('/v2/images', {'k' * 256: 'v'})
    assert resp.status_int == 400
    resp = image_api.post('/v2/images', {'k': 'v' * 65536})
    assert resp.status_int == 400
    resp = image_api.post('/v2/images',
                          {'p%d' % i: 'v' for i in range(129)})
    assert resp.status_int == 400


def test_tag_count(image_api, conf):
    conf.config(max_tag_count=2, group='image_api')
    assert image_api.post('/v2/images', {'tags': ['a', 'b', 'a']}
                          ).status_int == 201
    assert image_api.post('/v2/images', {'tags': ['a', 'b', 'c']}
                          ).status_int == 400
    assert image_api.post('/v2/images', {'tags': ['t' * 256]}
                          ).status_int == 400


def test_request_body_size_cap(image_api):
    resp = image_api.post('/v2/images', {'k': 'v' * (1024 * 1024)})
    assert resp.status_int == 413
