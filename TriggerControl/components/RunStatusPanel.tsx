/** @jsx h */
import * as React from "react";
import { Link, Stack, Text } from "@fluentui/react";
import { formatDuration } from "../../runModel/duration";
import { isRunActive, type RunSnapshot } from "../../runModel/runSnapshot";
import type { Localize } from "../../runModel/localize";
import { StateIcon } from "./StateIcon";
import { h } from "./h";

export interface RunStatusPanelProps {
    run: RunSnapshot;
    now: number;
    localize: Localize;
}

function durationText(run: RunSnapshot, now: number, localize: Localize): string | undefined {
    if (isRunActive(run)) {
        return run.startTime !== undefined
            ? localize("Status_Elapsed", formatDuration(now - run.startTime))
            : undefined;
    }
    return run.durationMs !== undefined ? localize("Status_Duration", formatDuration(run.durationMs)) : undefined;
}

/**
 * The run's state with its icon, duration, message, tasks and link. Every text from Databricks is
 * rendered as text (React escapes it); the link is only ever an https: URL.
 */
export const RunStatusPanel: React.FC<RunStatusPanelProps> = ({ run, now, localize }) => {
    const active = isRunActive(run);
    const duration = durationText(run, now, localize);
    return (
        <Stack tokens={{ childrenGap: 4 }} className="dbx-trigger-status">
            <Stack horizontal verticalAlign="center" tokens={{ childrenGap: 8 }} wrap>
                <StateIcon state={run.state} active={active} />
                <Text variant="mediumPlus" className="dbx-trigger-state">
                    {localize(`State_${run.state}`)}
                </Text>
                <Text className="dbx-trigger-muted">{localize("Status_RunId", run.runId)}</Text>
                {duration && <Text className="dbx-trigger-muted">{duration}</Text>}
            </Stack>
            {run.awaitingStatus && <Text block>{localize("Status_AwaitingStatus")}</Text>}
            {run.unknownValue && <Text block>{localize("Status_UnknownValue", run.unknownValue)}</Text>}
            {run.message && (
                <Text block className="dbx-trigger-message">
                    {run.message}
                </Text>
            )}
            {run.tasks.length > 0 && (
                <section aria-label={localize("Tasks_Heading")}>
                    <Text as="h4" variant="medium" block className="dbx-trigger-heading">
                        {localize("Tasks_Heading")}
                    </Text>
                    <ul className="dbx-trigger-tasks">
                        {run.tasks.map((task, index) => (
                            // The list is rebuilt from each answer in Databricks' order: the index is a stable key.
                            <li key={index}>
                                <StateIcon state={task.state} active={false} />
                                <span className="dbx-trigger-task-key">{task.taskKey}</span>
                                <span>{localize(`State_${task.state}`)}</span>
                                {task.unknownValue && (
                                    <span className="dbx-trigger-muted">
                                        {localize("Status_UnknownValue", task.unknownValue)}
                                    </span>
                                )}
                                {task.message && <span className="dbx-trigger-muted">{task.message}</span>}
                            </li>
                        ))}
                    </ul>
                </section>
            )}
            {run.runPageUrl && (
                <Link
                    href={run.runPageUrl}
                    target="_blank"
                    rel="noopener noreferrer"
                    aria-label={`${localize("Link_OpenInDatabricks")} (${localize("Link_NewWindow")})`}
                >
                    {localize("Link_OpenInDatabricks")}
                </Link>
            )}
        </Stack>
    );
};
