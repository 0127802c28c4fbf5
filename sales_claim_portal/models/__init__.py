from . import res_config_settings, res_partner, sales_claim, sales_claim_portal_attempt
