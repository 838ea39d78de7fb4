/** @jest-environment jsdom */
import * as React from "react";
import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { TriggerView, type TriggerViewProps } from "../components/TriggerView";
import { createRunTracker, EMPTY_INPUTS, type TrackerInputs, type TrackerView } from "../../runModel/runTracker";
import { createLocalizer } from "../../runModel/localize";
import { readResx } from "../__mocks__/resx";
import { failed, running, succeeded } from "../../tests/runModel/runFixtures";

const english = readResx("1033");
const localize = createLocalizer((key) => english.get(key) ?? key);

const inputs: TrackerInputs = {
    ...EMPTY_INPUTS,
    jobId: "11",
    parameterDefinitions: '[{"name": "region", "default": "emea"}, {"name": "as_of"}]',
};

/** The view of a tracker given these inputs: the same view the control renders. */
function viewFor(changes: Partial<TrackerInputs> = {}): TrackerView {
    const tracker = createRunTracker({ raise: () => undefined, onOutputsChanged: () => undefined });
    tracker.update({ ...inputs, ...changes });
    const view = tracker.view();
    tracker.dispose();
    return view;
}

function renderView(props: Partial<TriggerViewProps> = {}) {
    const onRun = jest.fn();
    const onCancel = jest.fn();
    const user = userEvent.setup();
    const result = render(
        <TriggerView
            view={viewFor()}
            localize={localize}
            showParameters
            onRun={onRun}
            onCancel={onCancel}
            {...props}
        />,
    );
    return { ...result, onRun, onCancel, user };
}

/**
 * Fluent 8 reads the deprecated KeyboardEvent.which, which user-event leaves 0 in jsdom; browsers set
 * it. Focus goes into the dialog first, as a browser does when the dialog opens.
 */
function pressEscape(inside: HTMLElement) {
    inside.focus();
    fireEvent.keyDown(inside, { key: "Escape", code: "Escape", keyCode: 27, which: 27 });
}

describe("parameter form", () => {
    test("one labelled field per parameter, prefilled with the default, default shown", () => {
        renderView();
        expect(screen.getByRole("heading", { name: "Job parameters" })).toBeTruthy();
        const region = screen.getByLabelText("region") as HTMLInputElement;
        expect(region.value).toBe("emea");
        expect(screen.getByText("Default: emea")).toBeTruthy();
        expect((screen.getByLabelText("as_of") as HTMLInputElement).value).toBe("");
    });

    test("the run sends what the user typed, every field included", async () => {
        const { user, onRun } = renderView();
        await user.clear(screen.getByLabelText("region"));
        await user.type(screen.getByLabelText("region"), "apac");
        await user.type(screen.getByLabelText("as_of"), "2026-11-27");
        await user.click(screen.getByRole("button", { name: "Run job" }));
        expect(onRun).toHaveBeenCalledTimes(1);
        expect(onRun).toHaveBeenCalledWith({ region: "apac", as_of: "2026-11-27" });
    });

    test("parameters named like an object's own members (constructor, toString) show and send their values", async () => {
        const view = viewFor({
            parameterDefinitions: null,
            jobParameters: '{"constructor": "c", "toString": "t", "__proto__": "p"}',
        });
        const { user, onRun } = renderView({ view });
        expect((screen.getByLabelText("constructor") as HTMLInputElement).value).toBe("c");
        expect((screen.getByLabelText("toString") as HTMLInputElement).value).toBe("t");
        await user.type(screen.getByLabelText("toString"), "2");
        await user.click(screen.getByRole("button", { name: "Run job" }));
        expect(JSON.stringify(onRun.mock.calls[0][0])).toBe('{"constructor":"c","toString":"t2","__proto__":"p"}');
    });

    test("a job with no parameters says so", () => {
        renderView({ view: viewFor({ parameterDefinitions: '{"settings": {}}' }) });
        expect(screen.getByText("This job has no parameters.")).toBeTruthy();
    });

    test("a disabled control locks the form and the button", () => {
        renderView({ view: viewFor({ disabled: true }) });
        expect((screen.getByLabelText("region") as HTMLInputElement).disabled).toBe(true);
        expect((screen.getByRole("button", { name: "Run job" }) as HTMLButtonElement).disabled).toBe(true);
    });

    test("without the form, parameter problems are shown at the top", () => {
        renderView({ showParameters: false, view: viewFor({ parameterDefinitions: "[1]" }) });
        expect(screen.getByText("ParameterDefinitions: item 1 has no name.")).toBeTruthy();
    });

    test("ShowParameters false hides the form but still sends the prefilled values", async () => {
        const { user, onRun } = renderView({
            showParameters: false,
            view: viewFor({ jobParameters: '{"region": "apac"}' }),
        });
        expect(screen.queryByLabelText("region")).toBeNull();
        await user.click(screen.getByRole("button", { name: "Run job" }));
        expect(onRun).toHaveBeenCalledWith({ region: "apac", as_of: "" });
    });
});

describe("validation", () => {
    test("a bad JobId is explained and the button is disabled", async () => {
        renderView({ view: viewFor({ jobId: "12x" }) });
        expect(
            await screen.findByText('JobId "12x" is not a job id: use 1 to 19 digits and nothing else.'),
        ).toBeTruthy();
        expect((screen.getByRole("button", { name: "Run job" }) as HTMLButtonElement).disabled).toBe(true);
    });

    test("a parameter problem is shown in the parameter section, naming the key", async () => {
        renderView({ view: viewFor({ parameterDefinitions: null, jobParameters: '{"filters": {"a": 1}}' }) });
        const section = screen.getByRole("region", { name: "Job parameters" });
        expect(
            await within(section).findByText(
                'JobParameters: the value of "filters" is an object; a job parameter value must be text, a number or true/false.',
            ),
        ).toBeTruthy();
    });

    test("invalid Run JSON is explained", async () => {
        renderView({ view: viewFor({ run: "{oops" }) });
        expect(await screen.findByText(/^Run is not valid JSON: /)).toBeTruthy();
    });
});

describe("confirmation", () => {
    test("with ConfirmText the run waits for the user's yes", async () => {
        const { user, onRun } = renderView({ confirmText: "This reloads the sales mart. Continue?" });
        await user.click(screen.getByRole("button", { name: "Run job" }));
        const dialog = await screen.findByRole("alertdialog");
        expect(within(dialog).getByText("This reloads the sales mart. Continue?")).toBeTruthy();
        expect(onRun).not.toHaveBeenCalled();
        await user.click(within(dialog).getByRole("button", { name: "Run" }));
        expect(onRun).toHaveBeenCalledTimes(1);
    });

    test("Back or Escape dismisses without running", async () => {
        const { user, onRun } = renderView({ confirmText: "Sure?" });
        await user.click(screen.getByRole("button", { name: "Run job" }));
        await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Back" }));
        expect(screen.queryByRole("alertdialog")).toBeNull();
        await user.click(screen.getByRole("button", { name: "Run job" }));
        pressEscape(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Run" }));
        expect(screen.queryByRole("alertdialog")).toBeNull();
        expect(onRun).not.toHaveBeenCalled();
    });

    test("cancelling an active run asks first, then calls back once", async () => {
        const { user, onCancel } = renderView({ view: viewFor({ run: running(22) }) });
        await user.click(screen.getByRole("button", { name: "Cancel run" }));
        const dialog = await screen.findByRole("alertdialog");
        expect(within(dialog).getByText("Run 22 stops. What it has done so far is not undone.")).toBeTruthy();
        await user.click(within(dialog).getByRole("button", { name: "Keep running" }));
        expect(onCancel).not.toHaveBeenCalled();
        await user.click(screen.getByRole("button", { name: "Cancel run" }));
        await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Cancel run" }));
        expect(onCancel).toHaveBeenCalledTimes(1);
    });
});

describe("run status", () => {
    test("a finished run: state, run id, duration and a safe link opening in a new window", () => {
        renderView({ view: viewFor({ run: succeeded(22) }) });
        expect(screen.getByText("Succeeded")).toBeTruthy();
        expect(screen.getByText("Run 22")).toBeTruthy();
        expect(screen.getByText("Took 1:35")).toBeTruthy();
        const link = screen.getByRole("link", {
            name: "Open in Databricks (opens in a new window)",
        }) as HTMLAnchorElement;
        expect(link.href).toMatch(/^https:\/\/adb-/);
        expect(link.target).toBe("_blank");
        expect(link.rel).toBe("noopener noreferrer");
    });

    test("a javascript: run page URL gives no link at all", () => {
        const run = JSON.stringify({
            run_id: 5,
            run_page_url: "javascript:alert(document.cookie)",
            status: { state: "RUNNING" },
        });
        const { container } = renderView({ view: viewFor({ run }) });
        expect(screen.queryByRole("link")).toBeNull();
        expect(container.innerHTML).not.toMatch(/javascript:/i);
    });

    test("HTML in a Databricks message is shown as text, never as markup", () => {
        const message = '<img src=x onerror="alert(1)"><b>bold</b>';
        const { container } = renderView({ view: viewFor({ run: failed(22, message) }) });
        expect(screen.getByText(message)).toBeTruthy();
        expect(container.querySelector("img")).toBeNull();
        expect(container.querySelector("b")).toBeNull();
    });

    test("an unknown state shows what Databricks said", () => {
        renderView({ view: viewFor({ run: JSON.stringify({ run_id: 5, status: { state: "HIBERNATING" } }) }) });
        expect(screen.getByText("Unknown state")).toBeTruthy();
        expect(screen.getByText("Databricks reported: status.state = HIBERNATING")).toBeTruthy();
    });

    test("a multi-task run lists each task's key and state", () => {
        const run = JSON.stringify({
            run_id: 9,
            status: { state: "RUNNING" },
            tasks: [
                { task_key: "ingest", status: { state: "TERMINATED", termination_details: { code: "SUCCESS" } } },
                { task_key: "transform", status: { state: "RUNNING" } },
            ],
        });
        renderView({ view: viewFor({ run }) });
        const tasks = screen.getByRole("region", { name: "Tasks" });
        const items = within(tasks)
            .getAllByRole("listitem")
            .map((li) => li.textContent);
        expect(items).toEqual(["ingestSucceeded", "transformRunning"]);
    });

    test("the state is announced through a polite live region", () => {
        renderView({ view: viewFor({ run: running(22) }) });
        const live = screen.getByRole("status");
        expect(live.getAttribute("aria-live")).toBe("polite");
        expect(live.textContent).toBe("Run state: Running");
    });

    test("while submitting, the form is locked and the state says so", () => {
        const tracker = createRunTracker({ raise: () => undefined, onOutputsChanged: () => undefined });
        tracker.update(inputs);
        tracker.trigger({});
        renderView({ view: tracker.view() });
        tracker.dispose();
        expect(screen.getByText("Starting…")).toBeTruthy();
        expect(screen.getByRole("status").textContent).toBe("Run state: Starting…");
        expect((screen.getByLabelText("region") as HTMLInputElement).disabled).toBe(true);
        expect((screen.getByRole("button", { name: "Run job" }) as HTMLButtonElement).disabled).toBe(true);
    });

    test("the maker's ErrorText is shown as an error", async () => {
        renderView({ view: viewFor({ errorText: "RunNow failed: INVALID_PARAMETER_VALUE Job 11 does not exist." }) });
        expect(
            await screen.findByText(
                "The last call to Databricks failed: RunNow failed: INVALID_PARAMETER_VALUE Job 11 does not exist.",
            ),
        ).toBeTruthy();
    });

    test("the button text is the maker's when given", () => {
        renderView({ buttonText: "Refresh the sales mart" });
        expect(screen.getByRole("button", { name: "Refresh the sales mart" })).toBeTruthy();
    });

    test("follows the allocated size", () => {
        const { container, rerender } = renderView({ width: 320, height: 240 });
        const root = container.firstElementChild as HTMLElement;
        expect(root.style.width).toBe("320px");
        expect(root.style.height).toBe("240px");
        rerender(
            <TriggerView view={viewFor()} localize={localize} showParameters onRun={jest.fn()} onCancel={jest.fn()} />,
        );
        expect(root.style.width).toBe("100%");
        expect(root.style.height).toBe("");
    });
});

describe("keyboard", () => {
    test("Tab reaches the fields and the button; Enter in a field runs; Space on the button runs", async () => {
        const { user, onRun } = renderView();
        await user.tab();
        expect(document.activeElement).toBe(screen.getByLabelText("region"));
        await user.tab();
        expect(document.activeElement).toBe(screen.getByLabelText("as_of"));
        await user.keyboard("{Enter}");
        expect(onRun).toHaveBeenCalledTimes(1);
        await user.tab();
        expect(document.activeElement).toBe(screen.getByRole("button", { name: "Run job" }));
        await user.keyboard(" ");
        expect(onRun).toHaveBeenCalledTimes(2);
    });

    // jsdom has no layout, so Fluent's focus trap finds nothing "visible" to tab to; the browser test
    // covers tabbing inside the dialog. Here: it opens and closes from the keyboard, and its answers
    // are native buttons, which browsers activate with Enter and Space.
    test("the confirmation dialog opens with Enter and closes with Escape", async () => {
        const { user, onRun } = renderView({ confirmText: "Sure?" });
        screen.getByRole("button", { name: "Run job" }).focus();
        await user.keyboard("{Enter}");
        const dialog = await screen.findByRole("alertdialog");
        for (const name of ["Run", "Back"]) {
            expect(within(dialog).getByRole("button", { name }).tagName).toBe("BUTTON");
        }
        pressEscape(within(dialog).getByRole("button", { name: "Back" }));
        expect(screen.queryByRole("alertdialog")).toBeNull();
        expect(onRun).not.toHaveBeenCalled();
    });
});
