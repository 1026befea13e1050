from tests.unit.conductor.test_manager import *
def test_dbg(flavor, conductor_over_rpc, conf):
    conf.config(rpc_response_timeout=3)
    context = fakes.ctx()
    inst = objects.Instance(context, display_name='remote', flavor=flavor, vm_state='building', task_state='scheduling', project_id='proj1', user_id='alice', metadata={'a': 'b'}, system_metadata={}, tags=[])
    inst.create()
