package org.tellonce.core;

/** DynamoDB could not be reached or kept throttling after the SDK's bounded retries. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(Throwable cause) {
        super("The store is unavailable", cause);
    }
}
