import { stringifyExact } from "../../common/exactJson";
import { invokeOperation, type RunnerResult } from "../connectorRunner/invoke";
import {
    ControlEvent,
    InputProperty,
    OutputProperty,
    type ControlEventName,
} from "../../../TriggerControl/ManifestConstants";
import type { ControlPage } from "./controlPage";

export interface MakerFormulasOptions {
    /** The workspace: `http://127.0.0.1:PORT` for the emulator. */
    host: string;
    token: string;
    /** The number of Retry-After waits the connector call may make before giving up. */
    maxRetries?: number;
}

/**
 * Plays the maker's Power Fx from the README for the control in the harness: on OnTrigger it calls
 * RunNow with RequestedParameters and IdempotencyToken, then GetRun, and sets Run (and ErrorText);
 * on OnRefresh it calls GetRun; on OnCancel, CancelRun — through the connector runner, as the
 * Power Platform would call the connector.
 */
export class MakerFormulas {
    private handled = 0;
    private running = false;
    private loop?: Promise<void>;
    readonly calls: { event: ControlEventName; results: RunnerResult[] }[] = [];

    constructor(
        private readonly control: ControlPage,
        private readonly options: MakerFormulasOptions,
    ) {}

    start(): void {
        this.running = true;
        this.loop = this.run();
    }

    async stop(): Promise<void> {
        this.running = false;
        await this.loop;
    }

    private async run(): Promise<void> {
        while (this.running) {
            const events = await this.control.raisedEvents().catch(() => []);
            while (this.running && this.handled < events.length) {
                const event = events[this.handled++];
                this.calls.push({ event, results: await this.answer(event) });
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    }

    private call(operationId: string, params: Record<string, unknown>): Promise<RunnerResult> {
        return invokeOperation({
            operationId,
            host: this.options.host,
            token: this.options.token,
            params,
            allowHttp: true,
            maxRetries: this.options.maxRetries,
        });
    }

    /** IfError(Set(varRun, …); Set(varRunError, Blank()), Set(varRunError, FirstError.Message)) */
    private async setRunOrError(results: RunnerResult[], last: RunnerResult): Promise<void> {
        if (results.every((r) => r.ok)) {
            await this.control.setInputs({
                [InputProperty.Run]: stringifyExact(last.body),
                [InputProperty.ErrorText]: "",
            });
        } else {
            await this.control.setInput(
                InputProperty.ErrorText,
                results.find((r) => !r.ok)?.error ?? "The call failed.",
            );
        }
    }

    private async answer(event: ControlEventName): Promise<RunnerResult[]> {
        const outputs = await this.control.outputs();
        if (event === ControlEvent.trigger) {
            const inputs = await this.control.inputValue(InputProperty.JobId);
            const started = await this.call("RunNow", {
                job_id: inputs,
                job_parameters_json: outputs[OutputProperty.RequestedParameters],
                idempotency_token: outputs[OutputProperty.IdempotencyToken],
            });
            if (!started.ok) {
                await this.setRunOrError([started], started);
                return [started];
            }
            const runId = (started.body as { run_id: number | bigint }).run_id.toString();
            const run = await this.call("GetRun", { run_id: runId });
            await this.setRunOrError([started, run], run);
            return [started, run];
        }
        if (event === ControlEvent.refresh) {
            const run = await this.call("GetRun", { run_id: outputs[OutputProperty.RunId] });
            await this.setRunOrError([run], run);
            return [run];
        }
        const cancelled = await this.call("CancelRun", { run_id: outputs[OutputProperty.RunId] });
        if (!cancelled.ok) await this.control.setInput(InputProperty.ErrorText, cancelled.error ?? "CancelRun failed.");
        return [cancelled];
    }
}
