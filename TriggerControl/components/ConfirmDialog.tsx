/** @jsx h */
import * as React from "react";
import { DefaultButton, Dialog, DialogFooter, DialogType, PrimaryButton } from "@fluentui/react";
import { h } from "./h";

export interface ConfirmDialogProps {
    title: string;
    text: string;
    confirmLabel: string;
    dismissLabel: string;
    onConfirm: () => void;
    onDismiss: () => void;
}

/** A modal question with two answers; Escape and the close button dismiss it. */
export const ConfirmDialog: React.FC<ConfirmDialogProps> = (props) => (
    <Dialog
        hidden={false}
        onDismiss={props.onDismiss}
        dialogContentProps={{ type: DialogType.normal, title: props.title, subText: props.text }}
        modalProps={{ isBlocking: true }}
    >
        <DialogFooter>
            <PrimaryButton text={props.confirmLabel} onClick={props.onConfirm} />
            <DefaultButton text={props.dismissLabel} onClick={props.onDismiss} />
        </DialogFooter>
    </Dialog>
);
