import { registry } from "@web/core/registry";

/** Choose ``text`` in the many2one ``field`` (of a dialog when ``scope`` is ".modal"). */
function pick(field, text, scope = ".o_form_view") {
    return [
        {
            content: `Type ${text} in ${field}`,
            trigger: `${scope} .o_field_widget[name='${field}'] input`,
            run: `edit ${text}`,
        },
        {
            content: `Choose ${text}`,
            trigger: `.o-autocomplete--dropdown-item > a:contains('${text}')`,
            run: "click",
        },
    ];
}

/** Click ``trigger`` (``content`` says why, when it is not obvious). */
function click(trigger, content) {
    return content ? { content, trigger, run: "click" } : { trigger, run: "click" };
}

/** Type ``text`` into ``trigger``. */
function edit(trigger, text) {
    return { trigger, run: `edit ${text}` };
}

function status(value) {
    return {
        content: `The request is now ${value}`,
        trigger: `.o_statusbar_status button.o_arrow_button_current[data-value='${value}']`,
    };
}

registry.category("web_tour.tours").add("beneficiary_backend_intake", {
    steps: () => [
        { content: "A new request reads 'New'", trigger: ".o_form_view .oe_title h1 span" },
        ...pick("beneficiary_id", "سلمى عبدالعزيز المطيري"),
        {
            content: "The applicant's ID comes from the file",
            trigger: ".o_field_widget[name='applicant_national_id'] input:value(1000000008)",
        },
        ...pick("type_id", "مساعدة مالية للجولة"),
        ...pick("channel_id", "مقابلة"),
        click(".o_notebook a.nav-link[name='documents']"),
        {
            content: "The checklist follows the request type",
            trigger: ".o_field_widget[name='document_line_ids'] .o_data_row td[name='type_id']",
        },
        click(".o_form_button_save"),
        { content: "Numbered", trigger: ".oe_title h1:contains('REQ/')" },
        click("button[name='action_load_file_documents']"),
        {
            content: "The file's document fills the checklist",
            trigger: ".o_field_widget[name='document_line_ids'] .o_data_row td[name='document_id']:contains('ID-TOUR')",
        },
        click("button[name='action_mark_complete']"),
        status("complete"),
        click("button[name='action_open_declaration_wizard']"),
        click(".modal .o_field_widget[name='signature'] .o_signature", "Open the signature pad"),
        click(
            ".modal .o_web_sign_name_and_signature ~ * .btn-primary:enabled, .modal-footer .btn-primary:contains('Adopt'):enabled, .modal footer button.btn-primary:enabled:not([name])",
            "Adopt the signature written from the signer's name"
        ),
        { trigger: ".modal .o_field_widget[name='signature'] img.o_signature" },
        click(".modal .o_field_widget[name='accepted'] input"),
        click(".modal button[name='action_confirm']"),
        {
            content: "Signed",
            trigger: "body:not(:has(.modal)) .o_form_view:not(:has(button[name='action_open_declaration_wizard'])) button[name='action_refer']",
        },
        click("button[name='action_refer']"),
        {
            content: "The committee member is not offered for the study",
            ...edit(".modal .o_field_widget[name='user_id'] input", "عضو لجنة الجولة"),
        },
        {
            trigger: ".o-autocomplete--dropdown-menu:not(:has(a:contains('عضو لجنة الجولة')))",
        },
        ...pick("user_id", "باحثة الجولة", ".modal"),
        click(".modal button[name='action_confirm']"),
        status("study"),
    ],
});

registry.category("web_tour.tours").add("beneficiary_backend_study", {
    steps: () => [
        click(
            ".o_notebook a.nav-link[name='study']",
            "The researcher opens the assigned request and its study"
        ),
        edit(
            ".o_field_widget[name='referral_note'] textarea",
            "الأسرة بحاجة إلى المساعدة وفق الدراسة"
        ),
        click("button[name='action_submit_to_committee']", "Sending it saves the findings too"),
        status("committee"),
    ],
});

registry.category("web_tour.tours").add("beneficiary_backend_committee", {
    steps: () => [
        click("button[name='action_build_agenda']"),
        {
            content: "The request is on the agenda",
            trigger: ".o_field_widget[name='agenda_request_ids'] .o_data_row",
        },
        click("button[name='action_hold']"),
        { trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='held']" },
        click(".o_notebook a.nav-link[name='decisions']"),
        click(".o_field_widget[name='decision_ids'] .o_field_x2many_list_row_add a"),
        ...pick("request_id", "REQ/", ".o_field_widget[name='decision_ids']"),
        {
            trigger: ".o_field_widget[name='decision_ids'] .o_data_row .o_field_widget[name='outcome'] select",
            run: 'select "approve"',
        },
        edit(
            ".o_field_widget[name='decision_ids'] .o_data_row .o_field_widget[name='approved_amount'] input",
            "1500"
        ),
        click(".o_form_button_save"),
        click("button[name='action_approve_minutes']"),
        {
            content: "Minutes approved: the decision takes effect and the applicant is told",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='approved']",
        },
    ],
});
