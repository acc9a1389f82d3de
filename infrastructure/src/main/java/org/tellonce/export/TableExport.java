package org.tellonce.export;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.tellonce.adapters.dynamo.Dynamo;
import org.tellonce.adapters.dynamo.DynamoPartnerStore;
import org.tellonce.adapters.dynamo.DynamoShareStore;
import org.tellonce.adapters.dynamo.StoryItems;
import org.tellonce.adapters.dynamo.Table;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Review;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;
import org.tellonce.export.Activity.ResponseFact;
import org.tellonce.export.Activity.ReviewFact;
import org.tellonce.export.Activity.ShareFact;
import org.tellonce.export.Activity.StoryFact;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Reads the {@link Activity} from the table: one paginated Scan of the story, share and response
 * items that asks for the counted attributes only (a projection), so text, names and contact
 * details never leave DynamoDB; and the partner profiles (for their names) from their partition.
 */
public final class TableExport {
    static final String STORY = "story";
    static final String SHARE = "share";
    static final String RESPONSE = "response";
    static final String PARTNER_ID = "partnerId";
    static final String AT = "at";
    private static final String ERASED = Story.Status.ERASED.wire();

    /** Everything the scan may return. Adding "name" here would read residents' names: never. */
    static final List<String> PROJECTION = List.of(Table.PK, StoryItems.TYPE, StoryItems.RECEIVED_AT,
            StoryItems.CHANNEL, StoryItems.TOPICS, StoryItems.AREA, StoryItems.SHARE, StoryItems.STATUS,
            PARTNER_ID, DynamoShareStore.SHARED_AT, AT,
            // Moderation: the state, the concerns and the two times; never sharedText or reviewReason.
            StoryItems.REVIEW, StoryItems.CONCERNS, StoryItems.HELD_AT, StoryItems.DECIDED_AT,
            // The language tag a story was told in (en, cy, ...): the language breakdown.
            StoryItems.LANGUAGE);

    private final DynamoDbClient dynamo;
    private final String table;

    public TableExport(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public Activity read() {
        // Attribute names go through placeholders: several (type, status, at) are reserved words.
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < PROJECTION.size(); i++) {
            names.put("#a" + i, PROJECTION.get(i));
        }
        String projection = String.join(", ", names.keySet());
        String type = "#a" + PROJECTION.indexOf(StoryItems.TYPE);
        Map<String, AttributeValue> values = Map.of(":story", Dynamo.s(STORY), ":share", Dynamo.s(SHARE),
                ":response", Dynamo.s(RESPONSE));

        Map<String, Integer> storyNumbers = new HashMap<>();
        List<StoryFact> stories = new ArrayList<>();
        List<ShareFact> shares = new ArrayList<>();
        List<ResponseFact> responses = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusiveStart = start;
            ScanResponse page = Dynamo.call(() -> dynamo.scan(ScanRequest.builder()
                    .tableName(table)
                    .projectionExpression(projection)
                    .filterExpression(type + " IN (:story, :share, :response)")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .exclusiveStartKey(exclusiveStart)
                    .build()));
            for (Map<String, AttributeValue> item : page.items()) {
                // The partition key names the story; it is swapped for a number at once.
                int story = storyNumbers.computeIfAbsent(Dynamo.requireString(item, Table.PK), pk -> storyNumbers.size());
                switch (Dynamo.requireString(item, StoryItems.TYPE)) {
                    case STORY -> stories.add(story(story, item));
                    case SHARE -> shares.add(new ShareFact(story, Dynamo.requireString(item, PARTNER_ID),
                            Instant.parse(Dynamo.requireString(item, DynamoShareStore.SHARED_AT))));
                    case RESPONSE -> responses.add(new ResponseFact(story, Dynamo.requireString(item, PARTNER_ID),
                            Instant.parse(Dynamo.requireString(item, AT))));
                    default -> {
                        // Filtered out by the scan.
                    }
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);

        Map<String, String> partnerNames = new DynamoPartnerStore(dynamo, table).all().stream()
                .collect(Collectors.toMap(Partner::id, Partner::name, (a, b) -> a));
        return new Activity(stories, shares, responses, partnerNames);
    }

    private static StoryFact story(int story, Map<String, AttributeValue> item) {
        // The same defaults as the story mapping (StoryItems.fromItem).
        return new StoryFact(story,
                Instant.parse(Dynamo.requireString(item, StoryItems.RECEIVED_AT)),
                Dynamo.string(item, StoryItems.CHANNEL).flatMap(Channel::parse).orElse(Channel.WEB),
                Dynamo.strings(item, StoryItems.TOPICS),
                // A typed area name is free text: it is not kept even in memory.
                Dynamo.string(item, StoryItems.AREA).map(PartnershipFigures::districtOrOther),
                Dynamo.string(item, StoryItems.SHARE).flatMap(Share::parse).orElse(Share.PRIVATE),
                ERASED.equals(Dynamo.string(item, StoryItems.STATUS).orElse("")),
                review(item),
                // Only a tag: anything else (there should be nothing else) is counted as other, never kept.
                Dynamo.string(item, StoryItems.LANGUAGE).map(l -> l.matches("[a-z]{2,3}") ? l
                        : PartnershipFigures.OTHER_LANGUAGE));
    }

    private static ReviewFact review(Map<String, AttributeValue> item) {
        Optional<Review.State> state = Dynamo.string(item, StoryItems.REVIEW).flatMap(Review.State::parse);
        if (state.isEmpty()) {
            return ReviewFact.NONE;
        }
        return new ReviewFact(state.get(), Dynamo.strings(item, StoryItems.CONCERNS),
                Dynamo.string(item, StoryItems.HELD_AT).map(Instant::parse),
                Dynamo.string(item, StoryItems.DECIDED_AT).map(Instant::parse));
    }
}
