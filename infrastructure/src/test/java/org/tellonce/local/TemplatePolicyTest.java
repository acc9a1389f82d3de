package org.tellonce.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
        List<Map<String, Object>> form = statements("StoryFormFunction").stream()
                .filter(st -> !strings(map(map(st.get("Condition")).get("ForAllValues:StringLike"))
                        .get("dynamodb:LeadingKeys")).equals(List.of(PRIME))).toList();
        assertThat(form).as("GET / reads the enabled partners and nothing else (besides priming)").hasSize(1);
        assertThat(strings(form.get(0).get("Action"))).containsExactly("dynamodb:Query");
        assertThat(form.get(0).get("Resource")).isEqualTo(Map.of("Fn::GetAtt", List.of("StoriesTable", "Arn")));
        assertThat(map(map(form.get(0).get("Condition")).get("ForAllValues:StringLike")))
                .containsEntry("dynamodb:LeadingKeys", List.of("PARTNERS"));

        List<Map<String, Object>> queries = statements("SubmitStoryFunction").stream()
                .filter(st -> strings(st.get("Action")).contains("dynamodb:Query")).toList();
        assertThat(queries).as("POST /stories checks the ticked partners").hasSize(1);
        assertThat(strings(queries.get(0).get("Action"))).containsExactly("dynamodb:Query");
        assertThat(map(map(queries.get(0).get("Condition")).get("ForAllValues:StringLike")))
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
                    assertThat(strings(map(map(st.get("Condition")).get("ForAllValues:StringLike"))
                            .get("dynamodb:LeadingKeys"))).contains("PARTNERS");
                }
            });
        }
    }

    private static final String STORY = "STORY#*";
    private static final String PARTNERS = "PARTNERS";
    private static final String IDEM = "IDEM#*";
    private static final String DUP = "DUP#*";
    private static final String RATE = "RATE#*";
    private static final String APIKEY = "APIKEY#*";
    private static final String FEED = "FEED#*";
    private static final String FEEDSEQ = "FEEDSEQ#*";
    private static final String RESIDENT = "RESIDENT#*";
    private static final String SMSMSG = "SMSMSG#*";
    private static final String RSESSION = "RSESSION#*";
    private static final String ROUTING = "ROUTING";
    private static final String STAFF = "STAFF";
    private static final String STAFFCODE = "STAFFCODE#*";
    private static final String SSESSION = "SSESSION#*";
    private static final String DIGEST = "DIGEST#*";
    private static final String OUTCOMES = "OUTCOMES";
    private static final String WEBHOOKS = "WEBHOOKS";
    /** The empty partition SnapStart priming reads (AwsClients.prime): every function may GetItem it. */
    private static final String PRIME = "PRIME";

    /** What a function may do on the table: action to the partition-key prefixes, and the indexes it queries. */
    record TableAccess(Map<String, Set<String>> actions, Set<String> indexes) {
    }

    /** {@code actions}, and GetItem of the priming partition. */
    private static TableAccess access(Map<String, Set<String>> actions, String... indexes) {
        Map<String, Set<String>> all = new TreeMap<>();
        actions.forEach((action, keys) -> all.put(action, new TreeSet<>(keys)));
        all.computeIfAbsent("GetItem", a -> new TreeSet<>()).add(PRIME);
        return new TableAccess(all, new TreeSet<>(List.of(indexes)));
    }

    /** The conversation, its routing questions (ROUTING, one transaction each) and DELETE TO-… (an erasure). */
    private static final TableAccess SMS_CONVERSATION = access(Map.of(
            "GetItem", Set.of(STORY, IDEM, DUP, RESIDENT, SMSMSG),
            "PutItem", Set.of(STORY, IDEM, DUP, RESIDENT, SMSMSG, ROUTING),
            "UpdateItem", Set.of(STORY, RATE, RESIDENT, SMSMSG),
            "DeleteItem", Set.of(RESIDENT, ROUTING, DUP),
            "Query", Set.of(RESIDENT, STORY, PARTNERS),
            "ConditionCheckItem", Set.of(STORY, RESIDENT),
            "BatchWriteItem", Set.of(STORY)), "GSI1");
    /** A story's manage token or, else, a resident session (RSESSION) opens it. */
    private static final TableAccess ERASE = access(Map.of("Query", Set.of(STORY), "GetItem", Set.of(STORY, RSESSION),
            "UpdateItem", Set.of(STORY), "DeleteItem", Set.of(DUP), "BatchWriteItem", Set.of(STORY)));
    private static final TableAccess CONSENT = access(Map.of("Query", Set.of(STORY, PARTNERS),
            "UpdateItem", Set.of(STORY), "GetItem", Set.of(RSESSION)));
    private static final TableAccess API_KEY = access(Map.of("GetItem", Set.of(APIKEY, PARTNERS)));

    /**
     * Each function's DynamoDB access, from the stores its wiring builds and the calls its handler
     * makes (key shapes in Table): the template must grant exactly this.
     */
    private static final Map<String, TableAccess> EXPECTED_TABLE_ACCESS = Map.ofEntries(
            Map.entry("StoryFormFunction", access(Map.of("Query", Set.of(PARTNERS)))),
            Map.entry("SubmitStoryFunction", access(Map.of("Query", Set.of(PARTNERS),
                    "GetItem", Set.of(STORY, IDEM, DUP, RSESSION), "PutItem", Set.of(STORY, IDEM, DUP),
                    "UpdateItem", Set.of(RATE)))),
            Map.entry("ResidentStoryFunction", access(Map.of("Query", Set.of(STORY, PARTNERS),
                    "GetItem", Set.of(RSESSION)))),
            Map.entry("ConsentFunction", CONSENT),
            Map.entry("ConsentFormFunction", CONSENT),
            Map.entry("EraseStoryFunction", ERASE),
            Map.entry("EraseStoryFormFunction", ERASE),
            Map.entry("PartnerAuthorizerFunction", API_KEY),
            Map.entry("PartnerFeedFunction", access(Map.of("GetItem", Set.of(PARTNERS, STAFF, SSESSION),
                    "Query", Set.of(FEED, PARTNERS),
                    "BatchGetItem", Set.of(STORY), "BatchWriteItem", Set.of(STORY)), "GSI1", "GSI2")),
            // The lead (SPEC section 13): the LEAD item in the story's partition, read, put and deleted (GetItem,
            // DeleteItem STORY#).
            Map.entry("PartnerResponseFunction", access(Map.of("GetItem", Set.of(PARTNERS, IDEM, STAFF, SSESSION, STORY),
                    "BatchGetItem", Set.of(STORY), "PutItem", Set.of(STORY, IDEM), "ConditionCheckItem", Set.of(STORY),
                    "UpdateItem", Set.of(STORY), "BatchWriteItem", Set.of(STORY), "DeleteItem", Set.of(STORY)), "GSI2")),
            // The access log: a partner admin's page is one GSI1 query and one batch read of the entries.
            Map.entry("PartnerAuditFunction", access(Map.of("GetItem", Set.of(PARTNERS, STAFF, SSESSION),
                    "BatchGetItem", Set.of(STORY)), "GSI1")),
            // The moderators: staff sessions, the queue (GSI3 and a batch read of its stories), one story (by its
            // reference, or by its id through GSI2), the decision (UpdateItem on the story item) and the access log
            // (BatchWriteItem in the story's partition).
            Map.entry("ModerationFunction", access(Map.of("GetItem", Set.of(PARTNERS, STAFF, SSESSION, STORY),
                    "BatchGetItem", Set.of(STORY), "UpdateItem", Set.of(STORY), "BatchWriteItem", Set.of(STORY)),
                    "GSI2", "GSI3")),
            // The inbox: staff sessions (SSESSION, STAFF), the access log (BatchWriteItem in the story's partition),
            // handling and assignee on the partner's share marker (UpdateItem STORY#).
            Map.entry("PartnerInboxFunction", access(Map.of("GetItem", Set.of(PARTNERS, STAFF, SSESSION),
                    "Query", Set.of(FEED, STORY, PARTNERS), "BatchGetItem", Set.of(STORY),
                    "BatchWriteItem", Set.of(STORY)), "GSI1", "GSI2")),
            Map.entry("PartnerInboxResponseFunction", access(Map.of("GetItem", Set.of(PARTNERS, IDEM, STAFF, SSESSION, STORY),
                    "Query", Set.of(FEED, STORY, PARTNERS), "BatchGetItem", Set.of(STORY), "PutItem", Set.of(STORY, IDEM),
                    "ConditionCheckItem", Set.of(STORY), "UpdateItem", Set.of(STORY), "BatchWriteItem", Set.of(STORY),
                    "DeleteItem", Set.of(STORY)),
                    "GSI1", "GSI2")),
            Map.entry("ResidentVerifyFunction", access(Map.of("GetItem", Set.of(RESIDENT),
                    "PutItem", Set.of(RESIDENT, RSESSION), "UpdateItem", Set.of(RESIDENT, STORY),
                    "DeleteItem", Set.of(RESIDENT)), "GSI1")),
            Map.entry("ResidentMeFunction", access(Map.of("GetItem", Set.of(STORY, RESIDENT, RSESSION),
                    "Query", Set.of(STORY, PARTNERS, RESIDENT), "PutItem", Set.of(RESIDENT), "UpdateItem", Set.of(STORY),
                    "DeleteItem", Set.of(DUP, RESIDENT, RSESSION), "BatchWriteItem", Set.of(STORY)), "GSI1")),
            Map.entry("ResidentPagesFunction", access(Map.of("GetItem", Set.of(STORY, RESIDENT, RSESSION),
                    "Query", Set.of(STORY, PARTNERS, RESIDENT), "PutItem", Set.of(RESIDENT, RSESSION),
                    "UpdateItem", Set.of(STORY, RESIDENT), "DeleteItem", Set.of(DUP, RESIDENT, RSESSION),
                    "BatchWriteItem", Set.of(STORY)), "GSI1")),
            Map.entry("StaffSignInFunction", access(Map.of("GetItem", Set.of(STAFF, STAFFCODE, SSESSION),
                    "PutItem", Set.of(STAFFCODE, SSESSION), "UpdateItem", Set.of(STAFFCODE, STAFF),
                    "DeleteItem", Set.of(STAFFCODE, SSESSION)))),
            Map.entry("PartnerStaffFunction", access(Map.of("GetItem", Set.of(PARTNERS, STAFF, SSESSION),
                    "Query", Set.of(STAFF), "UpdateItem", Set.of(STAFF)))),
            Map.entry("AssistedStoryFunction", access(Map.of("GetItem", Set.of(PARTNERS, STAFF, SSESSION, STORY, IDEM,
                    DUP, RESIDENT), "PutItem", Set.of(STORY, IDEM, DUP), "Query", Set.of(PARTNERS),
                    "UpdateItem", Set.of(RATE), "BatchWriteItem", Set.of(STORY)))),
            Map.entry("FanOutFunction", access(Map.of("Query", Set.of(STORY, PARTNERS), "GetItem", Set.of(STORY),
                    "PutItem", Set.of(STORY, FEED), "UpdateItem", Set.of(STORY, FEED, FEEDSEQ),
                    "DeleteItem", Set.of(STORY)))),
            Map.entry("SmsInboundFunction", SMS_CONVERSATION),
            Map.entry("SmsRoutingSweepFunction", access(Map.of("Query", Set.of(ROUTING, RESIDENT, STORY),
                    "GetItem", Set.of(ROUTING, RESIDENT, STORY), "DeleteItem", Set.of(ROUTING, RESIDENT, STORY),
                    "UpdateItem", Set.of(ROUTING, RESIDENT, STORY), "ConditionCheckItem", Set.of(ROUTING, RESIDENT, STORY)))),
            Map.entry("TwilioWebhookFunction", SMS_CONVERSATION),
            Map.entry("ResponseNotifierFunction", access(Map.of("Query", Set.of(STORY),
                    "GetItem", Set.of(RESIDENT, SMSMSG), "PutItem", Set.of(SMSMSG),
                    "UpdateItem", Set.of(RESIDENT, SMSMSG)))),
            // The daily digest: partners, their feeds and staff read; its own DIGEST# partition written.
            Map.entry("StaffDigestFunction", access(Map.of("Query", Set.of(PARTNERS, FEED, STAFF),
                    "BatchGetItem", Set.of(STORY), "GetItem", Set.of(DIGEST),
                    "PutItem", Set.of(DIGEST), "UpdateItem", Set.of(DIGEST), "DeleteItem", Set.of(DIGEST)))),
            // Safeguarding alerts: the moderation queue (GSI3), each flagged story's item and its alert records
            // (ALERT# in the story's partition), the staff.
            Map.entry("SafeguardingAlertFunction", access(Map.of("GetItem", Set.of(STORY), "Query", Set.of(STORY, STAFF),
                    "PutItem", Set.of(STORY)), "GSI3")),
            // Outcomes (SPEC section 13): one transaction puts the outcome (OUTCOMES), its key record (IDEM#)
            // and a link per story (STORY#, each checked); the inbox form is shown again with what to fix.
            Map.entry("PartnerOutcomeFunction", access(Map.of("GetItem", Set.of(PARTNERS, IDEM, STAFF, SSESSION),
                    "Query", Set.of(FEED, STORY, PARTNERS), "BatchGetItem", Set.of(STORY),
                    "PutItem", Set.of(STORY, IDEM, OUTCOMES), "ConditionCheckItem", Set.of(STORY),
                    "BatchWriteItem", Set.of(STORY)), "GSI1", "GSI2")),
            // The public list: one Query of the OUTCOMES partition a page, nothing else.
            Map.entry("OutcomesFunction", access(Map.of("Query", Set.of(OUTCOMES)))),
            // Webhooks (SPEC section 14): which partners have one (WEBHOOKS, ids only) and who holds a story
            // (its share markers); the delivery reads the secret (WEBHOOKS) and the item as the feed route does.
            Map.entry("WebhookEventFunction", access(Map.of("Query", Set.of(WEBHOOKS, STORY)))),
            Map.entry("WebhookDeliveryFunction", access(Map.of("GetItem", Set.of(PARTNERS, WEBHOOKS, STORY),
                    "Query", Set.of(FEED, PARTNERS, STORY), "BatchGetItem", Set.of(STORY),
                    "BatchWriteItem", Set.of(STORY)), "GSI1", "GSI2")));

    @Test
    void everyFunctionMayUseOnlyTheTableActionsAndPartitionsItNeeds() {
        Map<String, TableAccess> granted = new TreeMap<>();
        for (SamTemplate.Function f : template.functions()) {
            granted.put(f.logicalId(), tableAccess(f.logicalId()));
        }
        assertThat(granted).isEqualTo(new TreeMap<>(EXPECTED_TABLE_ACCESS));
    }

    /**
     * The function's DynamoDB grants, failing on any that is not of the two allowed shapes: actions
     * on the table under a LeadingKeys condition, or Query alone on named indexes.
     */
    static TableAccess tableAccess(String function, List<Map<String, Object>> statements) {
        Map<String, Set<String>> actions = new TreeMap<>();
        Set<String> indexes = new TreeSet<>();
        for (Map<String, Object> st : statements) {
            List<String> dynamo = strings(st.get("Action")).stream().filter(a -> a.startsWith("dynamodb:"))
                    .map(a -> a.substring("dynamodb:".length())).toList();
            if (dynamo.isEmpty()) {
                continue;
            }
            assertThat(st.get("Effect")).as(function).isEqualTo("Allow");
            assertThat(strings(st.get("Action"))).as(function + ": DynamoDB actions in their own statement")
                    .hasSameSizeAs(dynamo);
            assertThat(dynamo).as(function + ": Scan ignores LeadingKeys").doesNotContain("Scan");
            Object resource = st.get("Resource");
            if (Map.of("Fn::GetAtt", List.of("StoriesTable", "Arn")).equals(resource)) {
                Map<String, Object> condition = map(st.get("Condition"));
                assertThat(condition.keySet()).as(function + " " + dynamo + " on the table names its partitions")
                        .containsExactly("ForAllValues:StringLike");
                Map<String, Object> like = map(condition.get("ForAllValues:StringLike"));
                assertThat(like.keySet()).as(function).containsExactly("dynamodb:LeadingKeys");
                List<String> keys = strings(like.get("dynamodb:LeadingKeys"));
                assertThat(keys).as(function).isNotEmpty().noneMatch(k -> k.equals("*"));
                dynamo.forEach(a -> actions.computeIfAbsent(a, x -> new TreeSet<>()).addAll(keys));
                continue;
            }
            assertThat(dynamo).as(function + ": only Query goes to an index").containsExactly("Query");
            assertThat(st.get("Condition")).as(function).isNull();
            for (Object r : resource instanceof List<?> l ? l : List.of(resource)) {
                String sub = String.valueOf(map(r).get("Fn::Sub"));
                assertThat(sub).as(function + " queries a named index").matches("\\$\\{StoriesTable\\.Arn}/index/\\w+");
                indexes.add(sub.substring(sub.lastIndexOf('/') + 1));
            }
        }
        return new TableAccess(actions, indexes);
    }

    private TableAccess tableAccess(String function) {
        return tableAccess(function, statements(function));
    }

    @Test
    void aTableGrantWithoutLeadingKeysOrOnEveryIndexIsRefused() {
        Map<String, Object> table = Map.of("Fn::GetAtt", List.of("StoriesTable", "Arn"));
        assertThatThrownBy(() -> tableAccess("F", List.of(Map.of("Effect", "Allow",
                "Action", List.of("dynamodb:PutItem"), "Resource", table)))).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> tableAccess("F", List.of(Map.of("Effect", "Allow", "Action", "dynamodb:Query",
                "Resource", Map.of("Fn::Sub", "${StoriesTable.Arn}/index/*"))))).isInstanceOf(AssertionError.class);
        assertThat(tableAccess("F", List.of(Map.of("Effect", "Allow", "Action", "dynamodb:GetItem",
                "Resource", table, "Condition", Map.of("ForAllValues:StringLike",
                        Map.of("dynamodb:LeadingKeys", List.of(STORY, PRIME))))))).isEqualTo(
                access(Map.of("GetItem", Set.of(STORY))));
    }

    @Test
    void theFunctionsThatStoreAPartnersResponseMayCheckTheStoryIsNotErasedInTheSameTransaction() {
        for (String function : List.of("PartnerResponseFunction", "PartnerInboxResponseFunction")) {
            TableAccess access = tableAccess(function);
            assertThat(access.actions().get("PutItem")).as(function).contains(STORY);
            assertThat(access.actions().get("ConditionCheckItem")).as(function + ": the response and the story check "
                    + "are one transaction").contains(STORY);
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
        TableAccess access = tableAccess("SmsRoutingSweepFunction");
        access.actions().forEach((action, keys) -> assertThat(keys).as(action)
                .isSubsetOf(ROUTING, RESIDENT, STORY, PRIME));
        assertThat(access.actions().keySet()).as("it only ends routings and routes their stories")
                .doesNotContain("PutItem", "Scan", "BatchWriteItem");
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
