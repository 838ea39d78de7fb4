import type { Browser, Locator, Page } from "playwright-core";
import { readResx } from "../../build/resxStrings";
import { createLocalizer, type Localize } from "../../../runModel/localize";
import type { StringKey } from "../../../runModel/stringKeys";

/**
 * A portal page with `<databricks-job-run>` elements, driven as a visitor would drive it: by the
 * labels, button names and roles the element shows, whose English texts come from the control's
 * resx file (TriggerControl.1033.resx), never written out here.
 */

const STATE_EVENT = "databricks-job-run:statechange";

export interface StateChange {
    state: string;
    runId?: string;
}

export interface FlowCallOptions {
    /** Leave out the __RequestVerificationToken header. */
    withoutToken?: boolean;
    /** Leave out X-Requested-With. */
    withoutAjaxHeader?: boolean;
}

export interface FlowCallAnswer {
    status: number;
    text: string;
}

export interface OpenOptions {
    viewport?: { width: number; height: number };
    fixedTimeMs?: number;
}

const ENGLISH = readResx("1033");

/** An English text of the resx by key (the control's keys, or the portal's own Portal_…), with {0}… filled in. */
export const englishText: Localize<StringKey | `Portal_${string}`> = createLocalizer((key) => {
    const text = ENGLISH.get(key);
    if (text === undefined) throw new Error(`TriggerControl.1033.resx has no string ${key}.`);
    return text;
});

export class PortalPage {
    private constructor(readonly page: Page) {}

    /**
     * Opens the page; every state change of every element on it is recorded from the start. With
     * `fixedTimeMs`, the page's Date.now() stays at that time (its timers still run) until
     * `page.clock.setFixedTime` moves it.
     */
    static async open(browser: Browser, url: string, options: OpenOptions = {}): Promise<PortalPage> {
        const page = await browser.newPage({
            viewport: options.viewport ?? { width: 1100, height: 900 },
            locale: "en-US",
        });
        if (options.fixedTimeMs !== undefined) await page.clock.setFixedTime(options.fixedTimeMs);
        await page.addInitScript((eventName: string) => {
            const changes: Array<{ jobId: string | null; state: string; runId?: string }> = [];
            (window as unknown as { __stateChanges: typeof changes }).__stateChanges = changes;
            document.addEventListener(eventName, (event) => {
                const detail = (event as CustomEvent<{ state: string; runId?: unknown }>).detail;
                changes.push({
                    jobId: (event.target as Element).getAttribute("job-id"),
                    state: detail.state,
                    ...(detail.runId === undefined || detail.runId === null ? {} : { runId: String(detail.runId) }),
                });
            });
        }, STATE_EVENT);
        const response = await page.goto(url, { waitUntil: "load" });
        if (response === null || !response.ok())
            throw new Error(`${url} answered ${response?.status() ?? "nothing"}: ${(await response?.text()) ?? ""}`);
        await page.evaluate(() => customElements.whenDefined("databricks-job-run"));
        return new PortalPage(page);
    }

    /** The element for a job, or the page's only one. */
    element(jobId?: string): Locator {
        return this.page.locator(jobId === undefined ? "databricks-job-run" : `databricks-job-run[job-id="${jobId}"]`);
    }

    parameterInput(name: string, jobId?: string): Locator {
        return this.element(jobId).getByLabel(name, { exact: true });
    }

    /** The start button, by its text: `button-text`, or the resx default. */
    startButton(jobId?: string, buttonText = englishText("Button_RunDefault")): Locator {
        return this.element(jobId).getByRole("button", { name: buttonText, exact: true });
    }

    cancelButton(jobId?: string): Locator {
        return this.element(jobId).getByRole("button", { name: englishText("Button_Cancel"), exact: true });
    }

    /** The open confirmation dialog (a modal `<dialog>`). */
    dialog(): Locator {
        return this.page.getByRole("dialog");
    }

    status(jobId?: string): Locator {
        return this.element(jobId).getByRole("status");
    }

    alert(jobId?: string): Locator {
        return this.element(jobId).getByRole("alert");
    }

    runLink(jobId?: string): Locator {
        return this.element(jobId).getByRole("link", { name: new RegExp(`^${englishText("Link_OpenInDatabricks")}`) });
    }

    /** The state as the element's status shows it: `State_Succeeded` → "Run state: Succeeded" (Status_Announce). */
    stateText(stateKey: StringKey, jobId?: string): Locator {
        return this.status(jobId).getByText(englishText("Status_Announce", englishText(stateKey)), { exact: true });
    }

    async waitForState(stateKey: StringKey, jobId?: string, timeout = 30_000): Promise<void> {
        await this.stateText(stateKey, jobId).waitFor({ timeout });
    }

    /** Waits until the element announces a run id (the run has started) and gives it. */
    async waitForRunId(jobId?: string, timeout = 30_000): Promise<string> {
        const deadline = Date.now() + timeout;
        for (;;) {
            const started = (await this.stateChanges(jobId)).find((change) => change.runId !== undefined);
            if (started?.runId !== undefined) return started.runId;
            if (Date.now() > deadline) throw new Error(`No run started within ${timeout} ms.`);
            await this.page.waitForTimeout(100);
        }
    }

    /** The names of the element's buttons a visitor can see, in order (the page's dialog aside). */
    async visibleButtonNames(jobId?: string): Promise<string[]> {
        const names: string[] = [];
        for (const button of await this.element(jobId).locator(":scope > :not(dialog) button").all())
            if (await button.isVisible()) names.push(((await button.textContent()) ?? "").trim());
        return names;
    }

    /** The job parameters' labels, in the order shown. */
    async parameterLabels(jobId?: string): Promise<string[]> {
        return (await this.element(jobId).locator("label").allTextContents()).map((text) => text.trim());
    }

    /** The state changes the elements announced (databricks-job-run:statechange), in order. */
    async stateChanges(jobId?: string): Promise<StateChange[]> {
        const all = await this.page.evaluate(
            () =>
                (window as unknown as { __stateChanges: Array<{ jobId: string | null } & StateChange> }).__stateChanges,
        );
        return all
            .filter((change) => jobId === undefined || change.jobId === jobId)
            .map(({ state, runId }) => (runId === undefined ? { state } : { state, runId }));
    }

    /**
     * Calls a flow from the page, as a script on it would: same origin, the session's cookie, the
     * token the site gives this session (GET /_layout/tokenhtml), the documented eventData body.
     */
    callFlow(flowId: string, inputs: Record<string, string>, options: FlowCallOptions = {}): Promise<FlowCallAnswer> {
        return this.page.evaluate(
            async ({ flowId, inputs, options }) => {
                const tokenPage = await (await fetch("/_layout/tokenhtml")).text();
                const token = /value="([^"]*)"/.exec(tokenPage)?.[1] ?? "";
                const headers: Record<string, string> = { "Content-Type": "application/json" };
                if (!options.withoutToken) headers.__RequestVerificationToken = token;
                if (!options.withoutAjaxHeader) headers["X-Requested-With"] = "XMLHttpRequest";
                const response = await fetch(`/_api/cloudflow/v1.0/trigger/${flowId}`, {
                    method: "POST",
                    headers,
                    body: JSON.stringify({ eventData: JSON.stringify(inputs) }),
                });
                return { status: response.status, text: await response.text() };
            },
            { flowId, inputs, options },
        );
    }

    async close(): Promise<void> {
        await this.page.close();
    }
}
