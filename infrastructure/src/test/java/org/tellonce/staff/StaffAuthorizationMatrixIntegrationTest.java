package org.tellonce.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.testing.StorySubmission.aStory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.StaffMembers;
import org.tellonce.testing.StorySubmission.Submitted;
import org.tellonce.testing.TestStack;

/**
 * The authorization matrix over HTTP (SPEC sections 7 and 11), every cell written out: each caller
 * (a partner's API key, each staff role of that partner, each partnership-wide role, nobody) × each
 * route × a story shared with the caller's partner, another partner's story, and a story withdrawn
 * from the caller's partner. The same rule as {@code PolicyMatrixTest}, seen as a user sees it.
 */
class StaffAuthorizationMatrixIntegrationTest {
    private static LocalStack stack;
    private static Http http;
    private static final Map<String, String[]> CALLERS = new LinkedHashMap<>();
    private static final Map<String, String> STORIES = new LinkedHashMap<>();

    /** A route, called for one story id with the caller's credentials. */
    enum Route {
        FEED {
            @Override
            int call(String storyId, String... credentials) {
                return http.get("/partner/stories", credentials).status();
            }
        },
        ONE_STORY {
            @Override
            int call(String storyId, String... credentials) {
                return http.get("/partner/stories/" + storyId, credentials).status();
            }
        },
        RESPOND {
            @Override
            int call(String storyId, String... credentials) {
                return http.postJson("/partner/stories/" + storyId + "/responses",
                        "{\"text\":\"Thank you, we are looking into it.\"}", credentials).status();
            }
        };

        abstract int call(String storyId, String... credentials);
    }

    /**
     * The expected status per caller, route and story: for each route in {@link Route} order, three
     * statuses for the story shared with the caller's partner, another partner's, and a withdrawn one.
     * The feed names no story: its three cells are the same.
     */
    private static final Map<String, String> EXPECTED = rows(
            //                     FEED         ONE_STORY     RESPOND
            "api                   200 200 200  200 404 404  201 404 404",
            "reader                200 200 200  200 404 404  403 404 404",
            "responder             200 200 200  200 404 404  201 404 404",
            "partner-admin         200 200 200  200 404 404  201 404 404",
            "moderator             403 403 403  403 403 403  403 403 403",
            "safeguarding          403 403 403  403 403 403  403 403 403",
            "partnership-admin     403 403 403  403 403 403  403 403 403",
            "nobody                401 401 401  401 401 401  401 401 401",
            "signed-out            401 401 401  401 401 401  401 401 401");

    @BeforeAll
    static void callersAndStories() {
        stack = TestStack.start();
        http = new Http(stack.baseUrl());
        Admin admin = new Admin(stack);
        StaffMembers staff = new StaffMembers(stack, admin);
        PartnerClient own = new PartnerClient(http, admin.addPartner("own", "Own Council", "*", ""));
        PartnerClient other = new PartnerClient(http, admin.addPartner("other", "Other Healthwatch", "*", ""));

        Submitted shared = aStory().anonymous().onlyFor("own").submitTo(http);
        Submitted elsewhere = aStory().anonymous().onlyFor("other").submitTo(http);
        Submitted withdrawn = aStory().anonymous().onlyFor("own").submitTo(http);
        Eventually.within(Eventually.FAN_OUT, "the stories reach their partners",
                () -> own.story(shared.storyId()).status() == 200 && own.story(withdrawn.storyId()).status() == 200
                        && other.story(elsewhere.storyId()).status() == 200);
        assertThat(http.putJson("/stories/" + withdrawn.reference() + "/consent", "{\"share\":\"private\"}",
                withdrawn.auth()).status()).isEqualTo(200);
        STORIES.put("shared", shared.storyId());
        STORIES.put("other", elsewhere.storyId());
        STORIES.put("withdrawn", withdrawn.storyId());

        CALLERS.put("api", Http.bearer(own.apiKey()));
        for (String role : List.of("reader", "responder", "partner-admin")) {
            CALLERS.put(role, cookie(staff.addAndSignIn(unique(role), "A " + role, role, "own")));
        }
        for (String role : List.of("moderator", "safeguarding", "partnership-admin")) {
            CALLERS.put(role, cookie(staff.addAndSignIn(unique(role), "A " + role, role, null)));
        }
        CALLERS.put("nobody", new String[0]);
        String[] signedOut = cookie(staff.addAndSignIn(unique("leaver"), "A leaver", "responder", "own"));
        assertThat(http.send("POST", "/staff/sign-out", "", signedOut).status()).isEqualTo(303);
        CALLERS.put("signed-out", signedOut);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyCallerRouteAndStoryIsAnsweredAsTheMatrixSays() {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String[]> caller : CALLERS.entrySet()) {
            String[] expected = EXPECTED.get(caller.getKey()).split(" ");
            int cell = 0;
            for (Route route : Route.values()) {
                for (Map.Entry<String, String> story : STORIES.entrySet()) {
                    int status = route.call(story.getValue(), caller.getValue());
                    if (status != Integer.parseInt(expected[cell])) {
                        wrong.add(caller.getKey() + " " + route + " " + story.getKey() + ": expected " + expected[cell]
                                + ", got " + status);
                    }
                    cell++;
                }
            }
        }
        assertThat(wrong).as("cells answered otherwise than the matrix").isEmpty();
    }

    @Test
    void theMatrixHasACellForEveryCallerRouteAndStory() {
        assertThat(EXPECTED.keySet()).containsExactlyElementsOf(CALLERS.keySet());
        EXPECTED.values().forEach(row -> assertThat(row.split(" ")).hasSize(Route.values().length * STORIES.size()));
    }

    private static String[] cookie(String sessionCookie) {
        return new String[] {"cookie", sessionCookie};
    }

    private static String unique(String role) {
        return role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    private static Map<String, String> rows(String... lines) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.trim().split("\\s+", 2);
            rows.put(parts[0], parts[1].trim().replaceAll("\\s+", " "));
        }
        return rows;
    }
}
