import { parseJobId } from "./jobId";
import { buildParameterModel, type ParameterModel } from "./parameters";
import { readPollBounds, type PollBounds } from "./pollingSchedule";
import { parseRunInput, type RunSnapshot } from "./runSnapshot";
import type { ValidationIssue } from "./validationIssue";

/** The host's property values, as the front end received them. */
export interface TrackerInputs {
    readonly jobId: string | null;
    readonly jobParameters: string | null;
    readonly parameterDefinitions: string | null;
    readonly run: string | null;
    readonly errorText: string | null;
    readonly minPollSeconds: number | null;
    readonly maxPollSeconds: number | null;
    readonly disabled: boolean;
    readonly visible: boolean;
    /** A new run may start while the one on screen is active; the control then follows the newest. */
    readonly allowConcurrentRuns?: boolean;
}

/** A control whose properties are all blank, as on a new canvas screen. */
export const EMPTY_INPUTS: TrackerInputs = {
    jobId: null,
    jobParameters: null,
    parameterDefinitions: null,
    run: null,
    errorText: null,
    minPollSeconds: null,
    maxPollSeconds: null,
    disabled: false,
    visible: true,
};

/** The inputs, read and checked. */
export interface CheckedInputs {
    /** Every problem, in the order of the properties; any one of them blocks a new run. */
    readonly issues: readonly ValidationIssue[];
    readonly parameters: ParameterModel;
    readonly bounds: PollBounds;
    /** The run in `Run`; when `Run` cannot be read, the last run that could. */
    readonly run?: RunSnapshot;
}

export function checkInputs(inputs: TrackerInputs, lastReadableRun?: RunSnapshot): CheckedInputs {
    const jobId = parseJobId(inputs.jobId);
    const parameters = buildParameterModel(inputs.jobParameters, inputs.parameterDefinitions);
    const poll = readPollBounds(inputs.minPollSeconds, inputs.maxPollSeconds);
    const runInput = parseRunInput(inputs.run);
    return {
        issues: [
            ...(jobId.ok ? [] : [jobId.issue]),
            ...parameters.issues,
            ...(runInput.ok ? [] : [runInput.issue]),
            ...poll.issues,
        ],
        parameters,
        bounds: poll.bounds,
        // A Run that cannot be read keeps the last good one: polling goes on, the problem is shown.
        run: runInput.ok ? runInput.run : lastReadableRun,
    };
}

/** The maker's ErrorText without surrounding spaces; empty when there is none. */
export function errorTextOf(inputs: TrackerInputs): string {
    return (inputs.errorText ?? "").trim();
}
