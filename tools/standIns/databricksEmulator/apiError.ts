/** An error a workspace answers with JSON {error_code, message}. */
export class ApiError extends Error {
    constructor(
        readonly status: number,
        readonly errorCode: string | number,
        message: string,
        readonly headers: Record<string, string> = {},
    ) {
        super(message);
    }

    body(): { error_code: string | number; message: string } {
        return { error_code: this.errorCode, message: this.message };
    }
}

export function invalidParameter(message: string): ApiError {
    return new ApiError(400, "INVALID_PARAMETER_VALUE", message);
}
