/** @jest-environment jsdom */
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { TriggerControl } from "../index";
import {
    changedOutputs,
    createMockContext,
    withInputs,
    withUpdatedProperties,
    type MockContext,
    type MockContextOptions,
} from "../__mocks__/mockContext";
import { running, succeeded } from "../../tests/runModel/runFixtures";
import { OUTPUTS_TAKEN_FALLBACK_MS, SUBMISSION_TIMEOUT_MS } from "../../runModel/runTracker";

interface HostOptions extends MockContextOptions {
    /**
     * Play a canvas app's order: after reading the outputs, the host passes the control's context to
     * updateView again, listing the outputs whose values changed. False: a host that never lists them.
     */
    echoOutputs?: boolean;
}

/** A control as a canvas app hosts it: notifyOutputChanged makes the host read the outputs. */
function host(options: HostOptions = {}) {
    let context: MockContext = createMockContext({
        inputs: { JobId: "11", JobParameters: '{"region": "emea"}' },
        ...options,
    });
    const control = new TriggerControl();
    const readOutputs: ReturnType<TriggerControl["getOutputs"]>[] = [];
    const notifyOutputChanged = jest.fn(() => {
        const outputs = control.getOutputs();
        const changed = changedOutputs(readOutputs[readOutputs.length - 1], outputs);
        readOutputs.push(outputs);
        if (options.echoOutputs && changed.length > 0) {
            setTimeout(() => {
                context = withUpdatedProperties(context, changed);
                view.rerender(control.updateView(context));
            }, 0);
        }
    });
    control.init(context, notifyOutputChanged);
    const view = render(control.updateView(context));
    const update = (inputs: Parameters<typeof withInputs>[1], mode?: Parameters<typeof withInputs>[2]) => {
        context = withInputs(context, inputs, mode);
        act(() => {
            view.rerender(control.updateView(context));
            // The outputs' notification, then the host's echo of them.
            jest.advanceTimersByTime(0);
            jest.advanceTimersByTime(0);
        });
    };
    const lastOutputs = () => readOutputs[readOutputs.length - 1];
    return { control, context: () => context, update, notifyOutputChanged, lastOutputs, readOutputs };
}

beforeEach(() => {
    jest.useFakeTimers();
});

afterEach(() => {
    jest.useRealTimers();
});

const user = () => userEvent.setup({ advanceTimers: (ms) => jest.advanceTimersByTime(ms) });

test("init asks the host for size updates and renders the form and button", () => {
    const { context } = host();
    expect(context().mode.trackContainerResize).toHaveBeenCalledWith(true);
    expect(screen.getByLabelText("region")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Run job" })).toBeTruthy();
});

test("a click raises OnTrigger once, after the host has read the requested parameters and token", async () => {
    const { context, lastOutputs, notifyOutputChanged } = host({ echoOutputs: true });
    const events = context().events;
    events.OnTrigger.mockImplementation(() => {
        // What the maker's formula reads when OnTrigger runs.
        expect(lastOutputs()).toMatchObject({
            RequestedParameters: '{"region":"apac"}',
            RunState: "Submitting",
            IsActive: true,
        });
        expect(lastOutputs().IdempotencyToken).toMatch(/^[0-9a-f-]{36}$/);
    });
    const u = user();
    await u.clear(screen.getByLabelText("region"));
    await u.type(screen.getByLabelText("region"), "apac");
    const button = screen.getByRole("button", { name: "Run job" });
    await u.click(button);
    await u.click(button);
    await u.dblClick(button);
    act(() => {
        jest.advanceTimersByTime(1000);
    });
    expect(notifyOutputChanged).toHaveBeenCalled();
    expect(events.OnTrigger).toHaveBeenCalledTimes(1);
});

describe("OnTrigger's timing", () => {
    test("in a canvas app it goes out from updateView once the host lists IdempotencyToken as updated", async () => {
        const { control, context } = host({ echoOutputs: true });
        const updateView = control.updateView.bind(control);
        const listed: string[][] = [];
        let inUpdateView = false;
        control.updateView = (next) => {
            listed.push(next.updatedProperties);
            inUpdateView = true;
            try {
                return updateView(next);
            } finally {
                inUpdateView = false;
            }
        };
        let raisedInUpdateView = false;
        context().events.OnTrigger.mockImplementation(() => {
            raisedInUpdateView = inUpdateView;
        });
        await user().click(screen.getByRole("button", { name: "Run job" }));
        act(() => {
            jest.advanceTimersByTime(1);
        });
        expect(context().events.OnTrigger).toHaveBeenCalledTimes(1);
        expect(raisedInUpdateView).toBe(true);
        expect(listed.at(-1)).toContain("IdempotencyToken");
    });

    test("a host that reads the outputs but never lists them (pcf-start) gets it 500 ms after reading", async () => {
        const { context, notifyOutputChanged } = host({ echoOutputs: false });
        await user().click(screen.getByRole("button", { name: "Run job" }));
        act(() => {
            jest.advanceTimersByTime(0);
        });
        expect(notifyOutputChanged).toHaveBeenCalled();
        act(() => {
            jest.advanceTimersByTime(OUTPUTS_TAKEN_FALLBACK_MS - 1);
        });
        expect(context().events.OnTrigger).not.toHaveBeenCalled();
        act(() => {
            jest.advanceTimersByTime(1);
        });
        expect(context().events.OnTrigger).toHaveBeenCalledTimes(1);
    });

    test("a JobId made invalid before it was due: nothing goes out, and the control says why", async () => {
        const { context, update, lastOutputs } = host({ echoOutputs: false });
        await user().click(screen.getByRole("button", { name: "Run job" }));
        update({ JobId: "" });
        act(() => {
            jest.advanceTimersByTime(SUBMISSION_TIMEOUT_MS);
        });
        expect(context().events.OnTrigger).not.toHaveBeenCalled();
        expect(lastOutputs()).toMatchObject({ RunState: "Idle", IsActive: false, IdempotencyToken: "" });
        expect(screen.getByRole("alert").textContent).toMatch(/JobId/);
    });
});

test("the run the maker's formula sets is shown and followed with OnRefresh until it ends", async () => {
    const { context, update, lastOutputs } = host({ echoOutputs: true });
    await user().click(screen.getByRole("button", { name: "Run job" }));
    act(() => {
        jest.advanceTimersByTime(1);
    });
    expect(context().events.OnTrigger).toHaveBeenCalledTimes(1);
    update({ Run: running(22) });
    expect(lastOutputs()).toMatchObject({ RunId: "22", RunState: "Running", IsActive: true });
    expect(screen.getByText("Running")).toBeTruthy();
    act(() => {
        jest.advanceTimersByTime(2000);
    });
    expect(context().events.OnRefresh).toHaveBeenCalledTimes(1);
    update({ Run: succeeded(22) });
    expect(lastOutputs()).toMatchObject({
        RunState: "Succeeded",
        IsActive: false,
        RunPageUrl: expect.stringMatching(/^https:/),
    });
    act(() => {
        jest.advanceTimersByTime(10); // the host's echo and React's deferred render
    });
    expect(jest.getTimerCount()).toBe(0);
    expect(context().events.OnRefresh).toHaveBeenCalledTimes(1);
});

test("one run at a time: while the run is active the button is disabled and says why", async () => {
    const { context, update } = host({ lcid: "1036", inputs: { JobId: "11", Run: running(22) } });
    const button = screen.getByRole("button", { name: "Exécuter le travail" }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(screen.getByText("Une exécution est en cours.")).toBeTruthy();
    expect(button.title).toBe("Une exécution est en cours.");
    await user().click(button);
    act(() => {
        jest.advanceTimersByTime(1000);
    });
    expect(context().events.OnTrigger).not.toHaveBeenCalled();
    update({ Run: succeeded(22) });
    expect(button.disabled).toBe(false);
    expect(screen.queryByText("Une exécution est en cours.")).toBeNull();
});

test("AllowConcurrentRuns starts a second run while one is active; the outputs follow the newest", async () => {
    const { context, update, lastOutputs } = host({
        inputs: { JobId: "11", Run: running(22), AllowConcurrentRuns: true },
    });
    expect(screen.queryByText("A run is in progress.")).toBeNull();
    await user().click(screen.getByRole("button", { name: "Run job" }));
    act(() => {
        jest.advanceTimersByTime(1000);
    });
    expect(context().events.OnTrigger).toHaveBeenCalledTimes(1);
    update({ Run: running(23) });
    expect(lastOutputs()).toMatchObject({ RunId: "23", RunState: "Running", IsActive: true });
});

test("Cancel asks, then raises OnCancel once", async () => {
    const { context } = host({ inputs: { JobId: "11", Run: running(22) } });
    const u = user();
    await u.click(screen.getByRole("button", { name: "Cancel run" }));
    await u.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Cancel run" }));
    expect(context().events.OnCancel).toHaveBeenCalledTimes(1);
    expect((screen.getByRole("button", { name: "Cancelling…" }) as HTMLButtonElement).disabled).toBe(true);
});

test("invalid inputs are reported in ValidationError in the user's words", () => {
    const { update, lastOutputs } = host();
    update({ JobId: "12x" });
    expect(lastOutputs().ValidationError).toBe('JobId "12x" is not a job id: use 1 to 19 digits and nothing else.');
});

test("a disabled control raises no event", async () => {
    const { context } = host({ disabled: true, inputs: { JobId: "11", Run: running(22) } });
    await user().click(screen.getByRole("button", { name: "Run job" }));
    act(() => {
        jest.advanceTimersByTime(600_000);
    });
    const events = context().events;
    expect([events.OnTrigger, events.OnRefresh, events.OnCancel].map((e) => e.mock.calls.length)).toEqual([0, 0, 0]);
});

test("in a host without custom events (pcf-start) a click does not throw and still updates the outputs", async () => {
    const { lastOutputs } = host({ withEvents: false });
    await user().click(screen.getByRole("button", { name: "Run job" }));
    act(() => {
        jest.advanceTimersByTime(1000);
    });
    expect(lastOutputs()).toMatchObject({ RunState: "Submitting", RequestedParameters: '{"region":"emea"}' });
});

test("strings follow the user's language", () => {
    host({ lcid: "1031" });
    expect(screen.getByRole("button", { name: "Auftrag ausführen" })).toBeTruthy();
});

test("destroy leaves no timer behind", async () => {
    const { control, update } = host();
    update({ Run: running(22) });
    await user().click(screen.getByRole("button", { name: "Run job" }));
    expect(jest.getTimerCount()).toBeGreaterThan(0);
    control.destroy();
    expect(jest.getTimerCount()).toBe(0);
});
