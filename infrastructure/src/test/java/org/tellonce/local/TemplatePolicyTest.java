package org.tellonce.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tellonce.testing.ProjectFiles;

/** The deployable template as an operator and an auditor would check it. */
class TemplatePolicyTest {
    /**
     * The one "*" left, and only as the else branch of this condition: sms-voice:SendTextMessage when
     * the stack has no SmsOriginationIdentity. End User Messaging then picks one of the account's
     * phone numbers, pools or sender IDs at send time, and SendTextMessage is authorised on that
     * identity's ARN, which the template cannot know. With an identity the statement names its ARN.
     */
    private static final String SEND_TEXT = "sms-voice:SendTextMessage";
    private static final String SEND_TEXT_STAR_ONLY_UNLESS = "HasSmsOriginationIdentity";

    private final SamTemplate template = SamTemplate.load(ProjectFiles.template());

    @Test
    void everyAsynchronouslyInvokedFunctionHasADeadLetterQueueOrOnFailureDestination() {
        for (SamTemplate.Function f : template.functions()) {
            Map<String, Object> props = properties(f.logicalId());
            for (SamTemplate.Event e : f.events()) {
                switch (e.type()) {
                    case "SNS", "S3", "EventBridgeRule", "Schedule" -> assertThat(props.get("DeadLetterQueue"))
                            .as(f.logicalId() + " is invoked asynchronously by " + e.type()).isNotNull();
                    case "DynamoDB", "Kinesis" -> {
                        assertThat(map(map(e.properties().get("DestinationConfig")).get("OnFailure")).get("Destination"))
                                .as(f.logicalId() + " stream failures go somewhere").isNotNull();
                        assertThat(e.properties()).as(f.logicalId())
                                .containsKeys("MaximumRetryAttempts", "MaximumRecordAgeInSeconds",
                                        "BisectBatchOnFunctionError");
                        assertThat(String.valueOf(e.properties().get("FunctionResponseTypes")))
                                .contains("ReportBatchItemFailures");
                    }
                    default -> {
                        // HTTP routes answer their caller synchronously.
                    }
                }
            }
        }
    }

    @Test
    void everyFunctionLogsToAGroupThatExpires() {
        for (SamTemplate.Function f : template.functions()) {
            Object group = map(properties(f.logicalId()).get("LoggingConfig")).get("LogGroup");
            assertThat(group).as(f.logicalId() + " names its log group").isNotNull();
            String logicalId = String.valueOf(map(group).get("Ref"));
            Map<String, Object> resource = map(template.resources().get(logicalId));
            assertThat(resource.get("Type")).as(logicalId).isEqualTo("AWS::Logs::LogGroup");
            assertThat(String.valueOf(map(resource.get("Properties")).get("RetentionInDays")))
                    .as(logicalId + " expires after LogRetentionDays").contains("LogRetentionDays");
        }
    }

    @Test
    void everyPolicyIsScopedToWhatTheFunctionUses() {
        List<String> unscoped = new ArrayList<>();
        for (SamTemplate.Function f : template.functions()) {
            Object policies = properties(f.logicalId()).get("Policies");
            if (policies == null) {
                continue;
            }
            for (Object policy : (List<?>) policies) {
                if (policy instanceof String managed) {
                    unscoped.add(f.logicalId() + " uses the managed policy " + managed);
                    continue;
                }
                Map<String, Object> p = map(policy);
                if (!p.containsKey("Statement")) {
                    // SAM policy templates (e.g. SQSSendMessagePolicy) are scoped by their parameters.
                    p.values().forEach(v -> assertThat(map(v)).as(f.logicalId() + " policy template").isNotEmpty());
                    continue;
                }
                for (Object s : (List<?>) p.get("Statement")) {
                    Map<String, Object> statement = map(s);
                    List<String> actions = strings(statement.get("Action"));
                    assertThat(actions).as(f.logicalId()).noneMatch(a -> a.endsWith(":*") || a.equals("*"));
                    for (String where : starsIn(statement.get("Resource"), "")) {
                        boolean allowed = actions.equals(List.of(SEND_TEXT))
                                && where.equals(" unless " + SEND_TEXT_STAR_ONLY_UNLESS);
                        if (!allowed) {
                            unscoped.add(f.logicalId() + " " + actions + " on *" + where);
                        }
                    }
                }
            }
        }
        assertThat(unscoped).isEmpty();
    }

    /**
     * Where "*" appears in a Resource, through Fn::If branches: "" when always, " if C" / " unless C"
     * when only under condition C.
     */
    private static List<String> starsIn(Object resource, String where) {
        List<String> out = new ArrayList<>();
        if ("*".equals(resource)) {
            out.add(where);
        } else if (resource instanceof List<?> l) {
            l.forEach(r -> out.addAll(starsIn(r, where)));
        } else if (map(resource).get("Fn::If") instanceof List<?> branches) {
            String condition = String.valueOf(branches.get(0));
            out.addAll(starsIn(branches.get(1), where + " if " + condition));
            out.addAll(starsIn(branches.get(2), where + " unless " + condition));
        }
        return out;
    }

    @Test
    void theStarForSendTextMessageIsOnlyForAStackWithoutAnOriginationIdentity() {
        assertThat(starsIn("*", "")).containsExactly("");
        assertThat(starsIn(Map.of("Fn::If", List.of("C", "arn:x", "*")), "")).containsExactly(" unless C");
        assertThat(starsIn(Map.of("Fn::If", List.of("C", List.of("*"), "arn:x")), "")).containsExactly(" if C");
        for (String function : List.of("SmsInboundFunction", "ResponseNotifierFunction")) {
            List<Map<String, Object>> send = statements(function).stream()
                    .filter(st -> strings(st.get("Action")).contains(SEND_TEXT)).toList();
            assertThat(send).as(function).hasSize(1);
            assertThat(starsIn(send.get(0).get("Resource"), "")).as(function)
                    .containsExactly(" unless " + SEND_TEXT_STAR_ONLY_UNLESS);
        }
    }

    @Test
    void theStoryFormMayOnlyQueryThePartnersPartitionAndTheIntakeNoMoreThanThatBesidesItsWrites() {
        List<Map<String, Object>> form = statements("StoryFormFunction");
        assertThat(form).as("GET / reads the enabled partners and nothing else").hasSize(1);
        assertThat(strings(form.get(0).get("Action"))).containsExactly("dynamodb:Query");
        assertThat(form.get(0).get("Resource")).isEqualTo(Map.of("Fn::GetAtt", List.of("StoriesTable", "Arn")));
        assertThat(map(map(form.get(0).get("Condition")).get("ForAllValues:StringEquals")))
                .containsEntry("dynamodb:LeadingKeys", List.of("PARTNERS"));

        List<Map<String, Object>> queries = statements("SubmitStoryFunction").stream()
                .filter(st -> strings(st.get("Action")).contains("dynamodb:Query")).toList();
        assertThat(queries).as("POST /stories checks the ticked partners").hasSize(1);
        assertThat(strings(queries.get(0).get("Action"))).containsExactly("dynamodb:Query");
        assertThat(map(map(queries.get(0).get("Condition")).get("ForAllValues:StringEquals")))
                .containsEntry("dynamodb:LeadingKeys", List.of("PARTNERS"));
    }

    @Test
    void theConsentFunctionsMayQueryThePartnersPartitionToCheckTheChosenPartners() {
        for (String function : List.of("ConsentFunction", "ConsentFormFunction")) {
            List<Map<String, Object>> queries = statements(function).stream()
                    .filter(st -> strings(st.get("Action")).contains("dynamodb:Query")).toList();
            assertThat(queries).as(function + " loads the story and checks the named partners").isNotEmpty();
            assertThat(queries).as(function).anySatisfy(st -> {
                assertThat(st.get("Resource")).isEqualTo(Map.of("Fn::GetAtt", List.of("StoriesTable", "Arn")));
                // Either the table's partitions unrestricted (the story's own partition is read too) or PARTNERS named.
                if (st.get("Condition") != null) {
                    assertThat(strings(map(map(st.get("Condition")).get("ForAllValues:StringEquals"))
                            .get("dynamodb:LeadingKeys"))).contains("PARTNERS");
                }
            });
        }
    }

    private List<Map<String, Object>> statements(String function) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object policy : (List<?>) properties(function).get("Policies")) {
            for (Object s : (List<?>) map(policy).getOrDefault("Statement", List.of())) {
                out.add(map(s));
            }
        }
        return out;
    }

    @Test
    void theSmsRoutingSweepRunsEveryFiveMinutesAndTouchesOnlyTheRoutingResidentAndStoryPartitions() {
        SamTemplate.Function sweep = template.functions().stream()
                .filter(f -> f.logicalId().equals("SmsRoutingSweepFunction")).findFirst().orElseThrow();
        assertThat(sweep.events()).extracting(SamTemplate.Event::type).containsExactly("Schedule");
        assertThat(sweep.events().get(0).properties().get("Schedule")).isEqualTo("rate(5 minutes)");
        List<Map<String, Object>> statements = statements("SmsRoutingSweepFunction");
        assertThat(statements).hasSize(1);
        Map<String, Object> condition = map(map(statements.get(0).get("Condition")).get("ForAllValues:StringLike"));
        assertThat(strings(condition.get("dynamodb:LeadingKeys")))
                .containsExactlyInAnyOrder("ROUTING", "RESIDENT#*", "STORY#*");
        assertThat(strings(statements.get(0).get("Action"))).as("it only ends routings and routes their stories")
                .doesNotContain("dynamodb:PutItem", "dynamodb:Scan", "dynamodb:BatchWriteItem");
    }

    @Test
    void secretsComeFromSsmParametersAndNeverFromTheTemplate() {
        for (SamTemplate.Function f : template.functions()) {
            assertThat(f.environment()).as(f.logicalId() + " gets no secret value in its environment")
                    .doesNotContainKeys("RESIDENT_KEY_SECRET", "TWILIO_AUTH_TOKEN");
        }
        assertThat(template.functions().get(0).environment().get("RESIDENT_KEY_SECRET_PARAMETER"))
                .isEqualTo(Map.of("Ref", "ResidentKeySecretParameter"));
        for (String parameter : List.of("ResidentKeySecretParameter", "TwilioAuthTokenParameter")) {
            assertThat(template.parameterDefault(parameter)).as(parameter + " names an SSM parameter")
                    .hasValueSatisfying(v -> assertThat(v).startsWith("/tellonce/"));
        }
        assertThat(properties("TwilioWebhookFunction").toString()).contains("TWILIO_AUTH_TOKEN_PARAMETER");
    }

    @Test
    void theTableIsEncryptedWithItsOwnKeyAndKeptWhenTheStackGoes() {
        Map<String, Object> table = template.resource(template.tableLogicalId());
        Map<String, Object> sse = map(map(table.get("Properties")).get("SSESpecification"));
        assertThat(sse).containsEntry("SSEType", "KMS").containsEntry("KMSMasterKeyId", Map.of("Ref", "TableKey"));
        assertThat(table).containsEntry("DeletionPolicy", "Retain");
        assertThat(map(template.resource("TableKey").get("Properties"))).containsEntry("EnableKeyRotation", true);
    }

    @Test
    void everyFunctionUsesSnapStartOnAPublishedAliasAndIsBuiltByTheMakefile() {
        Map<String, Object> globals = template.globalFunctionProperties();
        assertThat(map(globals.get("SnapStart"))).containsEntry("ApplyOn", "PublishedVersions");
        assertThat(globals).containsEntry("AutoPublishAlias", "live").containsEntry("Runtime", "java21")
                .containsEntry("Tracing", "Active");
        for (SamTemplate.Function f : template.functions()) {
            assertThat(map(template.resource(f.logicalId()).get("Metadata")))
                    .as(f.logicalId()).containsEntry("BuildMethod", "makefile");
        }
        assertThat(ProjectFiles.root().resolve("Makefile")).content().contains("build-%:");
    }

    @Test
    void intakeRoutesAreThrottledHarderThanTheRest() {
        Map<String, Object> api = map(template.resource("TellOnceApi").get("Properties"));
        Map<String, Object> routes = map(api.get("RouteSettings"));
        int defaultRate = ((Number) map(api.get("DefaultRouteSettings")).get("ThrottlingRateLimit")).intValue();
        for (String route : List.of("POST /stories", "POST /sms/twilio")) {
            assertThat(((Number) map(routes.get(route)).get("ThrottlingRateLimit")).intValue()).as(route)
                    .isLessThan(defaultRate);
        }
        assertThat(map(api.get("AccessLogSettings")).get("Format").toString())
                .as("access logs carry nothing that identifies a resident")
                .doesNotContain("sourceIp").doesNotContain("userAgent").doesNotContain("$context.path");
    }

    private Map<String, Object> properties(String logicalId) {
        return map(template.resource(logicalId).get("Properties"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }
}
