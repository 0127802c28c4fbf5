from odoo import models


class MailActivity(models.Model):
    """Activities marked done earn activity milestones (a visit, a demo)."""

    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        done = [
            (activity.res_model, activity.res_id, activity.activity_type_id, activity.id)
            for activity in self
            if activity.res_model in ("res.partner", "crm.lead") and activity.activity_type_id
        ]
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if not done:
            return result
        Milestone = self.env["sales.claim.milestone"]
        for res_model, res_id, activity_type, activity_id in done:
            record = self.env[res_model].browse(res_id).exists()
            if not record:
                continue
            partner = record if res_model == "res.partner" else record.partner_id
            lead = record if res_model == "crm.lead" else self.env["crm.lead"]
            if not self.env["sales.claim"]._has_active_claims(partner, lead):
                continue
            Milestone._reach(
                "activity",
                partner,
                lead,
                f"mail.activity,{activity_id}",
                activity_type=activity_type,
            )
        return result
