package org.tellonce.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tellonce.config.Config;
import org.tellonce.config.EnvNames;
import org.tellonce.testing.ProjectFiles;

/**
 * On the local stack each function runs with the environment its own template.yaml entry gives it
 * (Globals plus its own variables) and the local overrides, as in AWS: never another function's.
 */
class FunctionEnvironmentTest {
    private static final SamTemplate TEMPLATE = SamTemplate.load(ProjectFiles.template());
    private static final LocalStack.Options OPTIONS = LocalStack.Options.inMemory(ProjectFiles.template());
    private static final String SECRET = "a-resident-key-secret-longer-than-32-bytes-0123456789";

    private static Map<String, String> environmentOf(String functionId) {
        return LocalStack.environment(TEMPLATE, TEMPLATE.function(functionId), OPTIONS, "http://127.0.0.1:1", SECRET);
    }

    @Test
    void theFanOutFunctionDoesNotSeeTheSmsFunctionsVariables() {
        Map<String, String> fanOut = environmentOf("FanOutFunction");

        assertThat(environmentOf("SmsInboundFunction")).containsKeys(EnvNames.SMS_ORIGINATION_IDENTITY, "SMS_OPT_OUT_MODE");
        assertThat(environmentOf("ResponseNotifierFunction")).containsKeys(EnvNames.TWILIO_ACCOUNT_SID);
        assertThat(fanOut).doesNotContainKeys(EnvNames.SMS_ORIGINATION_IDENTITY, "SMS_OPT_OUT_MODE",
                EnvNames.TWILIO_ACCOUNT_SID, EnvNames.TWILIO_FROM_NUMBER, EnvNames.TWILIO_AUTH_TOKEN_PARAMETER,
                EnvNames.TWILIO_AUTH_TOKEN);
        assertThat(Config.from(fanOut).sms()).isEqualTo(new Config.Sms(java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty()));
    }

    @Test
    void aSecretsValueGoesOnlyToTheFunctionsWhoseEntryNamesItsParameter() {
        Map<String, String> twilio = environmentOf("TwilioWebhookFunction");

        assertThat(twilio).containsKey(EnvNames.TWILIO_AUTH_TOKEN_PARAMETER).containsKey(EnvNames.TWILIO_AUTH_TOKEN);
        assertThat(environmentOf("SmsInboundFunction")).doesNotContainKey(EnvNames.TWILIO_AUTH_TOKEN);
        assertThat(environmentOf("SubmitStoryFunction")).containsEntry(EnvNames.RESIDENT_KEY_SECRET, SECRET)
                .doesNotContainKey(EnvNames.TWILIO_AUTH_TOKEN);
    }

    @Test
    void everyFunctionGetsTheTemplatesSharedVariablesAndTheLocalOverrides() {
        for (SamTemplate.Function function : TEMPLATE.functions()) {
            Map<String, String> env = environmentOf(function.logicalId());
            assertThat(env).as(function.logicalId())
                    .containsEntry(EnvNames.TABLE_NAME, OPTIONS.table())
                    .containsEntry(EnvNames.DYNAMODB_ENDPOINT, "http://127.0.0.1:1")
                    .containsEntry(EnvNames.SMS_SENDER, "local")
                    .containsKeys(EnvNames.TOPICS, EnvNames.RESIDENT_KEY_SECRET_PARAMETER)
                    .doesNotContainKey("JAVA_TOOL_OPTIONS");
            assertThat(Config.from(env).topics()).as(function.logicalId()).isNotBlank();
        }
    }

    @Test
    void anOperatorsSettingGivenToTheStackReachesEveryFunction() {
        LocalStack.Options options = OPTIONS.withEnvironment(Map.of(EnvNames.STORIES_PER_CONTACT_PER_HOUR, "2"));

        assertThat(Config.from(LocalStack.environment(TEMPLATE, TEMPLATE.function("SmsInboundFunction"), options,
                "http://127.0.0.1:1", SECRET)).storiesPerContactPerHour()).hasValue(2);
    }
}
