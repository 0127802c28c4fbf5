from odoo import api, models
from odoo.tools import SQL


class SalesClaim(models.Model):
    """Reasons written by code are written in their reader's language.

    Crons run as OdooBot, in English: a claim that expires or a customer
    recycled at night would carry "Protection period ended" or "Recycled:
    No follow-up" in front of a Chinese sales team. The reasons that code
    writes on claims and customers are translated into the language of the
    claim's owner (else of its company), once per language and batch.
    """

    # one model, one file per concern (the pylint check wants one class)
    _inherit = "sales.claim"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _owner_langs(self, claim_ids):
        """``{claim id: language code}``: the owner's, else the company's, else the current one."""
        if not claim_ids:
            return {}
        self.env.cr.execute(
            SQL(
                """
                SELECT c.id, COALESCE(up.lang, cp.lang)
                  FROM sales_claim c
                  LEFT JOIN res_users u ON u.id = c.user_id
                  LEFT JOIN res_partner up ON up.id = u.partner_id
                  LEFT JOIN res_company co ON co.id = c.company_id
                  LEFT JOIN res_partner cp ON cp.id = co.partner_id
                 WHERE c.id = ANY(%s)
                """,
                list(claim_ids),
            )
        )
        rows = self.env.cr.fetchall()
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        current = self.env.lang or "en_US"
        return {claim_id: lang if lang in installed else current for claim_id, lang in rows}

    @api.model
    def _in_owner_langs(self, claim_ids, text):
        """``[text]`` for each of ``claim_ids``, ``text(env)`` called once per
        language with an environment in that language."""
        langs = self._owner_langs(claim_ids)
        texts = {}
        for lang in set(langs.values()):
            texts[lang] = text(self.with_context(lang=lang).env)
        return [texts[langs[claim_id]] for claim_id in claim_ids]
