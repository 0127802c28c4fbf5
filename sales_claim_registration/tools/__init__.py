from . import bounds, calendar_days, claim_key, rules_write, uninstall
