from functools import partial

from odoo import api, models

BATCH_KEY = "sales_suite_lead_batch"


class CrmLead(models.Model):
    """Work of the suite on leads, done once per batch of Odoo's lead flows.

    Odoo's lead assignment (crons) and mass conversion write the leads one
    by one. Inside those flows (context ``sales_suite_lead_batch``) the
    suite's addons do not react to each write: they remember the records
    with ``_suite_batch_defer`` and react once for all of them, at the end of
    the flow or before the flow commits a bundle, so the suite adds a
    constant number of queries per batch, not per lead.
    """

    _inherit = "crm.lead"

    @api.model
    def _suite_batch_defer(self, model, method, ids):
        """Inside a batch, remember ``ids`` for ``env[model].method(ids)`` and
        return True; outside a batch, return False (the caller reacts now)."""
        if not self.env.context.get(BATCH_KEY):
            return False
        data = self.env.cr.precommit.data
        if BATCH_KEY not in data:
            # before a commit of the flow (Odoo commits assignment bundles)
            self.env.cr.precommit.add(partial(self._suite_batch_run, self.env))
        data.setdefault(BATCH_KEY, {}).setdefault((model, method), set()).update(ids)
        return True

    @api.model
    def _suite_batch_run(self, env=None):
        """Run the reactions remembered in the batch, once each (set-based)."""
        env = (env or self.env)(context=dict((env or self.env).context, **{BATCH_KEY: False}))
        pending = env.cr.precommit.data.pop(BATCH_KEY, {})
        for (model, method), ids in pending.items():
            getattr(env[model], method)(sorted(ids))
        if pending:
            env.flush_all()


class CrmTeam(models.Model):
    _inherit = "crm.team"

    def _action_assign_leads(self, force_quota=False, creation_delta_days=7):
        """Odoo's lead assignment: the suite reacts once for the whole run."""
        res = super(CrmTeam, self.with_context(**{BATCH_KEY: True}))._action_assign_leads(
            force_quota=force_quota, creation_delta_days=creation_delta_days
        )
        self.env["crm.lead"]._suite_batch_run()
        return res


class CrmLead2OpportunityPartner(models.TransientModel):
    _inherit = "crm.lead2opportunity.partner"

    def _convert_and_allocate(self, leads, user_ids, team_id=False):
        """Odoo's conversion (one lead or a mass conversion): the suite reacts once."""
        batch = {BATCH_KEY: True}
        res = super(CrmLead2OpportunityPartner, self.with_context(**batch))._convert_and_allocate(
            leads.with_context(**batch), user_ids, team_id=team_id
        )
        self.env["crm.lead"]._suite_batch_run()
        return res
