/** @jsx h */
import * as React from "react";
import { h } from "./h";
import { Glyph } from "./StateIcon";

/**
 * Error lines in a tinted box, announced by screen readers when they appear. Fluent's MessageBar is
 * not used: its icon needs the icon font, which a canvas host may not have registered.
 */
export const ErrorNotice: React.FC<{ lines: readonly string[] }> = ({ lines }) => (
    <div className="dbx-trigger-error" role="alert">
        <Glyph kind="failure" />
        <div>
            {lines.map((line, index) => (
                <div key={index}>{line}</div>
            ))}
        </div>
    </div>
);
