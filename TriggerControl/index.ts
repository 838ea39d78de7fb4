import * as React from "react";
import { TriggerApp } from "./components/TriggerApp";
import { readInputs } from "./contextInputs";
import { controlOutputs } from "./controlOutputs";
import { ControlEvent, OutputProperty } from "./ManifestConstants";
import { formatIssue } from "../runModel/issueText";
import { createLocalizer, type Localize } from "../runModel/localize";
import { createRunTracker, type RunEvent, type RunTracker } from "../runModel/runTracker";
import type { IInputs, IOutputs } from "./generated/ManifestTypes";

type Context = ComponentFramework.Context<IInputs>;

/** A pixel size the host allocated, or undefined when it leaves the size to the control (-1). */
function allocated(size: number): number | undefined {
    return size > 0 ? size : undefined;
}

export class TriggerControl implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    private context!: Context;
    private tracker!: RunTracker;
    private localize!: Localize;

    public init(context: Context, notifyOutputChanged: () => void): void {
        this.context = context;
        this.localize = createLocalizer((key) => context.resources.getString(key));
        context.mode.trackContainerResize(true);
        this.tracker = createRunTracker({
            raise: (event) => this.raise(event),
            onOutputsChanged: notifyOutputChanged,
        });
    }

    public updateView(context: Context): React.ReactElement {
        this.context = context;
        this.tracker.update(readInputs(context));
        // A canvas app lists an output among the updated properties once it has taken its new value
        // (Microsoft's PeoplePicker raises OnSearch the same way): OnTrigger's formula then reads this
        // click's token. The token is new on every click, so it is listed even when the parameters repeat.
        if (context.updatedProperties?.includes(OutputProperty.IdempotencyToken)) this.tracker.outputsTaken();
        const p = context.parameters;
        return React.createElement(TriggerApp, {
            tracker: this.tracker,
            localize: this.localize,
            buttonText: p.ButtonText.raw ?? undefined,
            confirmText: p.ConfirmText.raw ?? undefined,
            showParameters: p.ShowParameters.raw !== false,
            width: allocated(context.mode.allocatedWidth),
            height: allocated(context.mode.allocatedHeight),
        });
    }

    public getOutputs(): IOutputs {
        const outputs = controlOutputs(this.tracker.view(), (issue) => formatIssue(issue, this.localize));
        this.tracker.outputsRead();
        return outputs;
    }

    public destroy(): void {
        this.tracker.dispose();
    }

    /**
     * Raises the manifest event that carries the tracker's event. Hosts without custom events
     * (pcf-start) have no such function: then nothing is raised.
     */
    private raise(event: RunEvent): void {
        const handler = (this.context.events as Record<string, unknown> | undefined)?.[ControlEvent[event]];
        if (typeof handler === "function") {
            (handler as () => void).call(this.context.events);
        }
    }
}
