"""The server password a guest posts (encrypted with its key pair), kept
as Nova keeps it: in the instance's system metadata, split over
``password_0`` .. ``password_3`` of 255 characters each.

minova has no metadata service for guests to post it through, so only
reading and clearing exist (GET/DELETE /servers/{id}/os-server-password).
"""

CHUNKS = 4
CHUNK_LENGTH = 255
MAX_SIZE = CHUNKS * CHUNK_LENGTH


def extract_password(instance):
    """The stored password, or None."""
    system_metadata = instance.system_metadata or {}
    result = ''.join(system_metadata[key] for key in sorted(system_metadata)
                     if key.startswith('password_'))
    return result or None


def convert_password(password):
    """System metadata items that store ``password`` ('' or None clears)."""
    password = password or ''
    if isinstance(password, bytes):
        password = password.decode('utf-8')
    meta = {}
    for i in range(CHUNKS):
        meta['password_%d' % i] = password[:CHUNK_LENGTH]
        password = password[CHUNK_LENGTH:]
    return meta
