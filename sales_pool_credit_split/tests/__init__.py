from . import test_handover_splits
