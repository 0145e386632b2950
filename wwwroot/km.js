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

// Form dialogs that must not lose what the user entered (FormDialog): by the id of their .mud-dialog-container, whether
// the user has typed, picked or chosen a file in them, and the dialog to ask when Escape is pressed.
window.kmFormDialog = (() => {
    const guards = new Map();
    // A dialog registers before its first render reaches the page (so input from its first paint is seen): a guard is
    // dropped only once its dialog has been on the page and is gone.
    const live = () => {
        for (const [id, guard] of [...guards]) {
            if (document.getElementById(id)) {
                guard.shown = true;
            } else if (guard.shown) {
                guards.delete(id);
            }
        }

        return guards;
    };
    const guardOf = element => {
        const container = element instanceof Element ? element.closest(".mud-dialog-container") : null;
        return container ? guards.get(container.id) : undefined;
    };
    const topmost = () => {
        const containers = document.querySelectorAll(".mud-dialog-container");
        const top = containers[containers.length - 1];
        return top ? { top, guard: live().get(top.id) } : { top: undefined, guard: undefined };
    };
    const markEntered = event => {
        const guard = guardOf(event.target);
        if (guard) {
            guard.dirty = true;
        }
    };

    document.addEventListener("input", markEntered, true);
    document.addEventListener("change", markEntered, true);
    // A select's options open in a popover outside the dialog: picking one changes the topmost dialog's form.
    document.addEventListener("click", event => {
        const { guard } = topmost();
        if (guard && event.target instanceof Element && event.target.closest(".mud-popover [role=option]")) {
            guard.dirty = true;
        }
    }, true);

    // Escape closes the topmost dialog; a guarded one asks first. Capturing on window runs before MudBlazor's handler.
    window.addEventListener("keydown", event => {
        if (event.key !== "Escape") {
            return;
        }

        const { top, guard } = topmost();
        if (!guard || !top.contains(event.target)) {
            return;
        }

        event.stopImmediatePropagation();
        event.preventDefault();
        guard.dotNet.invokeMethodAsync("EscapeAsync", guard.dirty);
    }, true);

    // Reloading or closing the tab would lose a dialog's input: the browser asks first.
    window.addEventListener("beforeunload", event => {
        if ([...live().values()].some(g => g.dirty)) {
            event.preventDefault();
            event.returnValue = "";
        }
    });

    return {
        guard: (id, dotNet) => guards.set(id, { dotNet, dirty: false, shown: false }),
        isDirty: id => guards.get(id)?.dirty === true,
    };
})();

// A page that saves by itself (the template builder) says while it holds changes not yet saved: reloading or closing
// the tab then gets the browser's warning.
window.kmUnsaved = (() => {
    let unsaved = false;
    window.addEventListener("beforeunload", event => {
        if (unsaved) {
            event.preventDefault();
            event.returnValue = "";
        }
    });

    return { set: value => { unsaved = value === true; } };
})();
