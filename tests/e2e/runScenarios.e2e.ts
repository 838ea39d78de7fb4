import type { Browser } from "playwright-core";
import { startEmulator, type RunningEmulator } from "../../tools/standIns/databricksEmulator/server";
import { ControlPage, launchChromium } from "../../tools/standIns/browserHarness/controlPage";
import { MakerFormulas } from "../../tools/standIns/browserHarness/makerFormulas";
import { startPcfHarness, type RunningHarness } from "../../tools/standIns/browserHarness/pcfHarness";

// Seeded jobs of the emulator (tools/standIns/databricksEmulator/seed.ts): each ends its own way within seconds.
const NIGHTLY_LOAD = "684213907551001"; // succeeds
const CHURN_SCORING = "684213907551002"; // fails: RUN_EXECUTION_ERROR
const LONG_EXPORT = "684213907551005"; // runs for ten minutes unless cancelled

let harness: RunningHarness;
let browser: Browser;
let emulator: RunningEmulator;
let control: ControlPage;
let formulas: MakerFormulas;

beforeAll(async () => {
    [harness, emulator, browser] = await Promise.all([startPcfHarness(), startEmulator(), launchChromium()]);
});

afterAll(async () => {
    await browser?.close();
    await harness?.stop();
    await emulator?.close();
});

async function openWithJob(jobId: string): Promise<void> {
    control = await ControlPage.open(browser, harness.url);
    await control.setInputs({
        JobId: jobId,
        JobParameters: "",
        ParameterDefinitions: "",
        Run: "",
        ErrorText: "",
        ButtonText: "",
        ConfirmText: "",
    });
    formulas = new MakerFormulas(control, { host: emulator.baseUrl, token: emulator.token(), maxRetries: 1 });
    formulas.start();
}

afterEach(async () => {
    await formulas?.stop();
    await control?.close();
    emulator.faults.clear();
});

const runNowRequests = () => emulator.requests.filter((r) => r.operationId === "RunNow" && r.status === 200).length;

test("from click to Succeeded: one run, followed live, with a safe link", async () => {
    await openWithJob(NIGHTLY_LOAD);
    const before = runNowRequests();
    await control.page.getByRole("button", { name: "Run job" }).click();
    await control.control.getByText("Succeeded", { exact: true }).waitFor({ timeout: 30_000 });
    await control.waitForOutput("RunState", (v) => v === "Succeeded");
    const outputs = await control.outputs();
    expect(outputs.IsActive).toBe("false");
    expect(outputs.RunPageUrl).toMatch(/^https:\/\/.+#job\/684213907551001\/run\/\d+$/);
    expect(await control.page.getByRole("link", { name: /Open in Databricks/ }).getAttribute("href")).toBe(
        outputs.RunPageUrl,
    );
    expect(runNowRequests() - before).toBe(1);
    const events = await control.raisedEvents();
    expect(events.filter((e) => e === "OnTrigger")).toHaveLength(1);
    expect(events.filter((e) => e === "OnRefresh").length).toBeGreaterThanOrEqual(1);
});

test("a failed run shows Failed with Databricks' message", async () => {
    await openWithJob(CHURN_SCORING);
    await control.page.getByRole("button", { name: "Run job" }).click();
    await control.control.getByText("Failed", { exact: true }).waitFor({ timeout: 30_000 });
    await control.waitForOutput("RunState", (v) => v === "Failed");
    expect(await control.control.textContent()).toMatch(/Took \d+:\d\d/);
});

test("cancelling a running run ends it as Canceled", async () => {
    await openWithJob(LONG_EXPORT);
    await control.page.getByRole("button", { name: "Run job" }).click();
    await control.control.getByText("Running", { exact: true }).waitFor({ timeout: 30_000 });
    await control.page.getByRole("button", { name: "Cancel run" }).click();
    await control.page.getByRole("alertdialog").getByRole("button", { name: "Cancel run" }).click();
    await control.control.getByText("Canceled", { exact: true }).waitFor({ timeout: 30_000 });
    expect(emulator.requests.filter((r) => r.operationId === "CancelRun")).toHaveLength(1);
    await control.waitForOutput("IsActive", (v) => v === "false");
});

test("a storm of 429s while following a run: the control keeps going and starts no second run", async () => {
    emulator.jobs.configureJob(NIGHTLY_LOAD, { durations: { runningMs: 12_000 } });
    try {
        await openWithJob(NIGHTLY_LOAD);
        const before = runNowRequests();
        await control.page.getByRole("button", { name: "Run job" }).click();
        await control.waitForOutput("RunState", (v) => v === "Running" || v === "Pending" || v === "Queued");
        // Every GetRun now meets 429s; each OnRefresh call gives up after one Retry-After wait, the
        // formula sets ErrorText, and the control carries on refreshing.
        emulator.faults.add({
            match: { operationId: "GetRun" },
            fault: { kind: "status", status: 429, retryAfterSeconds: 1 },
            times: 6,
        });
        await control.page.getByRole("alert").filter({ hasText: "429" }).waitFor({ timeout: 30_000 });
        await control.control.getByText("Succeeded", { exact: true }).waitFor({ timeout: 60_000 });
        expect(runNowRequests() - before).toBe(1);
        expect(emulator.requests.filter((r) => r.operationId === "GetRun" && r.status === 429)).toHaveLength(6);
        const events = await control.raisedEvents();
        expect(events.filter((e) => e === "OnTrigger")).toHaveLength(1);
        expect(await control.page.getByRole("alert").count()).toBe(0);
    } finally {
        emulator.jobs.configureJob(NIGHTLY_LOAD, { durations: { runningMs: 1_200 } });
    }
});

test("a RunNow that fails twice in a row shows the error and the state Error both times", async () => {
    await openWithJob("1");
    const failedRunNows = () => emulator.requests.filter((r) => r.operationId === "RunNow" && r.status === 400).length;
    for (const attempt of [1, 2]) {
        await control.page.getByRole("button", { name: "Run job" }).click();
        await control.waitForOutput("RunState", (v) => v === "Submitting");
        // Far below the 60 s after which the control would say that no run was started.
        await control.waitForOutput("RunState", (v) => v === "Error", 20_000);
        await control.page.getByRole("alert").filter({ hasText: "INVALID_PARAMETER_VALUE" }).waitFor();
        expect(failedRunNows()).toBe(attempt);
        expect(await control.page.getByRole("button", { name: "Run job" }).isEnabled()).toBe(true);
    }
    expect((await control.raisedEvents()).filter((e) => e === "OnTrigger")).toHaveLength(2);
});
