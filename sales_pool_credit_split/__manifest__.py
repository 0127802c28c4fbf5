{
    "name": "Sales Pool Credit Split",
    "summary": "Glue: the public pool's handover of a leaving rep hands over their "
    "credit splits too (离职交接)",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-ownership-suite/sales-ownership",
    "author": "Sales Ownership Suite",
    "maintainers": ["sales-ownership-suite"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "installable": True,
    "auto_install": True,
    "depends": ["sales_public_pool", "sales_credit_split"],
    "data": [],
    "assets": {
        "web.assets_tests": [
            "sales_pool_credit_split/static/tests/tours/sales_pool_credit_split_tours.js",
        ],
    },
}
