package org.tellonce.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tellonce.testing.TablePermissions;
import org.tellonce.testing.TablePermissions.Call;
import org.tellonce.testing.TestStack;

/**
 * The IAM check the test stacks run every function's DynamoDB calls through ({@link TablePermissions}):
 * it reads template.yaml's policies as IAM would, so the end-to-end suites prove the policies are
 * enough for every flow they run, and these cases that it refuses what the policies leave out.
 */
class TablePermissionsTest {
    private final TablePermissions permissions = TestStack.permissions();

    @Test
    void eachFunctionMayTouchItsOwnPartitionsOnly() {
        assertThat(permissions.allows(new Call("SubmitStoryFunction", "PutItem", "STORY#TO-ABC123", null))).isTrue();
        assertThat(permissions.allows(new Call("SubmitStoryFunction", "UpdateItem", "RATE#abc", null))).isTrue();
        assertThat(permissions.allows(new Call("PartnerAuthorizerFunction", "GetItem", "APIKEY#abc", null))).isTrue();
        assertThat(permissions.allows(new Call("StoryFormFunction", "Query", "PARTNERS", null))).isTrue();

        assertThat(permissions.allows(new Call("SubmitStoryFunction", "PutItem", "APIKEY#abc", null)))
                .as("intake cannot plant an API key").isFalse();
        assertThat(permissions.allows(new Call("PartnerResponseFunction", "PutItem", "PARTNERS", null)))
                .as("a response cannot overwrite a partner").isFalse();
        assertThat(permissions.allows(new Call("PartnerAuthorizerFunction", "GetItem", "STORY#TO-ABC123", null)))
                .as("the authorizer reads no story").isFalse();
        assertThat(permissions.allows(new Call("PartnerInboxFunction", "UpdateItem", "STORY#TO-ABC123", null)))
                .as("reading the inbox changes no story").isFalse();
        assertThat(permissions.allows(new Call("SmsInboundFunction", "DeleteItem", "STORY#TO-ABC123", null)))
                .as("the SMS functions delete pending answers only").isFalse();
        assertThat(permissions.allows(new Call("StoryFormFunction", "Query", "STORY#TO-ABC123", null))).isFalse();
        assertThat(permissions.allows(new Call("StoryFormFunction", "Scan", "", null))).isFalse();
    }

    @Test
    void indexQueriesAreAllowedOnTheNamedIndexesOnly() {
        assertThat(permissions.allows(new Call("PartnerResponseFunction", "Query", null, "GSI2"))).isTrue();
        assertThat(permissions.allows(new Call("PartnerResponseFunction", "Query", null, "GSI1"))).isFalse();
        assertThat(permissions.allows(new Call("SmsInboundFunction", "Query", null, "GSI1"))).isTrue();
        assertThat(permissions.allows(new Call("SmsInboundFunction", "Query", null, "GSI2"))).isFalse();
        assertThat(permissions.allows(new Call("ConsentFunction", "Query", null, "GSI1"))).isFalse();
    }

    @Test
    void everyFunctionMayReadThePrimingPartition() {
        for (SamTemplate.Function f : SamTemplate.load(org.tellonce.testing.ProjectFiles.template()).functions()) {
            assertThat(permissions.allows(new Call(f.logicalId(), "GetItem", "PRIME", null))).as(f.logicalId()).isTrue();
        }
    }
}
