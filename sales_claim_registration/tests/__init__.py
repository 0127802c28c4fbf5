from . import (
    test_claim,
    test_claim_key,
    test_concurrency,
    test_conflict,
    test_cron,
    test_extension,
    test_milestone,
    test_ownership,
    test_policy,
    test_security,
    test_views,
    test_wizard,
)
