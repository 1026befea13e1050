"""The metadata service guests read at 169.254.169.254 (Nova's
nova/api/metadata): the OpenStack and EC2 trees of the asking instance,
the same data as its config drive."""
