import { repoPath } from "../../common/repoPaths";
import { loadConnector } from "../../connector/model/connectorFiles";
import type { SwaggerDocument } from "../../connector/model/swaggerModel";
import { POWER_FX_CONNECTOR, powerFxSignature } from "../../connector/validator/powerFx";
import { manifestFormula } from "../../canvas/manifestFormulas";
import { invokeOperation, type RunnerResult } from "../connectorRunner/invoke";
import {
    ControlEvents,
    InputProperties,
    InputProperty,
    type ControlEventName,
    type InputPropertyName,
} from "../../../TriggerControl/ManifestConstants";
import type { ControlPage } from "./controlPage";
import { asInputText, FxError, PowerFxPlayer, type FxHost, type FxValue } from "./powerFxPlayer";

export interface MakerFormulasOptions {
    /** The workspace: `http://127.0.0.1:PORT` for the emulator. */
    host: string;
    token: string;
    /** The number of Retry-After waits the connector call may make before giving up. */
    maxRetries?: number;
    /** The maker's formulas by event or input; default: the manifest's prefilled ones (pfx-default-value). */
    formulas?: Partial<Record<ControlEventName | "Run" | "ErrorText", string>>;
    /** Makes one connector call; default: the connector runner against `host`. */
    invoke?: (operationId: string, params: Record<string, unknown>) => Promise<RunnerResult>;
}

/** The inputs whose formulas the player re-evaluates after each event, as a canvas app recalculates. */
const BOUND_INPUTS = [InputProperty.Run, InputProperty.ErrorText] as const;

/** The control as the player sees it: the part of ControlPage it reads and writes. */
export type PlayedControl = Pick<ControlPage, "raisedEvents" | "outputs" | "inputValue" | "setInputs">;

/**
 * Plays the maker's Power Fx for the control in the harness — by default the formulas the manifest
 * prefills — with canvas apps' IfError and chaining semantics (powerFxPlayer.ts): each raised
 * event's formula runs, its DatabricksJobs calls go through the connector runner as the Power
 * Platform would make them (required parameters by position, optional ones from the record). The
 * Run and ErrorText formulas are evaluated again and handed to the control when they changed: while
 * a connector call is on its way (a canvas app updates its controls while a behaviour formula waits
 * for a call) and when the formula ends.
 */
export class MakerFormulas {
    private handled = 0;
    private running = false;
    private loop?: Promise<void>;
    /** The calls of the event being played. */
    private pending: RunnerResult[] = [];
    /** The control's outputs when the event being played was handled: what Self.<output> reads. */
    private outputsNow: Record<string, string> = {};
    private readonly definition: SwaggerDocument;
    private readonly formulas: Record<ControlEventName | "Run" | "ErrorText", string>;
    readonly calls: { event: ControlEventName; results: RunnerResult[] }[] = [];
    readonly player: PowerFxPlayer;

    constructor(
        private readonly control: PlayedControl,
        private readonly options: MakerFormulasOptions,
    ) {
        this.definition = loadConnector(repoPath("connector")).apiDefinition as SwaggerDocument;
        this.formulas = Object.fromEntries(
            [...ControlEvents, ...BOUND_INPUTS].map((name) => {
                const formula = options.formulas?.[name] ?? manifestFormula(name);
                if (formula === undefined) throw new Error(`The manifest prefills no formula for ${name}.`);
                return [name, formula];
            }),
        ) as Record<ControlEventName | "Run" | "ErrorText", string>;
        this.player = new PowerFxPlayer(this.host(), [POWER_FX_CONNECTOR]);
    }

    start(): void {
        this.running = true;
        this.loop = this.run();
    }

    async stop(): Promise<void> {
        this.running = false;
        await this.loop;
    }

    /** Plays one event's formula now, then hands the bound inputs to the control; the calls it made. */
    async play(event: ControlEventName): Promise<RunnerResult[]> {
        const results: RunnerResult[] = [];
        this.pending = results;
        this.outputsNow = await this.control.outputs();
        await this.player.run(this.formulas[event]);
        await this.handBoundInputs();
        this.calls.push({ event, results });
        return results;
    }

    /** Evaluates Run and ErrorText again and hands the control those that changed. */
    private async handBoundInputs(): Promise<void> {
        const current = Object.fromEntries(
            await Promise.all(BOUND_INPUTS.map(async (name) => [name, await this.control.inputValue(name)])),
        ) as Record<(typeof BOUND_INPUTS)[number], string>;
        const changed: Partial<Record<InputPropertyName, string>> = {};
        for (const name of BOUND_INPUTS) {
            const text = asInputText(await this.player.value(this.formulas[name]));
            if (text !== current[name]) changed[name] = text;
        }
        if (Object.keys(changed).length > 0) await this.control.setInputs(changed);
    }

    private async run(): Promise<void> {
        while (this.running) {
            const events = await this.control.raisedEvents().catch(() => []);
            while (this.running && this.handled < events.length) await this.play(events[this.handled++]);
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    }

    private host(): FxHost {
        return {
            self: (name) =>
                (InputProperties as readonly string[]).includes(name)
                    ? this.control.inputValue(name as InputPropertyName)
                    : this.outputsNow[name],
            call: async (connector, operation, args) => {
                if (connector !== POWER_FX_CONNECTOR) return new FxError(`the app has no connector ${connector}`);
                const params = this.connectorParams(operation, args);
                if (params instanceof FxError) return params;
                await this.handBoundInputs();
                const result = await (this.options.invoke ?? this.invokeRunner)(operation, params);
                this.pending.push(result);
                return result.ok ? (result.body as FxValue) : new FxError(result.error ?? `${operation} failed.`);
            },
        };
    }

    private readonly invokeRunner = (operationId: string, params: Record<string, unknown>) =>
        invokeOperation({
            operationId,
            host: this.options.host,
            token: this.options.token,
            params,
            allowHttp: true,
            maxRetries: this.options.maxRetries,
        });

    /** Power Fx's arguments as the connector's parameters: required ones by position, optional ones from the record. */
    private connectorParams(operation: string, args: FxValue[]): Record<string, unknown> | FxError {
        const signature = powerFxSignature(this.definition, operation);
        if (!signature) return new FxError(`${POWER_FX_CONNECTOR} has no operation ${operation}`);
        const optional = args.length > signature.required.length ? args[signature.required.length] : undefined;
        if (args.length < signature.required.length || args.length > signature.required.length + 1)
            return new FxError(`${operation} takes ${signature.required.length} required argument(s) and a record`);
        const params: Record<string, unknown> = {};
        signature.required.forEach((name, index) => (params[name] = args[index]));
        if (
            optional !== undefined &&
            (typeof optional !== "object" || optional instanceof FxError || Array.isArray(optional))
        )
            return new FxError(`${operation}'s last argument must be a record of optional parameters`);
        for (const [name, value] of Object.entries(optional ?? {})) {
            if (!signature.optional.includes(name))
                return new FxError(`${operation} has no optional parameter ${name}`);
            if (value !== undefined) params[name] = value;
        }
        return params;
    }
}
