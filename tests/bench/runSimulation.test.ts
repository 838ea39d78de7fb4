import { realisticPhases, simulateRun } from "../../bench/runSimulation";
import { VirtualClock } from "../../bench/virtualClock";

describe("VirtualClock", () => {
    test("runs due timers in time order, including timers they set, and no others", () => {
        const clock = new VirtualClock();
        const log: string[] = [];
        clock.setTimeout(() => log.push(`b@${clock.now()}`), 20);
        clock.setTimeout(() => {
            log.push(`a@${clock.now()}`);
            clock.setTimeout(() => log.push(`c@${clock.now()}`), 5);
        }, 10);
        const late = clock.setTimeout(() => log.push("never"), 100);
        clock.clearTimeout(late);
        clock.advanceTo(50);
        expect(log).toEqual(["a@10", "c@15", "b@20"]);
        expect(clock.now()).toBe(50);
        expect(clock.pendingTimers()).toBe(0);
    });
});

describe("run simulation", () => {
    test("phases add up to the run's length", () => {
        for (const ms of [10_000, 120_000, 1_800_000]) {
            expect(realisticPhases(ms).reduce((sum, p) => sum + p.durationMs, 0)).toBeCloseTo(ms);
        }
    });

    test("fixed 5-second polling of a 30-minute run refreshes every 5 s and sees the end within 5 s", () => {
        const result = simulateRun(realisticPhases(1_800_000), { minSeconds: 5, maxSeconds: 5 });
        expect(result.refreshes).toBeGreaterThanOrEqual(355);
        expect(result.refreshes).toBeLessThanOrEqual(361);
        expect(result.lagMs).toBeLessThanOrEqual(5_000 + 300 + 100);
    });

    test("the default schedule sees a 10-second run end within 3 s", () => {
        expect(simulateRun(realisticPhases(10_000), { minSeconds: 2, maxSeconds: 30 }).lagMs).toBeLessThanOrEqual(
            3_000,
        );
    });
});
