"""A large adoption of existing ownership, applied by a cron in the background."""

import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

# above this many customers to adopt, applying queues a background run
BACKGROUND_PARAM = "sales_claim_registration.adoption_background_from"


class SalesClaimAdoptionRun(models.Model):
    """An adoption applied in the background (存量客户归属, 后台执行).

    A million customers take minutes to adopt: more than the time limits of
    an HTTP request on a multi-worker server. Above
    ``sales_claim_registration.adoption_background_from`` customers to
    adopt (20,000 by default), applying the wizard records its options here
    and triggers the cron ``ir_cron_adoption_runs``, which applies them with
    the wizard's own code (each chunk of 5,000 customers committed) and
    tells the manager who asked when it is done. A run stopped half-way
    (worker restarted, time limit) is applied again by the next cron run:
    adoption is idempotent, the customers adopted before are "already
    claimed".
    """

    _name = "sales.claim.adoption.run"
    _description = "Ownership Adoption Run"
    _inherit = ["mail.thread", "sales.claim.adoption.result"]
    _order = "id desc"

    name = fields.Char(required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", string="Requested By", required=True, readonly=True, index=True
    )
    state = fields.Selection(
        [("queued", "Queued"), ("done", "Done")],
        default="queued",
        required=True,
        readonly=True,
        tracking=True,
    )
    options = fields.Json(readonly=True, help="The options chosen in the adoption wizard.")
    adopt_count = fields.Integer(string="To Adopt (Preview)", readonly=True)
    date_done = fields.Datetime(string="Done On", readonly=True)

    @api.model
    def _cron_apply_runs(self):
        """Apply the queued runs, oldest first, each as the manager who asked."""
        runs = self.search([("state", "=", "queued")], order="id")
        if runs:
            # a worker stopped half-way (time limit, restart) leaves its run
            # queued: applied again then, not at the next daily call
            self.env.ref("sales_claim_registration.ir_cron_adoption_runs")._trigger(
                fields.Datetime.now() + timedelta(minutes=15)
            )
        for index, run in enumerate(runs):
            run._apply_run()
            self.env["ir.cron"]._notify_progress(done=index + 1, remaining=len(runs) - index - 1)
        return len(runs)

    def _apply_run(self):
        self.ensure_one()
        # the wizard's code, as the manager who asked, in the run's company
        # and their language (the customers' chatter messages)
        wizard = (
            self.env["sales.claim.adoption.wizard"]
            .with_user(self.user_id)
            .with_company(self.company_id)
            .with_context(lang=self.user_id.lang)
            .create(dict(self.options, company_id=self.company_id.id))
        )
        wizard._apply_adoption()
        self.write(
            {
                "state": "done",
                "date_done": fields.Datetime.now(),
                "adopted_count": wizard.adopted_count,
                "refused_count": wizard.refused_count,
                "unowned_done_count": wizard.unowned_done_count,
                "list_file": wizard.list_file,
                "list_filename": wizard.list_filename,
            }
        )
        body = self.with_context(lang=self.user_id.lang).env._(
            "Adoption done: %(adopted)s claims created, %(refused)s refused, %(pooled)s put "
            "in a pool. The list of customers is on this run.",
            adopted=wizard.adopted_count,
            refused=wizard.refused_count,
            pooled=wizard.unowned_done_count,
        )
        self.message_post(
            body=Markup("<p>%s</p>") % body,
            partner_ids=self.user_id.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        _logger.info("ownership adoption run %s done", self.id)
