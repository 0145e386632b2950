// Small helpers the console calls through IJSRuntime (the CSP allows scripts from the console only, never inline).

// After a failed submit: brings the open dialog's first field in error into view and focuses its input.
window.kmScrollToFirstError = () => {
    const dialog = document.querySelector(".mud-dialog-container:last-of-type") ?? document;
    const first = dialog.querySelector(".mud-input-control.mud-input-error, [data-km-field-error]");
    if (!first) {
        return;
    }

    first.scrollIntoView({ block: "center" });
    first.querySelector("input, textarea")?.focus({ preventScroll: true });
};
