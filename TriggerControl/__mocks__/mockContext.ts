import type { IInputs } from "../generated/ManifestTypes";
import { readResx } from "./resx";

/** The maker's property values, by manifest name; anything not given is blank, as in a new canvas control. */
export interface MockInputValues {
    JobId?: string | null;
    JobParameters?: string | null;
    ParameterDefinitions?: string | null;
    Run?: string | null;
    ErrorText?: string | null;
    ButtonText?: string | null;
    ConfirmText?: string | null;
    ShowParameters?: boolean | null;
    MinPollSeconds?: number | null;
    MaxPollSeconds?: number | null;
    AllowConcurrentRuns?: boolean | null;
}

export interface MockContextOptions {
    inputs?: MockInputValues;
    disabled?: boolean;
    visible?: boolean;
    width?: number;
    height?: number;
    /** Register the control's custom events; false mimics pcf-start, which has none. */
    withEvents?: boolean;
    lcid?: string;
}

export interface MockEvents {
    OnTrigger: jest.Mock;
    OnRefresh: jest.Mock;
    OnCancel: jest.Mock;
}

export type MockContext = ComponentFramework.Context<IInputs> & { events: MockEvents };

function property<T>(raw: T | null) {
    return { raw, formatted: raw === null ? "" : String(raw), error: false, errorMessage: "", type: "" };
}

/** A PCF context as a canvas app hands it to a virtual control, with strings from the control's resx. */
export function createMockContext(options: MockContextOptions = {}): MockContext {
    const inputs = options.inputs ?? {};
    const strings = readResx(options.lcid ?? "1033");
    const context = {
        parameters: {
            JobId: property(inputs.JobId ?? null),
            JobParameters: property(inputs.JobParameters ?? null),
            ParameterDefinitions: property(inputs.ParameterDefinitions ?? null),
            Run: property(inputs.Run ?? null),
            ErrorText: property(inputs.ErrorText ?? null),
            ButtonText: property(inputs.ButtonText ?? null),
            ConfirmText: property(inputs.ConfirmText ?? null),
            ShowParameters: property(inputs.ShowParameters === undefined ? true : inputs.ShowParameters),
            MinPollSeconds: property(inputs.MinPollSeconds ?? null),
            MaxPollSeconds: property(inputs.MaxPollSeconds ?? null),
            AllowConcurrentRuns: property(inputs.AllowConcurrentRuns ?? false),
        },
        mode: {
            isControlDisabled: options.disabled ?? false,
            isVisible: options.visible ?? true,
            allocatedWidth: options.width ?? -1,
            allocatedHeight: options.height ?? -1,
            label: "TriggerControl1",
            trackContainerResize: jest.fn(),
            setControlState: jest.fn(),
            setFullScreen: jest.fn(),
        },
        resources: {
            getString: (key: string) => strings.get(key) ?? key,
            getResource: jest.fn(),
        },
        events: options.withEvents === false ? {} : { OnTrigger: jest.fn(), OnRefresh: jest.fn(), OnCancel: jest.fn() },
        // The first updateView of a canvas control lists every property.
        updatedProperties: Object.keys(inputs),
    };
    return context as unknown as MockContext;
}

/** The same context with some inputs changed, as the host passes it to the next updateView (listing them as updated). */
export function withInputs(
    context: MockContext,
    inputs: MockInputValues,
    mode: Partial<{ disabled: boolean; visible: boolean }> = {},
): MockContext {
    const parameters = { ...context.parameters } as Record<string, unknown>;
    for (const [name, value] of Object.entries(inputs)) {
        parameters[name] = property(value as never);
    }
    return {
        ...context,
        parameters: parameters as unknown as MockContext["parameters"],
        mode: {
            ...context.mode,
            isControlDisabled: mode.disabled ?? context.mode.isControlDisabled,
            isVisible: mode.visible ?? context.mode.isVisible,
        },
        updatedProperties: Object.keys(inputs),
    } as MockContext;
}

/** The outputs whose values differ from the ones read before: what a canvas app lists as updated in its next updateView. */
export function changedOutputs(previous: object | undefined, outputs: object): string[] {
    const before: Partial<Record<string, unknown>> = { ...previous };
    return Object.entries(outputs).flatMap(([name, value]) => (value !== before[name] ? [name] : []));
}

/** The same context, passed again to updateView with these properties listed as updated (a canvas app's echo of outputs it took). */
export function withUpdatedProperties(context: MockContext, names: readonly string[]): MockContext {
    return { ...context, updatedProperties: [...names] } as MockContext;
}
