import base64
import csv
import io
import logging

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.sales_claim_adoption import ADOPTED_PARAM, CATEGORIES
from ..models.sales_claim_adoption_run import BACKGROUND_PARAM
from ..tools.gc_pause import cyclic_gc_paused

_logger = logging.getLogger(__name__)


class SalesClaimAdoptionWizard(models.TransientModel):
    """Adopt Existing Ownership (CRM > Configuration): preview, then apply.

    The preview counts the customers of each category of
    ``sales.claim.adoption`` and offers the list as a CSV file; applying
    claims the ``adopt`` ones for their salesperson and does what the
    options say with the unowned ones. Only sales managers run it.
    """

    _name = "sales.claim.adoption.wizard"
    _inherit = ["sales.claim.adoption.result"]
    _description = "Adopt Existing Ownership"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_mode = fields.Selection(
        [("today", "Today"), ("last_activity", "Last activity")],
        string="Protection Starts",
        required=True,
        default="today",
        help="Today: every adopted customer gets a full protection period. Last activity: "
        "the period starts at the customer's last message, email or opportunity stage "
        "change, so neglected customers expire (and return to the pool) soon.",
    )
    policy_mode = fields.Selection(
        [("team", "The policy of each team"), ("one", "One policy")],
        string="Policy",
        required=True,
        default="team",
    )
    policy_id = fields.Many2one(
        "sales.claim.policy",
        string="Claim Policy",
        domain="[('company_id', 'in', (company_id, False))]",
    )
    unowned_action = fields.Selection(
        [("leave", "Leave unclaimed")],
        string="Customers Without Salesperson",
        required=True,
        default="leave",
    )
    state = fields.Selection(
        [("draft", "Options"), ("preview", "Preview"), ("queued", "Queued"), ("done", "Done")],
        default="draft",
    )
    run_id = fields.Many2one("sales.claim.adoption.run", string="Background Run", readonly=True)
    # preview
    adopt_count = fields.Integer(string="Become Claims", readonly=True)
    conflict_count = fields.Integer(string="Conflicts to Decide", readonly=True)
    archived_count = fields.Integer(string="Of Archived Users", readonly=True)
    unowned_count = fields.Integer(string="Without Salesperson", readonly=True)
    claimed_count = fields.Integer(string="Already Claimed", readonly=True)

    def _check_manager(self):
        if not (self.env.su or self.env.user.has_group("sales_team.group_sale_manager")):
            raise UserError(self.env._("Only sales managers can adopt the existing ownership."))
        if self.policy_mode == "one" and not self.policy_id:
            raise UserError(
                self.env._("Claim Policy: choose the one policy of the adopted claims.")
            )

    def _rows(self):
        # sudo: a sales manager classifies every customer of the company
        return (
            self.env["sales.claim.adoption"]
            .sudo()
            ._classify(self.company_id, last_activity=self.date_mode == "last_activity")
        )

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Adopt Existing Ownership"),
        }

    def _write_list(self, rows, results=None):
        """The CSV the manager downloads: one line per customer."""
        translated = {
            "claimed": self.env._("Already claimed"),
            "unowned": self.env._("No salesperson"),
            "archived": self.env._("Salesperson archived"),
            "conflict": self.env._("Opportunity of another salesperson"),
            "adopt": self.env._("Becomes a claim of its salesperson"),
        }
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            [
                self.env._("Customer ID"),
                self.env._("Customer"),
                self.env._("Salesperson"),
                self.env._("Category"),
                self.env._("Opportunity Salesperson"),
                self.env._("Result"),
            ]
        )
        # customers already claimed are counted, not listed: on a second run
        # they are every customer
        for row in rows:
            if row["category"] == "claimed":
                continue
            writer.writerow(
                [
                    row["id"],
                    row["name"],
                    row["user"] or "",
                    translated[row["category"]],
                    row["other_user"] or "",
                    (results or {}).get(row["id"], ""),
                ]
            )
        self.list_file = base64.b64encode(out.getvalue().encode("utf-8-sig"))
        self.list_filename = "ownership_adoption_%s.csv" % fields.Date.to_string(
            fields.Date.context_today(self)
        )

    def action_preview(self):
        """Count the customers of each category; nothing is written."""
        self.ensure_one()
        self._check_manager()
        rows = self._rows()
        counts = dict.fromkeys(CATEGORIES, 0)
        for row in rows:
            counts[row["category"]] += 1
        self.write({f"{key}_count": count for key, count in counts.items()} | {"state": "preview"})
        self._write_list(rows)
        return self._reopen()

    def action_apply(self):
        """Claim the customers of the ``adopt`` category for their salesperson,
        then apply the option for customers without a salesperson."""
        self.ensure_one()
        self._check_manager()
        # sudo: a technical setting, read whoever applies
        background_from = int(
            self.env["ir.config_parameter"].sudo().get_param(BACKGROUND_PARAM, 20000)
        )
        if background_from and self.adopt_count >= background_from:
            return self._queue_run()
        with cyclic_gc_paused():
            return self._apply_adoption()

    def _adoption_options(self):
        """The options a background run applies again (``sales.claim.adoption.run``)."""
        return self._convert_to_write(
            {
                name: self[name]
                for name in ("date_mode", "policy_mode", "policy_id", "unowned_action")
            }
        )

    def _queue_run(self):
        """Too many customers for one request: a background run applies them."""
        run = self.env["sales.claim.adoption.run"].create(
            {
                "name": self.env._("Adoption of %(count)s customers", count=self.adopt_count),
                "company_id": self.company_id.id,
                "user_id": self.env.uid,
                "options": self._adoption_options(),
                "adopt_count": self.adopt_count,
            }
        )
        run.message_subscribe(partner_ids=self.env.user.partner_id.ids)
        self.env.ref("sales_claim_registration.ir_cron_adoption_runs")._trigger()
        self.write({"state": "queued", "run_id": run.id})
        return self._reopen()

    def _apply_adoption(self):
        """``action_apply`` with the collector paused (a bulk path)."""
        Adoption = self.env["sales.claim.adoption"].sudo()
        rows = self._rows()
        adopt = [row for row in rows if row["category"] == "adopt"]
        claims, refused, adopted = Adoption._adopt(
            adopt,
            self.company_id,
            policy=self.policy_id if self.policy_mode == "one" else None,
            note=self.env._("Adopted from the salesperson the customer had."),
        )
        results = dict.fromkeys(adopted, self.env._("Adopted"))
        for vals, reason in refused:
            results[vals["partner_id"]] = reason
        unowned = [row["id"] for row in rows if row["category"] == "unowned"]
        done = self._apply_unowned(unowned)
        for partner_id in done:
            results[partner_id] = self.env._("Put in a pool")
        # sudo: a technical marker that hides the settings banner
        self.env["ir.config_parameter"].sudo().set_param(ADOPTED_PARAM, fields.Datetime.now())
        self.write(
            {
                "state": "done",
                "adopted_count": len(claims),
                "refused_count": len(refused),
                "unowned_done_count": len(done),
            }
        )
        self._write_list(rows, results)
        _logger.info(
            "ownership adoption in company %s: %s claims, %s refused, %s unowned handled",
            self.company_id.id,
            len(claims),
            len(refused),
            len(done),
        )
        return self._reopen()

    def _apply_unowned(self, partner_ids):
        """Customers without salesperson: left unclaimed here. Returns the
        ids of the customers changed (the pool addon puts them in a pool)."""
        return []
