/** What pages and snippets rely on: the element's name, the attributes it reads and the event it sends. */
export const ELEMENT_NAME = "databricks-job-run";
export const STATE_CHANGE_EVENT = "databricks-job-run:statechange";
export const OBSERVED_ATTRIBUTES = [
    "transport",
    "flow-id",
    "endpoint",
    "job-id",
    "parameters",
    "button-text",
    "confirm-text",
    "min-poll-seconds",
    "max-poll-seconds",
    "lang",
    "disabled",
] as const;
