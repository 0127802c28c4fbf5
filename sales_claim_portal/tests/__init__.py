from . import test_portal_install
