import { readFileSync } from "node:fs";
import { repoPath } from "../../../tools/common/repoPaths";
import {
    ACTION_TYPES,
    CONDITION_OPERATORS,
    FUNCTIONS_BY_CATEGORY,
    RUN_AFTER_STATUSES,
} from "../../../tools/standIns/workflowEngine";

/** The engine's README lists what it supports; these keep the lists and the tables the same. */
const readme = readFileSync(repoPath("tools", "standIns", "workflowEngine", "README.md"), "utf8");
const section = (heading: string) => readme.split(/^## /m).find((part) => part.startsWith(`${heading}\n`)) ?? "";
const codeNames = (text: string) => [...text.matchAll(/`([A-Za-z]+)`/g)].map((match) => match[1]);

test("the README's action types are the handler map's", () => {
    const listLine =
        section("Action types")
            .split("\n")
            .find((line) => line.startsWith(`\`${ACTION_TYPES[0]}\``)) ?? "";
    expect(codeNames(listLine)).toEqual([...ACTION_TYPES]);
});

test("the README's functions are the function table's, category by category", () => {
    const rows = section("Functions")
        .split("\n")
        .filter((line) => /^\| [a-z ]+ \| `/.test(line))
        .map((line) => line.split("|").map((cell) => cell.trim()));
    const listed = Object.fromEntries(rows.map(([, category, functions]) => [category, codeNames(functions)]));
    const table = Object.fromEntries(
        Object.entries(FUNCTIONS_BY_CATEGORY).map(([category, functions]) => [category, Object.keys(functions).sort()]),
    );
    expect(listed).toEqual(table);
});

test("the README's condition operators are the engine's", () => {
    const conditions =
        section("Action types")
            .split("\n- ")
            .find((item) => item.startsWith("`If` and `Until`")) ?? "";
    const comparisons = codeNames(conditions.slice(conditions.indexOf("the comparisons")));
    expect(comparisons.slice(0, CONDITION_OPERATORS.length)).toEqual([...CONDITION_OPERATORS]);
});

test("the README's runAfter statuses are the engine's, and each action type has its paragraph", () => {
    const items = section("Action types").split("\n- ");
    const runAfter = items.find((item) => item.startsWith("`runAfter` with")) ?? "";
    expect(codeNames(runAfter.slice(0, runAfter.indexOf(", the statuses"))).slice(1)).toEqual([...RUN_AFTER_STATUSES]);
    // A paragraph is about the types its first words name: "`If` and `Until` take …".
    const described = new Set(items.slice(1).flatMap((item) => codeNames(item.split(/ (?!and )(?<!and )/)[0])));
    const needParagraph = ACTION_TYPES.filter(
        (type) => !["Compose", "InitializeVariable", "SetVariable", "Response", "Scope"].includes(type),
    );
    expect(needParagraph.filter((type) => !described.has(type))).toEqual([]);
});
