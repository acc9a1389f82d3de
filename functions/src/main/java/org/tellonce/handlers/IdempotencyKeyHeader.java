package org.tellonce.handlers;

import java.util.Optional;
import org.tellonce.core.intake.Limits;
import org.tellonce.core.intake.WebIntake;
import org.tellonce.http.BadRequestException;
import org.tellonce.http.HttpRequest;

/** The {@code Idempotency-Key} header as every API that takes one reads it. */
public final class IdempotencyKeyHeader {
    public static final String NAME = "idempotency-key";

    private IdempotencyKeyHeader() {
    }

    /** The request's key, if it sent one; a malformed one is a 400, never silently ignored. */
    public static Optional<String> of(HttpRequest request) {
        return of(request.header(NAME));
    }

    /** The key to use, if any: a malformed one is a 400, never silently ignored. */
    public static Optional<String> of(Optional<String> sent) {
        if (sent.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(WebIntake.idempotencyKey(sent.get()).orElseThrow(() -> new BadRequestException(
                "Idempotency-Key must be 1 to " + Limits.IDEMPOTENCY_KEY_MAX + " visible ASCII characters")));
    }
}
