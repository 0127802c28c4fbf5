/** @odoo-module **/
/**
 * Browser tour of a product line's own credit split (产品行业绩分配): on a
 * quotation with a hardware line and a service line, the quotation's owner
 * gives the service line to the service rep with the line's Split button,
 * then reads the Credit Split tab (Product Line Splits, Credit by
 * Participant). Data and checks are in tests/test_tours_split.py.
 */
import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");
// a busy test machine (coverage, parallel runs) may need more than the
// default 10 s for a step: wait up to 30 s before failing
const patient = (steps) => steps.map((step) => ({ timeout: 30000, ...step }));
const ORDER_LINES = '.o_field_widget[name="order_line"]';
const SERVICE_ROW = `${ORDER_LINES} .o_data_row:contains(Tour Line Service)`;
// the line's split, in the dialog of the Split button
const DIALOG_SPLIT = '.modal .o_field_widget[name="credit_split_line_ids"]';

function editDialogCell(field, text, pick = true) {
    const cell = `${DIALOG_SPLIT} .o_data_row:eq(0) .o_field_widget[name="${field}"] input`;
    const steps = [
        {
            content: `Fill in the ${field} of the share`,
            trigger: `${DIALOG_SPLIT} .o_data_row:eq(0) td[name="${field}"]`,
            run: "click",
        },
        { trigger: cell, run: `edit ${text}` },
    ];
    if (pick) {
        steps.push(
            {
                trigger: `.o-autocomplete--dropdown-item:contains(${text})`,
                run: "click",
            },
            { trigger: `${cell}:value(${text})` }
        );
    }
    return steps;
}

tours.add("sales_split_tour_service_line", {
    steps: () =>
        patient([
            {
                content: "The quotation shows its hardware and service lines",
                trigger: `${ORDER_LINES} .o_data_row:contains(Tour Line Hardware)`,
            },
            {
                content: "No line has its own split yet",
                trigger: `${SERVICE_ROW}:not(:has(td[name="credit_split_count"]:contains(1)))`,
            },
            {
                content: "Open the split of the service line",
                trigger: `${SERVICE_ROW} button[name="action_open_credit_split"]`,
                run: "click",
            },
            {
                content: "The dialog is the service line's split",
                trigger: '.modal .o_field_widget[name="product_id"]:contains(Tour Line Service)',
            },
            {
                content: "Add a share",
                trigger: `${DIALOG_SPLIT} .o_field_x2many_list_row_add a`,
                run: "click",
            },
            { trigger: `${DIALOG_SPLIT} .o_data_row:eq(0)` },
            ...editDialogCell("user_id", "Tour Line Servicer"),
            ...editDialogCell("role_id", "Service"),
            ...editDialogCell("percent", "100", false),
            {
                content: "Save the line's split",
                trigger: ".modal .o_form_button_save",
                run: "click",
            },
            {
                content: "The dialog closes",
                trigger: "body:not(:has(.modal))",
            },
            {
                content: "The service line has one share of its own",
                trigger: `${SERVICE_ROW} td[name="credit_split_count"]:contains(1)`,
            },
            {
                content: "Open the Credit Split tab",
                trigger: ".o_notebook_headers a:contains(Credit Split)",
                run: "click",
            },
            {
                content: "The service rep is credited the service line",
                trigger:
                    '.o_field_widget[name="credit_split_product_share_ids"] .o_data_row' +
                    ':contains(Tour Line Service):contains(Tour Line Servicer)' +
                    ':has(td[name="amount"]:contains("2,000.00"))',
            },
            {
                content: "Credit by Participant: the service rep has the service line",
                trigger:
                    '.o_field_widget[name="credit_split_summary"] tr' +
                    ':contains(Tour Line Servicer):contains(Service):contains("2,000.00")',
            },
            {
                content: "Nothing left unsaved",
                trigger: ".o_form_saved",
            },
        ]),
});
