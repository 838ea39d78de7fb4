/** @jsx h */
import * as React from "react";
import type { RunTracker } from "../../runModel/runTracker";
import { TriggerView, type TriggerViewProps } from "./TriggerView";
import { h } from "./h";

export interface TriggerAppProps extends Omit<TriggerViewProps, "view" | "onRun" | "onCancel"> {
    tracker: RunTracker;
}

/** Connects the view to the tracker: re-renders when the tracker changes, forwards the user's actions. */
export const TriggerApp: React.FC<TriggerAppProps> = ({ tracker, ...viewProps }) => {
    const [, setVersion] = React.useState(0);
    React.useEffect(() => tracker.subscribe(() => setVersion((v) => v + 1)), [tracker]);
    return (
        <TriggerView
            {...viewProps}
            view={tracker.view()}
            onRun={(parameters) => tracker.trigger(parameters)}
            onCancel={() => tracker.cancel()}
        />
    );
};
