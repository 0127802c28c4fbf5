"""Product line splits (18.0.1.3.0).

The new columns are nullable: existing shares have no product line and keep
their document-level meaning. The participants' read rule (noupdate) gains
"their own shares", so a participant of a product line's split only reads
that share; a rule changed by the customer is left as it is.
"""

from odoo import SUPERUSER_ID, api

OLD_DOMAIN = (
    "['|', '|', '|', ('lead_id.credit_split_line_ids.user_id', '=', user.id), "
    "('order_id.credit_split_line_ids.user_id', '=', user.id), "
    "('move_id.credit_split_line_ids.user_id', '=', user.id), "
    "('lead_id.partner_id.commercial_partner_id.claim_ids', 'any', "
    "[('user_id', '=', user.id), ('state', '=', 'active')])]"
)
NEW_DOMAIN = "['|', ('user_id', '=', user.id), " + OLD_DOMAIN[1:]


def _normalized(domain):
    return " ".join((domain or "").replace("[ ", "[").replace("( ", "(").split())


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref(
        "sales_credit_split.sales_credit_split_line_rule_participant", raise_if_not_found=False
    )
    if rule and _normalized(rule.domain_force) == _normalized(OLD_DOMAIN):
        rule.domain_force = NEW_DOMAIN
