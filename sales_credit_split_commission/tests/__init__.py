# isort: skip_file
from . import test_companies
from . import test_orders
from . import test_refund_rate_change
from . import test_settlement
from . import test_split_agents
from . import test_overlay
