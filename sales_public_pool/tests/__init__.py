from . import test_pool
