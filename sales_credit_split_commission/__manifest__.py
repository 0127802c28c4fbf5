{
    "name": "Sales Credit Split Commission",
    "summary": "Glue: credit split participants (业绩分配) become OCA commission agents of the "
    "invoice lines, each paid their share",
    "version": "18.0.1.0.0",
    "category": "Sales/Commissions",
    "website": "https://github.com/sales-ownership-suite/sales-ownership",
    "author": "Sales Ownership Suite",
    "maintainers": ["sales-ownership-suite"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "installable": True,
    "auto_install": True,
    "depends": ["sales_credit_split", "account_commission_oca"],
    "data": [
        "views/account_invoice_line_agent_views.xml",
        "views/res_config_settings_views.xml",
    ],
}
