# isort: skip_file
from . import test_allocation
from . import test_role
from . import test_split_rules
from . import test_agreement
from . import test_flow
from . import test_conflict
from . import test_security
from . import test_i18n_views
from . import test_handover
from . import test_document_sources
from . import test_order_agreement
from . import test_role_default_weight
from . import test_conflict_documents
from . import test_equal_shares
from . import test_split_types
from . import test_split_type_access
from . import test_line_splits
