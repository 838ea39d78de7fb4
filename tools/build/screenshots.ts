/**
 * `npm run screenshots`: pictures of the control's main states, taken in pcf-start's harness with
 * Debian's Chromium, and of the portal component's (docs/images/portal-*.png) in a Bootstrap page
 * of the local Power Pages site, written to docs/images/ for the README and the guides. Needs a
 * production build (npm run build).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ControlPage, launchChromium } from "../standIns/browserHarness/controlPage";
import { startPcfHarness } from "../standIns/browserHarness/pcfHarness";
import { takePortalScreenshots } from "../standIns/portalDemo/portalScreenshots";
import { command, EXIT, runAsProcess } from "../common/cli";
import { repoPath } from "../common/repoPaths";

const OUT = repoPath("docs", "images");
const RUN_PAGE =
    "https://adb-1234567890123456.7.azuredatabricks.net/?o=1234567890123456#job/123456789012345/run/455644833";
const DEFINITIONS = JSON.stringify({
    job_id: 123456789012345,
    settings: {
        name: "Nightly sales load",
        parameters: [
            { name: "region", default: "emea" },
            { name: "as_of", default: "" },
            { name: "full_refresh", default: "false" },
        ],
    },
});

function run(fields: Record<string, unknown>): string {
    return JSON.stringify({ job_id: 123456789012345, run_id: 455644833, run_page_url: RUN_PAGE, ...fields });
}

const minutesAgo = (minutes: number) => Date.now() - minutes * 60_000;

const STATES: { file: string; inputs: Record<string, string> }[] = [
    { file: "ready.png", inputs: { Run: "" } },
    {
        file: "running.png",
        inputs: {
            Run: run({
                start_time: minutesAgo(4.2),
                status: { state: "RUNNING" },
                tasks: [
                    {
                        task_key: "ingest",
                        status: { state: "TERMINATED", termination_details: { code: "SUCCESS", type: "SUCCESS" } },
                    },
                    { task_key: "transform", status: { state: "RUNNING" } },
                    { task_key: "publish", status: { state: "BLOCKED" } },
                ],
            }),
        },
    },
    {
        file: "succeeded.png",
        inputs: {
            Run: run({
                start_time: minutesAgo(12),
                end_time: minutesAgo(0.5),
                run_duration: 690_000,
                status: { state: "TERMINATED", termination_details: { code: "SUCCESS", type: "SUCCESS", message: "" } },
            }),
        },
    },
    {
        file: "failed.png",
        inputs: {
            Run: run({
                start_time: minutesAgo(3),
                end_time: minutesAgo(1),
                status: {
                    state: "TERMINATED",
                    termination_details: {
                        code: "RUN_EXECUTION_ERROR",
                        type: "CLIENT_ERROR",
                        message:
                            "Task transform failed with message: [TABLE_OR_VIEW_NOT_FOUND] The table sales.staging cannot be found.",
                    },
                },
            }),
        },
    },
    { file: "invalid-input.png", inputs: { Run: "", JobId: "12345x", JobParameters: '{"region": ["emea"]}' } },
];

async function takeScreenshots(): Promise<void> {
    mkdirSync(OUT, { recursive: true });
    const harness = await startPcfHarness();
    const browser = await launchChromium();
    try {
        for (const state of STATES) {
            const control = await ControlPage.open(browser, harness.url);
            await control.setInputs({
                JobId: "123456789012345",
                JobParameters: '{"region": "emea"}',
                ParameterDefinitions: DEFINITIONS,
                ErrorText: "",
                ButtonText: "Run the nightly load",
                ConfirmText: "",
                ...state.inputs,
            });
            await control.page.setViewportSize({ width: 1280, height: 900 });
            await control.page.evaluate(() => window.scrollTo(0, 0));
            await control.page.waitForTimeout(300);
            const path = join(OUT, state.file);
            await control.control.screenshot({ path });
            console.log(`wrote ${path}`);
            await control.close();
        }
        for (const path of await takePortalScreenshots(browser, OUT)) console.log(`wrote ${path}`);
    } finally {
        await browser.close();
        await harness.stop();
    }
}

export const main = command({
    name: "screenshots",
    usage: "Usage: npm run screenshots   (after npm run build)",
    options: {},
    async run() {
        await takeScreenshots();
        return EXIT.ok;
    },
});

if (require.main === module) runAsProcess(main);
