package org.tellonce.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.core.partner.Partner;
import org.tellonce.local.LocalStack;
import org.tellonce.local.StreamPoller;
import org.tellonce.testing.Admin;
import org.tellonce.testing.FormBodies;
import org.tellonce.testing.Http;
import org.tellonce.testing.StaffMembers;
import org.tellonce.testing.TestStack;

/**
 * Issue #20: a partner holding more stories than one page reads (1,200 positions against a read budget of
 * 1,000, seeded with the bench's loader, which writes the real items). Walking the inbox's "older" links
 * shows every story exactly once, newest shared first; a filter that matches 4 stories goes on past the
 * budget with "Search older stories"; one page costs the same few DynamoDB requests whatever the feed holds.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class InboxPagingAtScaleIntegrationTest {
    /** 1,200 (over one read budget); another size (for the cost of a page) with {@code -Dtellonce.inboxScale.stories=N}. */
    private static final int STORIES = Integer.getInteger("tellonce.inboxScale.stories", 1_200);
    /** Seeded stories a responder closes through the inbox, newest first: at 1,200, one or two per 1,000 positions. */
    private static final int[] CLOSED = IntStream.of(98, 68, 36, 2).map(percent -> STORIES / 100 * percent).toArray();
    private static final Pattern STORY_ID = Pattern.compile("id=\"story-([0-9a-f-]{36})\"");
    private static final Pattern NEXT = Pattern.compile("id=\"next\" rel=\"next\" href=\"([^\"]+)\"");
    private static final Pattern PREVIOUS = Pattern.compile("id=\"previous\" rel=\"prev\" href=\"([^\"]+)\"");

    private static final WriteCounter counter = new WriteCounter();
    private static LocalStack stack;
    private static Http http;
    private static String responder;

    @BeforeAll
    static void seeded() {
        Path template = Path.of(System.getProperty("tellonce.projectRoot", "..")).toAbsolutePath().normalize()
                .resolve("template.yaml");
        stack = LocalStack.start(LocalStack.Options.inMemory(template)
                .withInterceptors(List.of(TestStack.permissions(), counter)));
        http = new Http(stack.baseUrl());
        Admin admin = new Admin(stack);
        admin.addPartner(Scale.PARTNER, "Scale", Scale.TOPIC, "");
        responder = new StaffMembers(stack, admin).addAndSignIn("rhian@scale.example", "Rhian Responder", "responder",
                Scale.PARTNER);
        BulkLoader loader = new BulkLoader(stack.dynamo(), stack.table(),
                stack.wiring("SubmitStoryFunction").fieldCipher(),
                new Partner(Scale.PARTNER, "Scale", List.of(Scale.TOPIC), List.of(), true), Scale.TOPIC, 2);
        stack.streamPollers().forEach(StreamPoller::pause);
        try {
            loader.loadTo(STORIES);
        } finally {
            stack.streamPollers().forEach(StreamPoller::resumeAtLatest);
        }
        for (int n : CLOSED) {
            Http.Reply closed = http.send("POST", "/partner/inbox/" + BulkLoader.storyId(n) + "/handling",
                    FormBodies.of("handling", "closed"), "content-type", "application/x-www-form-urlencoded",
                    "cookie", responder, "origin", stack.baseUrl(), "sec-fetch-site", "same-origin",
                    "accept", "text/html");
            assertThat(closed.status()).as(closed.toString()).isEqualTo(303);
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theOlderLinksShowEveryStoryExactlyOnceNewestSharedFirst() {
        List<String> seen = new ArrayList<>();
        List<String> hrefs = new ArrayList<>();
        String href = "/partner";
        while (href != null) {
            Http.Reply page = html(href);
            assertThat(page.status()).as(href).isEqualTo(200);
            assertThat(page.body()).doesNotContain("id=\"cut-off\"");
            List<String> ids = storyIds(page.body());
            assertThat(ids).as(href).hasSize(25);
            assertThat(link(PREVIOUS, page.body()) != null).as("a newer link, but on the first page").isEqualTo(!hrefs.isEmpty());
            seen.addAll(ids);
            hrefs.add(href);
            href = link(NEXT, page.body());
        }

        assertThat(hrefs).hasSize(STORIES / 25);
        assertThat(seen).containsExactlyElementsOf(IntStream.iterate(STORIES - 1, n -> n >= 0, n -> n - 1)
                .mapToObj(BulkLoader::storyId).toList());
        String newer = link(PREVIOUS, html(hrefs.get(hrefs.size() - 1)).body());
        assertThat(storyIds(html(newer).body())).as("the newer link of the last page")
                .isEqualTo(seen.subList(seen.size() - 50, seen.size() - 25));
    }

    @Test
    void aFilteredSearchGoesOnPastTheReadBudgetFromWhereItStopped() {
        List<String> seen = new ArrayList<>();
        String href = "/partner?handling=closed";
        int pages = 0;
        while (href != null) {
            Http.Reply page = html(href);
            assertThat(page.status()).isEqualTo(200);
            seen.addAll(storyIds(page.body()));
            href = link(NEXT, page.body());
            pages++;
            if (href != null) {
                assertThat(page.body()).as("page " + pages).contains("id=\"cut-off\"",
                        "This page looked through 1000 stories shared with you", ">Search older stories</a>");
            }
        }

        assertThat(pages).as("at most 1,000 positions a page").isEqualTo((STORIES + 999) / 1_000);
        assertThat(seen).containsExactlyElementsOf(IntStream.of(CLOSED).mapToObj(BulkLoader::storyId).toList());
        assertThat(csvRows("/partner/export.csv?handling=closed")).as("the CSV of the same view")
                .containsExactlyElementsOf(seen);
    }

    @Test
    void theCsvGoesOnFromAPagesPositionAndEachPartSaysWhereTheNextStarts() {
        String older = link(NEXT, html("/partner").body());

        List<String> rows = csvRows("/partner/export.csv?" + older.substring(older.indexOf("before=")));

        assertThat(rows).containsExactlyElementsOf(IntStream.iterate(STORIES - 26, n -> n >= 0, n -> n - 1)
                .mapToObj(BulkLoader::storyId).toList());
    }

    /**
     * The story ids of a CSV and of every next part its {@code Link} header names, checking each part: a
     * part that stops early says so in its headers and in a last line for the person who opens it.
     */
    private static List<String> csvRows(String first) {
        List<String> rows = new ArrayList<>();
        int parts = 0;
        String href = first;
        while (href != null) {
            Http.Reply csv = http.get(href, "cookie", responder);
            assertThat(csv.status()).as(href).isEqualTo(200);
            List<String> lines = csv.body().lines().skip(1).toList();
            Optional<String> link = csv.header("link");
            parts++;
            if (link.isPresent()) {
                assertThat(csv.header("x-tellonce-truncated")).contains("true");
                Matcher next = Pattern.compile("^<(/partner/export\\.csv\\?[^>]*before=[^>]+)>; rel=\"next\"$")
                        .matcher(link.get());
                assertThat(next.find()).as(link.get()).isTrue();
                href = next.group(1);
                assertThat(lines.get(lines.size() - 1)).as("a last line for the person who opens the file")
                        .startsWith("This file stops here").contains(href).endsWith(",,,,,,,,,,,,,,");
                lines = lines.subList(0, lines.size() - 1);
            } else {
                assertThat(csv.header("x-tellonce-truncated")).isEmpty();
                href = null;
            }
            assertThat(csv.header("x-tellonce-rows")).contains(Integer.toString(lines.size()));
            lines.stream().filter(l -> l.startsWith(BulkLoader.storyId(4) + ",")).forEach(l -> assertThat(l)
                    .as("the CSV still lists earlier stories").contains(BulkLoader.reference(3).value()));
            lines.forEach(line -> rows.add(line.substring(0, 36)));
        }
        System.out.println("CSV " + first + ": " + rows.size() + " rows in " + parts + " parts");
        return rows;
    }

    @Test
    void onePageCostsAFewRequestsWhateverTheFeedHolds() {
        html("/partner");
        WriteCounter.Snapshot before = counter.snapshot();
        long started = System.nanoTime();
        Http.Reply page = html("/partner");
        long millis = (System.nanoTime() - started) / 1_000_000;
        WriteCounter.Snapshot first = counter.snapshot().minus(before);
        before = counter.snapshot();
        html("/partner?reference=" + BulkLoader.reference(1_234).value());
        WriteCounter.Snapshot byReference = counter.snapshot().minus(before);
        System.out.println("inbox page at " + STORIES + " shares: " + first.calls() + " in " + millis + " ms; by reference: "
                + byReference.calls());

        assertThat(storyIds(page.body())).hasSize(25);
        assertThat(first.calls(WriteCounter.API, "Query")).as("the feed, once (and the session's reads)")
                .isLessThanOrEqualTo(3);
        assertThat(first.calls(WriteCounter.API, "BatchGetItem")).as("25 stories with their shares, in one read")
                .isLessThanOrEqualTo(2);
        assertThat(first.readCalls(WriteCounter.API)).isLessThanOrEqualTo(8);
        assertThat(byReference.calls(WriteCounter.API, "BatchGetItem")).isLessThanOrEqualTo(1);
        assertThat(byReference.calls(WriteCounter.API, "Query")).isLessThan(first.calls(WriteCounter.API, "Query"));
    }

    private static Http.Reply html(String path) {
        return http.get(path, "cookie", responder, "accept", "text/html");
    }

    private static List<String> storyIds(String page) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = STORY_ID.matcher(page);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return List.copyOf(ids);
    }

    private static String link(Pattern pattern, String page) {
        Matcher m = pattern.matcher(page);
        return m.find() ? m.group(1).replace("&amp;", "&") : null;
    }
}
