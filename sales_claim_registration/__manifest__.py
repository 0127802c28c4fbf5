{
    "name": "Sales Claim Registration",
    "summary": "Customer claim registration (报备) with protection periods, "
    "milestone extensions and arbitration",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-ownership-suite/sales-ownership",
    "author": "Sales Ownership Suite",
    "maintainers": ["sales-ownership-suite"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "application": False,
    "installable": True,
    "depends": ["crm", "sale_crm", "phone_validation"],
    "external_dependencies": {"python": ["phonenumbers", "opencc"]},
    "data": [
        "security/sales_claim_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/sales_claim_policy_data.xml",
        "data/ir_cron_data.xml",
        "views/sales_claim_views.xml",
        "views/sales_claim_policy_views.xml",
        "views/res_partner_views.xml",
        "views/sales_claim_menus.xml",
    ],
    "demo": [
        "demo/sales_claim_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_claim_registration/static/tests/tours/sales_claim_registration_tours.js",
        ],
    },
}
