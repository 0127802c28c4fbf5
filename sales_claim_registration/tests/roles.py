"""Who is who in the suite's tests: one cast of sales users, shared by every
addon's tests and by the cross-addon tests in tests/.

Every test class that mixes in ``SalesRoles`` gets the same users, created
once per class (inside its rolled-back transaction) with the same logins:

==================  ==============  ======================  ==========================
attribute           login           name                    role
==================  ==============  ======================  ==========================
rep_agent_manager   rep_agent       Agent Account Manager   salesperson who looks after
                                                            the sales agents (渠道经理)
rep_tele            rep_tele        Telesales Rep           salesperson of team_tele
rep_direct          rep_direct      Zhang Direct Rep        salesperson of team_direct
manager             sales_manager   Sales Manager           sales manager (all rights)
arbiter             claim_arbiter   Sales Operations        decides conflicts (判单)
approver            claim_approver  Sales VP                approves extensions
team_leader         tele_leader     Telesales Leader        leader of team_tele
==================  ==============  ======================  ==========================

and two teams, ``team_tele`` (电销) and ``team_direct`` (直销). The password of
each user is its login, so browser tours and HTTP tests log in with
``login=self.rep_tele.login``.

An addon adds only the users that are its own (a pool administrator, the
reps of a credit split, portal agents) in ``EXTRA_USERS``; an entry there
with the attribute of a standard role replaces that role, for the tests that
need a user of that role under another name or login. ``ROLE_ALIASES`` gives
a role the name an addon's tests call it by (the pool's ``rep_a`` is the
cast's ``rep_tele``).
"""

from contextlib import contextmanager

from odoo.addons.mail.tests.common import mail_new_test_user

SALESMAN = "sales_team.group_sale_salesman"
SALESMAN_ALL_LEADS = "sales_team.group_sale_salesman_all_leads"
SALES_MANAGER = "sales_team.group_sale_manager"
ARBITER = f"{SALESMAN},sales_claim_registration.group_claim_arbiter"
APPROVER = f"{SALESMAN},sales_claim_registration.group_claim_approver"
INVOICING = "account.group_account_invoice"
PORTAL = "base.group_portal"

# attribute: (login, name, groups), in the order the users are created
SALES_ROLES = {
    "rep_agent_manager": ("rep_agent", "Agent Account Manager", SALESMAN),
    "rep_tele": ("rep_tele", "Telesales Rep", SALESMAN),
    "rep_direct": ("rep_direct", "Zhang Direct Rep", SALESMAN),
    "manager": ("sales_manager", "Sales Manager", SALES_MANAGER),
    "arbiter": ("claim_arbiter", "Sales Operations", ARBITER),
    "approver": ("claim_approver", "Sales VP", APPROVER),
    "team_leader": ("tele_leader", "Telesales Leader", SALESMAN),
}


def new_user(env, login, name, groups=SALESMAN, **values):
    """A user whose password is its login (``groups``: comma-separated xml ids)."""
    return mail_new_test_user(env, login=login, name=name, groups=groups, **values)


class SalesRoles:
    """Mixin of a TransactionCase or HttpCase: the standard cast, the addon's
    own users (``EXTRA_USERS``), and helpers to make customers and claims."""

    #: attribute: (login, name, groups) of the users only this test class needs
    EXTRA_USERS = {}
    #: other attribute: attribute of the cast (or of EXTRA_USERS) it stands for
    ROLE_ALIASES = {}
    #: an addon's tests run without mail tracking; the cross-addon tests keep
    #: it, as their query counts and tours measure what a user really runs
    disable_tracking = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if cls.disable_tracking:
            cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        for attribute, (login, name, groups) in {**SALES_ROLES, **cls.EXTRA_USERS}.items():
            setattr(cls, attribute, new_user(cls.env, login, name, groups))
        Team = cls.env["crm.team"]
        cls.team_tele = Team.create({"name": "Telesales 电销", "user_id": cls.team_leader.id})
        cls.team_direct = Team.create({"name": "Direct Team 直销"})
        cls.team_tele.member_ids = [(4, cls.rep_tele.id)]
        cls.team_direct.member_ids = [(4, cls.rep_direct.id)]
        for alias, attribute in cls.ROLE_ALIASES.items():
            setattr(cls, alias, getattr(cls, attribute))

    @classmethod
    def new_company(cls, name, *contacts, **values):
        """A customer company and its contacts (dicts of contact values)."""
        Partner = cls.env["res.partner"]
        company = Partner.create({"name": name, "is_company": True, **values})
        people = Partner.browse()
        for contact in contacts:
            people |= Partner.create({"parent_id": company.id, **contact})
        return company, people

    def claim(self, user, partner, **vals):
        """``user`` registers ``partner`` (报备) for themselves."""
        return (
            self.env["sales.claim"]
            .with_user(user)
            .create({"partner_id": partner.id, "user_id": user.id, **vals})
        )

    @contextmanager
    def assertRaisesMsg(self, exception, regex):
        """assertRaises (which rolls back to a savepoint) that checks the message too."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), regex)
