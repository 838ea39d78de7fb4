import type { Clock } from "../../runModel/clock";
import { fieldValue } from "../../runModel/parameters";
import { ask } from "./confirmDialog";
import { el, fill } from "./dom";
import { alertLines } from "./messages";
import { lcidOf, portalLocalizer, type PortalLocalize } from "./portalStrings";
import { createRunSession, type RunSession, type SessionView } from "./runSession";
import { statusPanel, timeText } from "./statusPanel";
import { injectStyles } from "./styles";
import { createFlowTransport, type FlowTransport, type PortalShell } from "./transport";
import {
    checkEndpoint,
    createLogicAppTransport,
    type AccessTokenHook,
    type LogicAppTransportOptions,
} from "./logicAppTransport";
import { ELEMENT_NAME, OBSERVED_ATTRIBUTES, STATE_CHANGE_EVENT } from "./elementContract";

export { ELEMENT_NAME, OBSERVED_ATTRIBUTES, STATE_CHANGE_EVENT };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the element talks to and how it keeps time: the page's site and clock unless a test says otherwise. */
export const environment: {
    transport: (flowId: string) => FlowTransport;
    logicAppTransport: (options: LogicAppTransportOptions) => FlowTransport;
    clock?: Clock;
} = {
    transport: (flowId) =>
        createFlowTransport({ flowId, shell: () => (window as unknown as { shell?: PortalShell }).shell }),
    logicAppTransport: createLogicAppTransport,
};

/** Attributes that choose what the element talks to: a change starts over. */
const RESTARTING = ["transport", "flow-id", "endpoint", "job-id"];

let instances = 0;

interface Parts {
    alert: HTMLElement;
    job: HTMLElement;
    loading: HTMLElement;
    fields: HTMLElement;
    form: HTMLFormElement;
    run: HTMLButtonElement;
    cancel: HTMLButtonElement;
    retry: HTMLButtonElement;
    status: HTMLElement;
}

const pollSeconds = (value: string | null) => (value === null || value.trim() === "" ? null : Number(value));

/**
 * <databricks-job-run flow-id="…" job-id="…">: starts a Databricks job through the site's portal
 * flow and follows the run. Light DOM, so the site's Bootstrap styles apply.
 */
export class DatabricksJobRun extends HTMLElement {
    static readonly observedAttributes = OBSERVED_ATTRIBUTES;

    private session?: RunSession;
    private parts?: Parts;
    private localize: PortalLocalize = portalLocalizer("1033");
    private edited = new Map<string, string>();
    private readonly idPrefix = `dbxjr-${++instances}`;
    /** What the form, the alert and the status were last built from: unchanged parts are not rebuilt. */
    private built = { form: "", alert: "", status: "", state: "" };

    /**
     * For `transport="logic-app"`: the page's source of Entra ID access tokens for the Logic App,
     * asked before every request. Declared only, so a value the page set before the element was
     * defined stays.
     */
    declare getAccessToken?: AccessTokenHook;

    private readonly onVisibility = () => this.session?.update({ visible: document.visibilityState === "visible" });

    connectedCallback(): void {
        injectStyles(document);
        this.parts ??= this.buildSkeleton();
        document.addEventListener("visibilitychange", this.onVisibility);
        this.restart();
    }

    disconnectedCallback(): void {
        document.removeEventListener("visibilitychange", this.onVisibility);
        this.stop();
    }

    attributeChangedCallback(name: string, previous: string | null, value: string | null): void {
        if (!this.isConnected || !this.parts || previous === value) return;
        if (RESTARTING.includes(name)) return this.restart();
        this.session?.update({
            parameters: this.getAttribute("parameters"),
            minPollSeconds: pollSeconds(this.getAttribute("min-poll-seconds")),
            maxPollSeconds: pollSeconds(this.getAttribute("max-poll-seconds")),
            disabled: this.hasAttribute("disabled"),
        });
        this.built.form = this.built.alert = this.built.status = "";
        this.render();
    }

    private stop(): void {
        this.session?.dispose();
        this.session = undefined;
    }

    private attribute(name: string): string {
        return (this.getAttribute(name) ?? "").trim();
    }

    private transportKind(): string {
        return this.attribute("transport").toLowerCase() || "power-pages";
    }

    /** The transport the attributes choose; none when they are wrong (`setupProblem` says why). */
    private createTransport(): FlowTransport | undefined {
        const kind = this.transportKind();
        if (kind === "logic-app") {
            const endpoint = checkEndpoint(this.getAttribute("endpoint"));
            return endpoint
                ? environment.logicAppTransport({ endpoint, getAccessToken: () => this.getAccessToken })
                : undefined;
        }
        const flowId = this.attribute("flow-id");
        return kind === "power-pages" && GUID.test(flowId) ? environment.transport(flowId) : undefined;
    }

    private setupProblem(): string {
        const kind = this.transportKind();
        if (kind === "logic-app") return this.localize("Portal_EndpointInvalid", this.attribute("endpoint"));
        if (kind !== "power-pages") return this.localize("Portal_TransportInvalid", this.attribute("transport"));
        const flowId = this.attribute("flow-id");
        return flowId === "" ? this.localize("Portal_FlowIdMissing") : this.localize("Portal_FlowIdInvalid", flowId);
    }

    /** A new transport, endpoint, flow or job: a new session, described afresh. */
    private restart(): void {
        this.stop();
        this.edited = new Map();
        this.built = { form: "", alert: "", status: "", state: this.built.state };
        const transport = this.createTransport();
        if (transport) {
            const session = createRunSession({
                transport,
                clock: environment.clock,
                jobId: this.getAttribute("job-id"),
                parameters: this.getAttribute("parameters"),
                minPollSeconds: pollSeconds(this.getAttribute("min-poll-seconds")),
                maxPollSeconds: pollSeconds(this.getAttribute("max-poll-seconds")),
                disabled: this.hasAttribute("disabled"),
                visible: document.visibilityState === "visible",
            });
            this.session = session;
            session.subscribe(() => this.render());
            void session.describe();
        }
        this.render();
    }

    private buildSkeleton(): Parts {
        const button = (cls: string, type: "submit" | "button") =>
            el("button", { type, class: `btn ${cls}` }) as HTMLButtonElement;
        const parts: Parts = {
            alert: el("div", { role: "alert", class: "alert alert-danger dbxjr-alert" }),
            job: el("h3", { class: "dbxjr-job" }),
            loading: el("p", { class: "dbxjr-muted" }),
            fields: el("fieldset", { class: "dbxjr-parameters" }),
            form: el("form", { novalidate: "" }),
            run: button("btn-primary", "submit"),
            cancel: button("btn-default btn-outline-secondary", "button"),
            retry: button("btn-default btn-outline-secondary", "button"),
            status: el("div", { role: "status", "aria-live": "polite", class: "dbxjr-status" }),
        };
        parts.form.append(parts.fields, el("div", { class: "dbxjr-actions" }, parts.run, parts.cancel, parts.retry));
        parts.form.addEventListener("submit", (event) => {
            event.preventDefault();
            void this.confirmRun();
        });
        parts.cancel.addEventListener("click", () => void this.confirmCancel());
        parts.retry.addEventListener("click", () => void this.session?.describe());
        parts.fields.addEventListener("input", (event) => {
            const input = event.target as HTMLInputElement;
            if (input.name) this.edited.set(input.name, input.value);
        });
        fill(this, parts.alert, parts.job, parts.loading, parts.form, parts.status);
        return parts;
    }

    private async confirmRun(): Promise<void> {
        const session = this.session;
        if (!session?.view().canStart) return;
        const yes = await ask(
            this,
            {
                title: this.localize("Confirm_RunTitle"),
                text: this.getAttribute("confirm-text") ?? "",
                yes: this.localize("Confirm_RunYes"),
                no: this.localize("Confirm_RunNo"),
            },
            this.parts?.run ?? null,
        );
        if (yes && session === this.session) session.start(this.edited);
    }

    private async confirmCancel(): Promise<void> {
        const session = this.session;
        const run = session?.view().tracker.run;
        if (!session?.view().tracker.canCancel || !run) return;
        const yes = await ask(
            this,
            {
                title: this.localize("Confirm_CancelTitle"),
                text: this.localize("Confirm_CancelText", run.runId),
                yes: this.localize("Confirm_CancelYes"),
                no: this.localize("Confirm_CancelNo"),
            },
            this.parts?.cancel ?? null,
        );
        if (yes && session === this.session) session.cancel();
    }

    private render(): void {
        const parts = this.parts;
        if (!parts) return;
        this.localize = portalLocalizer(lcidOf(this.closest("[lang]")?.getAttribute("lang")));
        const view = this.session?.view();
        this.renderAlert(parts, view);
        this.renderForm(parts, view);
        this.renderStatus(parts, view);
    }

    private renderAlert(parts: Parts, view: SessionView | undefined): void {
        const lines = view ? alertLines(view, this.localize, this.attribute("job-id")) : [this.setupProblem()];
        const key = JSON.stringify(lines);
        if (key === this.built.alert) return;
        this.built.alert = key;
        fill(parts.alert, ...lines.map((line) => el("div", {}, line)));
        parts.alert.hidden = lines.length === 0;
    }

    private renderForm(parts: Parts, view: SessionView | undefined): void {
        const localize = this.localize;
        const tracker = view?.tracker;
        const described = view?.jobPhase === "described";
        parts.job.textContent = view?.jobName ?? "";
        parts.job.hidden = !view?.jobName;
        parts.loading.textContent = localize("Portal_Loading");
        parts.loading.hidden = view?.jobPhase !== "describing";
        parts.fields.hidden = !described;
        const locked = !tracker || tracker.disabled || tracker.runState === "Submitting";
        const key = JSON.stringify([described && tracker?.parameters, localize("Parameters_Heading")]);
        if (key !== this.built.form) {
            this.built.form = key;
            this.buildFields(parts, view);
        }
        for (const input of parts.fields.querySelectorAll("input")) input.disabled = locked;
        parts.run.textContent = this.getAttribute("button-text") || localize("Button_RunDefault");
        parts.run.disabled = !view?.canStart;
        parts.cancel.hidden = !tracker || !(tracker.canCancel || tracker.cancelRequested);
        parts.cancel.disabled = !tracker?.canCancel;
        parts.cancel.textContent = localize(tracker?.cancelRequested ? "Button_Cancelling" : "Button_Cancel");
        parts.retry.hidden = view?.jobPhase !== "failed";
        parts.retry.textContent = localize("Portal_Retry");
    }

    private buildFields(parts: Parts, view: SessionView | undefined): void {
        const fields = view?.jobPhase === "described" ? view.tracker.parameters.fields : [];
        fill(
            parts.fields,
            el("legend", {}, this.localize("Parameters_Heading")),
            fields.length === 0 && el("p", {}, this.localize("Parameters_None")),
            ...fields.map((field, index) => {
                const id = `${this.idPrefix}-p${index}`;
                const hint = field.defaultValue
                    ? this.localize("Parameters_DefaultHint", field.defaultValue)
                    : undefined;
                const input = el("input", {
                    id,
                    name: field.name,
                    type: "text",
                    class: "form-control",
                    autocomplete: "off",
                    placeholder: field.defaultValue,
                    "aria-describedby": hint && `${id}-hint`,
                });
                input.value = fieldValue(field, this.edited);
                return el(
                    "div",
                    { class: "form-group mb-3" },
                    el("label", { for: id, class: "form-label control-label" }, field.name),
                    input,
                    hint && el("small", { id: `${id}-hint`, class: "form-text help-block dbxjr-muted" }, hint),
                );
            }),
        );
    }

    private renderStatus(parts: Parts, view: SessionView | undefined): void {
        const tracker = view?.tracker;
        const key = tracker
            ? JSON.stringify([tracker.runState, tracker.run, tracker.cancelRequested, this.localize("State_Idle")])
            : "";
        if (key !== this.built.status) {
            this.built.status = key;
            fill(parts.status, ...(tracker ? statusPanel(tracker, this.localize) : []));
        } else if (tracker?.run) {
            const time = parts.status.querySelector(".dbxjr-time");
            if (time) time.textContent = timeText(tracker.run, tracker.now, this.localize);
        }
        const state = JSON.stringify([tracker?.runState ?? "Idle", tracker?.run?.runId]);
        if (state !== this.built.state) {
            this.built.state = state;
            this.dispatchEvent(
                new CustomEvent(STATE_CHANGE_EVENT, {
                    bubbles: true,
                    detail: { state: tracker?.runState ?? "Idle", runId: tracker?.run?.runId },
                }),
            );
        }
    }
}

/** Defines the element once; a page that loads the script twice keeps the first definition. */
export function defineDatabricksJobRun(registry: CustomElementRegistry = customElements): void {
    if (!registry.get(ELEMENT_NAME)) registry.define(ELEMENT_NAME, DatabricksJobRun);
}
