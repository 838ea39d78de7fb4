/** @jest-environment jsdom */
/**
 * The control with the formulas the manifest prefills, hosted the way a canvas app hosts it: the
 * host reads the outputs, lists them as updated in the next updateView, runs each raised event's
 * formula (powerFxPlayer.ts, IfError's documented semantics) and hands the control Run and
 * ErrorText as they change, also while a connector call is on its way. Connector calls are fakes
 * on a virtual clock, so "at once" is measured exactly.
 */
import { act, render, screen, within, type RenderResult } from "@testing-library/react";
import { TriggerControl } from "../../TriggerControl/index";
import {
    changedOutputs,
    createMockContext,
    withInputs,
    withUpdatedProperties,
    type MockContext,
    type MockInputValues,
} from "../../TriggerControl/__mocks__/mockContext";
import { ControlEvents, type ControlEventName, type InputPropertyName } from "../../TriggerControl/ManifestConstants";
import { MakerFormulas, type PlayedControl } from "../../tools/standIns/browserHarness/makerFormulas";
import type { RunnerResult } from "../../tools/standIns/connectorRunner/invoke";
import { manifestFormula } from "../../tools/canvas/manifestFormulas";
import { running } from "../runModel/runFixtures";

/** How long each fake connector call takes. */
const CALL_MS = 300;

class ControlInCanvas implements PlayedControl {
    private context: MockContext;
    private readonly control = new TriggerControl();
    private readonly view: RenderResult;
    private lastOutputs: Record<string, unknown> = {};
    readonly raised: ControlEventName[] = [];

    constructor(inputs: MockInputValues) {
        this.context = createMockContext({ inputs: { Run: "", ErrorText: "", ...inputs } });
        for (const name of ControlEvents) this.context.events[name].mockImplementation(() => this.raised.push(name));
        this.control.init(this.context, () => {
            const previous = this.lastOutputs;
            this.lastOutputs = { ...this.control.getOutputs() };
            const changed = changedOutputs(previous, this.lastOutputs);
            setTimeout(() => this.show(withUpdatedProperties(this.context, changed)), 0);
        });
        this.view = render(this.control.updateView(this.context));
    }

    private show(context: MockContext): void {
        this.context = context;
        act(() => {
            this.view.rerender(this.control.updateView(context));
        });
    }

    raisedEvents(): Promise<ControlEventName[]> {
        return Promise.resolve([...this.raised]);
    }

    outputs(): Promise<Record<string, string>> {
        return Promise.resolve(
            Object.fromEntries(Object.entries(this.lastOutputs).map(([name, value]) => [name, String(value)])),
        );
    }

    inputValue(name: InputPropertyName): Promise<string> {
        return Promise.resolve(String(this.context.parameters[name].raw ?? ""));
    }

    /** The player hands over Run and ErrorText only, both text. */
    setInputs({ Run, ErrorText, ...others }: Partial<Record<InputPropertyName, string>>): Promise<void> {
        expect(others).toEqual({});
        this.show(
            withInputs(this.context, {
                ...(Run === undefined ? {} : { Run }),
                ...(ErrorText === undefined ? {} : { ErrorText }),
            }),
        );
        return Promise.resolve();
    }

    outputValue(name: string): unknown {
        return this.lastOutputs[name];
    }
}

const failure = (operation: string, message: string): RunnerResult => ({
    ok: false,
    status: 400,
    body: undefined,
    error: `${operation} failed: ${message}`,
    attempts: 1,
});

interface SetUpOptions {
    /** The run the app shows at the start: in varRun_TriggerControl1, which the Run formula reads. */
    run?: string;
    formulas?: ConstructorParameters<typeof MakerFormulas>[1]["formulas"];
}

function setUp(options: SetUpOptions = {}) {
    const control = new ControlInCanvas({ JobId: "11", Run: options.run ?? "" });
    const calls: { operation: string; at: number }[] = [];
    const answers: Record<string, (operation: string) => RunnerResult> = {};
    const formulas = new MakerFormulas(control, {
        host: "https://adb-1.2.azuredatabricks.net",
        token: "not-a-token",
        formulas: options.formulas,
        invoke: (operation) =>
            new Promise((resolve) =>
                setTimeout(() => {
                    calls.push({ operation, at: Date.now() });
                    resolve((answers[operation] ?? (() => failure(operation, "no answer scripted")))(operation));
                }, CALL_MS),
            ),
    });
    if (options.run !== undefined) formulas.player.variables.set("varRun_TriggerControl1", options.run);
    /** Lets the virtual clock run, with every promise it releases. */
    const pass = (ms: number) => act(() => jest.advanceTimersByTimeAsync(ms));
    /** Plays every event the control raised and has not been played yet. */
    let played = 0;
    const playRaised = async () => {
        while (played < control.raised.length) {
            const playing = formulas.play(control.raised[played++]);
            await pass(CALL_MS);
            await playing;
        }
    };
    return { control, calls, answers, formulas, pass, playRaised };
}

beforeEach(() => {
    jest.useFakeTimers();
});

afterEach(() => {
    jest.useRealTimers();
});

const alertText = () => screen.queryByRole("alert")?.textContent ?? "";

describe("the prefilled formulas in a canvas host", () => {
    test("the same RunNow failure twice in a row is two errors, each seen within a second", async () => {
        const { control, calls, answers, pass, playRaised } = setUp();
        answers.RunNow = (operation) => failure(operation, "400 INVALID_PARAMETER_VALUE Job 11 does not exist.");
        for (const attempt of [1, 2]) {
            act(() => {
                screen.getByRole("button", { name: "Run job" }).click();
            });
            await pass(1);
            expect(control.raised.filter((event) => event === "OnTrigger")).toHaveLength(attempt);
            await playRaised();
            await pass(1); // the control publishes its outputs
            const failedAt = calls.filter((call) => call.operation === "RunNow")[attempt - 1].at;
            expect(control.outputValue("RunState")).toBe("Error");
            expect(alertText()).toContain("Job 11 does not exist.");
            expect(Date.now() - failedAt).toBeLessThan(1_000);
            expect((screen.getByRole("button", { name: "Run job" }) as HTMLButtonElement).disabled).toBe(false);
        }
        expect(calls.filter((call) => call.operation === "RunNow")).toHaveLength(2);
    });

    test("without the first Set, the second failure leaves ErrorText as it was and goes unseen", async () => {
        const unclearedOnTrigger = manifestFormula("OnTrigger")?.replace(
            /^Set\(varRunError_TriggerControl1, Blank\(\)\);/,
            "",
        );
        expect(unclearedOnTrigger).not.toBe(manifestFormula("OnTrigger"));
        const { control, answers, pass, playRaised } = setUp({ formulas: { OnTrigger: unclearedOnTrigger } });
        answers.RunNow = (operation) => failure(operation, "400 INVALID_PARAMETER_VALUE Job 11 does not exist.");
        for (const expected of ["Error", "Submitting"]) {
            act(() => {
                screen.getByRole("button", { name: "Run job" }).click();
            });
            await pass(1);
            await playRaised();
            await pass(1);
            expect(control.outputValue("RunState")).toBe(expected);
        }
    });

    test("a CancelRun that fails twice in a row is two errors: the Cancel button comes back each time", async () => {
        const { calls, answers, pass, playRaised } = setUp({ run: running(22) });
        answers.CancelRun = (operation) => failure(operation, "403 PERMISSION_DENIED User cannot cancel run 22.");
        answers.GetRun = () => ({ ok: true, status: 200, body: JSON.parse(running(22)), attempts: 1 });
        for (const attempt of [1, 2]) {
            act(() => {
                screen.getByRole("button", { name: "Cancel run" }).click();
            });
            act(() => {
                within(screen.getByRole("alertdialog")).getByRole("button", { name: "Cancel run" }).click();
            });
            await pass(1);
            await playRaised();
            const failedAt = calls.filter((call) => call.operation === "CancelRun")[attempt - 1].at;
            expect(alertText()).toContain("User cannot cancel run 22.");
            expect((screen.getByRole("button", { name: "Cancel run" }) as HTMLButtonElement).disabled).toBe(false);
            expect(Date.now() - failedAt).toBeLessThan(1_000);
        }
        expect(calls.filter((call) => call.operation === "CancelRun")).toHaveLength(2);
    });
});
