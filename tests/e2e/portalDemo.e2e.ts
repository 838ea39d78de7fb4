import { ChildProcess, spawn } from "node:child_process";
import type { Browser } from "playwright-core";
import { repoPath } from "../../tools/common/repoPaths";
import { launchChromium } from "../../tools/standIns/browserHarness/controlPage";
import { englishText, PortalPage } from "../../tools/standIns/browserHarness/portalPage";
import { SEED_JOBS } from "../../tools/standIns/databricksEmulator/seed";

/**
 * `npm run portal:demo` as people run it: one command, the URL once everything listens, a page
 * with the component that works, and a clean stop on Ctrl+C (SIGINT) with exit 0.
 */

let demo: ChildProcess | undefined;
let browser: Browser | undefined;

afterEach(async () => {
    await browser?.close();
    browser = undefined;
    const running = demo;
    demo = undefined;
    if (running && running.exitCode === null && running.signalCode === null) {
        const exited = new Promise((resolve) => running.once("exit", resolve));
        running.kill("SIGKILL");
        await exited;
    }
});

test("starts the emulator, the site and the demo page, prints the URL, and stops on Ctrl+C with exit 0", async () => {
    const child = spawn(repoPath("node_modules", ".bin", "tsx"), [repoPath("tools/standIns/portalDemo/main.ts")], {
        cwd: repoPath(),
        stdio: ["ignore", "pipe", "pipe"],
    });
    demo = child;
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
        let stdout = "";
        child.stdout?.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
            if (stdout.includes("\n")) resolve(stdout.split("\n")[0]);
        });
        child.once("exit", (code) => reject(new Error(`portal:demo exited with ${code}: ${stderr}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const emulatorUrl = /the emulator on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1];
    expect(emulatorUrl).toBeDefined();

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await page.text();
    expect(html).toContain(`job-id="${SEED_JOBS.nightlySalesLoad.job_id}"`);
    expect(html).toContain(`job-id="${SEED_JOBS.warehouseVacuum.job_id}"`);
    const script = await fetch(`${url}portal/databricks-job-run.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await script.text()).toContain("databricks-job-run");
    expect((await fetch(`${url}css/bootstrap.min.css`)).status).toBe(200);

    browser = await launchChromium();
    const portal = await PortalPage.open(browser, url);
    await portal.parameterInput("region", SEED_JOBS.nightlySalesLoad.job_id).waitFor();
    await portal
        .alert(SEED_JOBS.warehouseVacuum.job_id)
        .getByText(englishText("Portal_NotAllowed", SEED_JOBS.warehouseVacuum.job_id))
        .waitFor();
    await portal.close();

    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
    await expect(fetch(`${emulatorUrl}/api/2.2/jobs/list`)).rejects.toThrow();
});
