import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { PORTAL_BUNDLE, PORTAL_BUNDLE_LIMIT_BYTES } from "../tools/build/portalBuild";
import { PORTAL_POLL_DEFAULTS } from "../portal/src/runSession";
import { simulatePortalRun } from "./portalSimulation";
import { realisticPhases } from "./runSimulation";

const FIXED_5 = { minSeconds: 5, maxSeconds: 5 };
const FLOW_LATENCY_MS = 1_500;
const RUNS: [string, number][] = [
    ["10 s", 10_000],
    ["2 min", 120_000],
    ["30 min", 1_800_000],
    ["3 h", 10_800_000],
];

const mark = (ok: boolean) => (ok ? "meets target" : "MISSES TARGET");
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The worst lag over runs ending anywhere in a window of one longest poll interval (500 ms steps). */
async function worstPortalLag(totalMs: number, bounds: { minSeconds: number; maxSeconds: number }): Promise<number> {
    const window = Math.min(bounds.maxSeconds * 1000, totalMs / 10);
    let worst = 0;
    for (let shift = 0; shift <= window; shift += 500) {
        const { lagMs } = await simulatePortalRun(realisticPhases(totalMs + shift), bounds, FLOW_LATENCY_MS);
        worst = Math.max(worst, lagMs);
    }
    return worst;
}

/** The component's bundle: the one file a site uploads. */
export function portalBundleFigures(): string[] {
    if (!existsSync(PORTAL_BUNDLE)) return [`  ${PORTAL_BUNDLE} is missing: run npm run build first.`];
    const bytes = readFileSync(PORTAL_BUNDLE);
    const gzipped = gzipSync(bytes, { level: 9 }).length;
    return [
        `  databricks-job-run.js  ${bytes.length} bytes minified, ${gzipped} bytes gzipped`,
        `  target                 at most ${PORTAL_BUNDLE_LIMIT_BYTES} bytes minified: ${mark(bytes.length <= PORTAL_BUNDLE_LIMIT_BYTES)}`,
    ];
}

/**
 * Flow runs per followed run: every call of the component (describe when the page opens, start, each
 * status) is one run of the portal flow, beside a page that would poll every 5 seconds.
 */
export async function portalPollingFigures(): Promise<string[]> {
    const { minSeconds, maxSeconds } = PORTAL_POLL_DEFAULTS;
    const header = [`run`, `schedule ${minSeconds}–${maxSeconds} s`, "fixed 5 s", "fixed 5 s ÷ schedule"];
    const rows: string[][] = [];
    const verdicts: string[] = [];
    for (const [label, ms] of RUNS) {
        const phases = realisticPhases(ms);
        const scheduled = await simulatePortalRun(phases, PORTAL_POLL_DEFAULTS, FLOW_LATENCY_MS);
        const fixed = await simulatePortalRun(phases, FIXED_5, FLOW_LATENCY_MS);
        const lag = await worstPortalLag(ms, PORTAL_POLL_DEFAULTS);
        const ratio = fixed.flowRuns / scheduled.flowRuns;
        rows.push([
            label,
            `${scheduled.flowRuns} flow runs, lag ≤ ${seconds(lag)}`,
            `${fixed.flowRuns} flow runs`,
            `${ratio.toFixed(1)}×`,
        ]);
        if (ms >= 1_800_000)
            verdicts.push(
                `${label}: ${ratio.toFixed(1)}× fewer flow runs than fixed 5 s (target ≥ 5×): ${mark(ratio >= 5)}`,
            );
    }
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    return [
        ...[header, ...rows].map((row) => ("  " + row.map((cell, i) => cell.padEnd(widths[i])).join("   ")).trimEnd()),
        "",
        ...verdicts.map((verdict) => `  ${verdict}`),
    ];
}
