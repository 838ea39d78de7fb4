/** Names from ControlManifest.Input.xml, in one place, so code and manifest cannot drift apart unseen. */
export const ManifestConstants = {
    namespace: "DatabricksJobTrigger",
    constructor: "TriggerControl",
} as const;

export const InputProperties = [
    "JobId",
    "JobParameters",
    "ParameterDefinitions",
    "Run",
    "ErrorText",
    "ButtonText",
    "ConfirmText",
    "ShowParameters",
    "MinPollSeconds",
    "MaxPollSeconds",
] as const;

export const OutputProperties = [
    "RequestedParameters",
    "IdempotencyToken",
    "RunId",
    "RunState",
    "RunPageUrl",
    "IsActive",
    "ValidationError",
] as const;

export const ControlEvents = ["OnTrigger", "OnRefresh", "OnCancel"] as const;
