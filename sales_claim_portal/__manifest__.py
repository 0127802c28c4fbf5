{
    "name": "Sales Claim Portal",
    "summary": "Agents and resellers register their customers (PRM 报备) from the portal",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-ownership-suite/sales-ownership",
    "author": "Sales Ownership Suite",
    "maintainers": ["sales-ownership-suite"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "installable": True,
    "depends": ["portal", "sales_claim_registration"],
    "data": [
        "security/ir.model.access.csv",
        "security/sales_claim_portal_security.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/sales_claim_views.xml",
        "views/sales_claim_portal_attempt_views.xml",
        "views/portal_templates.xml",
    ],
    "demo": [
        "demo/sales_claim_portal_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_claim_portal/static/tests/tours/sales_claim_portal_tours.js",
        ],
    },
}
