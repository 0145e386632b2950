// Small helpers the console calls through IJSRuntime (the CSP allows scripts from the console only, never inline).

// After a failed submit: brings the open dialog's first field in error (or, when no field is, its error banner) into
// view, and puts the cursor in that field.
window.kmScrollToFirstError = () => {
    const dialogs = document.querySelectorAll(".mud-dialog");
    const scope = dialogs.length > 0 ? dialogs[dialogs.length - 1] : document;
    const first = scope.querySelector(".mud-input-control.mud-input-error, [data-km-field-error]") ?? scope.querySelector("[role=alert]");
    if (!first) {
        return;
    }

    first.scrollIntoView({ block: "center" });
    first.querySelector("input, textarea")?.focus({ preventScroll: true });
};
