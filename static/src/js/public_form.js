/** Signature pad of the public forms: draws on a canvas and keeps a PNG data URL. */
function setupSignaturePad(canvas) {
    const form = canvas.closest("form");
    const output = form.querySelector(".o_beneficiary_signature_value");
    const context = canvas.getContext("2d");
    let drawing = false;
    let drawn = false;

    const resize = () => {
        const ratio = window.devicePixelRatio || 1;
        canvas.width = canvas.offsetWidth * ratio;
        canvas.height = 160 * ratio;
        context.scale(ratio, ratio);
        context.lineWidth = 2;
        context.lineCap = "round";
        context.strokeStyle = "#1a1a1a";
    };
    const point = (event) => {
        const rect = canvas.getBoundingClientRect();
        return [event.clientX - rect.left, event.clientY - rect.top];
    };
    canvas.addEventListener("pointerdown", (event) => {
        drawing = true;
        context.beginPath();
        context.moveTo(...point(event));
        try {
            canvas.setPointerCapture(event.pointerId);
        } catch {
            // Not every pointer can be captured (e.g. synthetic events); drawing still works.
        }
    });
    canvas.addEventListener("pointermove", (event) => {
        if (!drawing) {
            return;
        }
        context.lineTo(...point(event));
        context.stroke();
        drawn = true;
    });
    const stop = () => {
        drawing = false;
        if (drawn) {
            output.value = canvas.toDataURL("image/png");
        }
    };
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointerleave", stop);
    form.querySelector(".o_beneficiary_signature_clear").addEventListener("click", () => {
        context.clearRect(0, 0, canvas.width, canvas.height);
        drawn = false;
        output.value = "";
    });
    resize();
}

function setupAnonymousToggle(form) {
    const toggle = form.querySelector("#anonymous");
    const block = form.querySelector(".o_beneficiary_complainant");
    if (!toggle || !block) {
        return;
    }
    const apply = () => block.classList.toggle("d-none", toggle.checked);
    toggle.addEventListener("change", apply);
    apply();
}

function setup() {
    document.querySelectorAll(".o_beneficiary_signature").forEach(setupSignaturePad);
    document.querySelectorAll(".o_beneficiary_complaint_form").forEach(setupAnonymousToggle);
}

// Bundles may load after the document is parsed.
if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
} else {
    setup();
}
