/** @jest-environment jsdom */
import { defineDatabricksJobRun, environment, STATE_CHANGE_EVENT } from "../../portal/src/databricksJobRun";
import { PortalStringKeys, registerStringTables } from "../../portal/src/portalStrings";
import type { FlowRequest } from "../../portal/src/transport";
import { readResx } from "../../tools/build/resxStrings";
import { stringTables } from "../../tools/build/resxStrings";
import { failed, running, runJson, succeeded } from "../runModel/runFixtures";
import { fakeFlow, JOB_ID, reply, steppingClock } from "./portalFakes";

const FLOW_ID = "e1e681a1-10b6-4ad7-86fc-9321d828627a";
const english = readResx("1033");
const en = (key: string, ...args: string[]) =>
    (english.get(key) ?? key).replace(/\{(\d+)\}/g, (_m, i: string) => args[Number(i)]);

registerStringTables(stringTables(PortalStringKeys));
defineDatabricksJobRun();

let clock: ReturnType<typeof steppingClock>;

function mount(attributes: Record<string, string>, flow = fakeFlow()) {
    clock = steppingClock();
    environment.clock = clock.clock;
    environment.transport = () => flow.transport;
    const element = document.createElement("databricks-job-run");
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    document.body.append(element);
    return { element, flow };
}

async function mounted(attributes: Record<string, string> = {}, flow = fakeFlow()) {
    const context = mount({ "flow-id": FLOW_ID, "job-id": JOB_ID, ...attributes }, flow);
    await clock.advance(0);
    return context;
}

const q = <T extends Element = HTMLElement>(element: Element, selector: string) => element.querySelector(selector) as T;
const alertText = (element: Element) => q(element, "[role=alert]").textContent ?? "";
const statusText = (element: Element) => q(element, "[role=status]").textContent ?? "";
const runButton = (element: Element) => q<HTMLButtonElement>(element, "button.btn-primary");
const cancelButton = (element: Element) => q<HTMLButtonElement>(element, "form button.btn-outline-secondary");

beforeEach(() => {
    document.body.replaceChildren();
    document.documentElement.removeAttribute("lang");
    jest.spyOn(window, "confirm").mockReturnValue(true);
});

describe("after describe", () => {
    test("shows the job's name and exactly its parameters, labelled and prefilled", async () => {
        const { element, flow } = await mounted({ parameters: '{"day": "monday"}' });
        expect(flow.requests).toEqual([{ action: "describe", job_id: JOB_ID }]);
        expect(q(element, "h3").textContent).toBe("Nightly load");
        const inputs = [...element.querySelectorAll<HTMLInputElement>("input")];
        expect(inputs.map((i) => [i.labels?.[0]?.textContent, i.value, i.className])).toEqual([
            ["region", "emea", "form-control"],
            ["day", "monday", "form-control"],
        ]);
        expect(element.textContent).toContain(en("Parameters_DefaultHint", "emea"));
        expect(runButton(element).textContent).toBe(en("Button_RunDefault"));
        expect(runButton(element).disabled).toBe(false);
        expect(q(element, "[role=alert]").hidden).toBe(true);
    });

    test("a job without parameters says so", async () => {
        const flow = fakeFlow({
            override: (r) => (r.action === "describe" ? reply({ job: '{"name":"Bare"}' }) : undefined),
        });
        const { element } = await mounted({}, flow);
        expect(element.querySelectorAll("input")).toHaveLength(0);
        expect(element.textContent).toContain(en("Parameters_None"));
    });

    test("the button-text attribute names the button", async () => {
        const { element } = await mounted({ "button-text": "Refresh the warehouse" });
        expect(runButton(element).textContent).toBe("Refresh the warehouse");
    });
});

describe("a run", () => {
    test("confirm, start with the typed values, follow to Succeeded with the run link", async () => {
        const { element, flow } = await mounted({ "confirm-text": "This loads last night's files." }, fakeFlow());
        const events: unknown[] = [];
        document.body.addEventListener(STATE_CHANGE_EVENT, (e) => events.push((e as CustomEvent).detail));
        const region = q<HTMLInputElement>(element, "input[name=region]");
        region.value = "apac";
        region.dispatchEvent(new Event("input", { bubbles: true }));
        runButton(element).click();
        expect(window.confirm).toHaveBeenCalledWith(`${en("Confirm_RunTitle")}\n\nThis loads last night's files.`);
        await clock.advance(100);
        expect(flow.requests[1]).toMatchObject({ action: "start", parameters: '{"region":"apac","day":""}' });
        await clock.advance(60_000);
        expect(statusText(element)).toContain(en("Status_Announce", en("State_Succeeded")));
        expect(statusText(element)).toContain(en("Status_RunId", "100"));
        const link = q<HTMLAnchorElement>(element, "[role=status] a");
        expect([link.href, link.target, link.rel]).toEqual([
            "https://adb-1234567890123456.7.azuredatabricks.net/?o=1234567890123456#job/11/run/22",
            "_blank",
            "noopener noreferrer",
        ]);
        expect(events).toEqual([
            { state: "Submitting", runId: undefined },
            { state: "Queued", runId: "100" },
            { state: "Running", runId: "100" },
            { state: "Succeeded", runId: "100" },
        ]);
    });

    test("parameters named constructor and __proto__ show and send their own values", async () => {
        const job = { name: "Odd names", parameters: [{ name: "constructor" }, { name: "__proto__" }] };
        const oddJob = fakeFlow({
            override: (r) => (r.action === "describe" ? reply({ job: JSON.stringify(job) }) : undefined),
        });
        const { element, flow } = await mounted({ parameters: '{"constructor": "c", "__proto__": "p"}' }, oddJob);
        const field = (name: string) => q<HTMLInputElement>(element, `input[name="${name}"]`);
        expect([field("constructor").value, field("__proto__").value]).toEqual(["c", "p"]);
        field("__proto__").value = "typed";
        field("__proto__").dispatchEvent(new Event("input", { bubbles: true }));
        runButton(element).click();
        await clock.advance(100);
        expect(JSON.parse((flow.requests[1] as { parameters: string }).parameters)).toMatchObject({
            constructor: "c",
            ["__proto__"]: "typed",
        });
    });

    test("a visitor who says no starts nothing", async () => {
        (window.confirm as jest.Mock).mockReturnValue(false);
        const { element, flow } = await mounted();
        runButton(element).click();
        await clock.advance(5_000);
        expect(flow.count("start")).toBe(0);
    });

    test("cancel through the native dialog; Esc answers no; focus returns to the button", async () => {
        const proto = HTMLDialogElement.prototype as Partial<Pick<HTMLDialogElement, "showModal" | "close">>;
        proto.showModal = function (this: HTMLDialogElement) {
            this.setAttribute("open", "");
        };
        proto.close = function (this: HTMLDialogElement, value?: string) {
            this.returnValue = value ?? "";
            this.removeAttribute("open");
            this.dispatchEvent(new Event("close"));
        };
        try {
            const { element, flow } = await mounted({}, fakeFlow({ runStates: [running] }));
            runButton(element).click();
            const runDialog = q<HTMLDialogElement>(element, "dialog");
            expect(runDialog.getAttribute("aria-labelledby")).toBeTruthy();
            expect(runDialog.textContent).toContain(en("Confirm_RunTitle"));
            q<HTMLButtonElement>(runDialog, "button.btn-primary").click();
            await clock.advance(5_000);
            expect(cancelButton(element).hidden).toBe(false);
            cancelButton(element).focus();
            cancelButton(element).click();
            let dialog = q<HTMLDialogElement>(element, "dialog");
            expect(dialog.textContent).toContain(en("Confirm_CancelText", "100"));
            dialog.close(); // what Esc does
            await clock.advance(100);
            expect(flow.count("cancel")).toBe(0);
            expect(document.activeElement).toBe(cancelButton(element));
            cancelButton(element).click();
            dialog = q<HTMLDialogElement>(element, "dialog");
            q<HTMLButtonElement>(dialog, "button.btn-primary").click();
            await clock.advance(100);
            expect(flow.count("cancel")).toBe(1);
            expect(statusText(element)).toContain(en("State_Canceled"));
            expect(element.querySelector("dialog")).toBeNull();
        } finally {
            delete proto.showModal;
            delete proto.close;
        }
    });

    test("HTML in Databricks' message stays text", async () => {
        const html = '<img src=x onerror="alert(1)"><b>bold</b>';
        const { element } = await mounted({}, fakeFlow({ runStates: [(id) => failed(id, html)] }));
        runButton(element).click();
        await clock.advance(10_000);
        expect(statusText(element)).toContain(html);
        expect(element.querySelector("img, b")).toBeNull();
    });

    test("a link that is not https is not shown", async () => {
        const evil = (id: number) => runJson(id, { ...JSON.parse(succeeded(id)), run_page_url: "javascript:alert(1)" });
        const { element } = await mounted({}, fakeFlow({ runStates: [evil] }));
        runButton(element).click();
        await clock.advance(10_000);
        expect(statusText(element)).toContain(en("State_Succeeded"));
        expect(element.querySelector("a")).toBeNull();
    });
});

describe("messages", () => {
    test("a missing flow-id asks for it and calls nothing", async () => {
        const { element, flow } = mount({ "job-id": JOB_ID });
        await clock.advance(0);
        expect(alertText(element)).toBe(en("Portal_FlowIdMissing"));
        expect(flow.requests).toEqual([]);
    });

    test("a flow-id that is not a GUID is named", async () => {
        const { element, flow } = mount({ "flow-id": "my flow", "job-id": JOB_ID });
        await clock.advance(0);
        expect(alertText(element)).toBe(en("Portal_FlowIdInvalid", "my flow"));
        expect(flow.requests).toEqual([]);
    });

    test("an invalid job-id is the model's issue, named by its attribute", async () => {
        const { element, flow } = await mounted({ "job-id": "12ab" });
        expect(alertText(element)).toContain(`job-id: ${en("Validation_JobIdNotDigits", "12ab")}`);
        expect(flow.requests).toEqual([]);
        expect(runButton(element).disabled).toBe(true);
    });

    test.each([
        ["forbidden", "Portal_Forbidden"],
        ["serverError", "Portal_ServerError"],
        ["network", "Portal_NetworkError"],
        ["unreadable", "Portal_UnreadableReply"],
    ] as const)("a %s failure shows %s and a retry button", async (kind, key) => {
        let fail = true;
        const flow = fakeFlow({
            override: () => (fail ? { ok: false, failure: { kind, status: 403, detail: "test" } } : undefined),
        });
        const { element } = await mounted({}, flow);
        expect(alertText(element)).toBe(en(key));
        const retry = [...element.querySelectorAll("button")].find((b) => b.textContent === en("Portal_Retry"));
        expect(retry?.hidden).toBe(false);
        fail = false;
        retry?.click();
        await clock.advance(0);
        expect(q(element, "[role=alert]").hidden).toBe(true);
        expect(element.querySelectorAll("input")).toHaveLength(2);
    });

    test("the flow's not_allowed is a clear sentence; its other errors show the flow's message as text", async () => {
        const notAllowed = fakeFlow({
            override: (r: FlowRequest) =>
                r.action === "describe"
                    ? reply({ error: "Job 11 is not in the list.", code: "not_allowed" })
                    : undefined,
        });
        const { element } = await mounted({}, notAllowed);
        expect(alertText(element)).toBe(en("Portal_NotAllowed", JOB_ID));
        const broken = fakeFlow({
            override: (r: FlowRequest) =>
                r.action === "start"
                    ? reply({ error: "RunNow failed: <i>quota</i>", code: "databricks_error" })
                    : undefined,
        });
        const second = await mounted({}, broken);
        runButton(second.element).click();
        await clock.advance(100);
        expect(alertText(second.element)).toBe(en("Error_CallFailed", "RunNow failed: <i>quota</i>"));
        expect(second.element.querySelector("i")).toBeNull();
    });
});

describe("attributes", () => {
    test.each([
        ["de", "1031"],
        ["fr-CA", "1036"],
        ["es", "3082"],
        ["en-GB", "1033"],
        ["pt", "1033"],
    ])("lang=%s speaks resx %s", async (lang, lcid) => {
        const { element } = await mounted({ lang });
        expect(runButton(element).textContent).toBe(readResx(lcid).get("Button_RunDefault"));
    });

    test("without lang, the page's <html lang> decides", async () => {
        document.documentElement.setAttribute("lang", "de-DE");
        const { element } = await mounted();
        expect(runButton(element).textContent).toBe(readResx("1031").get("Button_RunDefault"));
    });

    test("disabled: nothing can be edited or started", async () => {
        const { element } = await mounted({ disabled: "" });
        expect(runButton(element).disabled).toBe(true);
        expect([...element.querySelectorAll("input")].every((i) => i.disabled)).toBe(true);
        element.removeAttribute("disabled");
        expect(runButton(element).disabled).toBe(false);
    });

    test("changing job-id describes the new job; changing lang and button-text re-renders", async () => {
        const { element, flow } = await mounted();
        element.setAttribute("job-id", "42");
        await clock.advance(0);
        expect(flow.requests.at(-1)).toEqual({ action: "describe", job_id: "42" });
        element.setAttribute("lang", "fr");
        expect(runButton(element).textContent).toBe(readResx("1036").get("Button_RunDefault"));
        element.setAttribute("button-text", "Go");
        expect(runButton(element).textContent).toBe("Go");
        element.setAttribute("parameters", '{"nope": "1"}');
        expect(alertText(element)).toContain("parameters: ");
    });

    test("the run is followed only while the page is visible", async () => {
        const { element, flow } = await mounted({}, fakeFlow({ runStates: [running] }));
        runButton(element).click();
        await clock.advance(10_000);
        const seen = flow.count("status");
        expect(seen).toBeGreaterThan(0);
        const setVisibility = (state: DocumentVisibilityState) => {
            Object.defineProperty(document, "visibilityState", { value: state, configurable: true });
            document.dispatchEvent(new Event("visibilitychange"));
        };
        try {
            setVisibility("hidden");
            await clock.advance(600_000);
            expect(flow.count("status")).toBe(seen);
            setVisibility("visible");
            await clock.advance(2_100);
            expect(flow.count("status")).toBe(seen + 1);
        } finally {
            delete (document as { visibilityState?: unknown }).visibilityState;
        }
    });

    test("disconnecting stops every timer", async () => {
        const { element } = await mounted({}, fakeFlow({ runStates: [running] }));
        runButton(element).click();
        await clock.advance(5_000);
        expect(clock.clock.pendingTimers()).toBeGreaterThan(0);
        element.remove();
        expect(clock.clock.pendingTimers()).toBe(0);
    });
});
