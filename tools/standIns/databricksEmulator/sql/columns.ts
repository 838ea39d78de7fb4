import { SqlTypeName } from "../seed";

/** A result column as the statement's manifest describes it. */
export interface Column {
    name: string;
    type_name: SqlTypeName | "NULL";
    type_text: string;
}

/** A value in a JSON_ARRAY result: every value as a string, SQL NULL as null. */
export type Cell = string | null;

export type TableValue = string | number | boolean | null;

export function toCell(value: TableValue | undefined): Cell {
    if (value === null || value === undefined) return null;
    return String(value);
}
