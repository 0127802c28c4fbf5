from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

MAX_FILES = 5
MAX_FILE_SIZE = 10 * 1024 * 1024  # bytes


class ClaimPortal(CustomerPortal):
    """My claims (我的报备): agents register and follow their customers."""

    # ------------------------------------------------------------------ helpers

    def _claim_portal_agent(self):
        """The agent company of the current user, or an empty recordset."""
        agent = request.env.user.commercial_partner_id
        return (
            agent if agent.is_sales_agent and not request.env.user._is_public() else agent.browse()
        )

    def _claim_portal_agent_or_404(self):
        agent = self._claim_portal_agent()
        if not agent:
            raise NotFound()
        return agent

    def _claim_portal_get(self, claim_id):
        """The claim, sudo, once the user proved read access to it (record
        rules: own agent company only). Anything else is a 404, so that an
        agent cannot tell another agent's claim from a missing one."""
        self._claim_portal_agent_or_404()
        try:
            return self._document_check_access("sales.claim", claim_id)
        except (AccessError, MissingError):
            raise NotFound() from None

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        values["claim_portal_agent"] = bool(self._claim_portal_agent())
        return values

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "claim_count" in counters:
            agent = self._claim_portal_agent()
            values["claim_count"] = (
                request.env["sales.claim"].search_count([("agent_partner_id", "=", agent.id)])
                if agent and request.env["sales.claim"].has_access("read")
                else 0
            )
        return values

    def _claim_portal_sortings(self):
        return {
            "date": {"label": request.env._("Newest"), "order": "date_start desc, id desc"},
            "end": {"label": request.env._("Protection End"), "order": "date_end asc, id desc"},
            "name": {"label": request.env._("Reference"), "order": "name asc, id asc"},
        }

    def _claim_portal_filters(self):
        return {
            "all": {"label": request.env._("All"), "domain": []},
            "active": {"label": request.env._("Protected"), "domain": [("state", "=", "active")]},
            "closed": {"label": request.env._("Ended"), "domain": [("state", "!=", "active")]},
        }

    # ------------------------------------------------------------------ list

    @http.route(
        ["/my/claims", "/my/claims/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_claims(self, page=1, sortby=None, filterby=None, **kw):
        agent = self._claim_portal_agent_or_404()
        sortings = self._claim_portal_sortings()
        filters = self._claim_portal_filters()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        domain = [("agent_partner_id", "=", agent.id), *filters[filterby]["domain"]]
        # searched as the portal user: record rules keep other agents' claims out
        Claim = request.env["sales.claim"]
        pager = portal_pager(
            url="/my/claims",
            url_args={"sortby": sortby, "filterby": filterby},
            total=Claim.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        claims = Claim.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_claims_history"] = claims.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # sudo: the user may read these claims (searched above), not
                # always their customers' partner records
                "claims": claims.sudo(),
                "page_name": "claim",
                "pager": pager,
                "default_url": "/my/claims",
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("sales_claim_portal.portal_my_claims", values)

    # ------------------------------------------------------------------ detail

    def _claim_portal_page_values(self, claim_sudo):
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "claim", "claim": claim_sudo})
        values = self._get_page_view_values(claim_sudo, None, values, "my_claims_history", False)
        values["manual_extension"] = claim_sudo.extension_ids.filtered(
            lambda e: e.kind == "manual"
        ).sorted("id")[-1:]
        return values

    @http.route(["/my/claims/<int:claim_id>"], type="http", auth="user", website=True)
    def portal_my_claim(self, claim_id, **kw):
        claim_sudo = self._claim_portal_get(claim_id)
        values = self._claim_portal_page_values(claim_sudo)
        if kw.get("registered"):
            values["success"] = request.env._("The customer is registered for you.")
        if kw.get("extension") == "requested":
            values["success"] = request.env._(
                "Your extension request was sent: a sales manager decides on it."
            )
        return request.render("sales_claim_portal.portal_my_claim", values)

    @http.route(
        ["/my/claims/<int:claim_id>/extension"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_claim_extension(self, claim_id, reason=None, **kw):
        claim_sudo = self._claim_portal_get(claim_id)
        try:
            with request.env.cr.savepoint():
                claim_sudo.with_user(request.env.user)._portal_request_extension(reason)
        except (UserError, ValidationError) as error:
            values = self._claim_portal_page_values(claim_sudo)
            values.update({"error": error.args[0], "extension_reason": reason or ""})
            return request.render("sales_claim_portal.portal_my_claim", values, status=400)
        return request.redirect(f"/my/claims/{claim_sudo.id}?extension=requested")

    # ------------------------------------------------------------------ registration

    def _claim_portal_files(self):
        """Uploaded evidence as ``(name, content, mimetype)``, and an error."""
        files = [f for f in request.httprequest.files.getlist("attachments") if f.filename]
        if len(files) > MAX_FILES:
            return [], request.env._("Attachments: at most %(max)s files.", max=MAX_FILES)
        result = []
        for upload in files:
            content = upload.read(MAX_FILE_SIZE + 1)
            if len(content) > MAX_FILE_SIZE:
                return [], request.env._(
                    "Attachments: %(name)s is larger than %(size)s MB.",
                    name=upload.filename,
                    size=MAX_FILE_SIZE // (1024 * 1024),
                )
            result.append((upload.filename, content, upload.mimetype))
        return result, None

    @http.route(["/my/claims/new"], type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_my_claim_new(self, **post):
        self._claim_portal_agent_or_404()
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "claim_new", "form": {}, "errors": {}})
        if request.httprequest.method != "POST":
            return request.render("sales_claim_portal.portal_my_claim_new", values)
        Claim = request.env["sales.claim"]
        form = {
            k: post.get(k, "") for k in ("company_name", "contact_name", "phone", "email", "note")
        }
        values["form"] = form
        _data, errors = Claim._portal_check_registration(form)
        files, file_error = self._claim_portal_files()
        if file_error:
            errors["attachments"] = file_error
        if errors:
            values["errors"] = errors
            return request.render("sales_claim_portal.portal_my_claim_new", values, status=400)
        try:
            attempt = Claim._portal_register(
                {**form, "ip_address": request.httprequest.remote_addr}, files
            )
        except (UserError, ValidationError) as error:
            values["error"] = error.args[0]
            return request.render("sales_claim_portal.portal_my_claim_new", values, status=400)
        if attempt.result == "accepted":
            return request.redirect(f"/my/claims/{attempt.claim_id.id}?registered=1")
        values["refusal"] = attempt.message
        values["capped"] = attempt.result == "capped"
        # 429 Too Many Requests once the daily cap is reached
        status = 429 if values["capped"] else 200
        return request.render("sales_claim_portal.portal_my_claim_new", values, status=status)
