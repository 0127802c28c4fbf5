from . import test_role
