from odoo.tests import tagged

from .common import ClaimPortalCase


@tagged("post_install", "-at_install")
class TestPortalTour(ClaimPortalCase):
    def test_agent_journey_in_a_browser(self):
        """Register, write in the chatter and ask for the extension, clicking
        through the real portal pages (the chatter is the portal's own)."""
        self.start_tour("/my", "sales_claim_portal_tour_agent", login=self.agent_a_user.login)
        claim = self.env["sales.claim"].search([("agent_partner_id", "=", self.agent_a.id)])
        self.assertEqual(claim.partner_id.name, "浏览器测试科技（苏州）有限公司")
        self.assertEqual(claim.channel, "agent")
        self.assertTrue(
            claim.message_ids.filtered(
                lambda m: (
                    "Visited the customer with our engineer" in (m.body or "")
                    and m.author_id == self.agent_a_user.partner_id
                )
            )
        )
        self.assertEqual(claim.extension_ids.mapped("state"), ["requested"])
