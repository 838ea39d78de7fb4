/** @jsx h */
import * as React from "react";
import { DefaultButton, PrimaryButton, Stack, Text } from "@fluentui/react";
import { requestedParameters, type EditedValues } from "../../runModel/parameters";
import { formatIssue } from "../../runModel/issueText";
import type { TrackerView } from "../../runModel/trackerView";
import type { ValidationIssue } from "../../runModel/validationIssue";
import type { Localize } from "../../runModel/localize";
import { ConfirmDialog } from "./ConfirmDialog";
import { ErrorNotice } from "./ErrorNotice";
import { ParameterForm } from "./ParameterForm";
import { RunStatusPanel } from "./RunStatusPanel";
import { StateIcon } from "./StateIcon";
import { h } from "./h";

export interface TriggerViewProps {
    view: TrackerView;
    localize: Localize;
    /** The maker's ButtonText; empty uses the localized default. */
    buttonText?: string;
    /** The maker's ConfirmText; when set, the run needs confirming. */
    confirmText?: string;
    showParameters: boolean;
    /** Allocated size in pixels; undefined lets the control size itself. */
    width?: number;
    height?: number;
    onRun: (parameters: Record<string, string>) => void;
    onCancel: () => void;
}

const FORM_PROPERTIES: ReadonlySet<ValidationIssue["property"]> = new Set(["JobParameters", "ParameterDefinitions"]);

type OpenDialog = "none" | "run" | "cancel";

/** The whole control: problems, parameter form, run and cancel buttons, run status and a live region. */
export const TriggerView: React.FC<TriggerViewProps> = (props) => {
    const { view, localize } = props;
    const [edited, setEdited] = React.useState<EditedValues>(new Map());
    const [dialog, setDialog] = React.useState<OpenDialog>("none");

    // Parameter problems sit in the form; without the form they join the others at the top.
    const inForm = (issue: ValidationIssue) => props.showParameters && FORM_PROPERTIES.has(issue.property);
    const formProblems = view.issues.filter(inForm).map((i) => formatIssue(i, localize));
    const otherProblems = view.issues.filter((i) => !inForm(i)).map((i) => formatIssue(i, localize));
    const formDisabled = view.disabled || view.runState === "Submitting";

    const closeDialog = () => setDialog("none");
    const startRun = () => {
        closeDialog();
        props.onRun(requestedParameters(view.parameters.fields, edited));
    };
    const requestRun = () => {
        if (!view.canTrigger) return;
        if (props.confirmText) setDialog("run");
        else startRun();
    };
    const onSubmit = (event: React.FormEvent) => {
        event.preventDefault();
        requestRun();
    };

    const stateLabel = localize(`State_${view.runState}`);
    // While submitting, the state line below says why; an active run needs saying.
    const runHint = view.run && view.runInProgress ? localize("Button_RunInProgress") : undefined;
    // React writes a number as pixels.
    const rootStyle: React.CSSProperties = { width: props.width ?? "100%", height: props.height };

    return (
        <div className="dbx-trigger" style={rootStyle}>
            <form onSubmit={onSubmit} noValidate>
                <Stack tokens={{ childrenGap: 12 }}>
                    {otherProblems.length > 0 && (
                        <ErrorNotice lines={[localize("Validation_Heading"), ...otherProblems]} />
                    )}
                    {props.showParameters && (
                        <ParameterForm
                            fields={view.parameters.fields}
                            fromDefinitions={view.parameters.fromDefinitions}
                            values={edited}
                            problems={formProblems}
                            disabled={formDisabled}
                            localize={localize}
                            onChange={(name, value) => setEdited((current) => new Map(current).set(name, value))}
                        />
                    )}
                    <Stack horizontal tokens={{ childrenGap: 8 }} wrap>
                        <PrimaryButton
                            type="submit"
                            text={props.buttonText || localize("Button_RunDefault")}
                            disabled={!view.canTrigger}
                            title={runHint}
                        />
                        {runHint && <Text>{runHint}</Text>}
                        {(view.canCancel || view.cancelRequested) && (
                            <DefaultButton
                                text={localize(view.cancelRequested ? "Button_Cancelling" : "Button_Cancel")}
                                disabled={!view.canCancel}
                                onClick={() => setDialog("cancel")}
                            />
                        )}
                    </Stack>
                    {view.runState === "Submitting" && (
                        <Stack horizontal verticalAlign="center" tokens={{ childrenGap: 8 }}>
                            <StateIcon state="Submitting" active />
                            <Text variant="mediumPlus">{stateLabel}</Text>
                        </Stack>
                    )}
                    {view.failure === "noRunStarted" && <ErrorNotice lines={[localize("Error_NoRunStarted")]} />}
                    {view.errorText !== undefined && (
                        <ErrorNotice lines={[localize("Error_CallFailed", view.errorText)]} />
                    )}
                    {view.run && <RunStatusPanel run={view.run} now={view.now} localize={localize} />}
                </Stack>
            </form>
            <div className="dbx-trigger-live" role="status" aria-live="polite" aria-atomic="true">
                {view.runState === "Idle" ? "" : localize("Status_Announce", stateLabel)}
            </div>
            {dialog === "run" && (
                <ConfirmDialog
                    title={localize("Confirm_RunTitle")}
                    text={props.confirmText ?? ""}
                    confirmLabel={localize("Confirm_RunYes")}
                    dismissLabel={localize("Confirm_RunNo")}
                    onConfirm={startRun}
                    onDismiss={closeDialog}
                />
            )}
            {dialog === "cancel" && view.run && (
                <ConfirmDialog
                    title={localize("Confirm_CancelTitle")}
                    text={localize("Confirm_CancelText", view.run.runId)}
                    confirmLabel={localize("Confirm_CancelYes")}
                    dismissLabel={localize("Confirm_CancelNo")}
                    onConfirm={() => {
                        closeDialog();
                        props.onCancel();
                    }}
                    onDismiss={closeDialog}
                />
            )}
        </div>
    );
};
