/**
 * The component's own styles, on top of the site's Bootstrap (3.3.6 or 5): layout, state colours and
 * the dialog. Every colour and distance is a custom property, so a site themes it from its CSS:
 *   databricks-job-run { --dbxjr-success: #0a7d32; }
 * The one rule that must beat the site's: Bootstrap 3's `.btn { display: inline-block }` outranks
 * the browser's `[hidden]`, so a hidden button would still show.
 */
const CSS = `databricks-job-run{display:block;--dbxjr-gap:.75rem;--dbxjr-radius:.375rem;--dbxjr-success:#146c43;--dbxjr-danger:#b02a37;--dbxjr-warning:#8a5a00;--dbxjr-muted:#5c636a;--dbxjr-border:#ced4da;--dbxjr-dialog-bg:#fff;--dbxjr-dialog-color:inherit;--dbxjr-backdrop:rgba(0,0,0,.45)}
databricks-job-run [hidden]{display:none!important}
.dbxjr-job{margin:0 0 var(--dbxjr-gap)}
.dbxjr-parameters{border:0;margin:0;padding:0;min-width:0}
.dbxjr-parameters legend{font-size:1em;font-weight:600;border:0;margin:0 0 .5rem;padding:0;width:auto}
.dbxjr-actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:var(--dbxjr-gap) 0}
.dbxjr-alert>div+div{margin-top:.25rem}
.dbxjr-muted{color:var(--dbxjr-muted)}
.dbxjr-status p{margin:0 0 .25rem}
.dbxjr-state{font-weight:600}
.dbxjr-state[data-tone=success]{color:var(--dbxjr-success)}
.dbxjr-state[data-tone=danger]{color:var(--dbxjr-danger)}
.dbxjr-state[data-tone=warning]{color:var(--dbxjr-warning)}
.dbxjr-message{white-space:pre-wrap;overflow-wrap:anywhere}
.dbxjr-tasks{margin:0 0 .5rem;padding-left:1.25rem}
.dbxjr-task-key{font-weight:600;margin-right:.5rem}
dialog.dbxjr-dialog{border:1px solid var(--dbxjr-border);border-radius:var(--dbxjr-radius);padding:1rem 1.25rem;max-width:min(32rem,90vw);background:var(--dbxjr-dialog-bg);color:var(--dbxjr-dialog-color)}
dialog.dbxjr-dialog::backdrop{background:var(--dbxjr-backdrop)}
dialog.dbxjr-dialog h2{font-size:1.25em;margin:0 0 .5rem}
.dbxjr-sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}`;

export const STYLE_ID = "dbxjr-styles";

/** Adds the stylesheet to the document once, before the site's own styles so that those win. */
export function injectStyles(document: Document): void {
    if (document.getElementById(STYLE_ID)) return;
    const style = document.createElement("style");
    style.id = STYLE_ID;
    style.textContent = CSS;
    document.head.prepend(style);
}
