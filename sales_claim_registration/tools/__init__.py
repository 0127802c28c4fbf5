from . import calendar_days, claim_key, uninstall
