package org.tellonce.config;

/** Names of the environment variables the functions read; template.yaml sets the same names. */
public final class EnvNames {
    public static final String TABLE_NAME = "TABLE_NAME";
    public static final String TOPICS = "TOPICS";
    /** The secret itself (local stack, tests). */
    public static final String RESIDENT_KEY_SECRET = "RESIDENT_KEY_SECRET";
    /** Name of the SSM SecureString parameter holding the secret (AWS). */
    public static final String RESIDENT_KEY_SECRET_PARAMETER = "RESIDENT_KEY_SECRET_PARAMETER";
    /** Endpoint override for DynamoDB (local stack only). */
    public static final String DYNAMODB_ENDPOINT = "DYNAMODB_ENDPOINT";
    /** Endpoint override for SSM (the LocalStack tests only). */
    public static final String SSM_ENDPOINT = "SSM_ENDPOINT";
    public static final String AWS_REGION = "AWS_REGION";

    private EnvNames() {
    }
}
