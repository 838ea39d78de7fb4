/**
 * `npm run bench`: the production bundle's size, the polling schedule's cost and promptness beside
 * fixed 5-second and 30-second polling, and the time to take a 1 MB `Run`; then the same for the
 * portal component (its bundle, and flow runs per followed run). Figures, not a pass/fail test:
 * targets are printed with each figure, and a figure over its target says MISSES TARGET.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DEFAULT_PATHS } from "../tools/build/solution/paths";
import { command, EXIT, runAsProcess } from "../tools/common/cli";
import { LARGE_RUN_TARGET_MS, largeRunJson, median, ONE_MEGABYTE, timeRunInput } from "./largeRun";
import { portalBundleFigures, portalPollingFigures } from "./portalFigures";
import { realisticPhases, simulateRun, worstLag } from "./runSimulation";

const BUNDLE = join(DEFAULT_PATHS.control, "bundle.js");
/** The control's size limit: what an issue adds to the control must fit. */
const BUNDLE_TARGET_BYTES = 20 * 1024;
const LARGE_RUN_REPETITIONS = 9;
const DEFAULT = { minSeconds: 2, maxSeconds: 30 };
const FIXED_5 = { minSeconds: 5, maxSeconds: 5 };
const FIXED_30 = { minSeconds: 30, maxSeconds: 30 };

class BenchError extends Error {}

const mark = (ok: boolean) => (ok ? "meets target" : "MISSES TARGET");
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function bundleFigures(): void {
    if (!existsSync(BUNDLE)) {
        throw new BenchError(`${BUNDLE} is missing: run npm run build first.`);
    }
    const bytes = readFileSync(BUNDLE);
    const gzipped = gzipSync(bytes, { level: 9 }).length;
    console.log("Bundle (production)");
    console.log(`  bundle.js  ${bytes.length} bytes minified, ${gzipped} bytes gzipped`);
    const spare = BUNDLE_TARGET_BYTES - bytes.length;
    const margin = spare >= 0 ? `${spare} bytes to spare` : `${-spare} bytes over`;
    console.log(`  target     at most ${BUNDLE_TARGET_BYTES} bytes minified: ${mark(spare >= 0)} (${margin})`);
}

function largeRunFigures(): void {
    const runJson = largeRunJson(ONE_MEGABYTE);
    const tasks = (JSON.parse(runJson) as { tasks: unknown[] }).tasks.length;
    const ms = median(timeRunInput(runJson, LARGE_RUN_REPETITIONS));
    console.log("\nA large Run: tracker.update with a GetRun answer, then view()");
    console.log(`  (${Buffer.byteLength(runJson)} bytes: ${tasks} tasks and a long state message)`);
    console.log(
        `  ${ms.toFixed(1)} ms, median of ${LARGE_RUN_REPETITIONS} (target < ${LARGE_RUN_TARGET_MS} ms): ${mark(ms < LARGE_RUN_TARGET_MS)}`,
    );
}

function pollingFigures(): void {
    const runs: [string, number][] = [
        ["10 s", 10_000],
        ["2 min", 120_000],
        ["30 min", 1_800_000],
        ["3 h", 10_800_000],
    ];
    console.log("\nPolling: OnRefresh events per run, and the worst lag from the run's end to the control showing it");
    console.log("(simulated runs: queued, pending, running, terminating; each GetRun answers in 300 ms)\n");
    const header = ["run", "schedule 2–30 s", "fixed 5 s", "fixed 30 s", "fixed 5 s ÷ schedule"];
    const rows: string[][] = [];
    const verdicts: string[] = [];
    for (const [label, ms] of runs) {
        const phases = realisticPhases(ms);
        const counts = [DEFAULT, FIXED_5, FIXED_30].map((b) => simulateRun(phases, b).refreshes);
        const lags = [DEFAULT, FIXED_5, FIXED_30].map((b) => worstLag(ms, b));
        const ratio = counts[1] / counts[0];
        rows.push([
            label,
            ...counts.map((c, i) => `${c} refreshes, lag ≤ ${seconds(lags[i])}`),
            `${ratio.toFixed(1)}×`,
        ]);
        if (ms >= 1_800_000)
            verdicts.push(
                `${label}: ${ratio.toFixed(1)}× fewer refreshes than fixed 5 s (target ≥ 5×): ${mark(ratio >= 5)}`,
            );
        verdicts.push(
            `${label}: worst lag ${seconds(lags[0])} (target ≤ ${DEFAULT.maxSeconds} s): ${mark(lags[0] <= DEFAULT.maxSeconds * 1000)}`,
        );
    }
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    for (const row of [header, ...rows])
        console.log(("  " + row.map((cell, i) => cell.padEnd(widths[i])).join("   ")).trimEnd());
    console.log("");
    for (const verdict of verdicts) console.log(`  ${verdict}`);
    let worstShort = 0;
    for (let ms = 1_000; ms < 15_000; ms += 100) {
        worstShort = Math.max(worstShort, simulateRun(realisticPhases(ms), DEFAULT).lagMs);
    }
    console.log(`  runs of 1–15 s: worst lag ${seconds(worstShort)} (target ≤ 3 s: ${mark(worstShort <= 3_000)})`);
}

export const main = command({
    name: "bench",
    usage: "Usage: npm run bench   (builds first, then prints the control's and the portal component's figures)",
    options: {},
    failures: [BenchError],
    async run() {
        bundleFigures();
        pollingFigures();
        largeRunFigures();
        console.log("\nPortal component (portal/bin)");
        for (const line of portalBundleFigures()) console.log(line);
        console.log(
            "\nPortal: flow runs per run (describe, start, each status), and the worst lag from the run's end to the page showing it",
        );
        console.log("(the same simulated runs; each flow run answers in 1.5 s)\n");
        for (const line of await portalPollingFigures()) console.log(line);
        return EXIT.ok;
    },
});

if (require.main === module) runAsProcess(main);
