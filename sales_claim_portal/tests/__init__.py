from . import (
    test_claim_portal_model,
    test_portal_access,
    test_portal_concurrency,
    test_portal_register,
    test_portal_tour,
)
