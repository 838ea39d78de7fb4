import { largeRunJson, median, ONE_MEGABYTE, timeRunInput } from "../../bench/largeRun";
import { parseRunInput } from "../../runModel/runSnapshot";

describe("the large Run of the benchmark", () => {
    const runJson = largeRunJson(ONE_MEGABYTE);

    test("is at least 1 MB, and not much more", () => {
        const bytes = Buffer.byteLength(runJson);
        expect(bytes).toBeGreaterThanOrEqual(ONE_MEGABYTE);
        expect(bytes).toBeLessThan(ONE_MEGABYTE * 1.01);
    });

    test("is a running multi-task run that the control reads without an issue", () => {
        const parsed = parseRunInput(runJson);
        expect(parsed.ok).toBe(true);
        const run = parsed.ok ? parsed.run : undefined;
        expect(run).toMatchObject({ runId: "22", state: "Running" });
        expect(run?.tasks.length).toBeGreaterThan(1_000);
        expect(run?.message).toMatch(/^at etl\.transform/);
    });

    test("is timed once per repetition, each a positive duration", () => {
        const times = timeRunInput(runJson, 3);
        expect(times).toHaveLength(3);
        for (const ms of times) expect(ms).toBeGreaterThan(0);
    });

    test("a Run the control cannot read stops the benchmark rather than timing an error", () => {
        expect(() => timeRunInput("{not json", 1)).toThrow(/not read as a run/);
    });
});

describe("median", () => {
    test("is the middle value, or the mean of the two middle ones", () => {
        expect(median([5, 1, 3])).toBe(3);
        expect(median([4, 1, 3, 2])).toBe(2.5);
    });
});
