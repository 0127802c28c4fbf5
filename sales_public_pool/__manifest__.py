{
    "name": "Sales Public Pool",
    "summary": "Public-sea customer pools (公海) with holding caps, daily caps, "
    "automatic recycling and handover",
    "version": "18.0.1.0.0",
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
        "views/sales_pool_views.xml",
    ],
    "demo": [],
}
