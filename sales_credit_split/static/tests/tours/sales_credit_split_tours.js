/** @odoo-module **/
/**
 * Browser tours of the credit split (业绩分配) journey: a sales manager splits
 * an opportunity 20/60/20 and submits it, the claim owner agrees it and wins
 * the opportunity, which locks the split. The claim owner of another deal
 * adds participants, splits it equally and adds a pre-sales overlay share on
 * top; a sales manager finds that overlay credit in the Credit Split
 * Analysis. Data and checks are in tests/test_tours_split.py.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const tours = registry.category("web_tour.tours");
// a busy test machine (coverage, parallel runs) may need more than the
// default 10 s for a step: wait up to 30 s before failing
const patient = (steps) => steps.map((step) => ({ timeout: 30000, ...step }));
const LINES = '.o_field_widget[name="credit_split_line_ids"]';

function openDeal(allPipelines, deal = "Tour Split Deal") {
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
            trigger: `.o_kanban_record:contains(${deal})`,
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

function setRole(row, name) {
    return [
        {
            content: `Choose the role of line ${row + 1}`,
            trigger: `${LINES} .o_data_row:eq(${row}) td[name="role_id"]`,
            run: "click",
        },
        {
            trigger: `${LINES} .o_data_row:eq(${row}) .o_field_widget[name="role_id"] input`,
            run: `edit ${name}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item:contains(${name})`,
            run: "click",
        },
        {
            trigger: `${LINES} .o_data_row:eq(${row}) .o_field_widget[name="role_id"] input:value(${name})`,
        },
    ];
}

function addShare(row, participant, role) {
    return [
        {
            content: `Add line ${row + 1}`,
            trigger: `${LINES} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        { trigger: `${LINES} .o_data_row:eq(${row})` },
        ...setParticipant(row, participant),
        ...setRole(row, role),
    ];
}

// a revenue share of a third of 9,999.99: 33.333334 or 33.333333%, 3,333.33
function isThird(row) {
    return {
        content: `Line ${row + 1} has a third of the deal`,
        trigger:
            `${LINES} .o_data_row:eq(${row}):has(td[name="percent"]:contains(33.33333))` +
            `:has(td[name="amount_company"]:contains("3,333.33"))`,
    };
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

tours.add("sales_split_tour_equal_overlay", {
    url: "/odoo",
    steps: () =>
        patient([
        ...openDeal(false, "Tour Overlay Deal"),
        {
            content: "The claim owner has the whole deal",
            trigger: `${LINES} .o_data_row:eq(0):contains(Tour Overlay Owner) td[name="percent"]:contains(100)`,
        },
        ...addShare(1, "Tour Overlay Hunter", "First Touch"),
        ...addShare(2, "Tour Overlay Servicer", "Service"),
        {
            content: "The shares proposed by the roles add up to more than 100",
            trigger: 'div[name="credit_split_warning"]',
        },
        {
            content: "Split the deal equally",
            trigger: 'button[name="action_credit_split_equally"]',
            run: "click",
        },
        isThird(0),
        isThird(1),
        isThird(2),
        {
            content: "The revenue shares add up to 100",
            trigger: '.o_form_view:not(:has(div[name="credit_split_warning"]))',
        },
        ...addShare(3, "Tour Overlay Presales", "Pre-Sales"),
        {
            content: "A pre-sales share is an overlay share",
            trigger: `${LINES} .o_data_row:eq(3) td[name="split_type_id"] input:value(Overlay)`,
        },
        {
            content: "Proposed at the role's 10%",
            trigger: `${LINES} .o_data_row:eq(3) td[name="percent"] input:value(10.0)`,
        },
        ...stepUtils.saveForm(),
        {
            content: "The overlay share is credited 10% of the deal",
            trigger:
                `${LINES} .o_data_row:eq(3):contains(Tour Overlay Presales)` +
                ` td[name="amount_company"]:contains("1,000.00")`,
        },
        isThird(0),
        isThird(1),
        isThird(2),
        {
            content: "On top of revenue shares that still add up to 100",
            trigger: '.o_inner_group .o_field_widget[name="credit_split_total"]:contains(100.0)',
        },
        {
            content: "No warning: the overlay share is not counted in the revenue total",
            trigger: '.o_form_view:not(:has(div[name="credit_split_warning"]))',
        },
        {
            content: "The claim owner submits the split, which agrees it",
            trigger: 'button[name="action_submit_split"]',
            run: "click",
        },
        {
            content: "The split is agreed",
            trigger: '.o_field_widget[name="credit_split_state"] [aria-checked="true"]:contains(Agreed)',
        },
        ]),
});

tours.add("sales_split_tour_overlay_report", {
    url: "/odoo",
    steps: () =>
        patient([
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            content: "Open the Reporting menu",
            trigger: 'button[data-menu-xmlid="crm.crm_menu_report"]',
            run: "click",
        },
        {
            content: "Open the Credit Split Analysis",
            trigger: 'a[data-menu-xmlid="sales_credit_split.menu_sales_credit_report"]',
            run: "click",
        },
        {
            content: "Look at the lines",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The analysis opens on revenue credit",
            trigger: ".o_list_view .o_data_row:contains(Tour Overlay Hunter)",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Tour Overlay Presales)))",
        },
        {
            content: "Remove the Revenue filter",
            trigger: ".o_searchview_facet:contains(Revenue) .o_facet_remove",
            run: "click",
        },
        {
            content: "Open the filters",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Keep only the overlay types",
            trigger: ".o_filter_menu .o_menu_item:contains(Overlay Types)",
            run: "click",
        },
        {
            trigger: ".o_searchview_facet:contains(Overlay Types)",
        },
        {
            content: "The pre-sales share is credited on top of the revenue",
            trigger:
                ".o_list_view .o_data_row:contains(Tour Overlay Presales):contains(Pre-Sales)" +
                ' td[name="amount_company"]:contains("1,000.00")',
        },
        {
            content: "Revenue shares are left out",
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Tour Overlay Hunter)))",
        },
        ]),
});
