from . import (
    test_pool,
    test_pool_adoption,
    test_pool_claim,
    test_pool_concurrency,
    test_pool_days_left,
    test_pool_distribution,
    test_pool_edges,
    test_pool_followup,
    test_pool_i18n,
    test_pool_recycle,
    test_pool_security,
    test_pool_wizards,
)
