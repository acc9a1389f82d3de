package org.tellonce.config;

/**
 * Every environment variable the functions read, in one place; template.yaml sets the same names.
 * Only {@link Config#from} reads them.
 */
public final class EnvNames {
    public static final String TABLE_NAME = "TABLE_NAME";
    /** The CloudFormation stack: the dimension of the metrics one alarm watches over all functions. */
    public static final String STACK_NAME = "STACK_NAME";
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
    /** Present: the SDK takes credentials from the environment rather than its default chain. */
    public static final String AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    /** Set by the Lambda runtime itself (never by template.yaml): metrics go to the log only there. */
    public static final String AWS_LAMBDA_FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";
    /** Milliseconds per DynamoDB attempt (default 3000; the local stack allows more). */
    public static final String DYNAMODB_ATTEMPT_TIMEOUT_MS = "DYNAMODB_ATTEMPT_TIMEOUT_MS";
    /** Overrides the hourly per-contact story limit. */
    public static final String STORIES_PER_CONTACT_PER_HOUR = "STORIES_PER_CONTACT_PER_HOUR";
    /** How long the story form caches the partner list, in seconds. */
    public static final String PARTNER_LIST_CACHE_SECONDS = "PARTNER_LIST_CACHE_SECONDS";
    public static final String RESIDENT_ERASE_BUDGET_SECONDS = "RESIDENT_ERASE_BUDGET_SECONDS";
    /** {@code local}: SMS replies go to the local outbox (local stack only). */
    public static final String SMS_SENDER = "SMS_SENDER";
    /** {@code off}, {@code safeguarding} (default) or {@code all}: which stories wait for a moderator (SPEC section 12). */
    public static final String MODERATION = "MODERATION";
    /** The stack's public address (the API's URL), for links in messages to residents. */
    public static final String PUBLIC_URL = "PUBLIC_URL";
    /** {@code local}: e-mail goes to the local outbox (local stack only). */
    public static final String EMAIL_SENDER = "EMAIL_SENDER";
    /** The SES verified identity (an address, or an address at a verified domain) e-mail is sent from. */
    public static final String EMAIL_FROM = "EMAIL_FROM";
    /** The End User Messaging origination identity replies are sent from. */
    public static final String SMS_ORIGINATION_IDENTITY = "SMS_ORIGINATION_IDENTITY";
    /** Present: replies to Twilio messages are sent through Twilio from this account. */
    public static final String TWILIO_ACCOUNT_SID = "TWILIO_ACCOUNT_SID";
    public static final String TWILIO_FROM_NUMBER = "TWILIO_FROM_NUMBER";
    /** The Twilio auth token itself (local stack, tests). */
    public static final String TWILIO_AUTH_TOKEN = "TWILIO_AUTH_TOKEN";
    /** Name of the SSM SecureString parameter holding the Twilio auth token (AWS). */
    public static final String TWILIO_AUTH_TOKEN_PARAMETER = "TWILIO_AUTH_TOKEN_PARAMETER";

    /** Days a partner has to reply to a story shared with it before the inbox and API call it overdue (default 20). */
    public static final String RESPONSE_TARGET_DAYS = "RESPONSE_TARGET_DAYS";
    public static final String WEBHOOK_QUEUE_URL = "WEBHOOK_QUEUE_URL";
    public static final String WEBHOOK_DEAD_LETTER_QUEUE_URL = "WEBHOOK_DEAD_LETTER_QUEUE_URL";
    public static final String SQS_ENDPOINT = "SQS_ENDPOINT";
    public static final String WEBHOOK_ALLOW_LOOPBACK = "WEBHOOK_ALLOW_LOOPBACK";
    public static final String WEBHOOK_FIRST_RETRY_SECONDS = "WEBHOOK_FIRST_RETRY_SECONDS";

    private EnvNames() {
    }
}
