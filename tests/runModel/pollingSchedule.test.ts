import { DEFAULT_POLL_BOUNDS, nextPollDelayMs, readPollBounds } from "../../runModel/pollingSchedule";

const s = 1000;

describe("nextPollDelayMs", () => {
    test.each([
        // [since run start, since state change, expected delay] with the default bounds 2–30 s
        [0, 0, 2 * s],
        [5 * s, 5 * s, 3 * s], // quick start: at most 3 s during the first 15 s
        [14.9 * s, 14.9 * s, 3 * s],
        [15 * s, 15 * s, 15 * s], // then the state's age
        [60 * s, 8 * s, 8 * s],
        [60 * s, 1 * s, 2 * s], // never below the minimum
        [600 * s, 300 * s, 30 * s], // never above the maximum
        [600 * s, 0, 2 * s], // a new state starts at the minimum
    ])("run %d ms, state %d ms → %d ms", (sinceStart, sinceChange, expected) => {
        expect(nextPollDelayMs(sinceStart, sinceChange, DEFAULT_POLL_BOUNDS)).toBe(expected);
    });

    test("a minimum above 3 s is kept during the quick start", () => {
        expect(nextPollDelayMs(0, 0, { minSeconds: 10, maxSeconds: 60 })).toBe(10 * s);
        expect(nextPollDelayMs(5 * s, 5 * s, { minSeconds: 10, maxSeconds: 60 })).toBe(10 * s);
    });

    test("equal bounds mean fixed polling", () => {
        for (const age of [0, 5 * s, 100 * s]) {
            expect(nextPollDelayMs(age + 20 * s, age, { minSeconds: 7, maxSeconds: 7 })).toBe(7 * s);
        }
    });

    test("the delay never decreases while a state holds", () => {
        let previous = 0;
        for (let t = 0; t < 3600 * s; t += 500) {
            const delay = nextPollDelayMs(t, t, DEFAULT_POLL_BOUNDS);
            expect(delay).toBeGreaterThanOrEqual(previous);
            previous = delay;
        }
    });
});

describe("readPollBounds", () => {
    test("blank means the defaults", () => {
        expect(readPollBounds(null, null)).toEqual({ bounds: { minSeconds: 2, maxSeconds: 30 }, issues: [] });
    });

    test("a minimum above the default maximum raises the maximum when the maximum is blank", () => {
        expect(readPollBounds(45, null)).toEqual({ bounds: { minSeconds: 45, maxSeconds: 45 }, issues: [] });
    });

    test.each([
        [0, null, "MinPollSeconds", "0"],
        [-5, null, "MinPollSeconds", "-5"],
        [1.5, null, "MinPollSeconds", "1.5"],
        [null, 3601, "MaxPollSeconds", "3601"],
        [null, 0, "MaxPollSeconds", "0"],
    ])("min %j, max %j is refused, naming %s", (min, max, property, value) => {
        const { issues } = readPollBounds(min, max);
        expect(issues).toEqual([
            { property, messageKey: "Validation_PollSecondsOutOfRange", args: [property, value, "3600"] },
        ]);
    });

    test("a maximum below the minimum is refused", () => {
        const { bounds, issues } = readPollBounds(10, 5);
        expect(issues).toEqual([
            { property: "MaxPollSeconds", messageKey: "Validation_PollBoundsInverted", args: ["5", "10"] },
        ]);
        expect(bounds).toEqual({ minSeconds: 10, maxSeconds: 10 });
    });
});
