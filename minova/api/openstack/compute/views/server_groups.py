"""The server group body (before 2.64: a policies list and metadata)."""


def show(req, group, members):
    body = {
        'id': group.uuid,
        'name': group.name,
        'policies': [group.policy] if group.policy else [],
        'members': members,
        'metadata': {},
    }
    if req.ver('2.13'):
        body['project_id'] = group.project_id
        body['user_id'] = group.user_id
    return body
