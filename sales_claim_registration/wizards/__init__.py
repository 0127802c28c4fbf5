from . import (
    base_partner_merge,
    sales_claim_adoption_wizard,
    sales_claim_escalate_wizard,
    sales_claim_extension_wizard,
    sales_claim_prospect_wizard,
    sales_claim_register_wizard,
)
