/** @odoo-module **/
/**
 * Browser tours of the credit split (业绩分配) journey: a sales manager splits
 * an opportunity 20/60/20 and submits it, the claim owner agrees it and wins
 * the opportunity, which locks the split. Data and checks are in
 * tests/test_tours_split.py.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const tours = registry.category("web_tour.tours");
// a busy test machine (coverage, parallel runs) may need more than the
// default 10 s for a step: wait up to 30 s before failing
const patient = (steps) => steps.map((step) => ({ timeout: 30000, ...step }));
const LINES = '.o_field_widget[name="credit_split_line_ids"]';

function openDeal(allPipelines) {
    const steps = [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            content: "The pipeline is shown",
            trigger: ".o_kanban_view .o_kanban_record",
        },
    ];
    if (allPipelines) {
        steps.push({
            content: "Look at everybody's pipeline",
            trigger: ".o_searchview_facet:contains(My Pipeline) .o_facet_remove",
            run: "click",
        });
    }
    steps.push(
        {
            content: "Open the opportunity",
            trigger: ".o_kanban_record:contains(Tour Split Deal)",
            run: "click",
        },
        {
            content: "Open the Credit Split tab",
            trigger: ".o_notebook_headers a:contains(Credit Split)",
            run: "click",
        }
    );
    return steps;
}

function setParticipant(row, name) {
    return [
        {
            content: `Choose who gets line ${row + 1}`,
            trigger: `${LINES} .o_data_row:eq(${row}) td[name="user_id"]`,
            run: "click",
        },
        {
            trigger: `${LINES} .o_data_row:eq(${row}) .o_field_widget[name="user_id"] input`,
            run: `edit ${name}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item:contains(${name})`,
            run: "click",
        },
        {
            trigger: `${LINES} .o_data_row:eq(${row}) .o_field_widget[name="user_id"] input:value(${name})`,
        },
    ];
}

tours.add("sales_split_tour_prepare", {
    url: "/odoo",
    steps: () =>
        patient([
        ...openDeal(true),
        {
            content: "The team template proposes 20/60/20",
            trigger: `${LINES} .o_data_row:eq(1) td[name="percent"]:contains(60)`,
        },
        ...setParticipant(0, "Tour Split Hunter"),
        ...setParticipant(1, "Tour Split Servicer"),
        ...stepUtils.saveForm(),
        {
            content: "Submit the split to the claim owner",
            trigger: 'button[name="action_submit_split"]',
            run: "click",
        },
        {
            content: "The split waits for the claim owner",
            trigger: '.o_field_widget[name="credit_split_state"] [aria-checked="true"]:contains(Submitted)',
        },
        ]),
});

tours.add("sales_split_tour_agree_and_win", {
    url: "/odoo",
    steps: () =>
        patient([
        ...openDeal(false),
        {
            content: "Three people share the credit",
            trigger: `${LINES}:contains(Tour Split Hunter):contains(Tour Split Servicer):contains(Tour Split Owner)`,
        },
        {
            content: "The claim owner agrees",
            trigger: 'button[name="action_agree_split"]',
            run: "click",
        },
        {
            content: "The split is agreed",
            trigger: '.o_field_widget[name="credit_split_state"] [aria-checked="true"]:contains(Agreed)',
        },
        {
            content: "Mark the opportunity won",
            trigger: '.o_form_statusbar button[name="action_set_won_rainbowman"]',
            run: "click",
        },
        {
            content: "Won",
            trigger: ".o_form_view .ribbon:contains(Won)",
        },
        {
            content: "Back to the Credit Split tab",
            trigger: ".o_notebook_headers a:contains(Credit Split)",
            run: "click",
        },
        {
            content: "The split is locked",
            trigger: '.o_field_widget[name="credit_split_state"] [aria-checked="true"]:contains(Locked)',
        },
        {
            content: "Nobody can add a share any more",
            trigger: `${LINES}:not(:has(.o_field_x2many_list_row_add))`,
        },
        ]),
});
