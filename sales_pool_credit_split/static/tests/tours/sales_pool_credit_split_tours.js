/** @odoo-module **/
/**
 * A Chinese sales team (简体中文) reads the data shipped by the suite in
 * Chinese: the credit roles (业绩分配角色) and the reason a customer was
 * recycled by the nightly cron. The data is prepared by
 * tests/test_tours_zh_cn.py.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const patient = (steps) => steps.map((step) => ({ timeout: 30000, ...step }));

function openMenu(parent, menu) {
    return [
        { trigger: `button[data-menu-xmlid="${parent}"]`, run: "click" },
        { trigger: `a[data-menu-xmlid="${menu}"]`, run: "click" },
    ];
}

registry.category("web_tour.tours").add("sales_zh_cn_roles_and_reasons", {
    url: "/odoo",
    steps: () =>
        patient([
            ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
            ...openMenu("crm.crm_menu_config", "sales_credit_split.menu_sales_credit_role"),
            {
                content: "The shipped credit roles are in Chinese",
                trigger: ".o_list_view .o_data_row:contains(首次接触)",
            },
            { trigger: ".o_list_view .o_data_row:contains(服务)" },
            { trigger: ".o_list_view .o_data_row:contains(签约)" },
            {
                content: "No English role left",
                trigger: ".o_list_view:not(:has(.o_data_row:contains(First Touch)))",
            },
            ...openMenu(
                "sales_public_pool.menu_sales_pool_root",
                "sales_public_pool.menu_sales_pool_customers"
            ),
            {
                content: "The cron's release reason is in Chinese",
                trigger: ".o_list_view .o_data_row:contains(途尔回收科技):contains(已回收：未跟进)",
            },
        ]),
});
