import { COLLECTION_FUNCTIONS } from "./collections";
import { COMPARISON_FUNCTIONS } from "./comparison";
import { CONVERSION_FUNCTIONS } from "./conversion";
import { DATE_TIME_FUNCTIONS } from "./dateTime";
import { MANIPULATION_FUNCTIONS } from "./manipulation";
import { MATH_FUNCTIONS } from "./math";
import { STRING_FUNCTIONS } from "./strings";
import { WORKFLOW_FUNCTIONS } from "./workflow";
import { FunctionTable, WorkflowFunction } from "./workflowFunction";

export type { FunctionTable, WorkflowFunction } from "./workflowFunction";

/** The functions the evaluator knows, by the category Microsoft's reference lists them under. */
export const FUNCTIONS_BY_CATEGORY: Readonly<Record<string, FunctionTable>> = {
    string: STRING_FUNCTIONS,
    collection: COLLECTION_FUNCTIONS,
    "logical comparison": COMPARISON_FUNCTIONS,
    conversion: CONVERSION_FUNCTIONS,
    manipulation: MANIPULATION_FUNCTIONS,
    math: MATH_FUNCTIONS,
    "date and time": DATE_TIME_FUNCTIONS,
    workflow: WORKFLOW_FUNCTIONS,
};

/** The function table: every function an expression may call, each a documented Workflow Definition Language function. */
export const FUNCTIONS: FunctionTable = Object.freeze(
    Object.assign({}, ...Object.values(FUNCTIONS_BY_CATEGORY)) as FunctionTable,
);

/** The names of the functions in the table, in alphabetical order. */
export const KNOWN_FUNCTIONS: readonly string[] = Object.freeze(Object.keys(FUNCTIONS).sort());

const BY_LOWER_CASE_NAME = new Map(Object.entries(FUNCTIONS).map(([name, entry]) => [name.toLowerCase(), entry]));

/**
 * The table's entry for a function name, or undefined when the name is not in it (inherited names
 * such as toString included). Function names are not case-sensitive: the designer writes
 * encodeURIComponent for the reference's encodeUriComponent.
 */
export function findFunction(name: string): WorkflowFunction | undefined {
    return BY_LOWER_CASE_NAME.get(name.toLowerCase());
}
