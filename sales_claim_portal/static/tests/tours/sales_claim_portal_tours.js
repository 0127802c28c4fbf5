/** @odoo-module **/
/**
 * An agent's journey in the portal (渠道报备): register a customer, write in
 * its chatter, request the manual extension. The data is prepared and the
 * result checked in Python (tests/test_portal_tour.py).
 */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_claim_portal_tour_agent", {
    url: "/my",
    steps: () => [
        {
            content: "Open My Claims from the portal home",
            trigger: 'a[href="/my/claims"]',
            run: "click",
        },
        {
            content: "Start a registration",
            trigger: "a.o_claim_portal_new",
            run: "click",
        },
        {
            trigger: "input[name=company_name]",
            run: "edit 浏览器测试科技（苏州）有限公司",
        },
        {
            trigger: "input[name=contact_name]",
            run: "edit 吴经理",
        },
        {
            trigger: "input[name=phone]",
            run: "edit 138 2468 1357",
        },
        {
            trigger: "textarea[name=note]",
            run: "edit Met at the Suzhou fair",
        },
        {
            content: "Register",
            trigger: ".o_claim_portal_form button[type=submit]",
            run: "click",
        },
        {
            content: "The claim is ours, with its protection end",
            trigger: ".o_claim_portal_success",
        },
        {
            trigger: ".o_claim_portal_date_end span",
        },
        {
            content: "Write in the chatter",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit Visited the customer with our engineer",
        },
        {
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The message is posted",
            trigger:
                "#chatterRoot:shadow .o-mail-Message-body:contains(Visited the customer with our engineer)",
        },
        {
            content: "Ask for the manual extension",
            trigger: "textarea[name=reason]",
            run: "edit A demo is planned next month",
        },
        {
            trigger: "#claim_extension button[type=submit]",
            run: "click",
        },
        {
            content: "The request waits for a decision",
            trigger: ".o_claim_portal_extension_state",
        },
    ],
});
