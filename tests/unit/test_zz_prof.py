import time
import oslo_messaging as messaging
from minova import rpc
from tests.unit.test_rpc import Endpoint, _context
from minova import objects

def test_x(conf):
    endpoint = Endpoint()
    srv = rpc.get_server(messaging.Target(topic='test', server='s1'), [endpoint])
    srv.start()
    client = rpc.get_client(messaging.Target(topic='test', version='1.0'))
    t=time.time(); client.call(_context(), 'echo', spec=objects.RequestSpec(num_instances=3)); print('call', time.time()-t)
    t=time.time(); srv.stop(); print('stop', time.time()-t)
    t=time.time(); srv.wait(); print('wait', time.time()-t)
    t=time.time(); rpc.cleanup(); print('cleanup', time.time()-t)
    rpc.init(conf.conf, url='fake:/')
    assert 0
