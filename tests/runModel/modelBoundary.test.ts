import { spawnSync } from "node:child_process";
import { repoPath, REPO_ROOT } from "../../tools/common/repoPaths";

/**
 * The run model is shared by every front end, so the lint rules keep React, PCF, the DOM, Node and the
 * tools out of runModel/. The code below is linted as if it were a file there (it is never written),
 * by ESLint in a process of its own: its configuration is an ES module, which jest cannot load.
 */
function problems(code: string, file: string): string[] {
    const eslint = spawnSync(
        process.execPath,
        [
            repoPath("node_modules", "eslint", "bin", "eslint.js"),
            "--format",
            "json",
            "--stdin",
            "--stdin-filename",
            file,
        ],
        { cwd: REPO_ROOT, input: code, encoding: "utf8" },
    );
    if (eslint.status !== 0 && eslint.status !== 1) throw new Error(`ESLint failed: ${eslint.stderr}`);
    const [result] = JSON.parse(eslint.stdout) as { messages: { line: number; ruleId: string | null }[] }[];
    return result.messages.map((message) => `${message.line}: ${message.ruleId}`);
}

const FRONT_END_CODE = [
    'import * as React from "react";',
    'import { Stack } from "@fluentui/react";',
    'import { InputProperty } from "../TriggerControl/ManifestConstants";',
    'import { REPO_ROOT } from "../tools/common/repoPaths";',
    'import { readFileSync } from "node:fs";',
    "export const seen = [document.title, window.name, navigator.language, localStorage.length, process.env.HOME];",
    "export type Host = ComponentFramework.Context<unknown>;",
    "export const element = (target: HTMLElement) => target;",
    "export const later = setTimeout(() => undefined, 1);",
    "export const used = [React, Stack, InputProperty, REPO_ROOT, readFileSync];",
].join("\n");

test("UI libraries, the control, the tools, Node, the DOM and PCF are refused in the run model", () => {
    expect(problems(FRONT_END_CODE, "runModel/frontEndProbe.ts")).toEqual([
        "1: no-restricted-imports",
        "2: no-restricted-imports",
        "3: no-restricted-imports",
        "4: no-restricted-imports",
        "5: no-restricted-imports",
        "6: no-restricted-globals",
        "6: no-restricted-globals",
        "6: no-restricted-globals",
        "6: no-restricted-globals",
        "6: no-restricted-globals",
        "7: no-restricted-syntax",
        "8: no-restricted-syntax",
        "9: no-restricted-globals",
    ]);
}, 30_000);

test("the same code is allowed in the control, and timers are allowed in the model's clock", () => {
    expect(problems(FRONT_END_CODE, "TriggerControl/frontEndProbe.ts")).toEqual([]);
    expect(problems("export const later = setTimeout(() => undefined, 1);\n", "runModel/clock.ts")).toEqual([]);
}, 30_000);

test("what every JavaScript host has is allowed in the model", () => {
    const code =
        'export const ok = [new URL("https://example.com").href, crypto.getRandomValues(new Uint8Array(1)), JSON.stringify(Date.now()), Math.max(1, 2)];\n';
    expect(problems(code, "runModel/hostNeutralProbe.ts")).toEqual([]);
}, 30_000);
