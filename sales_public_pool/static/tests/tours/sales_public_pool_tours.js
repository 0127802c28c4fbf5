/** @odoo-module **/
/**
 * Browser tours of the public pool (公海) journeys. The data is prepared in
 * Python by tests/test_tours_pool.py; the tours only use the screens.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const tours = registry.category("web_tour.tours");
// a busy test machine (coverage, parallel runs) may need more than the
// default 10 s for a step: wait up to 30 s before failing
const patient = (steps) => steps.map((step) => ({ timeout: 30000, ...step }));

function openMenu(parent, menu) {
    return [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            content: "Open the menu",
            trigger: `button[data-menu-xmlid="${parent}"]`,
            run: "click",
        },
        {
            content: `Open ${menu}`,
            trigger: `a[data-menu-xmlid="${menu}"]`,
            run: "click",
        },
    ];
}

// A rep claims (领取) a customer from the public pool list, then releases
// (释放) another one with a reason.
tours.add("sales_pool_tour_claim_release", {
    url: "/odoo",
    steps: () =>
        patient([
        ...openMenu("sales_public_pool.menu_sales_pool_root", "sales_public_pool.menu_sales_pool_customers"),
        {
            content: "Claim the customer from the pool",
            trigger:
                '.o_list_view .o_data_row:contains(Tour Pool Omega) button[name="action_claim_from_pool"]',
            run: "click",
        },
        {
            content: "The customer left the pool",
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Tour Pool Omega)))",
        },
        {
            trigger: 'button[data-menu-xmlid="sales_public_pool.menu_sales_pool_root"]',
            run: "click",
        },
        {
            content: "Open my customers (私海)",
            trigger: 'a[data-menu-xmlid="sales_public_pool.menu_sales_pool_owned"]',
            run: "click",
        },
        {
            content: "The claimed customer is mine now",
            trigger: ".o_list_view .o_data_row:contains(Tour Pool Omega)",
        },
        {
            content: "Release another customer",
            trigger:
                '.o_list_view .o_data_row:contains(Tour Pool Sigma) button[name="action_release_to_pool"]',
            run: "click",
        },
        {
            content: "Say why",
            trigger: '.modal .o_field_widget[name="reason"] input',
            run: "edit No budget this year",
        },
        {
            content: "Release it",
            trigger: '.modal button[name="action_release"]',
            run: "click",
        },
        {
            content: "It is not mine any more",
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Tour Pool Sigma)))",
        },
        ]),
});

// A sales manager distributes pool customers among the members (公海分配).
tours.add("sales_pool_tour_distribute", {
    url: "/odoo",
    steps: () =>
        patient([
        ...openMenu("crm.crm_menu_config", "sales_public_pool.menu_sales_pool_config"),
        {
            content: "Open the pool",
            trigger: ".o_list_view .o_data_row td:contains(Tour Distribution Pool)",
            run: "click",
        },
        {
            content: "Four customers wait in the pool",
            trigger: 'button[name="action_open_customers"]:contains(In Pool) .o_stat_value:contains(4)',
        },
        {
            content: "Distribute them",
            trigger: '.o_form_statusbar button[name="action_distribute"]',
            run: "click",
        },
        {
            content: "Round-robin among the members",
            trigger: '.modal .o_field_widget[name="method"] select',
            run: 'select "round_robin"',
        },
        {
            content: "The pool's members are proposed",
            trigger: '.modal .o_field_widget[name="member_ids"]:contains(Tour Pool Rep):contains(Tour Pool Colleague)',
        },
        {
            content: "All four",
            trigger: '.modal .o_field_widget[name="count"] input',
            run: "edit 4",
        },
        {
            content: "Why",
            trigger: '.modal .o_field_widget[name="reason"] input',
            run: "edit Monday distribution",
        },
        {
            content: "Distribute",
            trigger: '.modal button[name="action_distribute"]',
            run: "click",
        },
        {
            content: "The pool is empty",
            trigger:
                'body:not(:has(.modal)) button[name="action_open_customers"] .o_stat_value:contains(0)',
        },
        ]),
});
