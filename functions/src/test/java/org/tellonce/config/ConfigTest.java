package org.tellonce.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A function's configuration, read once from its environment; what is wrong is named, never quoted. */
class ConfigTest {
    private static final String SECRET = "a-resident-key-secret-longer-than-32-bytes-0123456789";

    private static Map<String, String> lambda() {
        Map<String, String> env = new HashMap<>();
        env.put(EnvNames.TABLE_NAME, "tellonce-prod");
        env.put(EnvNames.TOPICS, "housing,transport");
        env.put(EnvNames.RESIDENT_KEY_SECRET_PARAMETER, "/tellonce/resident-key-secret");
        env.put(EnvNames.AWS_LAMBDA_FUNCTION_NAME, "SubmitStoryFunction");
        return env;
    }

    @Test
    void aLambdaEnvironmentGivesTheTemplatesValuesAndTheDefaults() {
        Config config = Config.from(lambda());

        assertThat(config.tableName()).isEqualTo("tellonce-prod");
        assertThat(config.topics()).isEqualTo("housing,transport");
        assertThat(config.residentKeySecretParameter()).contains("/tellonce/resident-key-secret");
        assertThat(config.region()).isEqualTo("eu-west-2");
        assertThat(config.emf()).as("metrics are written in Lambda").isTrue();
        assertThat(config.dynamoDbAttemptTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.storiesPerContactPerHour()).isEmpty();
        assertThat(config.localSms()).isFalse();
    }

    @Test
    void aMissingRequiredVariableFailsNamingTheVariable() {
        Map<String, String> env = lambda();
        env.remove(EnvNames.TOPICS);

        assertThatThrownBy(() -> Config.from(env)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(EnvNames.TOPICS);
    }

    @Test
    void withoutTheSecretOrItsParameterTheFunctionDoesNotStart() {
        Map<String, String> env = lambda();
        env.remove(EnvNames.RESIDENT_KEY_SECRET_PARAMETER);
        env.put(EnvNames.RESIDENT_KEY_SECRET, " ");

        assertThatThrownBy(() -> Config.from(env)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(EnvNames.RESIDENT_KEY_SECRET_PARAMETER);
    }

    @Test
    void aBadNumberIsNamedButItsValueIsNeverRepeated() {
        Map<String, String> env = lambda();
        env.put(EnvNames.STORIES_PER_CONTACT_PER_HOUR, "ten-" + SECRET);

        assertThatThrownBy(() -> Config.from(env)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(EnvNames.STORIES_PER_CONTACT_PER_HOUR)
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void theResponseTargetIsTwentyDaysUnlessSetAndOutOfRangeIsNamed() {
        assertThat(Config.from(lambda()).responseTargetDays()).isEqualTo(20);
        Map<String, String> env = lambda();
        env.put(EnvNames.RESPONSE_TARGET_DAYS, "5");
        assertThat(Config.from(env).responseTargetDays()).isEqualTo(5);
        for (String bad : new String[] {"0", "366", "soon"}) {
            env.put(EnvNames.RESPONSE_TARGET_DAYS, bad);
            assertThatThrownBy(() -> Config.from(env)).as(bad).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(EnvNames.RESPONSE_TARGET_DAYS);
        }
    }

    @Test
    void theSecretItselfNeverShowsInTheConfigurationsText() {
        Map<String, String> env = lambda();
        env.put(EnvNames.RESIDENT_KEY_SECRET, SECRET);
        env.remove(EnvNames.TOPICS);

        assertThatThrownBy(() -> Config.from(env)).hasMessageNotContaining(SECRET);
    }

    @Test
    void operatorsSettingsAreRead() {
        Map<String, String> env = lambda();
        env.put(EnvNames.STORIES_PER_CONTACT_PER_HOUR, "2");
        env.put(EnvNames.PARTNER_LIST_CACHE_SECONDS, "0");
        env.put(EnvNames.DYNAMODB_ATTEMPT_TIMEOUT_MS, "15000");
        env.put(EnvNames.SMS_SENDER, "local");

        Config config = Config.from(env);

        assertThat(config.storiesPerContactPerHour()).hasValue(2);
        assertThat(config.partnerListCache()).contains(Duration.ZERO);
        assertThat(config.dynamoDbAttemptTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.localSms()).isTrue();
    }

    @Test
    void aCacheTimeOutOfRangeFallsBackToTheDefault() {
        Map<String, String> env = lambda();
        env.put(EnvNames.PARTNER_LIST_CACHE_SECONDS, "86400");

        assertThat(Config.from(env).partnerListCache()).isEmpty();
    }

    @Test
    void outsideLambdaMetricsAreOffUnlessAskedForThroughTheConfiguration() {
        Map<String, String> env = lambda();
        env.remove(EnvNames.AWS_LAMBDA_FUNCTION_NAME);

        Config config = Config.from(env);

        assertThat(config.emf()).isFalse();
        assertThat(config.withEmf(true).emf()).isTrue();
    }
}
