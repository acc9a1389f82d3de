package org.tellonce.testing;

import java.util.List;
import org.tellonce.adapters.dynamo.DynamoPartnerStore;
import org.tellonce.core.partner.PartnerAdmin;
import org.tellonce.local.LocalStack;

/** Partners added as an admin would ({@code tellonce partners add}), straight into the stack's table. */
public final class Partners {
    private Partners() {
    }

    /** @return the partner's API key (shown once) */
    public static String add(LocalStack stack, String id, List<String> topics, List<String> areas) {
        return admin(stack).add(id, "Partner " + id, topics, areas).apiKey();
    }

    public static PartnerAdmin admin(LocalStack stack) {
        return new PartnerAdmin(new DynamoPartnerStore(stack.dynamo(), stack.table()));
    }

    /** The Authorization header value for an API key. */
    public static String bearer(String apiKey) {
        return "Bearer " + apiKey;
    }
}
