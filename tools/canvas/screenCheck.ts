import type { ValidateFunction } from "ajv";
import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import { ControlEvents, InputProperties, OutputProperties } from "../../TriggerControl/ManifestConstants";
import { describeSchemaError } from "../common/jsonSchemaErrors";
import { pointerOf } from "../common/jsonPointer";
import { isObject } from "../common/objects";
import { powerFxBracketProblem, topLevelParts } from "../connector/validator/powerFx";
import { checkPowerFxCalls } from "../connector/validator/readmeRules";
import type { SwaggerDocument } from "../connector/model/swaggerModel";
import { paSchemaErrors } from "./paYamlSchema";

/**
 * Checks a pa.yaml v3 document that holds the Databricks Job Trigger control (a screen for Power
 * Apps Studio's "Paste code"): the official schema, the control's identity and property names
 * against the manifest, and every formula — brackets that match, and each DatabricksJobs call
 * against the connector definition (operation, positional arguments, names in the record).
 */

export interface ScreenProblem {
    /** 1-based line in the file, when the place is known. */
    line?: number;
    /** JSON pointer into the document. */
    pointer: string;
    message: string;
}

export interface ScreenCheckContext {
    definition: SwaggerDocument;
    /** The control's schema name in the solution: `<prefix>_<namespace>.<constructor>`. */
    componentName: string;
    /** The (patched) pa.yaml schema; undefined when the reference data is not here. */
    validateSchema?: ValidateFunction;
}

/**
 * Properties the canvas host gives every code component, beside the manifest's (Learn: "Code
 * components for canvas apps"; a component's size, place, visibility and display mode).
 */
export const HOST_PROPERTIES: readonly string[] = ["X", "Y", "Width", "Height", "Visible", "DisplayMode"];

const INPUTS_AND_EVENTS = new Set<string>([...InputProperties, ...ControlEvents, ...HOST_PROPERTIES]);
const READABLE = new Set<string>([...InputProperties, ...OutputProperties, ...ControlEvents, ...HOST_PROPERTIES]);

export function formatScreenProblem(file: string, { line, pointer, message }: ScreenProblem): string {
    return `${file}${line === undefined ? "" : `:${line}`} ${pointer || "/"}: ${message}`;
}

interface Formula {
    path: (string | number)[];
    formula: string;
    /** The control whose property it is; undefined for a screen's. */
    control?: ControlInstance;
}

interface ControlInstance {
    name: string;
    path: (string | number)[];
    body: Record<string, unknown>;
}

export function checkScreenText(text: string, context: ScreenCheckContext): ScreenProblem[] {
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter, uniqueKeys: true });
    if (document.errors.length > 0) {
        return document.errors.map((error) => ({
            line: error.linePos?.[0].line,
            pointer: "",
            message: `not YAML: ${error.message.split("\n")[0]}`,
        }));
    }
    const lineOf = (path: (string | number)[]): number | undefined => nodeLine(document, lineCounter, path);
    const report = (path: (string | number)[], message: string): ScreenProblem => ({
        line: lineOf(path),
        pointer: pointerOf(...path),
        message,
    });
    const value: unknown = document.toJS();
    const schemaProblems = context.validateSchema
        ? paSchemaErrors(context.validateSchema, value).map((error) => {
              const path = error.instancePath.split("/").slice(1).map(unescapePointer);
              return report(path, `the pa.yaml schema: ${describeSchemaError(error)}`);
          })
        : [];
    if (schemaProblems.length > 0) return schemaProblems;

    const controls = controlsIn(value);
    const formulas = formulasIn(value, controls);
    return [
        ...controlProblems(controls, context, report),
        ...formulas.flatMap((formula) => formulaProblems(formula, controls, context, report)),
    ];
}

type Report = (path: (string | number)[], message: string) => ScreenProblem;

function controlProblems(controls: ControlInstance[], context: ScreenCheckContext, report: Report): ScreenProblem[] {
    const codeComponents = controls.filter((control) => control.body.Control === "CodeComponent");
    const problems = codeComponents
        .filter((control) => control.body.ComponentName !== context.componentName)
        .map((control) =>
            report(
                [...control.path, "ComponentName"],
                `is ${JSON.stringify(control.body.ComponentName)}; the Databricks Job Trigger control is ${context.componentName} (the solution's publisher prefix, the manifest's namespace and constructor)`,
            ),
        );
    const triggers = codeComponents.filter((control) => control.body.ComponentName === context.componentName);
    if (triggers.length === 0 && problems.length === 0)
        problems.push(report([], `no control is a CodeComponent named ${context.componentName}`));
    for (const trigger of triggers) {
        const properties = isObject(trigger.body.Properties) ? Object.keys(trigger.body.Properties) : [];
        for (const property of properties.filter((name) => !INPUTS_AND_EVENTS.has(name))) {
            problems.push(
                report(
                    [...trigger.path, "Properties", property],
                    `the control has no input or event ${property} (its manifest has ${[...InputProperties, ...ControlEvents].join(", ")})`,
                ),
            );
        }
    }
    return problems;
}

function formulaProblems(
    { path, formula, control }: Formula,
    controls: ControlInstance[],
    context: ScreenCheckContext,
    report: Report,
): ScreenProblem[] {
    const problems = powerFxFormulaProblems(formula, context.definition).map((message) => report(path, message));
    const triggerNames = new Set(
        controls.filter((candidate) => candidate.body.ComponentName === context.componentName).map((c) => c.name),
    );
    const ownerIsTrigger = control !== undefined && triggerNames.has(control.name);
    for (const match of formula.matchAll(/(?<![\w.'])('[^']+'|[A-Za-z_]\w*)\.(\w+)/g)) {
        const owner = match[1].replace(/^'|'$/g, "");
        const refersToTrigger = triggerNames.has(owner) || (owner === "Self" && ownerIsTrigger);
        if (refersToTrigger && !READABLE.has(match[2])) {
            problems.push(report(path, `${match[0]}: the control has no property ${match[2]}`));
        }
    }
    return problems;
}

/**
 * What is wrong with one Power Fx formula, wherever it is written (a screen, the manifest's
 * defaults, a guide): an unmatched bracket (then nothing else is checked), a DatabricksJobs call
 * the connector cannot take, or an IfError whose Value is a chain.
 */
export function powerFxFormulaProblems(formula: string, definition: SwaggerDocument): string[] {
    const bracket = powerFxBracketProblem(formula);
    if (bracket) {
        const { line, column } = positionIn(formula, bracket.index);
        return [`${bracket.message} (formula line ${line}, column ${column})`];
    }
    return [
        ...checkPowerFxCalls(formula, definition, "formula").map(
            (found) => `${found.message} (formula ${found.pointer.replace("/line/", "line ")})`,
        ),
        ...chainedIfErrorValues(formula),
    ];
}

/**
 * IfError(Value1, Fallback1, Value2, Fallback2, …, DefaultResult) checks each Value on its own; a
 * Value written as a chain `A; B` can let an error of A pass unseen (Microsoft's IfError
 * reference). Fallbacks and the default may be chains: they only run.
 */
function chainedIfErrorValues(formula: string): string[] {
    const problems: string[] = [];
    for (const match of formula.matchAll(/\bIfError\(/g)) {
        const args = topLevelParts(formula, (match.index ?? 0) + match[0].length, ")") ?? [];
        args.forEach((arg, index) => {
            const isValue = index % 2 === 0 && index < args.length - (args.length % 2);
            if (isValue && hasTopLevelChain(arg))
                problems.push(
                    `IfError's Value${index / 2 + 1} is a chain (${arg.split(";")[0].trim()}; …): give each call its own Value and Fallback, IfError(Value1, Fallback1, Value2, Fallback2, …)`,
                );
        });
    }
    return problems;
}

function hasTopLevelChain(text: string): boolean {
    let depth = 0;
    let quote: string | undefined;
    for (const char of text) {
        if (quote) quote = char === quote ? undefined : quote;
        else if (char === '"' || char === "'") quote = char;
        else if ("({[".includes(char)) depth += 1;
        else if (")}]".includes(char)) depth -= 1;
        else if (char === ";" && depth === 0) return true;
    }
    return false;
}

function positionIn(text: string, index: number): { line: number; column: number } {
    const before = text.slice(0, index).split("\n");
    return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Every control instance of every screen, depth first, with its path in the document. */
function controlsIn(document: unknown): ControlInstance[] {
    const found: ControlInstance[] = [];
    const visit = (children: unknown, path: (string | number)[]) => {
        if (!Array.isArray(children)) return;
        children.forEach((item, index) => {
            if (!isObject(item)) return;
            for (const [name, body] of Object.entries(item)) {
                if (!isObject(body)) continue;
                const controlPath = [...path, index, name];
                found.push({ name, path: controlPath, body });
                visit(body.Children, [...controlPath, "Children"]);
            }
        });
    };
    const screens = isObject(document) && isObject(document.Screens) ? document.Screens : {};
    for (const [name, screen] of Object.entries(screens)) {
        if (isObject(screen)) visit(screen.Children, ["Screens", name, "Children"]);
    }
    return found;
}

function formulasIn(document: unknown, controls: ControlInstance[]): Formula[] {
    const formulas: Formula[] = [];
    const collect = (properties: unknown, path: (string | number)[], control?: ControlInstance) => {
        if (!isObject(properties)) return;
        for (const [name, value] of Object.entries(properties)) {
            if (typeof value === "string" && value.startsWith("="))
                formulas.push({ path: [...path, "Properties", name], formula: value.slice(1), control });
        }
    };
    const screens = isObject(document) && isObject(document.Screens) ? document.Screens : {};
    for (const [name, screen] of Object.entries(screens)) {
        if (isObject(screen)) collect(screen.Properties, ["Screens", name]);
    }
    for (const control of controls) collect(control.body.Properties, control.path, control);
    return formulas;
}

function unescapePointer(segment: string): string {
    return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The line of the node at `path`, or of its nearest ancestor that exists. */
function nodeLine(document: Document, lineCounter: LineCounter, path: (string | number)[]): number | undefined {
    for (let length = path.length; length >= 0; length -= 1) {
        const node: unknown = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
}
