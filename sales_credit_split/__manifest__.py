{
    "name": "Sales Credit Split",
    "summary": "Weighted credit and commission splits (业绩分配) on opportunities, "
    "orders and invoices",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-ownership-suite/sales-ownership",
    "author": "Sales Ownership Suite",
    "maintainers": ["sales-ownership-suite"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "installable": True,
    "depends": ["sales_claim_registration", "sale_crm"],
    "data": [
        "security/ir.model.access.csv",
        "views/sales_credit_role_views.xml",
    ],
    "demo": [],
}
