package dev.tether.testkit.toxiproxy.internal;

/**
 * An API failure with the HTTP status and the exact message the real Toxiproxy answers with.
 * Thrown inside the server, turned into {@code {"error":"...","status":N}} by {@link ApiHandler}.
 */
public final class ApiError extends Exception {
    static final ApiError PROXY_NOT_FOUND = new ApiError(404, "proxy not found");
    static final ApiError PROXY_ALREADY_EXISTS = new ApiError(409, "proxy already exists");
    static final ApiError TOXIC_NOT_FOUND = new ApiError(404, "toxic not found");
    static final ApiError TOXIC_ALREADY_EXISTS = new ApiError(409, "toxic already exists");
    static final ApiError INVALID_STREAM =
            new ApiError(400, "stream was invalid, can be either upstream or downstream");
    static final ApiError INVALID_TOXIC_TYPE = new ApiError(400, "invalid toxic type");

    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static ApiError badRequestBody(String detail) {
        return new ApiError(400, "bad request body: " + detail);
    }

    static ApiError missingField(String detail) {
        return new ApiError(400, "missing required field: " + detail);
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }
}
