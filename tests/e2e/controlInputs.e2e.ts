import type { Browser } from "playwright-core";
import { axeViolations } from "../../tools/standIns/browserHarness/axe";
import { ControlPage, launchChromium } from "../../tools/standIns/browserHarness/controlPage";
import { startPcfHarness, type RunningHarness } from "../../tools/standIns/browserHarness/pcfHarness";

let harness: RunningHarness;
let browser: Browser;
let control: ControlPage;

beforeAll(async () => {
    harness = await startPcfHarness();
    browser = await launchChromium();
});

afterAll(async () => {
    await browser?.close();
    await harness?.stop();
});

beforeEach(async () => {
    control = await ControlPage.open(browser, harness.url);
    // The harness prefills every text input with "val"; start from what a new canvas control has.
    await control.setInputs({
        JobId: "123456789012345",
        JobParameters: '{"region": "emea", "as_of": "2026-11-27"}',
        ParameterDefinitions: "",
        Run: "",
        ErrorText: "",
        ButtonText: "",
        ConfirmText: "",
    });
});

afterEach(async () => {
    await control?.close();
});

test("a click raises OnTrigger once, with the typed parameters and a token in the outputs", async () => {
    const region = control.page.getByLabel("region");
    await region.fill("apac");
    const button = control.page.getByRole("button", { name: "Run job" });
    await button.click();
    await button.click({ force: true }).catch(() => undefined);
    await button.dblclick({ force: true }).catch(() => undefined);
    await control.waitForOutput("RunState", (v) => v === "Submitting");
    const outputs = await control.outputs();
    expect(JSON.parse(outputs.RequestedParameters)).toEqual({ region: "apac", as_of: "2026-11-27" });
    expect(outputs.IdempotencyToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(outputs.IsActive).toBe("true");
    await control.page.waitForTimeout(1000);
    expect(await control.raisedEvents()).toEqual(["OnTrigger"]);
    await expect(control.page.getByText("Starting…", { exact: true }).isVisible()).resolves.toBe(true);
});

test("invalid JSON is explained beside the form, the button is disabled, ValidationError says why", async () => {
    await control.setInput("JobParameters", '{"region": ');
    await control.page.getByText(/^JobParameters is not valid JSON: /).waitFor();
    expect(await control.page.getByRole("button", { name: "Run job" }).isDisabled()).toBe(true);
    expect(await control.waitForOutput("ValidationError", (v) => v !== "")).toMatch(
        /^JobParameters is not valid JSON: /,
    );
});

test("a javascript: run page URL gives no link and no RunPageUrl", async () => {
    await control.setInput(
        "Run",
        JSON.stringify({ run_id: 7, run_page_url: "javascript:alert(document.domain)", status: { state: "RUNNING" } }),
    );
    await control.page.getByText("Running", { exact: true }).waitFor();
    expect(await control.control.locator("a").count()).toBe(0);
    expect(await control.control.innerHTML()).not.toMatch(/javascript:/i);
    expect((await control.outputs()).RunPageUrl).toBe("");
});

test("HTML in a Databricks message is shown as text", async () => {
    const message = '<img src=x onerror="window.__xss=1"><b>bold</b>';
    await control.setInput(
        "Run",
        JSON.stringify({
            run_id: 8,
            status: {
                state: "TERMINATED",
                termination_details: { code: "RUN_EXECUTION_ERROR", type: "CLIENT_ERROR", message },
            },
        }),
    );
    await control.page.getByText(message, { exact: true }).waitFor();
    expect(await control.control.locator("img, b").count()).toBe(0);
    expect(await control.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});

test("ErrorText is shown as an error", async () => {
    await control.setInput("ErrorText", "DatabricksJobs.RunNow failed: User not authorized.");
    await control.page.getByRole("alert").filter({ hasText: "User not authorized." }).waitFor();
});

test("no serious or critical accessibility finding, idle or following a run", async () => {
    const serious = (findings: Awaited<ReturnType<typeof axeViolations>>) =>
        findings.filter((f) => f.impact === "serious" || f.impact === "critical");
    expect(serious(await axeViolations(control.page, ".dbx-trigger"))).toEqual([]);
    await control.setInput(
        "Run",
        JSON.stringify({
            run_id: 9,
            run_page_url: "https://adb-1.2.azuredatabricks.net/?o=1#job/1/run/9",
            start_time: Date.now() - 5000,
            status: { state: "RUNNING" },
            tasks: [
                {
                    task_key: "ingest",
                    status: { state: "TERMINATED", termination_details: { code: "SUCCESS", type: "SUCCESS" } },
                },
                { task_key: "transform", status: { state: "RUNNING" } },
            ],
        }),
    );
    await control.page.getByRole("button", { name: "Cancel run" }).waitFor();
    expect(serious(await axeViolations(control.page, ".dbx-trigger"))).toEqual([]);
});
