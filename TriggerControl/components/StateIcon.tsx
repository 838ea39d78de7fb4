/** @jsx h */
import * as React from "react";
import { Spinner, SpinnerSize } from "@fluentui/react";
import type { RunState } from "../../runModel/runState";
import { h } from "./h";

export type GlyphKind = "success" | "warning" | "failure" | "stopped" | "neutral";

const GLYPH_OF_STATE: Partial<Record<RunState, GlyphKind>> = {
    Succeeded: "success",
    SucceededWithFailures: "warning",
    Failed: "failure",
    TimedOut: "failure",
    Error: "failure",
    Canceled: "stopped",
    Skipped: "stopped",
    Unknown: "warning",
};

const COLORS: Record<GlyphKind, string> = {
    success: "#107c10",
    warning: "#8a5a00",
    failure: "#a4262c",
    stopped: "#605e5c",
    neutral: "#605e5c",
};

// Drawn inline: the host may not have registered Fluent's icon font, and the control must not fetch it.
const PATHS: Record<GlyphKind, string> = {
    success: "M6.5 10.6 3.9 8l-1 1 3.6 3.6 7-7-1-1z",
    warning: "M8 1 .5 14.5h15zm-.7 4.5h1.4v5H7.3zm0 6h1.4v1.4H7.3z",
    failure: "M4.4 3.3 3.3 4.4 6.9 8l-3.6 3.6 1.1 1.1L8 9.1l3.6 3.6 1.1-1.1L9.1 8l3.6-3.6-1.1-1.1L8 6.9z",
    stopped: "M4 4h8v8H4z",
    neutral: "M8 3a5 5 0 1 0 0 10A5 5 0 0 0 8 3zm0 1.5a3.5 3.5 0 1 1 0 7 3.5 3.5 0 0 1 0-7z",
};

/** A 16-pixel glyph in its kind's colour; decorative, so hidden from screen readers. */
export const Glyph: React.FC<{ kind: GlyphKind }> = ({ kind }) => (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false" data-glyph={kind}>
        <path d={PATHS[kind]} fill={COLORS[kind]} />
    </svg>
);

/** A spinner while the run is active, otherwise the state's glyph. */
export const StateIcon: React.FC<{ state: RunState; active: boolean }> = ({ state, active }) =>
    active ? (
        <Spinner size={SpinnerSize.small} aria-hidden="true" />
    ) : (
        <Glyph kind={GLYPH_OF_STATE[state] ?? "neutral"} />
    );
