import { join } from "node:path";
import type { Browser } from "playwright-core";
import { repoPath } from "../../common/repoPaths";
import { englishText, PortalPage } from "../browserHarness/portalPage";
import { manualClock } from "../databricksEmulator/clock";
import { SEED_JOBS } from "../databricksEmulator/seed";
import { startEmulator } from "../databricksEmulator/server";
import { loadSolutionFlows } from "../flowHost/hostedFlows";
import { startFlowHost } from "../flowHost/site";
import { htmlPage } from "../flowHost/sitePages";
import { componentSitePages, demoPageHtml, PORTAL_FLOW_ID } from "./demoPage";
import { DEMO_ALLOWED_JOB_IDS, DEMO_WEB_ROLE } from "./main";

/**
 * The portal component's pictures for the guide (docs/images/portal-*.png): the demo set-up
 * (emulator, local site, the solution's portal flow) with the component in a Bootstrap 5 page,
 * cropped to the page's main container. The emulator's clock moves only when told and the
 * browser's clock is fixed, so elapsed times and durations are the same at every run.
 */

const VIEWPORT = { width: 800, height: 800 };

interface Shot {
    file: string;
    jobId: string;
    /** Brings the element to the state of the picture; `advance` moves both clocks. */
    act?(portal: PortalPage, advance: (ms: number) => Promise<void>): Promise<void>;
}

async function confirmStart(portal: PortalPage): Promise<void> {
    await portal.startButton().click();
    await portal
        .dialog()
        .getByRole("button", { name: englishText("Confirm_RunYes"), exact: true })
        .click();
    await portal.waitForRunId();
}

const SHOTS: Shot[] = [
    {
        file: "portal-ready.png",
        jobId: SEED_JOBS.nightlySalesLoad.job_id,
        act: async (portal) => {
            await portal.parameterInput("region").fill("apac");
        },
    },
    {
        file: "portal-running.png",
        jobId: SEED_JOBS.longExport.job_id,
        act: async (portal, advance) => {
            await confirmStart(portal);
            await advance(4 * 60_000 + 12_000);
            await portal.waitForState("State_Running");
        },
    },
    {
        file: "portal-succeeded.png",
        jobId: SEED_JOBS.nightlySalesLoad.job_id,
        act: async (portal, advance) => {
            await confirmStart(portal);
            await advance(3_000);
            await portal.waitForState("State_Succeeded");
            await portal.runLink().waitFor();
        },
    },
    {
        file: "portal-failed.png",
        jobId: SEED_JOBS.churnScoring.job_id,
        act: async (portal, advance) => {
            await confirmStart(portal);
            await advance(3_000);
            await portal.waitForState("State_Failed");
        },
    },
    {
        file: "portal-not-allowed.png",
        jobId: SEED_JOBS.warehouseVacuum.job_id,
        act: async (portal) => {
            await portal.alert().waitFor();
        },
    },
];

/** Writes docs/images/portal-*.png; needs the component's build (npm run build). */
export async function takePortalScreenshots(browser: Browser, outFolder: string): Promise<string[]> {
    const clock = manualClock();
    const emulator = await startEmulator({ now: clock.now });
    const pages = componentSitePages(5);
    const host = await startFlowHost({
        flows: loadSolutionFlows(repoPath("solution", "src")),
        connection: { host: emulator.baseUrl, token: emulator.token() },
        environment: { dbxjt_PortalAllowedJobIds: JSON.stringify(DEMO_ALLOWED_JOB_IDS) },
        registrations: { [PORTAL_FLOW_ID]: [DEMO_WEB_ROLE] },
        visitor: { signedIn: true, webRoles: [DEMO_WEB_ROLE] },
        pages,
    }).catch(async (error: unknown) => {
        await emulator.close();
        throw error;
    });
    const written: string[] = [];
    try {
        for (const shot of SHOTS) {
            const path = `/${shot.file.replace(/\.png$/, "")}`;
            pages.add(
                path,
                htmlPage(
                    demoPageHtml({
                        bootstrap: 5,
                        title: "Run a data job",
                        intro: "Start a Databricks job with your values and follow its run here.",
                        sections: [
                            {
                                attributes: {
                                    "flow-id": PORTAL_FLOW_ID,
                                    "job-id": shot.jobId,
                                    "min-poll-seconds": "1",
                                    "max-poll-seconds": "1",
                                },
                            },
                        ],
                    }),
                ),
            );
            const portal = await PortalPage.open(browser, `${host.baseUrl}${path}`, {
                viewport: VIEWPORT,
                fixedTimeMs: clock.now(),
            });
            try {
                await portal.element().getByRole("textbox").or(portal.alert()).first().waitFor();
                const advance = async (ms: number): Promise<void> => {
                    clock.advance(ms);
                    await portal.page.clock.setFixedTime(clock.now());
                };
                await shot.act?.(portal, advance);
                await portal.page.mouse.move(0, 0);
                await portal.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
                const file = join(outFolder, shot.file);
                await portal.page.locator("main").screenshot({ path: file, animations: "disabled" });
                written.push(file);
            } finally {
                await portal.close();
            }
        }
    } finally {
        await host.close();
        await emulator.close();
    }
    return written;
}
