{
    "name": "Sales Public Pool",
    "summary": "Public-sea customer pools (公海) with holding caps, daily caps, "
    "automatic recycling and handover",
    "version": "18.0.1.0.2",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-ownership-suite/sales-ownership",
    "author": "Sales Ownership Suite",
    "maintainers": ["sales-ownership-suite"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "installable": True,
    "depends": ["sales_claim_registration"],
    "data": [
        "security/sales_pool_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/sales_pool_views.xml",
        "views/sales_pool_move_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/sales_pool_wizard_views.xml",
        "wizards/sales_claim_adoption_wizard_views.xml",
        "views/res_users_views.xml",
        "views/sales_pool_menus.xml",
        "views/sales_public_pool_ux_views.xml",
    ],
    "demo": [
        "demo/sales_pool_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_public_pool/static/tests/tours/sales_public_pool_tours.js",
        ],
    },
}
