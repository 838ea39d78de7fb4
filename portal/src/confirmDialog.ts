import { el } from "./dom";

export interface Question {
    title: string;
    text: string;
    yes: string;
    no: string;
}

let dialogs = 0;

/**
 * Asks a question in a native modal <dialog> inside `host`: Esc (the dialog's own cancel) and the
 * "no" button answer no, and focus goes back to `opener`. Where the browser has no showModal, window.confirm asks instead.
 */
export function ask(host: Element, question: Question, opener: HTMLElement | null): Promise<boolean> {
    const dialog = el("dialog", { class: "dbxjr-dialog" });
    if (typeof dialog.showModal !== "function") {
        return Promise.resolve(
            window.confirm(question.text ? `${question.title}\n\n${question.text}` : question.title),
        );
    }
    const id = `dbxjr-dialog-${++dialogs}`;
    dialog.setAttribute("aria-labelledby", `${id}-title`);
    const button = (value: string, cls: string, label: string) => {
        const answer = el("button", { type: "button", class: `btn ${cls}` }, label);
        answer.addEventListener("click", () => dialog.close(value));
        return answer;
    };
    dialog.append(
        el("h2", { id: `${id}-title` }, question.title),
        question.text && el("p", { id: `${id}-text` }, question.text),
        el(
            "div",
            { class: "dbxjr-actions" },
            button("yes", "btn-primary", question.yes),
            button("no", "btn-default btn-outline-secondary", question.no),
        ),
    );
    if (question.text) dialog.setAttribute("aria-describedby", `${id}-text`);
    host.append(dialog);
    return new Promise((resolve) => {
        dialog.addEventListener("close", () => {
            dialog.remove();
            opener?.focus();
            resolve(dialog.returnValue === "yes");
        });
        dialog.showModal();
    });
}
