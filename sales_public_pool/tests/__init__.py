from . import test_pool
from . import test_pool_claim
from . import test_pool_recycle
from . import test_pool_wizards
from . import test_pool_security
from . import test_pool_concurrency
