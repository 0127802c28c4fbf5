/** @odoo-module **/
/**
 * Browser tours of the claim registration (报备) journeys, one per role.
 * The data each tour needs is prepared in Python by tests/test_tours_claim.py;
 * the tours only click through the screens a salesperson, an arbiter or a
 * sales VP uses.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const tours = registry.category("web_tour.tours");
// a busy test machine (coverage, parallel runs) may need more than the
// default 10 s for a step: wait up to 30 s before failing
const patient = (steps) => steps.map((step) => ({ timeout: 30000, ...step }));
// a date, as the web client prints it (MM/DD/YYYY, YYYY/MM/DD) or in a sentence (YYYY-MM-DD)
const DATE = "/\\d+[-\\/]\\d+[-\\/]\\d+/";

function openClaimMenu(menu) {
    return [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            content: "Open the Claims menu",
            trigger: 'button[data-menu-xmlid="sales_claim_registration.menu_sales_claim_root"]',
            run: "click",
        },
        {
            content: `Open ${menu}`,
            trigger: `a[data-menu-xmlid="sales_claim_registration.${menu}"]`,
            run: "click",
        },
    ];
}

// A salesperson registers a new prospect from the customers and sees the
// protection end date.
tours.add("sales_claim_tour_register_prospect", {
    url: "/odoo",
    steps: () =>
        patient([
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            trigger: 'button[data-menu-xmlid="crm.crm_menu_sales"]',
            run: "click",
        },
        {
            content: "Open the customers",
            trigger: 'a[data-menu-xmlid="crm.res_partner_menu_customer"]',
            run: "click",
        },
        {
            content: "Create a customer",
            trigger: ".o_control_panel_main_buttons .o-kanban-button-new",
            run: "click",
        },
        {
            content: "It is a company",
            trigger: '.o_field_widget[name="company_type"] input[data-value="company"]',
            run: "click",
        },
        {
            content: "The form switched to a company",
            trigger: '.o_field_widget[name="name"] input[placeholder*="Lumber"]',
        },
        {
            content: "Type the registered name",
            trigger: '.o_field_widget[name="name"] input',
            run: "edit Tour Prospect Alpha Co., Ltd.",
        },
        {
            content: "The name is typed",
            trigger: '.o_field_widget[name="name"] input:value(Tour Prospect Alpha)',
        },
        ...stepUtils.saveForm(),
        {
            content: "Claim (报备) the new prospect",
            trigger: '.o_form_statusbar button[name="action_open_claim_wizard"]',
            run: "click",
        },
        {
            content: "The wizard proposes the new prospect",
            trigger: '.modal .o_field_widget[name="partner_ids"]:contains(Tour Prospect Alpha)',
        },
        {
            content: "Confirm the claim",
            trigger: '.modal button[name="action_register"]',
            run: "click",
        },
        {
            content: "The claim is protected",
            trigger: ".o_form_view .ribbon:contains(Protected)",
        },
        {
            content: "The protection end date is shown",
            trigger: `.o_form_view .o_field_widget[name="date_end"]:contains(${DATE})`,
        },
        {
            content: "Back to the customer",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Tour Prospect Alpha)",
            run: "click",
        },
        {
            content: "The customer form says who owns it and until when",
            trigger: `.o_form_view [name="claim_banner"]:contains(Tour Rep One):contains(${DATE})`,
        },
        {
            content: "A ribbon says it is protected",
            trigger: ".o_form_view .ribbon:contains(Protected)",
        },
        ]),
});

// A second salesperson registers the same company: refused with the owner and
// the end date, and escalates to arbitration (判单).
tours.add("sales_claim_tour_refused_escalate", {
    url: "/odoo",
    steps: () =>
        patient([
        ...openClaimMenu("menu_sales_claim_prospect"),
        {
            content: "Type the company name, written differently",
            trigger: '.modal .o_field_widget[name="company_name"] input',
            run: "edit TOUR CONTESTED BETA CO LTD",
        },
        {
            content: "Leave the field so the check runs",
            trigger: '.modal .o_field_widget[name="phone"] input',
            run: "click",
        },
        {
            content: "Refused in one sentence, with the owner and the end date",
            trigger: `.modal [name="claim_refusal"]:contains(Tour Rep One):contains(${DATE})`,
        },
        {
            content: "No way to register it anyway",
            trigger: '.modal footer:not(:has(button[name="action_register"]))',
        },
        {
            content: "Escalate to arbitration",
            trigger: '.modal button[name="action_escalate"]',
            run: "click",
        },
        {
            content: "Give the evidence",
            trigger: '.modal .o_field_widget[name="reason"] textarea',
            run: "edit Met the purchasing manager at the trade fair last month.",
        },
        {
            content: "Send it to sales operations",
            trigger: '.modal button[name="action_escalate"]',
            run: "click",
        },
        {
            content: "The arbitration case is open",
            trigger: '.o_form_view .o_statusbar_status [aria-checked="true"]:contains(Open)',
        },
        ]),
});

// The arbiter decides the conflict: the claimant gets the customer.
tours.add("sales_claim_tour_arbiter_decides", {
    url: "/odoo",
    steps: () =>
        patient([
        ...openClaimMenu("menu_sales_claim_conflict"),
        {
            content: "Open the case",
            trigger: ".o_list_view .o_data_row td:contains(Tour Contested Gamma)",
            run: "click",
        },
        {
            content: "Explain the decision",
            trigger: '.o_field_widget[name="decision_note"] textarea',
            run: "edit The claimant met the customer first, as the fair badge shows.",
        },
        {
            content: "Transfer the customer to the claimant",
            trigger: '.o_form_statusbar button[name="action_decide_transfer"]',
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The case is decided",
            trigger: '.o_statusbar_status [aria-checked="true"]:contains(Decided)',
        },
        {
            content: "The claimant's new claim is linked",
            trigger: '.o_field_widget[name="new_claim_id"]:contains(CLM)',
        },
        ]),
});

// The owner asks for the one manual extension (延期申请).
tours.add("sales_claim_tour_extension_request", {
    url: "/odoo",
    steps: () =>
        patient([
        ...openClaimMenu("menu_sales_claim"),
        {
            content: "Open the claim",
            trigger: ".o_list_view .o_data_row td:contains(Tour Extended Delta)",
            run: "click",
        },
        {
            content: "Ask for more time",
            trigger: '.o_form_statusbar button[name="action_open_extension_wizard"]',
            run: "click",
        },
        {
            content: "A manual extension",
            trigger: '.modal .o_field_widget[name="request_type"] input[data-value="extension"]',
            run: "click",
        },
        {
            content: "Ten more days",
            trigger: '.modal .o_field_widget[name="days"] input',
            run: "edit 10",
        },
        {
            content: "Why",
            trigger: '.modal .o_field_widget[name="reason"] textarea',
            run: "edit The customer's board meets next month.",
        },
        {
            content: "Send the request",
            trigger: '.modal button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "The request waits for the VP",
            trigger: '.o_field_widget[name="extension_ids"] .o_data_row:contains(Requested)',
        },
        ]),
});

// A sales VP approves it.
tours.add("sales_claim_tour_extension_approve", {
    url: "/odoo",
    steps: () =>
        patient([
        ...openClaimMenu("menu_sales_claim_extension"),
        {
            content: "Approve the request of the customer",
            trigger:
                '.o_list_view .o_data_row:contains(Tour Extended Delta) button[name="action_approve"]',
            run: "click",
        },
        {
            content: "Nothing is left to approve",
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Tour Extended Delta)))",
        },
        {
            content: "Show the decided requests too",
            trigger: ".o_searchview_facet:contains(To Approve) .o_facet_remove",
            run: "click",
        },
        {
            content: "The request is approved",
            trigger: ".o_list_view .o_data_row:contains(Tour Extended Delta):contains(Approved)",
        },
        ]),
});

// The same refusal for a salesperson whose language is 简体中文: menus, dialog
// and the one-sentence refusal are in Chinese.
tours.add("sales_claim_tour_refused_zh", {
    url: "/odoo",
    steps: () =>
        patient([
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            content: "The Claims menu reads 报备",
            trigger: 'button[data-menu-xmlid="sales_claim_registration.menu_sales_claim_root"]:contains(报备)',
            run: "click",
        },
        {
            trigger: 'a[data-menu-xmlid="sales_claim_registration.menu_sales_claim_prospect"]',
            run: "click",
        },
        {
            content: "The dialog is in Chinese",
            trigger: ".modal .modal-title:contains(新客户报备)",
        },
        {
            trigger: '.modal .o_field_widget[name="company_name"] input',
            run: "edit 途尔 科技 有限公司",
        },
        {
            trigger: '.modal .o_field_widget[name="phone"] input',
            run: "click",
        },
        {
            content: "Refused in one Chinese sentence, with the owner and the end date",
            trigger: `.modal [name="claim_refusal"]:contains(已由 Tour Rep One 报备):contains(${DATE})`,
        },
        {
            content: "Escalation is offered in Chinese",
            trigger: '.modal button[name="action_escalate"]:contains(申请判单仲裁)',
        },
        {
            content: "Close the dialog",
            trigger: '.modal footer button[special="cancel"]',
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        ]),
});
