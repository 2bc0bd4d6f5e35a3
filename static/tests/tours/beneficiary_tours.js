import { registry } from "@web/core/registry";

/** Put a small PDF into a file input, as a visitor choosing a file would. */
function attachPdf(input, name) {
    const transfer = new DataTransfer();
    transfer.items.add(new File(["%PDF-1.4\n%test\n"], name, { type: "application/pdf" }));
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

/** Draw a stroke on the signature pad. */
function sign(canvas) {
    const rect = canvas.getBoundingClientRect();
    const at = (x, y) => ({
        clientX: rect.left + x,
        clientY: rect.top + y,
        pointerId: 1,
        bubbles: true,
    });
    canvas.dispatchEvent(new PointerEvent("pointerdown", at(20, 40)));
    canvas.dispatchEvent(new PointerEvent("pointermove", at(80, 90)));
    canvas.dispatchEvent(new PointerEvent("pointermove", at(160, 60)));
    canvas.dispatchEvent(new PointerEvent("pointerup", at(160, 60)));
}

registry.category("web_tour.tours").add("beneficiary_public_aid_request", {
    url: "/beneficiary-relations/apply/aid_financial",
    steps: () => [
        {
            content: "The form is in Arabic, right to left",
            trigger: "#wrapwrap.o_rtl .o_beneficiary_request_form",
        },
        { trigger: "input[name='name']", run: "edit نورة محمد عبدالله العتيبي" },
        { trigger: "input[name='national_id']", run: "edit ١٠٠٠٠٠٠٠٠٨" },
        { trigger: "input[name='mobile']", run: "edit 0500000009" },
        { trigger: "input[name='requested_amount']", run: "edit 2500" },
        { trigger: "textarea[name='description']", run: "edit مساعدة لسداد إيجار السكن" },
        {
            content: "Attach the required documents",
            trigger: ".o_beneficiary_request_form input[type='file']",
            run() {
                document
                    .querySelectorAll(".o_beneficiary_request_form input[type='file']")
                    .forEach((input, index) => attachPdf(input, `document-${index}.pdf`));
            },
        },
        { trigger: "input[name='declaration']", run: "click" },
        { trigger: "input[name='signer']", run: "edit نورة محمد عبدالله العتيبي" },
        {
            content: "Sign",
            trigger: "canvas.o_beneficiary_signature",
            run() {
                sign(this.anchor);
            },
        },
        { trigger: ".o_beneficiary_request_form button[type='submit']", run: "click" },
        {
            content: "The visitor gets the reference number",
            trigger: ".o_beneficiary_thanks .o_beneficiary_reference:contains('REQ/')",
        },
    ],
});

registry.category("web_tour.tours").add("beneficiary_portal_data_update", {
    url: "/my",
    steps: () => [
        { trigger: "a[href='/my/beneficiary-requests']", run: "click" },
        {
            content: "The beneficiary sees the request",
            trigger: "a[href^='/my/beneficiary-requests/']",
            run: "click",
        },
        { trigger: ".o_beneficiary_portal_request" },
        { trigger: "a[href='/my/home']", run: "click" },
        { trigger: "a[href='/my/beneficiary-file/update']", run: "click" },
        { trigger: "input[name='city']", run: "edit الخرج" },
        { trigger: ".o_beneficiary_update_form button[type='submit']", run: "click" },
        { content: "The change waits for review", trigger: ".o_beneficiary_update_sent" },
    ],
});
