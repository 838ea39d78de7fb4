import { simulatePortalRun } from "../../bench/portalSimulation";
import { realisticPhases } from "../../bench/runSimulation";
import { VirtualClock } from "../../bench/virtualClock";
import { PORTAL_POLL_DEFAULTS } from "../../portal/src/runSession";

test("the virtual clock names when its next timer is due", () => {
    const clock = new VirtualClock();
    expect(clock.nextTimerAt()).toBeUndefined();
    clock.setTimeout(() => undefined, 30);
    clock.setTimeout(() => undefined, 10);
    expect(clock.nextTimerAt()).toBe(10);
});

describe("portal simulation: the component's session against a simulated flow", () => {
    test("a page that polls every 5 s makes describe, start and one status every 5 s of a 30-minute run", async () => {
        const result = await simulatePortalRun(realisticPhases(1_800_000), { minSeconds: 5, maxSeconds: 5 });
        expect(result.flowRuns).toBe(result.statusCalls + 2);
        expect(result.statusCalls).toBeGreaterThanOrEqual(355);
        expect(result.statusCalls).toBeLessThanOrEqual(361);
        expect(result.lagMs).toBeLessThanOrEqual(5_000 + 1_500);
    });

    test("the component's defaults make at least 5× fewer flow runs for 30 minutes and more", async () => {
        for (const ms of [1_800_000, 10_800_000]) {
            const phases = realisticPhases(ms);
            const scheduled = await simulatePortalRun(phases, PORTAL_POLL_DEFAULTS);
            const fixed = await simulatePortalRun(phases, { minSeconds: 5, maxSeconds: 5 });
            expect(fixed.flowRuns / scheduled.flowRuns).toBeGreaterThanOrEqual(5);
        }
    });

    test("a 10-second run is seen ending within 3 s of a flow run's answer", async () => {
        const result = await simulatePortalRun(realisticPhases(10_000), PORTAL_POLL_DEFAULTS);
        expect(result.lagMs).toBeLessThanOrEqual(3_000 + 1_500);
    });
});
