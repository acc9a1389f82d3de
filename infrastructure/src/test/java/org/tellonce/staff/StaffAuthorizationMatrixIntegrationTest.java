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
 * partner route (the API, the inbox and its forms, the CSV, the access log, the staff page, assisted
 * telling, the lead, outcomes, deletion confirmations) × a story shared with the caller's partner, another
 * partner's story, and a story withdrawn from the caller's partner (the partner was told to delete its copies:
 * only that one can be confirmed). The same rule as {@code PolicyMatrixTest}, seen as a user sees it.
 */
class StaffAuthorizationMatrixIntegrationTest {
    private static LocalStack stack;
    private static Http http;
    private static final Map<String, String[]> CALLERS = new LinkedHashMap<>();
    private static final Map<String, String> STORIES = new LinkedHashMap<>();

    private static final String JSON = "application/json";

    /** A route, called for one story id (routes about no story ignore it) with the caller's credentials. */
    enum Route {
        FEED(false) {
            @Override
            int call(String storyId, String... credentials) {
                return http.get("/partner/stories", credentials).status();
            }
        },
        ONE_STORY(true) {
            @Override
            int call(String storyId, String... credentials) {
                return http.get("/partner/stories/" + storyId, credentials).status();
            }
        },
        RESPOND(true) {
            @Override
            int call(String storyId, String... credentials) {
                return http.postJson("/partner/stories/" + storyId + "/responses",
                        "{\"text\":\"Thank you, we are looking into it.\"}", credentials).status();
            }
        },
        INBOX(false) {
            @Override
            int call(String storyId, String... credentials) {
                return http.get("/partner", with(credentials, "accept", JSON)).status();
            }
        },
        CSV(false) {
            @Override
            int call(String storyId, String... credentials) {
                return http.get("/partner/export.csv", credentials).status();
            }
        },
        INBOX_STORY(true) {
            @Override
            int call(String storyId, String... credentials) {
                return http.get("/partner/inbox/" + storyId, with(credentials, "accept", JSON)).status();
            }
        },
        HANDLING(true) {
            @Override
            int call(String storyId, String... credentials) {
                return http.postJson("/partner/inbox/" + storyId + "/handling", "{\"handling\":\"in-progress\"}",
                        credentials).status();
            }
        },
        ASSIGNEE(true) {
            @Override
            int call(String storyId, String... credentials) {
                return http.postJson("/partner/inbox/" + storyId + "/assignee", "{\"email\":\"" + assignee + "\"}",
                        credentials).status();
            }
        },
        AUDIT(false) {
            @Override
            int call(String storyId, String... credentials) {
                return http.get("/partner/audit", with(credentials, "accept", JSON)).status();
            }
        },
        STAFF_LIST(false) {
            @Override
            int call(String storyId, String... credentials) {
                return http.get("/partner/staff", with(credentials, "accept", JSON)).status();
            }
        },
        ASSISTED(false) {
            @Override
            int call(String storyId, String... credentials) {
                return http.postJson("/partner/assisted-stories", "{\"story\":\"Told at the desk: "
                        + UUID.randomUUID() + " the bins were missed again.\",\"consent\":{\"share\":\"private\"},"
                        + "\"consentGiven\":\"verbal\"}", credentials).status();
            }
        },
        // Sections 13 and 14: the lead, an outcome naming the story, the deletion confirmation after a withdrawal.
        LEAD(true) {
            @Override
            int call(String storyId, String... credentials) {
                return http.send("POST", "/partner/stories/" + storyId + "/lead", "", credentials).status();
            }
        },
        OUTCOME(true) {
            @Override
            int call(String storyId, String... credentials) {
                return http.postJson("/partner/outcomes", "{\"title\":\"Bins collected weekly\",\"text\":\"The "
                        + "missed rounds are back.\",\"storyIds\":[\"" + storyId + "\"]}", credentials).status();
            }
        },
        DELETION_CONFIRMED(true) {
            @Override
            int call(String storyId, String... credentials) {
                return http.send("POST", "/partner/stories/" + storyId + "/deletion-confirmations", "", credentials)
                        .status();
            }
        };

        private final boolean aboutAStory;

        Route(boolean aboutAStory) {
            this.aboutAStory = aboutAStory;
        }

        abstract int call(String storyId, String... credentials);
    }

    private static String assignee;

    /**
     * The expected status per caller and route, in {@link Route} order: a route about a story has three
     * cells (the story shared with the caller's partner, another partner's, one withdrawn from the
     * caller's partner); a route about no story has one. The inbox and its forms open only with a staff
     * session (an API key there is nobody: 401); the staff pages and assisted telling know a key's partner
     * and refuse it (403).
     */
    private static final Map<String, String> EXPECTED = rows(
            //                FEED ONE_STORY   RESPOND     INBOX CSV INBOX_STORY HANDLING    ASSIGNEE    AUDIT STAFF ASSISTED LEAD        OUTCOME     DELETION_CONFIRMED
            "api                200  200 404 404 201 404 404 401   401 401 401 401 401 401 401 401 401 401 403   403   403      200 404 404 201 400 400 404 404 204",
            "reader             200  200 404 404 403 404 404 200   200 200 404 404 403 404 404 403 404 404 403   403   403      403 404 404 403 403 403 404 404 403",
            "responder          200  200 404 404 201 404 404 200   200 200 404 404 200 404 404 200 404 404 403   403   201      200 404 404 201 400 400 404 404 204",
            "partner-admin      200  200 404 404 201 404 404 200   200 200 404 404 200 404 404 200 404 404 200   200   201      200 404 404 201 400 400 404 404 204",
            "moderator          403  403 403 403 403 403 403 403   403 403 403 403 403 403 403 403 403 403 403   403   403      403 403 403 403 403 403 403 403 403",
            "safeguarding       403  403 403 403 403 403 403 403   403 403 403 403 403 403 403 403 403 403 403   403   403      403 403 403 403 403 403 403 403 403",
            "partnership-admin  403  403 403 403 403 403 403 403   403 403 403 403 403 403 403 403 403 403 403   403   403      403 403 403 403 403 403 403 403 403",
            "nobody             401  401 401 401 401 401 401 401   401 401 401 401 401 401 401 401 401 401 401   401   401      401 401 401 401 401 401 401 401 401",
            "signed-out         401  401 401 401 401 401 401 401   401 401 401 401 401 401 401 401 401 401 401   401   401      401 401 401 401 401 401 401 401 401");

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
            String email = unique(role);
            CALLERS.put(role, cookie(staff.addAndSignIn(email, "A " + role, role, "own")));
            if (role.equals("responder")) {
                assignee = email;
            }
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
                    if (!route.aboutAStory && !story.getKey().equals("shared")) {
                        continue;
                    }
                    int status = route.call(story.getValue(), caller.getValue());
                    if (status != Integer.parseInt(expected[cell])) {
                        wrong.add(caller.getKey() + " " + route + (route.aboutAStory ? " " + story.getKey() : "")
                                + ": expected " + expected[cell] + ", got " + status);
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
        long cells = java.util.Arrays.stream(Route.values()).mapToLong(r -> r.aboutAStory ? STORIES.size() : 1).sum();
        EXPECTED.values().forEach(row -> assertThat(row.split(" ")).hasSize((int) cells));
    }

    private static String[] with(String[] credentials, String... more) {
        String[] all = java.util.Arrays.copyOf(credentials, credentials.length + more.length);
        System.arraycopy(more, 0, all, credentials.length, more.length);
        return all;
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
