import { isObject } from "../../../common/objects";
import { invalidParameter } from "../apiError";
import { Cell, Column } from "./columns";
import { badStatement } from "./sqlErrors";

/** A named :parameter of a statement, as the request sends it: a string value and a SQL type name. */
export interface Parameter {
    name: string;
    value: string | null;
    type: string;
}

/** The request's parameters list; a malformed list is an HTTP 400, not a failed statement. */
export function parseParameters(value: unknown): Map<string, Parameter> {
    const result = new Map<string, Parameter>();
    if (value === undefined || value === null) return result;
    if (!Array.isArray(value)) throw invalidParameter("parameters must be a list of {name, value, type}.");
    for (const item of value) {
        if (!isObject(item) || typeof item.name !== "string") {
            throw invalidParameter("Each statement parameter needs a name.");
        }
        const { name, value: itemValue, type } = item as { name: string; value?: unknown; type?: unknown };
        if (itemValue !== undefined && itemValue !== null && typeof itemValue !== "string") {
            throw invalidParameter(`The value of statement parameter ${name} must be a string.`);
        }
        result.set(name, {
            name,
            value: (itemValue as string | undefined) ?? null,
            type: typeof type === "string" && type !== "" ? type.toUpperCase() : "STRING",
        });
    }
    return result;
}

const INTEGER_TYPES = ["INT", "INTEGER", "BIGINT", "LONG", "SMALLINT", "TINYINT"];

/** The parameter's value cast to its type, as Databricks casts it; a value that does not cast fails the statement. */
export function typedParameter(parameter: Parameter): { value: Cell; column: Column } {
    const { type, value } = parameter;
    const column = (type_name: Column["type_name"], type_text: string): Column => ({
        name: parameter.name,
        type_name,
        type_text,
    });
    const requireForm = (isValid: (text: string) => boolean): void => {
        if (value === null || isValid(value)) return;
        throw badStatement(
            `[CAST_INVALID_INPUT] The value '${value}' of the type "STRING" cannot be cast to "${type}" because it is malformed. SQLSTATE: 22018`,
        );
    };
    const cast = (convert: (text: string) => string): Cell => (value === null ? null : convert(value));
    if (type === "STRING") return { value, column: column("STRING", "STRING") };
    if (INTEGER_TYPES.includes(type)) {
        requireForm((text) => /^\s*-?\d+\s*$/.test(text));
        const isLong = type === "BIGINT" || type === "LONG";
        return {
            value: cast((text) => BigInt(text.trim()).toString()),
            column: column(isLong ? "LONG" : "INT", isLong ? "BIGINT" : "INT"),
        };
    }
    if (type === "DOUBLE" || type === "FLOAT") {
        requireForm((text) => Number.isFinite(Number(text)));
        return { value: cast((text) => String(Number(text))), column: column("DOUBLE", "DOUBLE") };
    }
    if (type === "BOOLEAN") {
        requireForm((text) => /^(true|false)$/i.test(text.trim()));
        return { value: cast((text) => text.trim().toLowerCase()), column: column("BOOLEAN", "BOOLEAN") };
    }
    if (type === "DATE") {
        requireForm((text) => /^\d{4}-\d{2}-\d{2}$/.test(text.trim()));
        return { value: cast((text) => text.trim()), column: column("DATE", "DATE") };
    }
    if (type === "TIMESTAMP") {
        requireForm((text) => !Number.isNaN(Date.parse(text)));
        return { value: cast((text) => new Date(text).toISOString()), column: column("TIMESTAMP", "TIMESTAMP") };
    }
    const decimal = /^DECIMAL(?:\((\d+),\s*(\d+)\))?$/.exec(type);
    if (decimal) {
        requireForm((text) => /^\s*-?\d+(\.\d+)?\s*$/.test(text));
        return {
            value: cast((text) => text.trim()),
            column: column("DECIMAL", `DECIMAL(${decimal[1] ?? 10},${decimal[2] ?? 0})`),
        };
    }
    throw badStatement(`[UNSUPPORTED_DATATYPE] Unsupported data type "${type}". SQLSTATE: 0A000`);
}
