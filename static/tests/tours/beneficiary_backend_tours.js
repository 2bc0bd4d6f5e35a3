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
        { trigger: ".o_notebook a.nav-link[name='documents']", run: "click" },
        {
            content: "The checklist follows the request type",
            trigger: ".o_field_widget[name='document_line_ids'] .o_data_row td[name='type_id']",
        },
        { trigger: ".o_form_button_save", run: "click" },
        { content: "Numbered", trigger: ".oe_title h1:contains('REQ/')" },
        { trigger: "button[name='action_load_file_documents']", run: "click" },
        {
            content: "The file's document fills the checklist",
            trigger: ".o_field_widget[name='document_line_ids'] .o_data_row td[name='document_id']:contains('ID-TOUR')",
        },
        { trigger: "button[name='action_mark_complete']", run: "click" },
        status("complete"),
        { trigger: "button[name='action_open_declaration_wizard']", run: "click" },
        {
            content: "Open the signature pad",
            trigger: ".modal .o_field_widget[name='signature'] .o_signature",
            run: "click",
        },
        {
            content: "Adopt the signature written from the signer's name",
            trigger: ".modal .o_web_sign_name_and_signature ~ * .btn-primary:enabled, .modal-footer .btn-primary:contains('Adopt'):enabled, .modal footer button.btn-primary:enabled:not([name])",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='signature'] img.o_signature",
        },
        { trigger: ".modal .o_field_widget[name='accepted'] input", run: "click" },
        { trigger: ".modal button[name='action_confirm']", run: "click" },
        {
            content: "Signed",
            trigger: "body:not(:has(.modal)) .o_form_view:not(:has(button[name='action_open_declaration_wizard'])) button[name='action_refer']",
        },
        { trigger: "button[name='action_refer']", run: "click" },
        {
            content: "The committee member is not offered for the study",
            trigger: ".modal .o_field_widget[name='user_id'] input",
            run: "edit عضو لجنة الجولة",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu:not(:has(a:contains('عضو لجنة الجولة')))",
        },
        ...pick("user_id", "باحثة الجولة", ".modal"),
        { trigger: ".modal button[name='action_confirm']", run: "click" },
        status("study"),
    ],
});

registry.category("web_tour.tours").add("beneficiary_backend_study", {
    steps: () => [
        {
            content: "The researcher opens the assigned request and its study",
            trigger: ".o_notebook a.nav-link[name='study']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='referral_note'] textarea",
            run: "edit الأسرة بحاجة إلى المساعدة وفق الدراسة",
        },
        {
            content: "Sending it saves the findings too",
            trigger: "button[name='action_submit_to_committee']",
            run: "click",
        },
        status("committee"),
    ],
});

registry.category("web_tour.tours").add("beneficiary_backend_committee", {
    steps: () => [
        { trigger: "button[name='action_build_agenda']", run: "click" },
        {
            content: "The request is on the agenda",
            trigger: ".o_field_widget[name='agenda_request_ids'] .o_data_row",
        },
        { trigger: "button[name='action_hold']", run: "click" },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='held']",
        },
        { trigger: ".o_notebook a.nav-link[name='decisions']", run: "click" },
        {
            trigger: ".o_field_widget[name='decision_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        ...pick("request_id", "REQ/", ".o_field_widget[name='decision_ids']"),
        {
            trigger: ".o_field_widget[name='decision_ids'] .o_data_row .o_field_widget[name='outcome'] select",
            run: 'select "approve"',
        },
        {
            trigger: ".o_field_widget[name='decision_ids'] .o_data_row .o_field_widget[name='approved_amount'] input",
            run: "edit 1500",
        },
        { trigger: ".o_form_button_save", run: "click" },
        { trigger: "button[name='action_approve_minutes']", run: "click" },
        {
            content: "Minutes approved: the decision takes effect and the applicant is told",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='approved']",
        },
    ],
});
