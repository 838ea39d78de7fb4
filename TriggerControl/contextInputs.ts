import type { TrackerInputs } from "../runModel/trackerInputs";
import type { IInputs } from "./generated/ManifestTypes";

type Context = ComponentFramework.Context<IInputs>;

/** Maps the PCF context to the tracker's inputs. */
export function readInputs(context: Context): TrackerInputs {
    const p = context.parameters;
    return {
        jobId: p.JobId.raw,
        jobParameters: p.JobParameters.raw,
        parameterDefinitions: p.ParameterDefinitions.raw,
        run: p.Run.raw,
        errorText: p.ErrorText.raw,
        minPollSeconds: p.MinPollSeconds.raw,
        maxPollSeconds: p.MaxPollSeconds.raw,
        disabled: context.mode.isControlDisabled,
        visible: context.mode.isVisible,
        allowConcurrentRuns: p.AllowConcurrentRuns.raw,
    };
}
