import type { RunEvent } from "../runModel/runTracker";
import type { ValidatedProperty } from "../runModel/validationIssue";
import type { IInputs, IOutputs } from "./generated/ManifestTypes";

/**
 * Names from ControlManifest.Input.xml, in one place. TriggerControl/__tests__/strings.test.ts
 * compares them with the manifest; the compiler ties the property names to the types pcf-scripts
 * generates from it (IInputs, IOutputs), which the control's code is written against.
 */
export const ManifestConstants = {
    namespace: "DatabricksJobTrigger",
    constructor: "TriggerControl",
} as const;

type NamesOf<T> = { readonly [Name in keyof T]-?: Name };

/** The input properties, in manifest order. */
export const InputProperty = {
    JobId: "JobId",
    JobParameters: "JobParameters",
    ParameterDefinitions: "ParameterDefinitions",
    Run: "Run",
    ErrorText: "ErrorText",
    ButtonText: "ButtonText",
    ConfirmText: "ConfirmText",
    ShowParameters: "ShowParameters",
    MinPollSeconds: "MinPollSeconds",
    MaxPollSeconds: "MaxPollSeconds",
    AllowConcurrentRuns: "AllowConcurrentRuns",
} as const satisfies NamesOf<IInputs>;

/** The output properties, in manifest order. */
export const OutputProperty = {
    RequestedParameters: "RequestedParameters",
    IdempotencyToken: "IdempotencyToken",
    RunId: "RunId",
    RunState: "RunState",
    RunPageUrl: "RunPageUrl",
    IsActive: "IsActive",
    ValidationError: "ValidationError",
} as const satisfies NamesOf<IOutputs>;

/** The manifest's events, in manifest order, by the run model's event each one carries. */
export const ControlEvent = {
    trigger: "OnTrigger",
    refresh: "OnRefresh",
    cancel: "OnCancel",
} as const satisfies Record<RunEvent, string>;

export type InputPropertyName = keyof typeof InputProperty;
export type OutputPropertyName = keyof typeof OutputProperty;
export type ControlEventName = (typeof ControlEvent)[RunEvent];

type Subset<Names extends Superset, Superset> = Names;
/** The run model names the input at fault by its manifest name: each one must be an input property. */
export type ValidatedInputProperty = Subset<ValidatedProperty, InputPropertyName>;

// The lists, for tests and tools. Marked pure: the control's bundle, which does not use them, drops them.
export const InputProperties = /*#__PURE__*/ Object.values(InputProperty);
export const OutputProperties = /*#__PURE__*/ Object.values(OutputProperty);
export const ControlEvents = /*#__PURE__*/ Object.values(ControlEvent);
