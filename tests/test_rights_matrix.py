"""The rights matrix (issue 16): who may read, search, group, export, create,
write and unlink what in the suite, one reported test per case.

``ROWS`` holds one tuple per case, ``(role, target, operation, allowed)``,
expanded from ``SPEC``, which reads like the README's rights table: for each
target (a model, and which of its records when record rules tell them apart,
e.g. ``sales.claim[own]`` and ``sales.claim[other]``) the roles allowed each
operation; every other role is refused. Each row becomes a test method named
``test_<role>__<target>__<operation>`` acting as a real user with the real
groups, on real records, through the ORM as an RPC call would.

Besides Odoo's seven operations, a few rows name the change they try:
``write_rules`` (a field only the rules change, e.g. a claim's end date),
``create_rate`` / ``write_rate`` (a split line's commission rate),
``write_decision`` (an arbitration case's decision note) and ``open`` (the
right to open a wizard; each wizard's action checks its own rights).

Each refused case is run a second time with a hostile context
(``test_..._hostile_context``): every context key the suite's code ever
used to tell its layers something (``HOSTILE_CONTEXT``), as a client may
send them over RPC. It must stay refused: such marks are code marks
(``sales_claim_registration/tools/code_marks.py``), never context keys.

Refused means an ``AccessError`` (access rights, record rules) or a
``UserError`` (the suite's own checks: fields only the rules change, masked
contact data in exports, commission rates); for search and group, a record
the user may not see is simply not found. Anything else is a test error.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.sales_claim_registration.tests.roles import (
    INVOICING,
    PORTAL,
    SALESMAN,
)

from .common import SuiteRoles, SuiteTransactionCase

#: what a client may send over RPC: the keys the suite's code once used, or
#: uses, to tell its own layers how to act (write as the rules, an
#: assignment, a copy, a raw search, a batch)
HOSTILE_CONTEXT = {
    "credit_split_system": True,
    "credit_split_copied_lines": True,
    "credit_split_copy": "keep",
    "pool_move_type": "assigned",
    "pool_reason": "assigned by an administrator",
    "pool_mask_raw": True,
    "sales_claim_batch": True,
    "sales_suite_lead_batch": True,
    "sales_claim_takeover_reason": "taken over",
}

# ---------------------------------------------------------------------- roles

#: role: attribute of the test user acting in that role
ROLE_USERS = {
    "rep": "rep_direct",
    "member": "mx_member",
    "pool_admin": "mx_pool_admin",
    "manager": "manager",
    "arbiter": "arbiter",
    "vp": "approver",
    "accountant": "mx_accountant",
    "portal": "mx_agent",
    "internal": "mx_internal",
}
ROLES = tuple(ROLE_USERS)
SALES = ("rep", "member", "pool_admin", "manager", "arbiter", "vp")
# "All Documents" sales users: arbiters and VPs read the claims they decide
DECIDERS = ("manager", "arbiter", "vp")
POOL = ("member", "pool_admin", "manager")
POOL_ADMINS = ("pool_admin", "manager")
MANAGER = ("manager",)
NOBODY = ()
LOOK = ("read", "search", "group", "export")


def ops(look=NOBODY, **changes):
    """{operation: allowed roles} for one target: the four ways of looking,
    and the changes named (create, write, unlink, ...)."""
    return {**dict.fromkeys(LOOK, look), **changes}


# target, roles acting on it (None: every role), {operation: allowed roles}
SPEC = [
    # claims (报备): own claims and an agent's own registrations; another rep's
    # claim is read by those who decide on it; only the rules change owner,
    # dates, state and keys, for every role (write_rules)
    # (an agent exports nothing: Odoo's export is for internal users); an
    # active claim is never deleted, a voided one by a sales manager only
    (
        "sales.claim[own]",
        (*SALES, "portal"),
        {
            **ops(look=(*SALES, "portal"), write=SALES, unlink=NOBODY, write_rules=NOBODY),
            "export": SALES,
        },
    ),
    (
        "sales.claim[other]",
        None,
        ops(look=DECIDERS, write=MANAGER, unlink=NOBODY, write_rules=NOBODY),
    ),
    ("sales.claim[cancelled]", None, ops(look=DECIDERS, write=MANAGER, unlink=MANAGER)),
    ("sales.claim[new]", None, {"create": SALES}),
    # nobody registers a claim in another's name by a plain create (register
    # wizard, assignment, handover: they log who and why)
    ("sales.claim[for_other]", None, {"create": NOBODY}),
    # policies and milestones: managers configure, sales staff read
    ("sales.claim.policy", None, ops(look=SALES, create=MANAGER, write=MANAGER, unlink=MANAGER)),
    (
        "sales.claim.milestone",
        None,
        ops(look=SALES, create=MANAGER, write=MANAGER, unlink=MANAGER),
    ),
    # extensions (延期申请): the owner reads theirs, VPs approve; the days and
    # state are the workflow's, never a plain create
    (
        "sales.claim.extension[own]",
        SALES,
        ops(look=SALES, write=("vp", "manager"), unlink=MANAGER),
    ),
    (
        "sales.claim.extension[other]",
        None,
        ops(look=DECIDERS, write=("vp", "manager"), unlink=MANAGER),
    ),
    ("sales.claim.extension[new]", None, {"create": NOBODY}),
    # conflicts (判单): the parties read their case, arbiters decide every case
    # (a party adds to the reason; the decision note is the arbiter's)
    (
        "sales.claim.conflict[own]",
        ("rep",),
        ops(look=("rep",), write=("rep",), write_decision=NOBODY, unlink=NOBODY),
    ),
    (
        "sales.claim.conflict[other]",
        None,
        ops(
            look=("arbiter", "manager"),
            write=("arbiter", "manager"),
            write_decision=("arbiter", "manager"),
            unlink=MANAGER,
        ),
    ),
    ("sales.claim.conflict[new]", None, {"create": SALES}),
    # daily cap counters: written by the caps' own SQL, read by nobody here
    ("sales.daily.counter", None, ops(create=NOBODY, write=NOBODY, unlink=NOBODY)),
    # portal attempts: a log read by arbiters and managers
    (
        "sales.claim.portal.attempt",
        None,
        ops(look=("arbiter", "manager"), create=NOBODY, write=NOBODY, unlink=MANAGER),
    ),
    # credit configuration: managers configure; sales staff and accountants read
    (
        "sales.credit.role",
        None,
        ops(look=(*SALES, "accountant"), create=MANAGER, write=MANAGER, unlink=MANAGER),
    ),
    (
        "sales.credit.user.rate",
        None,
        ops(look=MANAGER, create=MANAGER, write=MANAGER, unlink=MANAGER),
    ),
    (
        "sales.credit.split.type",
        None,
        ops(look=(*SALES, "accountant"), create=MANAGER, write=MANAGER, unlink=MANAGER),
    ),
    (
        "sales.credit.split.template",
        None,
        ops(look=(*SALES, "accountant"), create=MANAGER, write=MANAGER, unlink=MANAGER),
    ),
    (
        "sales.credit.split.template.line",
        None,
        ops(look=(*SALES, "accountant"), create=MANAGER, write=MANAGER, unlink=MANAGER),
    ),
    # split lines (业绩分配): the opportunity's owner edits them, participants
    # read them, accountants edit those of invoices; commission rates are set
    # by accountants and sales managers only, on create as on write
    (
        "sales.credit.split.line[own]",
        None,
        ops(
            look=("rep", "manager"),
            create=("rep", "manager"),
            write=("rep", "manager"),
            unlink=("rep", "manager"),
            create_rate=MANAGER,
            write_rate=MANAGER,
        ),
    ),
    (
        "sales.credit.split.line[shared]",
        ("rep",),
        ops(look=("rep",), write=NOBODY, unlink=NOBODY, write_rate=NOBODY),
    ),
    (
        "sales.credit.split.line[other]",
        None,
        ops(look=MANAGER, write=MANAGER, unlink=MANAGER),
    ),
    (
        "sales.credit.split.line[invoice]",
        None,
        ops(
            look=("accountant", "manager"),
            create=("accountant", "manager"),
            write=("accountant", "manager"),
            unlink=("accountant", "manager"),
            create_rate=("accountant", "manager"),
            write_rate=("accountant", "manager"),
        ),
    ),
    # the commission report: own credit, all for managers (and auditors)
    ("sales.credit.report[own]", ("rep",), ops(look=("rep",), create=NOBODY, write=NOBODY)),
    ("sales.credit.report[other]", None, ops(look=MANAGER, create=NOBODY, write=NOBODY)),
    # pools (公海): members read, administrators configure theirs, managers all
    ("sales.pool", None, ops(look=POOL, create=MANAGER, write=POOL_ADMINS, unlink=MANAGER)),
    (
        "sales.pool.grade.rule",
        None,
        ops(look=POOL, create=POOL_ADMINS, write=POOL_ADMINS, unlink=POOL_ADMINS),
    ),
    # the moves log and the reveals are written by the rules only
    *(
        (model, None, ops(look=POOL, create=NOBODY, write=NOBODY, unlink=NOBODY))
        for model in ("sales.pool.move", "sales.pool.reveal")
    ),
    ("sales.pool.member.report", None, ops(look=POOL, create=NOBODY, write=NOBODY)),
    # wizards: who may open them (each action checks its own rights)
    *(
        (f"{model}[wizard]", None, {"open": SALES})
        for model in (
            "sales.claim.register.wizard",
            "sales.claim.prospect.wizard",
            "sales.claim.extension.wizard",
            "sales.claim.escalate.wizard",
            "sales.pool.release.wizard",
            "sales.pool.assign.wizard",
            "sales.pool.distribute.wizard",
            "sales.pool.handover.wizard",
            "sales.pool.handover.line",
        )
    ),
    ("sales.claim.adoption.wizard[wizard]", None, {"open": MANAGER}),
    # the fields the suite adds to contacts: a pool customer is seen by its
    # pool's members and administrators (contact data masked: no export), a
    # claimed customer by every internal user; the rules fields (pool, claim,
    # grade, dates) are refused on a plain create or write for every role
    (
        "res.partner[own]",
        SALES,
        ops(look=SALES, create=NOBODY, write=NOBODY),
    ),
    (
        "res.partner[other]",
        None,
        ops(look=(*SALES, "accountant", "internal"), create=NOBODY, write=NOBODY),
    ),
    (
        "res.partner[pool]",
        None,
        {
            **ops(look=(*POOL, "accountant", "internal"), create=NOBODY, write=NOBODY),
            # masked until claimed or revealed: the member revealed it today
            # (sales.pool.reveal below), the administrator did not
            "export": ("member", "manager"),
        },
    ),
    # and to opportunities: the claim and the credit split status
    ("crm.lead[own]", ("rep",), ops(look=("rep",), create=NOBODY, write=NOBODY)),
    ("crm.lead[other]", None, ops(look=DECIDERS, create=NOBODY, write=NOBODY)),
]

ROWS = [
    (role, target, operation, role in allowed)
    for target, roles, operations in SPEC
    for role in roles or ROLES
    for operation, allowed in operations.items()
]

# fields each operation reads, exports or groups by (the suite's own fields)
READ_FIELDS = {
    "sales.claim": ["partner_id", "user_id", "state", "date_end", "key_type"],
    "sales.credit.report": ["display_name", "move_id", "partner_id", "user_id", "percent"],
    "sales.credit.split.line": ["user_id", "percent", "commission_rate", "amount_company"],
    "sales.pool": ["name", "holding_cap", "daily_cap", "reveal_daily_cap"],
    "res.partner": [
        "claim_owner_id",
        "claim_date_end",
        "pool_id",
        "customer_grade",
        "pool_days_left",
        "phone",
    ],
    "crm.lead": ["claim_owner_id", "claim_date_end", "credit_split_state"],
}
EXPORT_FIELDS = {
    "sales.claim": ["state", "date_end", "key_type"],
    "res.partner": ["name", "phone", "email", "pool_id/name", "customer_grade"],
    "crm.lead": ["name", "claim_owner_id/name", "credit_split_state"],
    # the report's list columns: a rep credited on a colleague's invoice
    # exports its number (the invoice itself is not theirs to read)
    "sales.credit.report": ["move_name", "date", "user_id", "percent", "commission_amount"],
}
GROUP_BY = {
    "res.partner": ["pool_id"],
    "crm.lead": ["credit_split_state"],
    "sales.claim": ["state"],
}


def _split_target(target):
    model, __, scope = target.partition("[")
    return model, scope.rstrip("]")


class TestRightsMatrix(SuiteRoles, SuiteTransactionCase):
    """Each role against each model of the suite (rows: ``ROWS``)."""

    EXTRA_USERS = {
        "mx_member": ("mx_member", "Matrix Pool Member", SALESMAN),
        "mx_pool_admin": ("mx_pool_admin", "Matrix Pool Administrator", SALESMAN),
        "mx_accountant": ("mx_accountant", "Matrix Accountant", INVOICING),
        "mx_agent": ("mx_agent", "Matrix Portal Agent", PORTAL),
        "mx_internal": ("mx_internal", "Matrix Internal User", "base.group_user"),
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {role: getattr(cls, attribute) for role, attribute in ROLE_USERS.items()}
        # Odoo lets only the users it is given to export (a setting of the
        # company): given here to every internal user, so that an export
        # refused is the suite's doing
        export = cls.env.ref("base.group_allow_export")
        for role, user in cls.users.items():
            if role != "portal":
                user.groups_id = [Command.link(export.id)]
        cls.targets = {}
        cls._setup_claims()
        cls._setup_pool()
        cls._setup_credit()

    @classmethod
    def _target(cls, target, record, role="*"):
        cls.targets.setdefault(target, {})[role] = record

    @classmethod
    def _setup_claims(cls):
        Claim = cls.env["sales.claim"]
        claims = {}
        for role in SALES:
            user = cls.users[role]
            customer, __ = cls.new_company(f"Matrix Own {role.title()} Trading Ltd")
            claims[role] = Claim.with_user(user).create(
                {"partner_id": customer.id, "user_id": user.id, "key_type": "company"}
            )
            cls._target("sales.claim[own]", claims[role], role)
            cls._target("res.partner[own]", customer, role)
        # an agent's registration: the agent's account manager owns it
        cls.agent = cls.env["res.partner"].create(
            {
                "name": "Matrix Reseller 渠道",
                "is_company": True,
                "is_sales_agent": True,
                "sales_agent_manager_id": cls.rep_agent_manager.id,
            }
        )
        cls.mx_agent.partner_id.parent_id = cls.agent
        agent_customer, __ = cls.new_company("Matrix Agent Customer Ltd")
        agent_claim = Claim.with_user(cls.rep_agent_manager).create(
            {
                "partner_id": agent_customer.id,
                "user_id": cls.rep_agent_manager.id,
                "key_type": "company",
                "channel": "agent",
                "agent_partner_id": cls.agent.id,
            }
        )
        cls._target("sales.claim[own]", agent_claim, "portal")
        # another rep's claims
        cls.other_customer, __ = cls.new_company("Matrix Other Rep Customer Ltd")
        cls.other_claim = Claim.with_user(cls.rep_tele).create(
            {"partner_id": cls.other_customer.id, "user_id": cls.rep_tele.id, "key_type": "company"}
        )
        cls._target("sales.claim[other]", cls.other_claim)
        voided, __ = cls.new_company("Matrix Voided Customer Ltd")
        voided_claim = Claim.with_user(cls.rep_tele).create(
            {"partner_id": voided.id, "user_id": cls.rep_tele.id, "key_type": "company"}
        )
        voided_claim.with_user(cls.manager).action_cancel()
        cls._target("sales.claim[cancelled]", voided_claim)
        cls._target("res.partner[other]", cls.other_customer)
        contested, __ = cls.new_company("Matrix Contested Customer Ltd")
        contested_claim = Claim.with_user(cls.rep_tele).create(
            {"partner_id": contested.id, "user_id": cls.rep_tele.id, "key_type": "company"}
        )
        # extensions: the owner's request for the one manual extension
        Extension = cls.env["sales.claim.extension"]
        for role in SALES:
            Extension.with_user(cls.users[role])._request_manual(claims[role], 5, "Long tender")
            cls._target("sales.claim.extension[own]", claims[role].extension_ids, role)
        Extension.with_user(cls.rep_tele)._request_manual(cls.other_claim, 5, "Long tender")
        cls._target("sales.claim.extension[other]", cls.other_claim.extension_ids)
        cls._target("sales.claim.extension[new]", cls.other_claim)
        # conflicts (判单): the rep contests another rep's claim; a case
        # between two other reps
        Conflict = cls.env["sales.claim.conflict"]
        cls._target(
            "sales.claim.conflict[own]",
            Conflict.with_user(cls.rep_direct).create(
                {
                    "claim_id": cls.other_claim.id,
                    "claimant_id": cls.rep_direct.id,
                    "reason": "I met them first",
                    "origin": "escalation",
                }
            ),
            "rep",
        )
        cls._target(
            "sales.claim.conflict[other]",
            Conflict.with_user(cls.rep_agent_manager).create(
                {
                    "claim_id": contested_claim.id,
                    "claimant_id": cls.rep_agent_manager.id,
                    "reason": "Our agent met them first",
                    "origin": "escalation",
                }
            ),
        )
        cls._target("sales.claim.conflict[new]", contested_claim)
        # configuration no claim uses
        cls.mx_team = cls.env["crm.team"].create({"name": "Matrix Team"})
        cls.mx_policy = cls.env["sales.claim.policy"].create(
            {
                "name": "Matrix Policy",
                "team_id": cls.mx_team.id,
                "key_type": "company",
                "base_days": 20,
                "max_days": 60,
            }
        )
        cls._target("sales.claim.policy", cls.mx_policy)
        cls._target(
            "sales.claim.milestone",
            cls.env["sales.claim.milestone"].create(
                {"name": "Matrix Visit", "policy_id": cls.mx_policy.id, "trigger": "manual"}
            ),
        )
        cls._target(
            "sales.daily.counter",
            cls.env["sales.daily.counter"].create(
                {"user_id": cls.mx_member.id, "scope": "matrix", "day": fields.Date.today()}
            ),
        )
        cls._target(
            "sales.claim.portal.attempt",
            cls.env["sales.claim.portal.attempt"].create(
                {
                    "user_id": cls.mx_agent.id,
                    "agent_partner_id": cls.agent.id,
                    "company_name": "Matrix Typed Company",
                    "result": "refused",
                }
            ),
        )

    @classmethod
    def _setup_pool(cls):
        cls.pool = cls.env["sales.pool"].create(
            {
                "name": "Matrix Pool 公海",
                "member_ids": [Command.set(cls.mx_member.ids)],
                "manager_ids": [Command.set(cls.mx_pool_admin.ids)],
            }
        )
        cls._target("sales.pool", cls.pool)
        cls._target(
            "sales.pool.grade.rule",
            cls.env["sales.pool.grade.rule"].create(
                {"pool_id": cls.pool.id, "grade": "A", "holding_cap": 5}
            ),
        )
        cls.pool_customer, __ = cls.new_company(
            "Matrix Pool Customer Ltd", phone="+86 21 5555 0101", email="buyer@pool.example.com"
        )
        cls.pool_customer.with_context(pool_id=cls.pool.id).with_user(
            cls.manager
        ).action_put_in_pool()
        cls._target("res.partner[pool]", cls.pool_customer)
        # the move logged when the member claims a customer from the pool
        claimed, __ = cls.new_company("Matrix Pool Claimed Customer Ltd")
        claimed.with_context(pool_id=cls.pool.id).with_user(cls.manager).action_put_in_pool()
        claimed.with_user(cls.mx_member).action_claim_from_pool()
        cls._target(
            "sales.pool.move",
            cls.env["sales.pool.move"].search([("partner_id", "=", claimed.id)]),
        )
        cls._target(
            "sales.pool.reveal",
            cls.env["sales.pool.reveal"].create(
                {
                    "user_id": cls.mx_member.id,
                    "partner_id": cls.pool_customer.id,
                    "pool_id": cls.pool.id,
                }
            ),
        )
        cls._target(
            "sales.pool.member.report",
            cls.env["sales.pool.member.report"].search(
                [("pool_id", "=", cls.pool.id), ("user_id", "=", cls.mx_member.id)]
            ),
        )

    @classmethod
    def _setup_credit(cls):
        Role = cls.env["sales.credit.role"]
        cls.role_line = Role.create({"name": "Matrix Service", "default_weight": 50})
        cls._target("sales.credit.role", Role.create({"name": "Matrix Unused Role"}))
        cls._target(
            "sales.credit.split.type",
            cls.env["sales.credit.split.type"].create(
                {"name": "Matrix Unused Type", "total_rule": "any"}
            ),
        )
        cls._target(
            "sales.credit.user.rate",
            cls.env["sales.credit.user.rate"].create(
                {"user_id": cls.rep_tele.id, "role_id": cls.role_line.id, "commission_rate": 3}
            ),
        )
        template = cls.env["sales.credit.split.template"].create(
            {
                "name": "Matrix Template",
                "line_ids": [Command.create({"role_id": cls.role_line.id, "percent": 100})],
            }
        )
        cls._target("sales.credit.split.template", template)
        cls._target("sales.credit.split.template.line", template.line_ids)

        def split(*shares):
            return [Command.clear()] + [
                Command.create({"user_id": user.id, "role_id": cls.role_line.id, "percent": p})
                for user, p in shares
            ]

        Lead = cls.env["crm.lead"]
        own_lead = Lead.create(
            {
                "name": "Matrix Own Deal",
                "type": "opportunity",
                "partner_id": cls.targets["res.partner[own]"]["rep"].id,
                "user_id": cls.rep_direct.id,
                "team_id": cls.team_direct.id,
                "expected_revenue": 1000,
                "credit_split_line_ids": split((cls.rep_direct, 100)),
            }
        )
        other_lead = Lead.create(
            {
                "name": "Matrix Other Deal",
                "type": "opportunity",
                "partner_id": cls.other_customer.id,
                "user_id": cls.rep_tele.id,
                "team_id": cls.team_tele.id,
                "expected_revenue": 1000,
                "credit_split_line_ids": split((cls.rep_tele, 100)),
            }
        )
        shared_customer, __ = cls.new_company("Matrix Shared Deal Customer Ltd")
        shared_lead = Lead.create(
            {
                "name": "Matrix Shared Deal",
                "type": "opportunity",
                "partner_id": shared_customer.id,
                "user_id": cls.rep_tele.id,
                "team_id": cls.team_tele.id,
                "expected_revenue": 1000,
                "credit_split_line_ids": split((cls.rep_tele, 70), (cls.rep_direct, 30)),
            }
        )
        cls._target("crm.lead[own]", own_lead)
        cls._target("crm.lead[other]", other_lead)
        cls._target("sales.credit.split.line[own]", own_lead.credit_split_line_ids)
        cls._target("sales.credit.split.line[other]", other_lead.credit_split_line_ids)
        cls._target(
            "sales.credit.split.line[shared]",
            shared_lead.credit_split_line_ids.filtered(lambda x: x.user_id == cls.rep_tele),
        )
        product = cls.env["product.product"].create(
            {"name": "Matrix Service", "type": "service", "list_price": 100, "taxes_id": False}
        )

        def invoice(shares, post):
            move = cls.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": cls.other_customer.id,
                    "invoice_user_id": cls.rep_tele.id,
                    "invoice_date": fields.Date.today() - timedelta(days=1),
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": product.id, "price_unit": 500, "tax_ids": False}
                        )
                    ],
                    "credit_split_line_ids": split(*shares),
                }
            )
            if post:
                move.action_post()
            return move

        draft = invoice([(cls.rep_tele, 100)], post=False)
        cls._target("sales.credit.split.line[invoice]", draft.credit_split_line_ids)
        posted = invoice([(cls.rep_tele, 70), (cls.rep_direct, 30)], post=True)
        Report = cls.env["sales.credit.report"]
        cls._target(
            "sales.credit.report[own]",
            Report.search([("move_id", "=", posted.id), ("user_id", "=", cls.rep_direct.id)]),
        )
        cls._target(
            "sales.credit.report[other]",
            Report.search([("move_id", "=", posted.id), ("user_id", "=", cls.rep_tele.id)]),
        )

    # ------------------------------------------------------------------ values

    def _create_vals(self, target, operation, user):
        """Values of a realistic create of ``target`` by ``user``."""
        model, scope = _split_target(target)
        stamp = f"{user.login} {operation}"
        rate = {"commission_rate": 50} if operation == "create_rate" else {}
        if model == "sales.claim":
            customer, __ = self.new_company(f"Matrix New Customer {stamp} Ltd")
            owner = self.rep_tele if scope == "for_other" else user
            return {"partner_id": customer.id, "user_id": owner.id, "key_type": "company"}
        if model == "sales.claim.extension":
            return {"claim_id": self.other_claim.id, "kind": "manual", "days": 5, "reason": "x"}
        if model == "sales.claim.conflict":
            return {
                "claim_id": self.targets[target]["*"].id,
                "claimant_id": user.id,
                "reason": "We quoted them last year",
                "origin": "escalation",
            }
        if model == "sales.credit.split.line":
            record = self.targets[target]["*"]
            return {
                "lead_id": record.lead_id.id,
                "move_id": record.move_id.id,
                "user_id": self.rep_agent_manager.id,
                "role_id": self.role_line.id,
                "percent": 10,
                **rate,
            }
        if model in ("res.partner", "crm.lead"):
            # a rules field on a new record
            if model == "res.partner":
                return {"name": f"Matrix Created {stamp}", "pool_id": self.pool.id}
            return {"name": f"Matrix Lead {stamp}", "credit_split_state": "agreed"}
        return {
            "sales.claim.policy": {
                "name": f"Matrix Policy {stamp}",
                "key_type": "phone",
                "team_id": self.mx_team.id,
                "base_days": 10,
                "max_days": 30,
            },
            "sales.claim.milestone": {
                "name": f"Matrix Demo {stamp}",
                "policy_id": self.mx_policy.id,
                "trigger": "manual",
            },
            "sales.daily.counter": {"user_id": user.id, "scope": stamp, "day": "2026-01-01"},
            "sales.claim.portal.attempt": {
                "user_id": user.id,
                "agent_partner_id": self.agent.id,
                "company_name": stamp,
                "result": "refused",
            },
            "sales.credit.role": {"name": f"Matrix Role {stamp}"},
            "sales.credit.split.type": {"name": f"Matrix Type {stamp}", "total_rule": "any"},
            "sales.credit.user.rate": {
                "user_id": self.rep_direct.id,
                "role_id": self.role_line.id,
                "commission_rate": 4,
            },
            "sales.credit.split.template": {"name": f"Matrix Template {stamp}"},
            "sales.credit.split.template.line": {
                "template_id": self.targets["sales.credit.split.template"]["*"].id,
                "role_id": self.targets["sales.credit.role"]["*"].id,
                "percent": 10,
            },
            "sales.credit.report": {"user_id": user.id},
            "sales.pool": {"name": f"Matrix Pool {stamp}"},
            "sales.pool.grade.rule": {"pool_id": self.pool.id, "grade": "B", "holding_cap": 2},
            "sales.pool.move": {
                "move_type": "released",
                "partner_id": self.pool_customer.id,
                "company_id": self.company.id,
            },
            "sales.pool.reveal": {
                "user_id": user.id,
                "partner_id": self.pool_customer.id,
                "pool_id": self.pool.id,
            },
            "sales.pool.member.report": {"user_id": user.id},
        }[model]

    WRITE_VALS = {
        "sales.claim": {"note": "Met the buyer at the fair"},
        "sales.claim.policy": {"base_days": 21},
        "sales.claim.milestone": {"days": 7},
        "sales.claim.extension": {"reason": "The tender was postponed"},
        "sales.claim.conflict": {"reason": "We quoted them last year; the visit report"},
        "sales.daily.counter": {"scope": "changed"},
        "sales.claim.portal.attempt": {"company_name": "changed"},
        "sales.credit.role": {"default_weight": 30},
        "sales.credit.split.type": {"total_rule": "exactly_100"},
        "sales.credit.user.rate": {"commission_rate": 9},
        "sales.credit.split.template": {"name": "Matrix Template renamed"},
        "sales.credit.split.template.line": {"percent": 100},
        "sales.credit.split.line": {"note": "Did the demo"},
        "sales.credit.report": {"percent": 1},
        "sales.pool": {"warning_days": 4},
        "sales.pool.grade.rule": {"holding_cap": 3},
        "sales.pool.move": {"reason": "changed"},
        "sales.pool.reveal": {"partner_id": False},
        "sales.pool.member.report": {"user_id": False},
    }

    def _write_vals(self, target, operation):
        model, __ = _split_target(target)
        if operation == "write_rules":
            return {"date_end": fields.Datetime.now() + timedelta(days=400)}
        if operation == "write_rate":
            return {"commission_rate": 7}
        if operation == "write_decision":
            return {"decision_note": "Both visited; see the visit reports"}
        if model == "res.partner":
            return {"pool_id": self.pool.id if "pool" not in target else False}
        if model == "crm.lead":
            return {"credit_split_state": "locked"}
        return self.WRITE_VALS[model]

    # ------------------------------------------------------------------ the case

    def _run(self, role, target, operation, context=None):
        """Run ``operation`` on ``target`` as ``role``: True done, False refused."""
        model, __ = _split_target(target)
        user = self.users[role]
        Model = self.env[model].with_user(user).with_context(**(context or {}))
        records = self.targets.get(target, {})
        record = records.get(role, records.get("*"))
        if record is not None:
            self.assertTrue(record, f"fixture of {target} for {role} is missing")
            record = record.with_env(Model.env)
        domain = [("id", "in", record.ids)] if record is not None else []
        try:
            with self.env.cr.savepoint():
                if operation == "read":
                    record.read(READ_FIELDS.get(model, ["display_name"]))
                elif operation == "search":
                    return Model.search(domain) == record
                elif operation == "group":
                    groups = Model.read_group(
                        domain, ["__count"], GROUP_BY.get(model, []), lazy=False
                    )
                    return sum(group["__count"] for group in groups) == len(record)
                elif operation == "export":
                    record.export_data(EXPORT_FIELDS.get(model, ["display_name"]))
                elif operation in ("create", "create_rate"):
                    Model.create(self._create_vals(target, operation, user))
                elif operation.startswith("write"):
                    record.write(self._write_vals(target, operation))
                elif operation == "unlink":
                    record.unlink()
                elif operation == "open":
                    Model.check_access("create")
                else:
                    raise AssertionError(f"unknown operation {operation}")
                self.env.flush_all()
        except ValidationError:
            raise
        except (AccessError, UserError) as error:
            self._refusal = f"{type(error).__name__}: {error}"
            return False
        return True

    def _check_case(self, role, target, operation, allowed, context=None):
        self._refusal = "not found"
        done = self._run(role, target, operation, context)
        self.assertEqual(
            done,
            allowed,
            f"{role} / {target} / {operation}: expected "
            f"{'allowed' if allowed else 'refused'}, was "
            f"{'allowed' if done else 'refused (' + self._refusal[:300] + ')'}",
        )


def _case_test(role, target, operation, allowed, context=None):
    def test(self):
        self._check_case(role, target, operation, allowed, context)

    test.__doc__ = f"{role} {operation} {target}: {'allowed' if allowed else 'refused'}" + (
        ", with a hostile context" if context else ""
    )
    return test


for _role, _target, _operation, _allowed in ROWS:
    _model, _scope = _split_target(_target)
    _where = _model.replace(".", "_") + (f"__{_scope}" if _scope else "")
    _name = f"test_{_role}__{_where}__{_operation}"
    assert not hasattr(TestRightsMatrix, _name), _name
    setattr(TestRightsMatrix, _name, _case_test(_role, _target, _operation, _allowed))
    if not _allowed:
        setattr(
            TestRightsMatrix,
            f"{_name}__hostile_context",
            _case_test(_role, _target, _operation, _allowed, HOSTILE_CONTEXT),
        )
