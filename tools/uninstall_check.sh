#!/usr/bin/env bash
# Uninstall check: copy a database that has the suite installed (with demo
# data) into a throwaway one, add what users create (a claim, an opportunity
# with a credit split on a shipped role), uninstall the suite, then check
# that the log has no ERROR line and that partners and opportunities work.
#
# Usage: tools/uninstall_check.sh SOURCE_DB   (after `make test` with KEEP_DB=1,
# or `tools/dev.sh install DB`; PGHOST/PGPORT/PGUSER as for make)
# Logs: .local/uninstall-check*.log. Exit 1 when an ERROR line was logged.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SOURCE="${1:?usage: tools/uninstall_check.sh SOURCE_DB}"
DB="${SOURCE}_uninstall_check"
LOG=.local/uninstall-check.log
psql_() { "$ROOT/tools/dev.sh" psql "$@"; }
psql_ -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" -c "CREATE DATABASE \"$DB\" TEMPLATE \"$SOURCE\""
"${PYTHON:-python3}" -m odoo shell -c .local/odoo.conf -d "$DB" --no-http --log-level=warn > .local/uninstall-check-data.log 2>&1 <<'EOF'
from odoo import Command
p = env["res.partner"].create({"name": "卸载测试有限公司", "is_company": True})
demo = env.ref("base.user_demo")
claim = env["sales.claim"].create({"partner_id": p.id, "user_id": demo.id})
# an extension earned by a shipped milestone
milestone = env.ref("sales_claim_registration.policy_company_default").milestone_ids[:1]
env["sales.claim.extension"].create(
    {"claim_id": claim.id, "milestone_id": milestone.id, "days": milestone.days, "reason": "名片"}
)
lead = env["crm.lead"].create({"name": "卸载测试商机", "type": "opportunity", "partner_id": p.id, "user_id": demo.id})
role = env.ref("sales_credit_split.role_service")
lead.credit_split_line_ids = [Command.clear(), Command.create({"user_id": demo.id, "role_id": role.id, "percent": 100})]
print("BEFORE", env["sales.claim"].search_count([]), len(claim.extension_ids), len(lead.credit_split_line_ids))
env.cr.commit()
EOF
grep BEFORE .local/uninstall-check-data.log
"${PYTHON:-python3}" -m odoo shell -c .local/odoo.conf -d "$DB" --no-http --log-level=info > "$LOG" 2>&1 <<'EOF'
env["ir.module.module"].search([("name", "=", "sales_claim_registration")]).button_immediate_uninstall()
env.cr.commit()
EOF
errors="$(grep -cE ' (ERROR|CRITICAL) ' "$LOG" || true)"
echo "ERROR lines while uninstalling: $errors"
grep -E " (ERROR|CRITICAL) |could not be deleted" "$LOG" | cut -c1-300 || true
"${PYTHON:-python3}" -m odoo shell -c .local/odoo.conf -d "$DB" --no-http --log-level=warn 2>&1 <<'EOF' | grep -E "AFTER|Error" || true
p = env["res.partner"].search([("name", "=", "卸载测试有限公司")])
lead = env["crm.lead"].search([("name", "=", "卸载测试商机")])
lead.write({"stage_id": env["crm.stage"].search([], order="sequence desc", limit=1).id})
p.write({"user_id": env.ref("base.user_admin").id})
env["res.partner"].name_search("卸载")
env["crm.lead"].web_search_read([], {"name": {}, "partner_id": {"fields": {"display_name": {}}}}, limit=5)
names = ["sales_claim_registration", "sales_public_pool", "sales_credit_split", "sales_claim_portal", "sales_pool_credit_split", "sales_credit_split_commission"]
mods = env["ir.module.module"].search([("name", "in", names)])
leftover = env["ir.model.data"].search_count([("module", "in", mods.mapped("name"))])
tables = env.cr.execute("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'sales_claim%%' OR tablename LIKE 'sales_pool%%' OR tablename LIKE 'sales_credit%%'") or env.cr.fetchone()[0]
print("AFTER", sorted(set(mods.mapped("state"))), "partner", p.user_id.name, "lead", lead.stage_id.name, "xmlids left", leftover, "tables left", tables)
env.cr.rollback()
EOF
psql_ -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)"
[ "$errors" = 0 ]
