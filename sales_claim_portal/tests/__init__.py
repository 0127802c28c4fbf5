from . import test_portal_register
